"""How far text-derived data can be trusted: the text path scored against the TEI path.

The same documents are converted from TEI and from page text into two in-memory stores;
``queries/document-summary.rq`` runs on both and each field is compared as a set of
values per document (multi-valued cells are split on " | ").  Person names in every role
are scored too.  Page text states no dates; the date a file number suggests is scored on
its own line ("inferred date") to show how often the filing date is not the document's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store

from .iris import Iris
from .mapping import Mapper
from .model import Document, Volume
from .query import query_text, rows
from .tei import open_volume
from .vocab import PREFIXES

FIELDS = ["number", "title", "type", "sender", "recipient", "date", "place", "classification",
          "file", "drafter", "signer"]
PERSONS_QUERY = """
SELECT DISTINCT ?doc ?name WHERE {
  ?doc a frus:Document ; frus:hasAgentInRole ?r .
  ?r frus:nameAsPrinted ?name ; prov:agent ?agent .
  ?agent a rico:Person .
}"""
# A date read from a file's suffix is kept on the date node, never as the document's
# date; it is scored here to show users why (it is the filing date, sometimes days off).
INFERRED_QUERY = """
SELECT DISTINCT ?doc ?day WHERE {
  ?doc a frus:Document ; rico:hasCreationDate ?date .
  ?date frus:dateSource <https://w3id.org/frus-kg/vocab/date-source/inferred-from-file> ;
        rico:beginningDate ?day .
}"""
_TEXT_NAME = re.compile(r"^(?P<volume>.+)_(?P<doc>d\d+\w*)$")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(slots=True)
class Difference:
    document: str
    field: str
    tei: list[str]
    text: list[str]


@dataclass(slots=True)
class Evaluation:
    documents: int = 0
    scores: dict[str, Score] = field(
        default_factory=lambda: {f: Score() for f in [*FIELDS, "persons", "inferred date"]})
    differences: list[Difference] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # text documents with no TEI counterpart

    def as_dict(self) -> dict:
        return {"documents": self.documents,
                "fields": {k: v.as_dict() for k, v in self.scores.items()},
                "differences": [asdict(d) for d in self.differences],
                "unmatched": self.unmatched}


def _normal(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).replace("ʼ", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def _cells(value: str) -> set[str]:
    return {_normal(v) for v in value.split(" | ") if v.strip()}


def _store(graphs: Iterable[tuple[str, list]]) -> Store:
    store = Store()
    for graph, triples in graphs:
        g = NamedNode(graph)
        store.extend(Quad(t.subject, t.predicate, t.object, g) for t in triples)
    return store


def _summary(store: Store) -> dict[str, dict[str, str]]:
    variables, table = rows(store.query(query_text("document-summary"), use_default_graph_as_union=True))
    return {row[0]: dict(zip(variables, row)) for row in table}


def _per_document(store: Store, query: str, variable: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for sol in store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES):
        found.setdefault(sol["doc"].value, set()).add(_normal(sol[variable].value))
    return found


def tei_documents(paths: Iterable[Path], wanted: set[tuple[str, str]]) -> Store:
    """The TEI path for the wanted (volume, doc id) pairs, in memory."""
    mapper = Mapper(Iris())
    graphs = []
    for path in paths:
        reader = open_volume(path)
        volume = reader.volume
        docs = [d for d in reader.documents() if (d.volume_id, d.doc_id) in wanted]
        triples = [t for chunk in mapper.volume_graph(volume, docs) for t in chunk]
        graphs.append((mapper.iris.graph(volume.volume_id), triples))
    return _store(graphs)


def evaluate(tei_paths: list[Path], text_docs: list[Document]) -> Evaluation:
    """Score text-derived documents against the TEI conversion of the same documents."""
    mapper = Mapper(Iris())
    text_store = _store((mapper.iris.document_graph(d.volume_id, d.doc_id),
                         mapper.document_graph(d, Volume(volume_id=d.volume_id))) for d in text_docs)
    tei_store = tei_documents(tei_paths, {(d.volume_id, d.doc_id) for d in text_docs})
    tei_rows, text_rows = _summary(tei_store), _summary(text_store)
    tei_people, text_people = (_per_document(s, PERSONS_QUERY, "name") for s in (tei_store, text_store))
    inferred = _per_document(text_store, INFERRED_QUERY, "day")
    result = Evaluation()
    for doc_iri, text_row in sorted(text_rows.items()):
        tei_row = tei_rows.get(doc_iri)
        label = f"{text_row['volume']}/{doc_iri.rsplit('/', 1)[-1]}"
        if tei_row is None:
            result.unmatched.append(label)
            continue
        result.documents += 1
        pairs = [(f, _cells(tei_row[f]), _cells(text_row[f])) for f in FIELDS]
        pairs.append(("persons", tei_people.get(doc_iri, set()), text_people.get(doc_iri, set())))
        if tei_row["date"]:  # only where the TEI states the day can an inference be checked
            pairs.append(("inferred date", _cells(tei_row["date"]), inferred.get(doc_iri, set())))
        for name, expected, found in pairs:
            score = result.scores[name]
            score.tp += len(expected & found)
            score.fp += len(found - expected)
            score.fn += len(expected - found)
            if expected != found:
                result.differences.append(Difference(label, name, sorted(expected), sorted(found)))
    return result


def report(result: Evaluation) -> str:
    """The evaluation as a table a person reads."""

    def pct(x: float | None) -> str:
        return "   -" if x is None else f"{x:5.3f}"

    lines = [f"text path vs TEI path over {result.documents} document(s)", "",
             f"{'field':<15} {'prec':>6} {'recall':>6} {'F1':>6}   tp   fp   fn"]
    for name, s in result.scores.items():
        lines.append(f"{name:<15} {pct(s.precision):>6} {pct(s.recall):>6} {pct(s.f1):>6} "
                     f"{s.tp:4d} {s.fp:4d} {s.fn:4d}")
    if result.differences:
        lines += ["", "differences (TEI → text):"]
        lines += [f"  {d.document} {d.field}: {d.tei} → {d.text}" for d in result.differences]
    if result.unmatched:
        lines += ["", "text documents with no TEI counterpart: " + ", ".join(result.unmatched)]
    return "\n".join(lines)


def text_name(path: Path) -> tuple[str, str] | None:
    """(volume id, doc id) from a page-text file named <volume>_<doc>.txt."""
    m = _TEXT_NAME.match(path.stem)
    return (m.group("volume"), m.group("doc")) if m else None
