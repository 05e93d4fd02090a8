"""How far text-derived data can be trusted: the text path scored against the TEI path.

The same documents are converted from TEI and from page text into two in-memory stores;
``queries/document-summary.rq`` runs on both and each field is compared as a set of
values per document (multi-valued cells are split on " | ").  Person names in every role
are scored too.  Page text states no dates; the date a file number suggests is scored on
its own line ("inferred date") to show how often the filing date is not the document's.

Given an authority index, both paths resolve persons, and the text path's resolution is
scored against the TEI's persons-list keys ("person resolution"): every agent in a role
that the TEI resolves through ``persName/@corresp`` is paired with the text path's agent
of the same document and role with the same surname (the n-th "Rusk" with the n-th).
Precision = correct / resolved by the text path; recall = correct / resolved by the TEI.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store

from .actors.index import POCOM_PREFIX, AuthorityIndex
from .actors.resolve import KEY_METHOD
from .actors.score import parse_name
from .iris import Iris
from .actors.enrich import linked
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
# Every agent in a role that is a person: its position, how it was resolved and to whom.
RESOLUTION_QUERY = """
SELECT DISTINCT ?doc ?node ?role ?name ?agent ?method ?score WHERE {
  ?doc a frus:Document ; frus:hasAgentInRole ?node .
  ?node frus:role ?role ; frus:nameAsPrinted ?name ; prov:agent ?agent .
  ?agent a rico:Person .
  OPTIONAL { ?node frus:resolutionMethod ?method }
  OPTIONAL { ?node frus:resolutionScore ?score }
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
class ResolutionMiss:
    """A person the TEI resolves by key that the text path missed or resolved otherwise."""

    document: str
    role: str
    name: str  # as the TEI prints it
    expected: str  # the TEI's person id
    text_name: str | None = None  # the text path's paired name; None: no such agent
    found: str | None = None  # the text path's person id; None: left unresolved
    method: str | None = None
    score: str | None = None


@dataclass(frozen=True, slots=True)
class _Agent:
    role: str
    name: str
    person: str | None  # authority person id when the agent resolved to one
    method: str | None
    score: str | None

    @property
    def surname(self) -> str:
        printed = parse_name(self.name)
        return printed.tokens[-1] if printed else self.name.casefold()


@dataclass(slots=True)
class Evaluation:
    documents: int = 0
    scores: dict[str, Score] = field(
        default_factory=lambda: {f: Score() for f in [*FIELDS, "persons", "inferred date"]})
    differences: list[Difference] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # text documents with no TEI counterpart
    resolution: Score | None = None  # only with an authority index
    resolution_misses: list[ResolutionMiss] = field(default_factory=list)
    unjudged: int = 0  # text-path resolutions of names the TEI does not key

    def as_dict(self) -> dict:
        out = {"documents": self.documents,
               "fields": {k: v.as_dict() for k, v in self.scores.items()},
               "differences": [asdict(d) for d in self.differences],
               "unmatched": self.unmatched}
        if self.resolution is not None:
            out["person_resolution"] = {**self.resolution.as_dict(), "unjudged": self.unjudged,
                                        "misses": [asdict(m) for m in self.resolution_misses]}
        return out


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


def _agents(store: Store, iris: Iris) -> dict[str, list[_Agent]]:
    """Each document's persons in roles, in the mapping's order within each role."""
    person_base, pocom_base = iris.person(""), iris.pocom_person("")
    found: dict[str, list[tuple[str, int, _Agent]]] = {}
    for sol in store.query(RESOLUTION_QUERY, use_default_graph_as_union=True, prefixes=PREFIXES):
        agent = sol["agent"].value
        person = None
        if agent.startswith(pocom_base):
            person = POCOM_PREFIX + agent[len(pocom_base):]
        elif agent.startswith(person_base):
            person = agent[len(person_base):]
        role = sol["role"].value.rsplit("/", 1)[-1]
        position = int(sol["node"].value.rsplit("/", 1)[-1])
        method, score = (sol[v].value if sol[v] is not None else None for v in ("method", "score"))
        found.setdefault(sol["doc"].value, []).append(
            (role, position, _Agent(role, sol["name"].value, person, method, score)))
    return {doc: [a for _, _, a in sorted(agents, key=lambda x: x[:2])] for doc, agents in found.items()}


def _score_resolution(score: Score, misses: list[ResolutionMiss], label: str, tei: list[_Agent],
                      text: list[_Agent]) -> int:
    """Pair the TEI's keyed agents with the text path's (same role and surname, in turn).

    Returns how many text-path resolutions had no keyed TEI agent to be judged against.
    """
    unpaired = list(text)
    for expected in (a for a in tei if a.method == KEY_METHOD and a.person):
        match = next((a for a in unpaired if a.role == expected.role and a.surname == expected.surname), None)
        if match is not None:
            unpaired.remove(match)
        if match is not None and match.person == expected.person:
            score.tp += 1
            continue
        score.fn += 1
        if match is not None and match.person:
            score.fp += 1
        misses.append(ResolutionMiss(
            label, expected.role, expected.name, expected.person, match.name if match else None,
            match.person if match else None, match.method if match else None, match.score if match else None))
    return sum(1 for a in unpaired if a.person)


def tei_documents(paths: Iterable[Path], wanted: set[tuple[str, str]],
                  index: AuthorityIndex | None = None) -> Store:
    """The TEI path for the wanted (volume, doc id) pairs, in memory."""
    mapper = Mapper(Iris(), index)
    volumes = {vol for vol, _ in wanted}
    store = Store()
    for path in paths:
        reader = open_volume(path)
        volume = reader.volume
        if volume.volume_id not in volumes:
            continue  # no text document of this volume: nothing to compare
        docs = linked((d for d in reader.documents() if (d.volume_id, d.doc_id) in wanted), index)
        graph = NamedNode(mapper.iris.graph(volume.volume_id))
        for chunk in mapper.volume_graph(volume, docs):
            store.extend(Quad(t.subject, t.predicate, t.object, graph) for t in chunk)
    return store


def evaluate(tei_paths: list[Path], text_docs: list[Document], index: AuthorityIndex | None = None) -> Evaluation:
    """Score text-derived documents against the TEI conversion of the same documents.

    With ``index`` both paths resolve persons and the text path's resolution is scored too.
    """
    mapper = Mapper(Iris(), index)
    text_docs = list(linked(text_docs, index))
    text_store = _store((mapper.iris.document_graph(d.volume_id, d.doc_id),
                         mapper.document_graph(d, Volume(volume_id=d.volume_id))) for d in text_docs)
    tei_store = tei_documents(tei_paths, {(d.volume_id, d.doc_id) for d in text_docs}, index)
    tei_rows, text_rows = _summary(tei_store), _summary(text_store)
    tei_people, text_people = (_per_document(s, PERSONS_QUERY, "name") for s in (tei_store, text_store))
    inferred = _per_document(text_store, INFERRED_QUERY, "day")
    result = Evaluation(resolution=Score() if index is not None else None)
    tei_agents, text_agents = (_agents(s, mapper.iris) if index is not None else {} for s in (tei_store, text_store))
    for doc_iri, text_row in sorted(text_rows.items()):
        tei_row = tei_rows.get(doc_iri)
        label = f"{text_row['volume']}/{doc_iri.rsplit('/', 1)[-1]}"
        if tei_row is None:
            result.unmatched.append(label)
            continue
        result.documents += 1
        if result.resolution is not None:
            result.unjudged += _score_resolution(result.resolution, result.resolution_misses, label,
                                                 tei_agents.get(doc_iri, []), text_agents.get(doc_iri, []))
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
    if result.resolution is not None:
        s = result.resolution
        lines += ["", "person resolution (text path vs the TEI's persons-list keys)",
                  f"{'resolution':<15} {pct(s.precision):>6} {pct(s.recall):>6} {pct(s.f1):>6} "
                  f"{s.tp:4d} {s.fp:4d} {s.fn:4d}",
                  f"text-path resolutions of names the TEI does not key (not scored): {result.unjudged}"]
        for m in result.resolution_misses:
            found = ("no such agent in the text" if m.text_name is None
                     else f"{m.text_name!r} → {m.found or 'unresolved'} ({m.method}, {m.score})")
            lines.append(f"  miss {m.document} {m.role} {m.name!r} = {m.expected}: {found}")
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
