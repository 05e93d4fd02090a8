"""Conversion: TEI volume → model → triples → dump files, streaming one volume at a time.

A volume's documents flow from the reader through the mapping into the writer one by
one; nothing holds the whole volume.  Each volume becomes its own named graph, plus a
provenance graph saying what produced it from which input (by SHA-256).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from . import __version__
from .actors.enrich import linked
from .actors.index import AuthorityIndex
from .errors import InputError, UsageError
from .iris import VOLUME_ID, Iris
from .mapping import A, DCT, FRUS, PROV, RDFS, SCHEMA, XSD, Mapper
from .model import Document, Problem, Volume
from .tei import open_volume
from .write import GRAPH_FORMATS, sha256_of, write_graphs


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


@lru_cache(maxsize=2)
def load_index(path: Path | None) -> AuthorityIndex | None:
    """The authority index a conversion resolves persons with (loaded once per process)."""
    if path is None:
        return None
    try:
        return AuthorityIndex.load(Path(path))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a frus-kg authority index: {exc}") from None


def _convert_one(path: Path, outdir: Path, fmt: str, base: str, index_path: Path | None
                 ) -> ConvertResult | InputError:
    """Worker: convert one volume; an input error is returned (it pickles) rather than raised."""
    try:
        return convert_tei(path, outdir, fmt, Iris(base), load_index(index_path))
    except InputError as err:
        return err
    except OSError as exc:  # e.g. the output folder cannot be written: this volume fails alone
        return InputError(str(exc.filename or path), exc.strerror or str(exc))


def convert_many(paths: list[Path], outdir: Path, fmt: str = "ttl", iris: Iris | None = None,
                 jobs: int = 1, index_path: Path | None = None) -> Iterator[ConvertResult | InputError]:
    """Convert volumes, ``jobs`` at a time in worker processes; yields in input order."""
    base = (iris or Iris()).base
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _convert_one(path, outdir, fmt, base, index_path)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(_convert_one, paths, repeat(outdir), repeat(fmt), repeat(base),
                            repeat(index_path))


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


def provenance_triples(iris: Iris, graph_iri: str, identifier: str, source: Path, digest: str,
                       started: datetime, documents: int, triples: int) -> list[Triple]:
    """Who made a graph, from which input file (by SHA-256), when."""
    graph = NamedNode(graph_iri)
    prov_graph = NamedNode(iris.provenance_graph(graph_iri))
    activity = NamedNode(f"{prov_graph.value}/conversion")
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
        Triple(entity, DCT("identifier"), Literal(identifier)),
        Triple(software, A, PROV("SoftwareAgent")),
        Triple(software, RDFS("label"), Literal("frus-kg")),
        Triple(software, SCHEMA("softwareVersion"), Literal(__version__)),
    ]


def output_paths(outdir: Path, name: str, fmt: str) -> tuple[Path, Path | None]:
    """The dump for a graph and, for single-graph formats, its provenance sibling."""
    if fmt in GRAPH_FORMATS:
        return outdir / f"{name}.{fmt}", None
    return outdir / f"{name}.{fmt}", outdir / f"{name}.provenance.{fmt}"


def _write(result: ConvertResult, outdir: Path, name: str, fmt: str, iris: Iris, graph_iri: str,
           triples: Iterable[Triple], source: Path, started: datetime) -> None:
    """Write a graph and its provenance graph (one TriG file, or two single-graph dumps)."""

    def counted() -> Iterator[Triple]:
        for triple in triples:
            result.triples += 1
            yield triple

    def prov() -> Iterator[Triple]:  # lazy: counts are final only once the graph is written
        yield from provenance_triples(iris, graph_iri, name, source, sha256_of(source), started,
                                      result.documents, result.triples)

    main, prov_path = output_paths(outdir, name, fmt)
    prov_graph = iris.provenance_graph(graph_iri)
    if prov_path is None:
        write_graphs(main, fmt, [(graph_iri, counted()), (prov_graph, prov())])
        result.outputs = [str(main)]
    else:
        write_graphs(main, fmt, [(graph_iri, counted())])
        write_graphs(prov_path, fmt, [(prov_graph, prov())])
        result.outputs = [str(main), str(prov_path)]


def convert_tei(path: Path, outdir: Path, fmt: str = "ttl", iris: Iris | None = None,
                index: AuthorityIndex | None = None) -> ConvertResult:
    """Convert one TEI volume file into dump file(s) under ``outdir``, streaming."""
    iris = iris or Iris()
    started = datetime.now(UTC)
    reader = open_volume(path)
    volume = reader.volume
    result = ConvertResult(str(path), volume.volume_id)

    def documents() -> Iterator[Document]:
        for doc in linked(reader.documents(), index):
            result.documents += 1
            result.problems += doc.problems
            yield doc

    def triples() -> Iterator[Triple]:
        for chunk in Mapper(iris, index).volume_graph(volume, documents()):
            yield from chunk
        if result.documents == 0:  # raised inside the write, so no dump is left behind
            raise InputError(str(path), 'the volume has no document divs (div type="document")')

    _write(result, outdir, volume.volume_id, fmt, iris, iris.graph(volume.volume_id), triples(),
           path, started)
    return result


def read_text_file(path: Path) -> str:
    """A page-text file's content, or one clear error (missing, unreadable, not UTF-8)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None


def convert_text(path: Path, outdir: Path, volume_id: str, document: str | None = None,
                 fmt: str = "ttl", iris: Iris | None = None, index: AuthorityIndex | None = None
                 ) -> ConvertResult:
    """Convert one document's page text into its own graph: OUTDIR/<volume-id>_d<N>.<ext>."""
    from .textreader import read_text

    iris = iris or Iris()
    started = datetime.now(UTC)
    if not VOLUME_ID.match(volume_id):
        raise UsageError(f"{volume_id!r} is not a FRUS volume id (like frus1961-63v10)")
    doc = next(linked([read_text(read_text_file(path), volume_id, document, source=str(path))], index))
    result = ConvertResult(str(path), volume_id, documents=1, problems=list(doc.problems))
    triples = Mapper(iris, index).document_graph(doc, Volume(volume_id=volume_id))
    _write(result, outdir, f"{volume_id}_{doc.doc_id}", fmt, iris,
           iris.document_graph(volume_id, doc.doc_id), triples, path, started)
    return result
