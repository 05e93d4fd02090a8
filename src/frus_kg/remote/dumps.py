"""The graphs a dump file holds, as N-Triples statements with a content hash.

The hash is SHA-256 over the graph's distinct N-Triples statements, sorted, one per
line: it depends on the triples only, not on their order, the dump's format or prefixes.
Blank nodes are renamed b0, b1 … in the order they first appear in the file, so the
same file always hashes the same (a graph with blank nodes is sent in one request:
a blank node label means the same node only within one request).
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Triple, parse

from ..errors import InputError
from ..store import marked_graph, unnamed_graph
from ..write import FORMATS, GRAPH_FORMATS, format_of, open_dump


@dataclass(slots=True)
class GraphDump:
    """One named graph of a dump file: its distinct statements, in file order."""

    graph: str
    path: Path
    statements: list[str]
    blank_nodes: bool = False
    _sha256: str | None = field(default=None, repr=False)

    @property
    def triples(self) -> int:
        return len(self.statements)

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            digest = hashlib.sha256()
            for line in sorted(self.statements):
                digest.update(line.encode("utf-8"))
                digest.update(b"\n")
            self._sha256 = digest.hexdigest()
        return self._sha256

    def chunks(self, size: int) -> list[list[str]]:
        """Statements in requests of at most ``size``; one request if there are blank nodes."""
        if self.blank_nodes or len(self.statements) <= size:
            return [self.statements]
        return [self.statements[i:i + size] for i in range(0, len(self.statements), size)]


class _Relabel:
    """Blank nodes renamed in order of first appearance (scoped to one file, as in TriG)."""

    def __init__(self) -> None:
        self.names: dict[str, BlankNode] = {}

    def term(self, term):
        if isinstance(term, BlankNode):
            name = self.names.get(term.value)
            if name is None:
                name = self.names[term.value] = BlankNode(f"b{len(self.names)}")
            return name
        return term

    def triple(self, t) -> tuple[str, bool]:
        """A parsed quad's triple as N-Triples (without the final dot); whether it has blank nodes."""
        if not (isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)):
            return str(t.triple), False
        return str(Triple(self.term(t.subject), t.predicate, self.term(t.object))), True


def read_dump(path: Path) -> list[GraphDump]:
    """The named graphs of one dump (.ttl, .nt, .trig, .nq, optionally .gz).

    TriG and N-Quads name their graphs; a Turtle or N-Triples dump names its own with a
    ``rdf:type frus:VolumeGraph`` (or another graph marker) triple, as for the embedded store.
    """
    fmt = format_of(path)
    if fmt is None:
        raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
    graphs: dict[str | None, dict[str, None]] = {}
    blank: set[str | None] = set()
    named: str | None = None
    relabel = _Relabel()
    try:
        with open_dump(path) as fh:
            for statement in parse(input=fh, format=FORMATS[fmt]):
                if fmt in GRAPH_FORMATS:
                    graph = getattr(statement.graph_name, "value", None)
                    if graph is None:
                        raise InputError(str(path), "the dump has triples outside a named graph")
                else:
                    graph = None
                    named = named or marked_graph(statement)
                line, has_blank = relabel.triple(statement)
                graphs.setdefault(graph, {})[line + " ."] = None
                if has_blank:
                    blank.add(graph)
    except (SyntaxError, ValueError, OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(str(path), f"cannot parse {fmt}: {exc}") from None
    if fmt not in GRAPH_FORMATS:
        if not graphs:
            raise InputError(str(path), "the dump is empty")
        if named is None:
            raise unnamed_graph(path)
        graphs = {named: graphs[None]}
        blank = {named} if blank else set()
    if not graphs:
        raise InputError(str(path), "the dump holds no named graph")
    return [GraphDump(g, path, list(lines), g in blank) for g, lines in graphs.items()]
