"""Validation of dumps against the SHACL shapes, per graph file, in parallel.

Each dump is parsed once (pyoxigraph's fast parser, then handed to rdflib as terms)
and validated by pyshacl with no inference; the shapes use core constraints only and
every dump is self-contained, so per-file runs find what one whole-graph run finds.
Results are reported per document, in the words of each constraint's sh:message.

Speed (see bench/README.md for the figures):

* pyshacl evaluates a node shape's ``sh:property`` shapes once per focus node, building
  every constraint component again each time.  Before validating, each property shape
  of a targeted node shape is therefore given the node shape's targets and evaluated
  on its own, once for all focus nodes (:func:`compile_shapes`).  In SHACL this is the
  same validation: a node shape's property shapes are validated against exactly its
  focus nodes, and a result names the property shape, its path and message either way.
* Parsed terms are converted to rdflib once per distinct term (a dict keyed by the
  pyoxigraph term), and the graph lives in a small single-graph store with plain dict
  indexes, instead of rdflib's context-aware Memory store and its per-triple events.
* The shapes are parsed and compiled once, in the parent before the worker processes
  fork, and the largest files are handed out first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.store import Store

from .errors import InputError
from .resources import shapes_path
from .write import FORMATS, format_of, open_dump

_DOC_IRI = re.compile(r"/document/(?P<vol>[^/]+)/(?P<doc>[^/]+)")


@dataclass(slots=True)
class Violation:
    file: str
    document: str | None  # "frus1961-63v12/d109", or None for volume-level resources
    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}

    def sentence(self) -> str:
        where = f"document {self.document}" if self.document else "volume data"
        subject = self.focus if not self.document or not self.focus.endswith(self.document) else ""
        tail = f" (value: {self.value})" if self.value else ""
        on = f" [{self.path}]" if self.path else ""
        return f"{where}: {self.message}{on}{tail}" + (f" — at {subject}" if subject else "")


@dataclass(slots=True)
class FileReport:
    file: str
    triples: int
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    report_nt: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, "triples": self.triples, "conforms": self.conforms,
                "violations": [v.as_dict() for v in self.violations]}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """A pyoxigraph term as the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


class _GraphStore(Store):
    """An in-memory store for one graph: dict indexes, no per-triple events or contexts.

    rdflib's Memory store checks the contexts of every triple it yields and dispatches
    an event for every triple added; pyshacl only reads the data graph, through
    ``Graph.triples``.  Context- and graph-aware in name only (pyshacl asks for that):
    every triple is in the one graph.  Don't add or remove while iterating over it.
    """

    context_aware = True
    formula_aware = False
    graph_aware = True  # pyshacl wraps the graph in an rdflib Dataset, which insists
    transaction_aware = False

    def __init__(self) -> None:
        super().__init__()
        self._spo: dict = {}
        self._pos: dict = {}
        self._osp: dict = {}
        self._count = 0
        self._graphs: list = []
        self._ns: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    def add(self, triple, context, quoted: bool = False) -> None:
        s, p, o = triple
        po = self._spo.get(s)
        if po is None:
            po = self._spo[s] = {}
        objects = po.get(p)
        if objects is None:
            objects = po[p] = {}
        elif o in objects:
            return
        objects[o] = None
        os_ = self._pos.get(p)
        if os_ is None:
            os_ = self._pos[p] = {}
        subjects = os_.get(o)
        if subjects is None:
            os_[o] = {s: None}
        else:
            subjects[s] = None
        sp = self._osp.get(o)
        if sp is None:
            sp = self._osp[o] = {}
        predicates = sp.get(s)
        if predicates is None:
            sp[s] = {p: None}
        else:
            predicates[p] = None
        self._count += 1
        if context is not None and not self._graphs:
            self._graphs.append(context)

    def addN(self, quads) -> None:  # noqa: N802 (rdflib's name)
        add = self.add
        for s, p, o, c in quads:
            add((s, p, o), c)

    def remove(self, pattern, context=None) -> None:
        for (s, p, o), _ in list(self.triples(pattern)):
            del self._spo[s][p][o]
            if not self._spo[s][p]:
                del self._spo[s][p]
                if not self._spo[s]:
                    del self._spo[s]
            del self._pos[p][o][s]
            if not self._pos[p][o]:
                del self._pos[p][o]
                if not self._pos[p]:
                    del self._pos[p]
            del self._osp[o][s][p]
            if not self._osp[o][s]:
                del self._osp[o][s]
                if not self._osp[o]:
                    del self._osp[o]
            self._count -= 1

    def triples(self, pattern, context=None):
        s, p, o = pattern
        ctx = tuple(self._graphs)
        if s is not None:
            po = self._spo.get(s)
            if po is None:
                return
            if p is not None:
                objects = po.get(p)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield (s, p, o), ctx
                    return
                for obj in objects:
                    yield (s, p, obj), ctx
                return
            for pred, objects in po.items():
                if o is not None:
                    if o in objects:
                        yield (s, pred, o), ctx
                    continue
                for obj in objects:
                    yield (s, pred, obj), ctx
            return
        if p is not None:
            os_ = self._pos.get(p)
            if os_ is None:
                return
            if o is not None:
                for subj in os_.get(o, ()):
                    yield (subj, p, o), ctx
                return
            for obj, subjects in os_.items():
                for subj in subjects:
                    yield (subj, p, obj), ctx
            return
        if o is not None:
            for subj, predicates in self._osp.get(o, {}).items():
                for pred in predicates:
                    yield (subj, pred, o), ctx
            return
        for subj, po in self._spo.items():
            for pred, objects in po.items():
                for obj in objects:
                    yield (subj, pred, obj), ctx

    def __len__(self, context=None) -> int:
        return self._count

    def contexts(self, triple=None):
        yield from self._graphs

    def add_graph(self, graph) -> None:
        if not self._graphs:
            self._graphs.append(graph)

    def remove_graph(self, graph) -> None:
        raise NotImplementedError("a one-graph store")

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if not override and (prefix in self._ns or namespace in self._prefix):
            return
        old_ns = self._ns.pop(prefix, None)
        if old_ns is not None:
            self._prefix.pop(old_ns, None)
        old_prefix = self._prefix.pop(namespace, None)
        if old_prefix is not None:
            self._ns.pop(old_prefix, None)
        self._ns[prefix] = namespace
        self._prefix[namespace] = prefix

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._ns.get(prefix)

    def namespaces(self):
        yield from self._ns.items()


