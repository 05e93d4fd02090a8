"""The authority import: people, pocom and milestones → three named graphs and the index file.

Output (in ``outdir``):

* ``authorities-people.{ext}``     graph ``{base}graph/authorities/people``
* ``authorities-pocom.{ext}``      graph ``{base}graph/authorities/pocom``
* ``authorities-milestones.{ext}`` graph ``{base}graph/authorities/milestones`` (if asked)
* ``authority-index.json.gz``      the resolution index (``AuthorityIndex.load``)

Each dump holds one graph, which names itself (``<graph> a frus:AuthorityGraph``), and is
written atomically.  People records are streamed: each is mapped and indexed as it is
read, so the 16k records never sit in memory as triples.  pocom is read first (it is
needed to resolve the people data's stale pocom ids) and mapped after the people, once
every pocom id's people record is known.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from pyoxigraph import Triple

from ..errors import UsageError
from ..iris import Iris
from ..model import Problem
from ..write import EXTENSIONS, write_graphs
from .events import IndexedEvent
from .index import IndexBuilder
from .mapping import AuthorityMapper
from .milestones import iter_events, read_taxonomy
from .people import iter_people
from .pocom import read_pocom

INDEX_FILE = "authority-index.json.gz"
_SUFFIX = {fmt: ext for ext, fmt in EXTENSIONS.items()}


def import_authorities(people_dir: Path, pocom_dir: Path, milestones_dir: Path | None, outdir: Path,
                       fmt: str = "ttl", iris: Iris | None = None, tags_file: Path | None = None) -> dict:
    """Convert the authority folders; returns a summary (counts, outputs, problems, seconds).

    ``tags_file`` is the subject taxonomy (``tags/taxonomy/taxonomy.xml``) that labels the
    milestones' tags; without it tags keep only their ids.
    """
    if fmt not in _SUFFIX:
        raise UsageError(f"unknown format {fmt!r} (expected one of {', '.join(_SUFFIX)})")
    started = time.perf_counter()
    outdir = Path(outdir)
    mapper = AuthorityMapper(iris)
    problems: list[Problem] = []

    pocom = read_pocom(Path(pocom_dir))
    builder = IndexBuilder(pocom)
    counts = {"people": 0}

    def people() -> Iterator[Triple]:
        for record in iter_people(Path(people_dir), problems):
            counts["people"] += 1
            pocom_ids = builder.linked_pocom_ids(record)
            builder.add(record, pocom_ids)
            yield from mapper.person_triples(record, pocom_ids)

    outputs: dict[str, Path] = {}
    triples: dict[str, int] = {}

    def write(name: str, body: Iterator[Triple]) -> None:
        graph = mapper.graph_iri(name)
        target = outdir / f"authorities-{name}{_SUFFIX[fmt]}"
        triples[graph] = write_graphs(target, fmt, [(graph, chain(mapper.graph_marker(name), body))])
        outputs[name] = target

    write("people", people())
    write("pocom", chain.from_iterable(mapper.pocom_chunks(pocom, builder.hsg_id_of)))
    events = 0
    if milestones_dir is not None:
        tags = read_taxonomy(Path(tags_file)) if tags_file is not None else {}
        event_list = list(iter_events(Path(milestones_dir), problems))
        events = len(event_list)
        write("milestones", chain.from_iterable(mapper.event_chunks(event_list, tags)))

    index = builder.build()
    if milestones_dir is not None:
        index.events = [IndexedEvent.of(e) for e in event_list]
    outputs["index"] = outdir / INDEX_FILE
    index.save(outputs["index"])

    problems += pocom.problems + builder.problems + mapper.problems
    return {
        "people": counts["people"],
        "pocom_people": len(pocom.people),
        "positions": len(pocom.positions),
        "missions": len(pocom.missions),
        "appointments": sum(1 for _ in pocom.appointments()),
        "events": events,
        "index_keys": len(index.keys),
        "index_persons": len(index.persons),
        "triples": triples,
        "outputs": {name: str(path) for name, path in outputs.items()},
        "problems": [f"{p.document}: {p.message}" if p.document else p.message for p in problems],
        "seconds": round(time.perf_counter() - started, 2),
    }
