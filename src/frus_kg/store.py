"""The embedded store: pyoxigraph on disk, one named graph per volume (or text document).

Loading a dump replaces the graphs it holds, so a reload never duplicates; each graph
is loaded in one transaction, so a failed load never leaves a graph half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Store, parse

from .errors import InputError
from .vocab import FRUS, RDF
from .write import FORMATS, GRAPH_FORMATS, format_of

_RDF_TYPE = RDF + "type"
_GRAPH_MARKERS = {FRUS + kind for kind in ("VolumeGraph", "ProvenanceGraph", "DocumentGraph",
                                           "AuthorityGraph", "LinkGraph")}


@dataclass(slots=True)
class LoadResult:
    path: str
    graphs: dict[str, int]

    def as_dict(self) -> dict:
        return {"file": self.path, "graphs": self.graphs, "triples": sum(self.graphs.values())}


def open_store(directory: str | Path) -> Store:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return Store(str(directory))


def load_dump(store: Store, path: Path) -> LoadResult:
    """Replace the named graph(s) a dump file holds with its content.

    The file is scanned once (for its graphs and counts) and then loaded by Oxigraph's
    native parser in one transaction.  Each graph is cleared first: a load killed in
    between leaves that graph empty, never partial or doubled, and rerunning the same
    command restores it.
    """
    fmt = format_of(path)
    if fmt is None:
        raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
    counts = _scan(path, fmt)
    for graph in counts:
        store.remove_graph(NamedNode(graph))
    try:
        if fmt in GRAPH_FORMATS:
            store.load(path=str(path), format=FORMATS[fmt])
        else:
            store.load(path=str(path), format=FORMATS[fmt], to_graph=NamedNode(next(iter(counts))))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(str(path), f"cannot load {fmt}: {exc}") from None
    return LoadResult(str(path), counts)


def _scan(path: Path, fmt: str) -> dict[str, int]:
    """Statements per named graph of a dump; single-graph dumps name their graph."""
    counts: dict[str, int] = {}
    try:
        if fmt in GRAPH_FORMATS:
            for q in parse(path=str(path), format=FORMATS[fmt]):
                name = getattr(q.graph_name, "value", None)
                if name is None:
                    raise InputError(str(path), "the dump has triples outside a named graph")
                counts[name] = counts.get(name, 0) + 1
            return counts
        graph, n = None, 0
        for t in parse(path=str(path), format=FORMATS[fmt]):
            n += 1
            if graph is None and t.predicate.value == _RDF_TYPE and t.object.value in _GRAPH_MARKERS:
                graph = t.subject.value
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(str(path), f"cannot parse {fmt}: {exc}") from None
    if graph is None:
        raise InputError(str(path), "the dump does not name its graph (no frus:VolumeGraph, "
                                    "frus:DocumentGraph or frus:ProvenanceGraph resource)")
    return {graph: n}


def graph_counts(store: Store) -> dict[str, int]:
    """Triples per named graph."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}