def read_graph(path: Path) -> Graph:
    """Parse any dump into one rdflib Graph (all its named graphs merged)."""
    fmt = format_of(path)
    if fmt is None:
        raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
    graph = Graph(store=_GraphStore())
    terms: dict = {}  # pyoxigraph term -> rdflib term: each distinct term converted once

    def term(t):
        r = terms.get(t)
        if r is None:
            r = terms[t] = to_rdflib(t)
        return r

    add = graph.store.add
    try:
        with open_dump(path) as fh:
            for statement in ox.parse(fh, format=FORMATS[fmt]):
                add((term(statement.subject), term(statement.predicate), term(statement.object)), graph)
    except (SyntaxError, ValueError, OSError, EOFError) as exc:  # EOFError: a cut .gz
        raise InputError(str(path), f"cannot parse {fmt}: {exc}") from None
    return graph


@lru_cache(maxsize=4)
def load_shapes(path: str) -> Graph:
    shapes = Graph()
    shapes.parse(path, format="turtle")
    return shapes


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_SHAPE_REFS = (SH.node, SH.property, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)


def compile_shapes(shapes: Graph) -> Graph:
    """An equivalent shapes graph in which pyshacl checks each property shape once.

    A property shape that belongs to exactly one node shape — a node shape that has
    targets of its own, is not deactivated and is not used by another shape (sh:node,
    sh:or …) — gets that node shape's targets and leaves its sh:property list.  pyshacl
    then evaluates it once for all focus nodes instead of once per focus node.  Every
    other shape is left as it is.  The results are the same: the same focus nodes,
    paths, values, source shapes, severities and messages.
    """
    g = Graph(store=_GraphStore())  # pyshacl reads the shapes graph for every focus node too
    for prefix, ns in shapes.namespaces():
        g.bind(prefix, ns)
    for t in shapes:
        g.store.add(t, g)
    used: set = set()
    for p in _SHAPE_REFS:
        used.update(g.objects(None, p))
    for p in _SHAPE_LISTS:
        for head in g.objects(None, p):
            used.update(Collection(g, head))
    owners: dict = {}
    for shape, prop in g.subject_objects(SH.property):
        owners.setdefault(prop, []).append(shape)
    classes = {RDFS.Class, OWL.Class}
    for shape in {s for p in _TARGETS for s in g.subjects(p, None)} | {
            s for s in g.subjects(RDF.type, None) if set(g.objects(s, RDF.type)) & classes}:
        if shape in used or g.value(shape, SH.deactivated) is not None:
            continue
        targets = [(p, o) for p in _TARGETS for o in g.objects(shape, p)]
        if set(g.objects(shape, RDF.type)) & classes:
            targets.append((SH.targetClass, shape))  # implicit class target
        if not targets:
            continue
        for prop in list(g.objects(shape, SH.property)):
            if owners.get(prop) != [shape] or any(True for p in _TARGETS for _ in g.objects(prop, p)):
                continue
            g.remove((shape, SH.property, prop))
            for p, o in targets:
                g.add((prop, p, o))
    return g


