"""Writing dumps: Turtle, N-Triples and TriG through pyoxigraph, atomically.

A dump is written to a temporary file beside its target and renamed into place only
when complete, so a failed conversion never leaves a half-written file behind.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from .errors import InputError, UsageError
from .vocab import PREFIXES

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "trig": RdfFormat.TRIG,
           "nq": RdfFormat.N_QUADS}
GRAPH_FORMATS = {"trig", "nq"}
EXTENSIONS = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".nq": "nq"}


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path that replaces ``target`` only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a dump is an ordinary file
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_graphs(target: Path, fmt: str, graphs: Iterable[tuple[str, Iterable[Triple]]]) -> int:
    """Write named graphs to one dump; returns the number of statements written.

    Turtle and N-Triples hold one graph each: callers pass a single graph for them.
    """
    count = 0

    def quads() -> Iterator[Quad]:
        nonlocal count
        for graph, triples in graphs:
            g = NamedNode(graph)
            for t in triples:
                count += 1
                yield Quad(t.subject, t.predicate, t.object, g)

    def triples_only() -> Iterator[Triple]:
        nonlocal count
        for _, triples in graphs:
            for t in triples:
                count += 1
                yield t

    with atomic_path(target) as tmp, tmp.open("wb") as fh:
        if fmt in GRAPH_FORMATS:
            serialize(quads(), fh, FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
        else:
            serialize(triples_only(), fh, FORMATS[fmt], prefixes=PREFIXES if fmt == "ttl" else None)
    return count


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_files(paths: Iterable[str | Path]) -> list[Path]:
    """Dump files named directly or found in named folders; each file once, in order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and format_of(p) is not None)
        elif not path.exists():
            raise InputError(str(path), "no such file or directory")
        elif format_of(path) is None:
            raise InputError(str(path), "not a dump file (expected .ttl, .nt, .trig or .nq)")
        else:
            files.append(path)
    seen: set[Path] = set()
    files = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    if not files:
        raise UsageError("no dump files found in " + ", ".join(map(str, paths)))
    return files


def open_dump(path: Path) -> BinaryIO:
    """A dump opened for reading, gunzipped on the fly when its name ends in .gz."""
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def format_of(path: Path) -> str | None:
    """The dump format a file name says, or None."""
    name = path.name
    if name.endswith(".gz"):
        name = name[:-3]
    return EXTENSIONS.get(Path(name).suffix)
