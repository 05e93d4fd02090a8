"""The embedded store: pyoxigraph on disk, one named graph per volume (or text document).

Loading a dump replaces the graphs it holds, atomically: the data goes into a staging
graph first and is moved over the old graph in one update, so a reload never
duplicates and a failed load never leaves a graph half-written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store, parse

from .errors import InputError
from .vocab import FRUS, RDF
from .write import FORMATS, GRAPH_FORMATS, format_of

STAGING = "urn:frus-kg:staging:"
_GRAPH_MARKERS = {FRUS + "VolumeGraph", FRUS + "ProvenanceGraph", FRUS + "DocumentGraph"}


@dataclass(slots=True)
class LoadResult:
    path: str
    graphs: dict[str, int]

    def as_dict(self) -> dict:
        return {"file": self.path, "graphs": self.graphs, "triples": sum(self.graphs.values())}


def open_store(directory: str | Path) -> Store:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    store = Store(str(directory))
    _drop_stale_staging(store)
    return store


def load_dump(store: Store, path: Path) -> LoadResult:
    """Replace the named graph(s) of one dump file in the store."""
    fmt = format_of(path)
    if fmt is None:
        raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
    try:
        parsed = list(parse(path=str(path), format=FORMATS[fmt]))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(str(path), f"cannot parse {fmt}: {exc}") from None
    if fmt in GRAPH_FORMATS:
        quads = parsed
    else:
        graph = _graph_marker(parsed, path)
        quads = [Quad(t.subject, t.predicate, t.object, graph) for t in parsed]
    by_graph: dict[str, int] = {}
    staging: dict[str, NamedNode] = {}
    run = uuid.uuid4().hex
    staged: list[Quad] = []
    for q in quads:
        name = getattr(q.graph_name, "value", None)
        if name is None:
            raise InputError(str(path), "the dump has triples outside a named graph")
        by_graph[name] = by_graph.get(name, 0) + 1
        target = staging.get(name)
        if target is None:
            target = staging[name] = NamedNode(f"{STAGING}{run}:{len(staging)}")
        staged.append(Quad(q.subject, q.predicate, q.object, target))
    store.extend(staged)
    moves = " ; ".join(f"MOVE SILENT GRAPH <{s.value}> TO GRAPH <{g}>" for g, s in staging.items())
    store.update(moves)
    store.flush()
    return LoadResult(str(path), by_graph)


def _graph_marker(triples: list, path: Path) -> NamedNode:
    """The graph a single-graph dump describes itself as (``<g> a frus:VolumeGraph``)."""
    rdf_type = RDF + "type"
    for t in triples:
        if t.predicate.value == rdf_type and t.object.value in _GRAPH_MARKERS:
            return t.subject
    raise InputError(str(path), "the dump does not name its graph (no frus:VolumeGraph, "
                                "frus:DocumentGraph or frus:ProvenanceGraph resource)")


def _drop_stale_staging(store: Store) -> None:
    """Remove staging graphs left by a load that was killed before its move."""
    for graph in list(store.named_graphs()):
        if getattr(graph, "value", "").startswith(STAGING):
            store.remove_graph(graph)


def graph_counts(store: Store) -> dict[str, int]:
    """Triples per named graph."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}
