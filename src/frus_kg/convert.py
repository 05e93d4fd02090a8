"""Conversion: TEI volume → model → triples → dump files, streaming one volume at a time.

A volume's documents flow from the reader through the mapping into the writer one by
one; nothing holds the whole volume.  Each volume becomes its own named graph, plus a
provenance graph saying what produced it from which input (by SHA-256).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from . import __version__
from .errors import InputError
from .iris import Iris
from .mapping import A, DCT, FRUS, PROV, RDFS, SCHEMA, XSD, Mapper
from .model import Document, Problem
from .tei import open_volume
from .write import GRAPH_FORMATS, write_graphs


@dataclass(slots=True)
class ConvertResult:
    input: str
    volume_id: str
    documents: int = 0
    triples: int = 0
    outputs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"input": self.input, "volume": self.volume_id, "documents": self.documents,
                "triples": self.triples, "outputs": self.outputs,
                "problems": [{"document": p.document, "problem": p.message} for p in self.problems]}


def _convert_one(path: Path, outdir: Path, fmt: str, base: str) -> ConvertResult | InputError:
    """Worker: convert one volume; an input error is returned (it pickles) rather than raised."""
    try:
        return convert_tei(path, outdir, fmt, Iris(base))
    except InputError as err:
        return err


def convert_many(paths: list[Path], outdir: Path, fmt: str = "ttl", iris: Iris | None = None,
                 jobs: int = 1) -> Iterator[ConvertResult | InputError]:
    """Convert volumes, ``jobs`` at a time in worker processes; yields in input order."""
    base = (iris or Iris()).base
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _convert_one(path, outdir, fmt, base)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(_convert_one, paths, repeat(outdir), repeat(fmt), repeat(base))


def expand_inputs(paths: Iterable[str | Path], suffixes: tuple[str, ...] = (".xml",)) -> list[Path]:
    """Files named directly, plus the matching files inside named folders (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix in suffixes)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(str(path), "no such file or directory")
    return found


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def provenance_triples(iris: Iris, volume_id: str, source: Path, digest: str, started: datetime,
                       documents: int, triples: int) -> list[Triple]:
    """Who made the volume graph, from which input file, when."""
    graph = NamedNode(iris.graph(volume_id))
    prov_graph = NamedNode(iris.provenance_graph(volume_id))
    activity = NamedNode(f"{iris.provenance_graph(volume_id)}/conversion")
    software = NamedNode(f"{iris.base}software/frus-kg/{__version__}")
    entity = NamedNode(f"urn:sha256:{digest}")
    now = datetime.now(UTC)
    stamp = lambda t: Literal(t.isoformat(timespec="seconds"), datatype=XSD("dateTime"))  # noqa: E731
    return [
        Triple(prov_graph, A, FRUS("ProvenanceGraph")),
        Triple(prov_graph, FRUS("provenanceOf"), graph),
        Triple(graph, A, PROV("Entity")),
        Triple(graph, PROV("wasGeneratedBy"), activity),
        Triple(graph, PROV("wasDerivedFrom"), entity),
        Triple(activity, A, PROV("Activity")),
        Triple(activity, RDFS("label"), Literal(f"Conversion of {source.name} by frus-kg {__version__}")),
        Triple(activity, PROV("used"), entity),
        Triple(activity, PROV("wasAssociatedWith"), software),
        Triple(activity, PROV("startedAtTime"), stamp(started)),
        Triple(activity, PROV("endedAtTime"), stamp(now)),
        Triple(activity, FRUS("documentCount"), Literal(documents)),
        Triple(activity, FRUS("tripleCount"), Literal(triples)),
        Triple(entity, A, PROV("Entity")),
        Triple(entity, FRUS("sha256"), Literal(digest)),
        Triple(entity, FRUS("fileName"), Literal(source.name)),
        Triple(entity, DCT("identifier"), Literal(volume_id)),
        Triple(software, A, PROV("SoftwareAgent")),
        Triple(software, RDFS("label"), Literal("frus-kg")),
        Triple(software, SCHEMA("softwareVersion"), Literal(__version__)),
    ]


def output_paths(outdir: Path, name: str, fmt: str) -> tuple[Path, Path | None]:
    """The dump for a graph and, for single-graph formats, its provenance sibling."""
    if fmt in GRAPH_FORMATS:
        return outdir / f"{name}.{fmt}", None
    return outdir / f"{name}.{fmt}", outdir / f"{name}.provenance.{fmt}"


def convert_tei(path: Path, outdir: Path, fmt: str = "ttl", iris: Iris | None = None,
                on_document: Callable[[Document], None] | None = None) -> ConvertResult:
    """Convert one TEI volume file into dump file(s) under ``outdir``."""
    iris = iris or Iris()
    started = datetime.now(UTC)
    reader = open_volume(path)
    volume = reader.volume
    result = ConvertResult(str(path), volume.volume_id)

    def documents() -> Iterator[Document]:
        for doc in reader.documents():
            result.documents += 1
            result.problems += doc.problems
            if on_document:
                on_document(doc)
            yield doc

    def volume_triples() -> Iterator[Triple]:
        for chunk in Mapper(iris).volume_graph(volume, documents()):
            result.triples += len(chunk)
            yield from chunk
        if result.documents == 0:  # raised inside the write, so no dump is left behind
            raise InputError(str(path), 'the volume has no document divs (div type="document")')

    def prov() -> Iterator[Triple]:
        yield from provenance_triples(iris, volume.volume_id, path, sha256_of(path), started,
                                      result.documents, result.triples)

    main, prov_path = output_paths(outdir, volume.volume_id, fmt)
    graphs = [(iris.graph(volume.volume_id), volume_triples())]
    if prov_path is None:
        graphs.append((iris.provenance_graph(volume.volume_id), prov()))
        write_graphs(main, fmt, graphs)
        result.outputs = [str(main)]
    else:
        write_graphs(main, fmt, graphs)
        write_graphs(prov_path, fmt, [(iris.provenance_graph(volume.volume_id), prov())])
        result.outputs = [str(main), str(prov_path)]
    return result
