"""Validation of dumps against the SHACL shapes, per graph file, in parallel.

Each dump is parsed once (pyoxigraph's fast parser, then handed to rdflib as terms)
and validated by pyshacl with no inference; the shapes use core constraints only and
every dump is self-contained, so per-file runs find what one whole-graph run finds.
Results are reported per document, in the words of each constraint's sh:message.
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
from rdflib.namespace import RDF, SH

from .errors import InputError
from .resources import shapes_path
from .write import FORMATS, GRAPH_FORMATS, format_of

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


def to_rdflib(term):
    """A pyoxigraph term as the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def read_graph(path: Path) -> Graph:
    """Parse any dump into one rdflib Graph (all its named graphs merged)."""
    fmt = format_of(path)
    if fmt is None:
        raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
    graph = Graph()
    try:
        parsed = ox.parse(path=str(path), format=FORMATS[fmt])
        if fmt in GRAPH_FORMATS:
            graph.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
                       for q in parsed)
        else:
            graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph)
                       for t in parsed)
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(str(path), f"cannot parse {fmt}: {exc}") from None
    return graph


@lru_cache(maxsize=4)
def load_shapes(path: str) -> Graph:
    shapes = Graph()
    shapes.parse(path, format="turtle")
    return shapes


def validate_graph(data: Graph, shapes: Graph, label: str) -> FileReport:
    """Validate one graph; violations carry the constraint's own message."""
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                   abort_on_first=False, allow_warnings=True, meta_shacl=False)
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
    return Violation(label, f"{m.group('vol')}/{m.group('doc')}" if m else None, focus,
                     one(SH.resultPath), one(SH.value), message, severity)


def _validate_file(path: str, shapes: str) -> FileReport:
    return validate_graph(read_graph(Path(path)), load_shapes(shapes), path)


def validate_files(paths: Iterable[Path], shapes: Path | None = None, workers: int | None = None
                   ) -> Iterator[FileReport]:
    """Validate dump files in parallel worker processes; yields reports as they finish."""
    files = [str(p) for p in paths]
    shapes_file = str(shapes or shapes_path())
    workers = max(1, min(workers or os.cpu_count() or 1, len(files)))
    if workers == 1:
        for f in files:
            yield _validate_file(f, shapes_file)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_validate_file, files, [shapes_file] * len(files))


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
