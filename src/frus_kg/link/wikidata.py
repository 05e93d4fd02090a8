"""What frus-kg asks Wikidata: batched VALUES queries in Wikidata's own vocabulary.

Every query declares its prefixes (the Query Service predefines them, a local server does
not) and uses only identifiers confirmed for this project: P214 (VIAF ID), P31 (instance
of), Q5 (human), P569/P570 (dates of birth and death), P39 (position held) with its
P580/P582 qualifiers (start and end time), and P580/P582 as an event's own dates.

Names are looked up as exact labels or aliases (``rdfs:label``/``skos:altLabel``) in
English and in ``mul`` (Wikidata's label for every language, which has replaced many
English person labels): the Query Service answers those from an index, where a
case-insensitive or substring search would time out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .client import WikidataClient

WD = "http://www.wikidata.org/entity/"
HUMAN = "Q5"
LABEL_LANGUAGES = ("en", "mul")
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

_QID = re.compile(r"^Q[1-9][0-9]*$")
_TIME = re.compile(r"^(?P<y>[+-]?\d{4,})-(?P<m>\d{2})-(?P<d>\d{2})")


def entity(qid: str) -> str:
    """The entity IRI of a QID, as the Query Service writes it."""
    if not _QID.match(qid):
        raise ValueError(f"not a Wikidata item id: {qid!r}")
    return WD + qid


def qid_of(iri: str) -> str | None:
    """The QID of an entity IRI (None for anything else, e.g. a lexeme or a blank value)."""
    if iri.startswith(WD) and _QID.match(iri[len(WD):]):
        return iri[len(WD):]
    return None


def sparql_string(text: str, language: str | None = None) -> str:
    """A SPARQL string literal (escaped), optionally language-tagged."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"' + (f"@{language}" if language else "")


def time_year(value: str) -> int | None:
    """The year of a Wikidata time value ("1917-05-29T00:00:00Z" → 1917)."""
    m = _TIME.match(value)
    return int(m["y"]) if m else None


def time_day(value: str) -> str | None:
    """The day of a Wikidata time value as YYYY-MM-DD (None outside years 1-9999)."""
    m = _TIME.match(value)
    if m is None or not re.fullmatch(r"\+?\d{4}", m["y"]) or m["y"].lstrip("+") == "0000":
        return None
    return f"{m['y'].lstrip('+')}-{m['m']}-{m['d']}"


def _value(row: dict, var: str) -> str | None:
    cell = row.get(var)
    return cell.get("value") if cell else None


def _names(chunk: Sequence[str]) -> str:
    return " ".join(sparql_string(n, lang) for n in chunk for lang in LABEL_LANGUAGES)


def _items(chunk: Sequence[str]) -> str:
    return " ".join(f"wd:{q}" for q in chunk)


# --- VIAF ------------------------------------------------------------------------------

def viaf_query(viaf_ids: Sequence[str]) -> str:
    values = " ".join(sparql_string(v) for v in viaf_ids)
    return f"""{PREFIXES}SELECT ?viaf ?item WHERE {{
  VALUES ?viaf {{ {values} }}
  ?item wdt:P214 ?viaf .
}}"""


def _items_by(client: WikidataClient, values: Iterable[str], make_query, key: str) -> dict[str, set[str]]:
    """Each value (bound to ``?key`` in the answers) → the items ``?item`` found for it."""
    found: dict[str, set[str]] = {}
    for row in client.select_batched(values, make_query):
        qid = qid_of(_value(row, "item") or "")
        if qid:
            found.setdefault(_value(row, key) or "", set()).add(qid)
    return found


def items_by_viaf(client: WikidataClient, viaf_ids: Iterable[str]) -> dict[str, set[str]]:
    """VIAF id → the items that carry it (P214)."""
    return _items_by(client, viaf_ids, viaf_query, "viaf")


# --- persons ---------------------------------------------------------------------------

def humans_query(names: Sequence[str]) -> str:
    return f"""{PREFIXES}SELECT ?name ?item WHERE {{
  VALUES ?name {{ {_names(names)} }}
  ?item rdfs:label|skos:altLabel ?name ;
        wdt:P31 wd:{HUMAN} .
}}"""


def humans_by_name(client: WikidataClient, names: Iterable[str]) -> dict[str, set[str]]:
    """Name → the humans (P31 Q5) whose label or alias it is exactly."""
    return _items_by(client, names, humans_query, "name")