_COMPILED: dict[int, tuple[Graph, int, Graph]] = {}


def _compiled(shapes: Graph) -> Graph:
    """compile_shapes, once per shapes graph (recompiled if the graph changed size)."""
    hit = _COMPILED.get(id(shapes))
    if hit is not None and hit[0] is shapes and hit[1] == len(shapes):
        return hit[2]
    compiled = compile_shapes(shapes)
    if len(_COMPILED) >= 4:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[id(shapes)] = (shapes, len(shapes), compiled)
    return compiled


def validate_graph(data: Graph, shapes: Graph, label: str) -> FileReport:
    """Validate one graph; violations carry the constraint's own message."""
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=_compiled(shapes), inference="none", advanced=False,
                                   abort_on_first=False, allow_warnings=True, meta_shacl=False,
                                   js=False, iterate_rules=False)
    violations = [_violation(report, r, label) for r in report.subjects(SH.resultSeverity, None)]
    violations.sort(key=lambda v: (v.document or "", v.focus, v.path or "", v.message))
    return FileReport(label, len(data), bool(conforms), violations,
                      report.serialize(format="nt") if not conforms else "")


def _violation(report: Graph, result, label: str) -> Violation:
    def one(prop):
        value = report.value(result, prop)
        return None if value is None else str(value)

    focus = one(SH.focusNode) or ""
    m = _DOC_IRI.search(focus)
    message = one(SH.resultMessage) or f"violates {one(SH.sourceConstraintComponent)}"
    severity = (one(SH.resultSeverity) or "").rsplit("#", 1)[-1]
    path = report.value(result, SH.resultPath)
    return Violation(label, f"{m.group('vol')}/{m.group('doc')}" if m else None, focus,
                     None if path is None else path_text(report, path), one(SH.value), message, severity)


_PATH_SUFFIX = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def path_text(graph: Graph, path) -> str:
    """A SHACL path as text: an IRI as it is, a complex path in SPARQL property-path syntax.

    (A complex path is a blank node, whose label means nothing to a reader.)
    """
    if not isinstance(path, BNode):
        return str(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_part(graph, p) for p in Collection(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_part(graph, p) for p in Collection(graph, alternatives))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_part(graph, inverse)
    for prop, suffix in _PATH_SUFFIX.items():
        inner = graph.value(path, prop)
        if inner is not None:
            return _path_part(graph, inner) + suffix
    return str(path)


def _path_part(graph: Graph, path) -> str:
    text = path_text(graph, path)
    return f"<{text}>" if not isinstance(path, BNode) else f"({text})"


def _validate_file(path: str, shapes: str) -> FileReport:
    return validate_graph(read_graph(Path(path)), load_shapes(shapes), path)


def validate_files(paths: Iterable[Path], shapes: Path | None = None, workers: int | None = None
                   ) -> Iterator[FileReport]:
    """Validate dump files in parallel worker processes; yields reports in the order given."""
    files = [str(p) for p in paths]
    shapes_file = str(shapes or shapes_path())
    workers = max(1, min(workers or os.cpu_count() or 1, len(files)))
    _compiled(load_shapes(shapes_file))  # parsed and compiled once, inherited by forked workers
    if workers == 1:
        for f in files:
            yield _validate_file(f, shapes_file)
        return

    def size(f: str) -> int:
        try:
            return os.path.getsize(f)
        except OSError:
            return 0

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {f: pool.submit(_validate_file, f, shapes_file)
                   for f in sorted(dict.fromkeys(files), key=size, reverse=True)}  # largest first
        for f in files:
            yield futures[f].result()


def merged_report(reports: Iterable[FileReport]) -> Graph:
    """One SHACL validation report graph holding the results of every file."""
    graph = Graph()
    overall = BNode()
    graph.add((overall, RDF.type, SH.ValidationReport))
    conforms = True
    for report in reports:
        if not report.report_nt:
            continue
        conforms = False
        part = Graph().parse(data=report.report_nt, format="nt")
        per_file = set(part.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in part:
            if s not in per_file:
                graph.add((s, p, o))
        for result in part.objects(None, SH.result):
            graph.add((overall, SH.result, result))
    graph.add((overall, SH.conforms, Literal(conforms)))
    return graph
