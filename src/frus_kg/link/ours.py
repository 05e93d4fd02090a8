"""What frus-kg links: authority persons, places, organisations and milestone events.

Read from a pyoxigraph store holding our graphs (the default graph is their union):

* **persons** — every ``rico:Person`` with a ``skos:prefLabel`` (the people and pocom
  graphs give one; persons-list entries and names in documents do not, they point to
  these with ``frus:identifiedWith``), with their other names, life years, VIAF ids and
  pocom appointments (effective intervals, and the post or mission held);
* **places** — ``rico:Place`` by ``rdfs:label`` (document places);
* **organisations** — ``rico:CorporateBody`` by ``rdfs:label``, except pocom's missions,
  whose labels are made up ("U.S. mission to Uruguay");
* **events** — milestones (``frus:milestoneId``) with their stated dates.

Each is looked up in Wikidata under a few name forms: persons' inverted names
("Kennedy, John F." → "John F. Kennedy"), events' titles without their date and
framing ("The Bay of Pigs Invasion and its Aftermath, April 1961–October 1962" →
"Bay of Pigs Invasion").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pyoxigraph import Store

from ..actors.records import widen_end, widen_start
from ..vocab import FRUS, ORG, RDFS, RICO, SKOS

MAX_NAME_FORMS = 12
# Names FRUS uses for places Wikidata knows under another name.  Ciudad Trujillo is
# Santo Domingo (renamed 1936, name restored 1961); no separate item was looked for.
FORMER_NAMES = {"Ciudad Trujillo": "Santo Domingo"}
_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_TITLES = {"Colonel", "Col.", "General", "Gen.", "Admiral", "Adm.", "Dr.", "Mr.", "Mrs.", "Ms.", "Sir",
           "Lord", "Ambassador", "President", "Premier", "Senator", "Judge", "Captain", "Major"}
_NICKNAME = re.compile(r"\([^)]*\)|“[^”]*”|\"[^\"]*\"")
_YEAR = re.compile(r"^(-?\d{1,4})")
_HAS_YEAR = re.compile(r"\b\d{4}\b")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

_PREFIXES = f"""PREFIX frus: <{FRUS}>
PREFIX org: <{ORG}>
PREFIX rdfs: <{RDFS}>
PREFIX rico: <{RICO}>
PREFIX skos: <{SKOS}>
"""


@dataclass(frozen=True, slots=True)
class Appointment:
    """An appointment: what was held (a post or mission IRI) and its effective interval."""

    iri: str
    held: str
    start: str
    end: str | None


@dataclass(slots=True)
class Person:
    iri: str
    names: list[str] = field(default_factory=list)
    births: set[int] = field(default_factory=set)
    deaths: set[int] = field(default_factory=set)
    viaf: set[str] = field(default_factory=set)
    appointments: list[Appointment] = field(default_factory=list)


@dataclass(slots=True)
class Thing:
    """A place, organisation or event: labels and, for events, the days they span."""

    iri: str
    kind: str
    labels: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None


def _rows(store: Store, query: str) -> Iterator[dict[str, str | None]]:
    results = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    for row in results:
        yield {n: (row[n].value if row[n] is not None else None) for n in names}


def _add(values: list[str], value: str | None) -> None:
    if value and value not in values:
        values.append(value)


def _year(value: str | None) -> int | None:
    m = _YEAR.match(value or "")
    return int(m.group(1)) if m else None


def read_persons(store: Store) -> list[Person]:
    """Authority persons with names, life years, VIAF ids and appointments, by IRI."""
    persons: dict[str, Person] = {}
    for r in _rows(store, """SELECT DISTINCT ?p ?name ?birth ?death ?viaf WHERE {
          ?p a rico:Person ; skos:prefLabel ?name .
          OPTIONAL { ?p rico:birthDate ?birth } OPTIONAL { ?p rico:deathDate ?death }
          OPTIONAL { ?p frus:viafId ?viaf } } ORDER BY ?p ?name"""):
        p = persons.setdefault(r["p"], Person(r["p"]))
        _add(p.names, r["name"])
        for value, years in ((r["birth"], p.births), (r["death"], p.deaths)):
            year = _year(value)
            if year is not None:
                years.add(year)
        if r["viaf"]:
            p.viaf.add(r["viaf"])
    for r in _rows(store, """SELECT DISTINCT ?p ?alt WHERE {
          ?p a rico:Person ; skos:prefLabel ?name ; skos:altLabel ?alt } ORDER BY ?p ?alt"""):
        _add(persons[r["p"]].names, r["alt"])
    # A principal officer's appointment targets the post; a chief of mission's, the mission.
    for r in _rows(store, """SELECT DISTINCT ?p ?a ?held ?start ?end WHERE {
          ?a org:member ?p ; org:memberDuring ?term .
          ?term frus:effectiveStart ?start .
          OPTIONAL { ?term frus:effectiveEnd ?end }
          OPTIONAL { ?a rico:relationHasTarget ?post }
          OPTIONAL { ?a org:organization ?org }
          BIND (COALESCE(?post, ?org) AS ?held)
          FILTER (BOUND(?held))
        } ORDER BY ?p ?start ?a"""):
        if r["p"] in persons:
            persons[r["p"]].appointments.append(Appointment(r["a"], r["held"], r["start"], r["end"]))
    return list(persons.values())


def read_things(store: Store) -> list[Thing]:
    """Places, organisations (missions excepted) and milestone events, by IRI."""
    things: dict[str, Thing] = {}
    for kind, pattern in (("place", "?x a rico:Place ."),
                          ("organization", "?x a rico:CorporateBody . FILTER NOT EXISTS { ?x a frus:Mission }"),
                          ("event", "?x a rico:Event ; frus:milestoneId ?id .")):
        for r in _rows(store, f"SELECT DISTINCT ?x ?label WHERE {{ {pattern} ?x rdfs:label ?label }} "
                              "ORDER BY ?x ?label"):
            _add(things.setdefault(r["x"], Thing(r["x"], kind)).labels, r["label"])
    for r in _rows(store, """SELECT ?x (MIN(STR(?b)) AS ?begin) (MAX(STR(?e)) AS ?end) WHERE {
          ?x frus:milestoneId ?id . OPTIONAL { ?x rico:beginningDate ?b } OPTIONAL { ?x rico:endDate ?e }
        } GROUP BY ?x"""):
        thing = things.get(r["x"])
        begin, end = r["begin"] or r["end"], r["end"] or r["begin"]
        if thing is not None and begin and _PARTIAL_DATE.match(begin) and _PARTIAL_DATE.match(end):
            thing.start, thing.end = widen_start(begin), widen_end(end)
    return list(things.values())


# --- name forms --------------------------------------------------------------------------

def person_name_forms(names: list[str]) -> list[str]:
    """How Wikidata may label a person: "Surname, Given Names[, Jr.]" read in natural order,
    with the first given name or any single later one ("Rusk, David Dean" → "Dean Rusk")."""
    full: list[str] = []
    short: list[str] = []  # after every name's full form, so the cap drops these first
    for name in names:
        clean = " ".join(_NICKNAME.sub(" ", name).split())
        parts = [p.strip() for p in clean.split(",") if p.strip()]
        if len(parts) < 2:
            _add(full, clean)
            continue
        surname, given = parts[0], [t for t in parts[1].split() if t not in _TITLES]
        suffix = " ".join(p for p in parts[2:] if p in _SUFFIXES)
        if not given:
            continue
        singles = [t for t in given[1:] if len(t.rstrip(".")) > 1]  # no initials alone
        for forms, first in [(full, " ".join(given)), *((short, g) for g in [given[0], *singles])]:
            _add(forms, f"{first} {surname}")
            if suffix:
                _add(forms, f"{first} {surname} {suffix}")
                _add(forms, f"{first} {surname}, {suffix}")
    return (full + [f for f in short if f not in full])[:MAX_NAME_FORMS]


def _without_article(text: str) -> str:
    return text[4:] if text.startswith("The ") else text


def event_name_forms(title: str) -> list[str]:
    """A milestone title without its date, framing and leading article."""
    title = " ".join(title.split())
    forms = [title]
    head, sep, tail = title.rpartition(", ")
    if sep and _HAS_YEAR.search(tail):  # ", April 1961–October 1962"
        title = head
    parts = [title, *title.split(": ")[1:]]  # "… Vietnam War: The Tet Offensive"
    for part in parts:
        for form in (part, _without_article(part)):
            _add(forms, form)
            _add(forms, form.split(" and ")[0].rstrip(", "))  # "… Invasion and its Aftermath"
    return forms[:MAX_NAME_FORMS]


def thing_name_forms(thing: Thing) -> list[str]:
    forms: list[str] = []
    for label in thing.labels:
        if thing.kind == "event":
            for form in event_name_forms(label):
                _add(forms, form)
        else:
            _add(forms, label)
            _add(forms, _without_article(label))
            _add(forms, FORMER_NAMES.get(label))
    return forms[:MAX_NAME_FORMS]