@dataclass(frozen=True, slots=True)
class Held:
    """One position held (a P39 statement): the position item and its qualifier dates."""

    position: str
    start: str | None
    end: str | None


@dataclass(slots=True)
class PersonFacts:
    births: set[int] = field(default_factory=set)
    deaths: set[int] = field(default_factory=set)
    held: set[Held] = field(default_factory=set)


def person_facts_query(qids: Sequence[str]) -> str:
    # UNION, not OPTIONALs: no cross product of births × deaths × positions
    return f"""{PREFIXES}SELECT ?item ?birth ?death ?position ?start ?end WHERE {{
  VALUES ?item {{ {_items(qids)} }}
  {{ ?item wdt:P569 ?birth }}
  UNION {{ ?item wdt:P570 ?death }}
  UNION {{
    ?item p:P39 ?statement .
    ?statement ps:P39 ?position ;
               wikibase:rank ?rank .
    FILTER (?rank != wikibase:DeprecatedRank)
    OPTIONAL {{ ?statement pq:P580 ?start }}
    OPTIONAL {{ ?statement pq:P582 ?end }}
  }}
}}"""


def person_facts(client: WikidataClient, qids: Iterable[str]) -> dict[str, PersonFacts]:
    """Birth and death years and positions held of each item (unknown values skipped)."""
    facts: dict[str, PersonFacts] = {}
    for row in client.select_batched(qids, person_facts_query):
        qid = qid_of(_value(row, "item") or "")
        if qid is None:
            continue
        f = facts.setdefault(qid, PersonFacts())
        for var, years in (("birth", f.births), ("death", f.deaths)):
            year = time_year(_value(row, var) or "")
            if year is not None:
                years.add(year)
        position = qid_of(_value(row, "position") or "")
        if position:
            f.held.add(Held(position, time_day(_value(row, "start") or ""), time_day(_value(row, "end") or "")))
    return facts


# --- places, organisations, events -------------------------------------------------------

@dataclass(slots=True)
class TypedItem:
    """An item found by label, with the English labels of its classes (P31) and its sitelinks."""

    qid: str
    classes: set[str] = field(default_factory=set)
    sitelinks: int = 0


def typed_query(names: Sequence[str]) -> str:
    return f"""{PREFIXES}SELECT ?name ?item ?classLabel ?sitelinks WHERE {{
  VALUES ?name {{ {_names(names)} }}
  ?item rdfs:label|skos:altLabel ?name ;
        wdt:P31 ?class .
  ?class rdfs:label ?classLabel .
  FILTER (LANG(?classLabel) = "en")
  OPTIONAL {{ ?item wikibase:sitelinks ?sitelinks }}
}}"""


def typed_by_label(client: WikidataClient, names: Iterable[str]) -> dict[str, dict[str, TypedItem]]:
    """Name → QID → the item (with its class labels) whose label or alias the name is."""
    found: dict[str, dict[str, TypedItem]] = {}
    for row in client.select_batched(names, typed_query):
        qid = qid_of(_value(row, "item") or "")
        if qid is None:
            continue
        item = found.setdefault(_value(row, "name") or "", {}).setdefault(qid, TypedItem(qid))
        item.classes.add(_value(row, "classLabel") or "")
        sitelinks = _value(row, "sitelinks")
        if sitelinks and sitelinks.isdigit():
            item.sitelinks = int(sitelinks)
    return found


def spans_query(qids: Sequence[str]) -> str:
    return f"""{PREFIXES}SELECT ?item ?start ?end WHERE {{
  VALUES ?item {{ {_items(qids)} }}
  {{ ?item wdt:P580 ?start }} UNION {{ ?item wdt:P582 ?end }}
}}"""


def item_spans(client: WikidataClient, qids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """QID → (earliest start time, latest end time) as days; items without either are absent."""
    spans: dict[str, tuple[str | None, str | None]] = {}
    for row in client.select_batched(qids, spans_query):
        qid = qid_of(_value(row, "item") or "")
        start, end = time_day(_value(row, "start") or ""), time_day(_value(row, "end") or "")
        if qid is None or not (start or end):
            continue
        old_start, old_end = spans.get(qid, (None, None))
        spans[qid] = (min(filter(None, (old_start, start)), default=None),
                      max(filter(None, (old_end, end)), default=None))
    return spans
