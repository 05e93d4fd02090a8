"""``link_wikidata``: our persons, places, organisations and events → links to Wikidata items.

Steps (each a few batched queries, all cached):

1. persons with a VIAF id: the item carrying it (P214) — exact;
2. other persons: humans whose label or alias is one of their name forms, then those
   items' life dates and positions held, scored against ours (match.py);
3. places, organisations and events: items whose label or alias is one of their name
   forms, with their classes (P31), sitelinks, and for events their P580/P582 dates.

The decisions are written as one named graph (graph.py) to ``links-wikidata.{ext}``.  A run
stopped by an error keeps every answer it had in the cache, so a rerun resumes there.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from pyoxigraph import Store

from ..errors import InputError, UsageError
from ..iris import Iris
from ..store import load_dump
from ..write import EXTENSIONS, write_graphs
from . import wikidata as wd
from .client import DEFAULT_USER_AGENT, WDQS_ENDPOINT, WikidataClient
from .graph import graph_iri, link_triples
from .match import Decision, choose, score_person, score_thing
from .ours import Person, Thing, person_name_forms, read_persons, read_things, thing_name_forms

_SUFFIX = {fmt: ext for ext, fmt in EXTENSIONS.items()}


def read_positions(path: Path, iris: Iris | None = None) -> dict[str, str]:
    """A position map: TSV lines ``post-or-mission<TAB>QID`` (# comments allowed).

    The first column is an IRI of ours or a path under the base (``position/secretary``,
    ``mission/uruguay``); the QID is the Wikidata position item (P39 value) it is.
    """
    base = (iris or Iris()).base
    positions: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the position map: {exc.strerror}") from None
    for n, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if not row or row[0].startswith("#"):
            continue
        if len(row) < 2:
            raise InputError(str(path), f"line {n}: expected 'post<TAB>QID'")
        ours, qid = row[0].strip(), row[1].strip()
        try:
            wd.entity(qid)
        except ValueError as exc:
            raise InputError(str(path), f"line {n}: {exc}") from None
        positions[ours if ours.startswith(("http://", "https://")) else base + ours] = qid
    return positions


def _store(source: Store | Sequence[Path]) -> Store:
    if isinstance(source, Store):
        return source
    store = Store()
    for path in source:
        load_dump(store, Path(path))
    return store


def link_persons(client: WikidataClient, persons: list[Person], positions: Mapping[str, str]) -> list[Decision]:
    """VIAF first; the rest by name, corroborated by life years and positions held."""
    decisions: list[Decision] = []
    by_viaf = wd.items_by_viaf(client, {v for p in persons for v in p.viaf})
    rest: list[Person] = []
    for person in persons:
        found: dict[str, list[str]] = {}
        for v in sorted(person.viaf):
            for qid in by_viaf.get(v, ()):
                found.setdefault(qid, []).append(v)
        if not found:
            rest.append(person)
            continue
        # one item: exact; several (duplicate items not yet merged on Wikidata): candidates
        decisions += choose([Decision(person.iri, "person", qid, "viaf", 1.0 if len(found) == 1 else 0.5,
                                      tuple(f"VIAF {v} = VIAF ID (P214) of {qid}" for v in vs))
                             for qid, vs in sorted(found.items())])
    forms = {p.iri: person_name_forms(p.names) for p in rest}
    by_name = wd.humans_by_name(client, {f for fs in forms.values() for f in fs})
    facts = wd.person_facts(client, {q for qs in by_name.values() for q in qs})
    for person in rest:
        names: dict[str, set[str]] = {}
        for form in forms[person.iri]:
            for qid in by_name.get(form, ()):
                names.setdefault(qid, set()).add(form)
        scored = [score_person(person, qid, ns, facts.get(qid, wd.PersonFacts()), positions)
                  for qid, ns in sorted(names.items())]
        decisions += choose([d for d in scored if d is not None])
    return decisions


def link_things(client: WikidataClient, things: list[Thing]) -> list[Decision]:
    """Places, organisations and events by label and class; events also by date."""
    forms = {t.iri: thing_name_forms(t) for t in things}
    by_label = wd.typed_by_label(client, {f for fs in forms.values() for f in fs})
    event_items = {q for t in things if t.kind == "event" for f in forms[t.iri] for q in by_label.get(f, {})}
    spans = wd.item_spans(client, event_items)
    decisions: list[Decision] = []
    for thing in things:
        found = {f: by_label[f] for f in forms[thing.iri] if f in by_label}
        decisions += choose(score_thing(thing, found, spans))
    return decisions


def link_wikidata(source: Store | Sequence[Path], outdir: Path, *, endpoint: str = WDQS_ENDPOINT,
                  cache_dir: Path | None = None, offline: bool = False, iris: Iris | None = None,
                  user_agent: str = DEFAULT_USER_AGENT, positions: Mapping[str, str] | None = None,
                  fmt: str = "ttl", batch_size: int = 50, max_retries: int = 4,
                  sleep: Callable[[float], None] = time.sleep, now: datetime | None = None) -> dict:
    """Link a store (or dump files) to Wikidata; returns a summary.

    ``positions`` maps our posts/missions to Wikidata position items (``read_positions``);
    without it, positions held are not used as evidence.  ``now`` is the time recorded on
    every link (default: the run's start).
    """
    if fmt not in _SUFFIX:
        raise UsageError(f"unknown format {fmt!r} (expected one of {', '.join(_SUFFIX)})")
    started = time.perf_counter()
    iris = iris or Iris()
    when = now or datetime.now(timezone.utc)
    client = WikidataClient(endpoint, user_agent=user_agent, cache_dir=cache_dir, offline=offline,
                            batch_size=batch_size, max_retries=max_retries, sleep=sleep)
    store = _store(source)
    persons, things = read_persons(store), read_things(store)
    decisions = link_persons(client, persons, positions or {}) + link_things(client, things)

    target = Path(outdir) / f"links-wikidata{_SUFFIX[fmt]}"
    triples = write_graphs(target, fmt, [(graph_iri(iris), link_triples(iris, decisions, endpoint, when))])
    links = [d for d in decisions if d.confirmed]
    return {
        "endpoint": endpoint,
        "considered": {"person": len(persons),
                       **{k: sum(t.kind == k for t in things) for k in ("place", "organization", "event")}},
        "links": {k: sum(d.kind == k for d in links) for k in ("person", "place", "organization", "event")},
        "methods": {m: sum(d.method == m for d in links) for m in sorted({d.method for d in links})},
        "candidates": len({d.resource for d in decisions if not d.confirmed}),
        "shared_targets": _shared_targets(links),
        "requests": client.requests,
        "cache_hits": client.cache_hits,
        "retries": client.retries,
        "output": str(target),
        "graph": graph_iri(iris),
        "triples": triples,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _shared_targets(links: list[Decision]) -> dict[str, list[str]]:
    """Items linked from more than one of our resources: a duplicate on one side or the other."""
    by_item: dict[str, list[str]] = {}
    for d in links:
        by_item.setdefault(d.qid, []).append(d.resource)
    return {q: sorted(rs) for q, rs in sorted(by_item.items()) if len(rs) > 1}
