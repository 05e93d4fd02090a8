"""The embedded store: pyoxigraph on disk, one named graph per volume (or text document).

Loading a dump replaces the graphs it holds, so a reload never duplicates; a graph whose
load was killed midway is emptied when the store is next opened, so no graph is ever
left half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, Store, parse

from .errors import InputError
from .vocab import FRUS, RDF
from .write import FORMATS, GRAPH_FORMATS, format_of, open_dump, sha256_of

_RDF_TYPE = RDF + "type"
# A graph being loaded is marked here until its load completes.
_LOAD_STATE = NamedNode("urn:frus-kg:embedded-load-state")
_LOADING = NamedNode(FRUS + "loadInProgressFrom")
_LOADED_DIGEST = NamedNode(FRUS + "loadedFromDumpDigest")
_GRAPH_MARKERS = {FRUS + kind for kind in ("VolumeGraph", "ProvenanceGraph", "DocumentGraph",
                                           "AuthorityGraph", "LinkGraph")}


@dataclass(slots=True)
class LoadResult:
    path: str
    graphs: dict[str, int]
    skipped: bool = False  # the same dump (by SHA-256) was loaded already

    def as_dict(self) -> dict:
        return {"file": self.path, "graphs": self.graphs, "triples": sum(self.graphs.values()),
                "skipped": self.skipped}


def open_store(directory: str | Path) -> Store:
    """Open (or create) the store, emptying any graph a killed load left half-written."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        store = Store(str(directory))
    except OSError as exc:  # a file in the way, no permission, or another process holds it
        raise InputError(str(directory), f"cannot open the store: {exc}") from None
    for quad in list(store.quads_for_pattern(None, _LOADING, None, _LOAD_STATE)):
        store.remove_graph(quad.subject)
        store.remove(quad)
        for digest in list(store.quads_for_pattern(quad.subject, _LOADED_DIGEST, None, _LOAD_STATE)):
            store.remove(digest)
    return store


def load_dump(store: Store, path: Path) -> LoadResult:
    """Replace the named graph(s) a dump file holds with its content.

    The file is parsed in full first (for its graphs and counts, so a syntax error
    loads nothing), then bulk-loaded by Oxigraph's native parser, which is fast and
    holds nothing in memory.  A bulk load is not one transaction, so each graph is
    marked as loading in a bookkeeping graph until it is complete: a load killed
    midway leaves the mark, and the next ``open_store`` empties that graph — never
    partial, never doubled; rerunning the same command restores it.
    """
    fmt = format_of(path)
    if fmt is None:
        raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
    digest = Literal(sha256_of(path))
    counts = _scan(path, fmt)
    if not counts:
        raise InputError(str(path), "the dump holds no named graph")
    if all(Quad(NamedNode(g), _LOADED_DIGEST, digest, _LOAD_STATE) in store for g in counts):
        return LoadResult(str(path), counts, skipped=True)  # this very dump is loaded already
    marks = [Quad(NamedNode(g), _LOADING, Literal(str(path)), _LOAD_STATE) for g in counts]
    for mark in marks:
        store.remove_graph(mark.subject)
        for old in list(store.quads_for_pattern(mark.subject, _LOADED_DIGEST, None, _LOAD_STATE)):
            store.remove(old)
    store.extend(marks)
    try:
        with open_dump(path) as fh:
            if fmt in GRAPH_FORMATS:
                store.bulk_load(fh, format=FORMATS[fmt])
            else:
                store.bulk_load(fh, format=FORMATS[fmt], to_graph=NamedNode(next(iter(counts))))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(str(path), f"cannot load {fmt}: {exc}") from None
    for mark in marks:
        store.remove(mark)
        store.add(Quad(mark.subject, _LOADED_DIGEST, digest, _LOAD_STATE))
    return LoadResult(str(path), counts)


def marked_graph(statement) -> str | None:
    """The graph a single-graph dump names, if this statement is its ``<g> a frus:…Graph``."""
    if statement.predicate.value == _RDF_TYPE and statement.object.value in _GRAPH_MARKERS:
        return statement.subject.value
    return None


def unnamed_graph(path: Path) -> InputError:
    return InputError(str(path), "the dump does not name its graph (no frus:VolumeGraph, "
                                 "frus:DocumentGraph, frus:ProvenanceGraph, frus:AuthorityGraph "
                                 "or frus:LinkGraph resource)")


def _scan(path: Path, fmt: str) -> dict[str, int]:
    """Statements per named graph of a dump; single-graph dumps name their graph."""
    counts: dict[str, int] = {}
    graph, n = None, 0
    try:
        with open_dump(path) as fh:
            for statement in parse(fh, format=FORMATS[fmt]):
                if fmt in GRAPH_FORMATS:
                    name = getattr(statement.graph_name, "value", None)
                    if name is None:
                        raise InputError(str(path), "the dump has triples outside a named graph")
                    counts[name] = counts.get(name, 0) + 1
                    continue
                n += 1
                graph = graph or marked_graph(statement)
        if fmt in GRAPH_FORMATS:
            return counts
    except (SyntaxError, ValueError, OSError, EOFError) as exc:  # EOFError: a cut .gz
        raise InputError(str(path), f"cannot parse {fmt}: {exc}") from None
    if graph is None:
        raise unnamed_graph(path)
    return {graph: n}


def graph_counts(store: Store) -> dict[str, int]:
    """Triples per named graph of data (the loader's bookkeeping graph left out)."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows if row["g"] != _LOAD_STATE}
