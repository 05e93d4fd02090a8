"""Typed records of the Office of the Historian's authority data (people, pocom, milestones).

Readers fill these; the mapping and the index read them.  Values are kept as the sources
give them (ISO strings, often partial, empty → ``None``); the only derived values are the
*effective* appointment intervals (``effective_start``/``effective_end``), computed by
``close_intervals`` as NOTES §3.7 prescribes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

Key = tuple[str, str]
"""(volume id, persons-list xml:id): how a FRUS ``persName/@corresp`` names a person."""

_POCOM_URL = re.compile(r"^https://history\.state\.gov/departmenthistory/people/(?P<id>[a-z0-9-]+)$")
_PARTIAL = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def pocom_page(pocom_id: str) -> str:
    """The history.state.gov page of a pocom person."""
    return f"https://history.state.gov/departmenthistory/people/{pocom_id}"


# --- dates ---------------------------------------------------------------------------------

def widen_start(value: str) -> str:
    """The first day a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) can mean."""
    m = _match(value)
    return f"{m['y']}-{m['m'] or '01'}-{m['d'] or '01'}"


def widen_end(value: str) -> str:
    """The last day a partial ISO date can mean (1962-02 → 1962-02-28)."""
    m = _match(value)
    year, month = int(m["y"]), int(m["m"] or 12)
    day = m["d"] or f"{calendar.monthrange(year, month)[1]:02d}"
    return f"{m['y']}-{month:02d}-{day}"


def _match(value: str) -> dict[str, str | None]:
    m = _PARTIAL.match(value)
    if m is None:
        raise ValueError(f"not a partial ISO date: {value!r}")
    return m.groupdict()


def in_interval(day: str, start: str | None, end: str | None) -> bool:
    """True when ``day`` lies in an effective interval; no start: never, no end: open."""
    return start is not None and start <= day and (end is None or day <= end)


def is_partial_date(value: str) -> bool:
    """True for a real calendar date, month or year in ISO form (1961-02-29 is not one)."""
    m = _PARTIAL.match(value)
    if m is None:
        return False
    month = int(m["m"] or 1)
    if not 1 <= month <= 12:
        return False
    return m["d"] is None or 1 <= int(m["d"]) <= calendar.monthrange(int(m["y"]), month)[1]


# --- people ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Printed:
    """A text as printed in sources: the FRUS persons lists (keys) and other pages (urls)."""

    text: str
    keys: tuple[Key, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One record of HistoryAtState/people (``people/data/…/{id}.xml``)."""

    hsg_id: str  # "111738"
    preferred: str  # "Rusk, David Dean"
    names: tuple[Printed, ...]  # names/originals: each form with where it is printed
    alternates: tuple[str, ...] = ()
    titles: tuple[Printed, ...] = ()  # titles split off a printed name ("Lieutenant Commander")
    remarks: tuple[Printed, ...] = ()  # persons-list glosses ("Secretary of State")
    birth_year: str | None = None
    death_year: str | None = None
    viaf: str | None = None

    @property
    def keys(self) -> tuple[Key, ...]:
        """Every (volume, persons-list id) of the record, from names/originals only (NOTES §2.2)."""
        return tuple(dict.fromkeys(k for name in self.names for k in name.keys))

    @property
    def urls(self) -> tuple[str, ...]:
        """Non-FRUS source pages (pocom, visits, presidents), as given, in order."""
        return tuple(dict.fromkeys(u for name in self.names for u in name.urls))

    @property
    def pocom_ids(self) -> tuple[str, ...]:
        """pocom person ids as the record gives them (43 are stale; see ``Pocom.resolve``)."""
        return tuple(m["id"] for u in self.urls if (m := _POCOM_URL.match(u)))

    @property
    def name_forms(self) -> tuple[str, ...]:
        """Every distinct name form: preferred first, then printed forms, then alternates."""
        return tuple(dict.fromkeys([self.preferred, *(n.text for n in self.names), *self.alternates]))


# --- pocom -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PocomPerson:
    """One person of HistoryAtState/pocom (``people/{a-z}/{id}.xml``)."""

    pocom_id: str
    surname: str
    forename: str | None = None
    genname: str | None = None  # "Jr."
    altnames: tuple[str, ...] = ()
    old_ids: tuple[str, ...] = ()
    birth: str | None = None  # xsd:gYear
    death: str | None = None
    career_type: str | None = None  # career | non-career | pre-1915 | both

    @property
    def label(self) -> str:
        """The name in the people data's style: "Surname, Forenames[, Jr.]"."""
        return ", ".join(p for p in (self.surname, self.forename, self.genname) if p)


class AppointmentKind(str, Enum):
    PRINCIPAL = "principal"  # a Department post (positions-principals)
    COUNTRY_CHIEF = "country-chief"  # chief of mission to a country (missions-countries)
    ORG_CHIEF = "org-chief"  # chief of mission to an organisation (missions-orgs)


# The role title whose dates mean "Began/Ended Service" rather than credentials (NOTES §3.7).
CHARGE_AD_INTERIM = "charge-daffaires-ad-interim"
DATE_FIELDS = ("appointed", "arrived", "started", "ended")


@dataclass(frozen=True, slots=True)
class PocomDate:
    """One of appointed/arrived/started/ended: the date as given and its qualifying note."""

    value: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY, never padded
    note: str | None = None  # "Left post on", "Presented recall on", …


@dataclass(frozen=True, slots=True)
class Appointment:
    """One ``principal`` or ``chief``: a person in a post or mission, with its dates.

    ``file_id`` is the position or mission id; appointment ids are unique only within a
    file (some repeat across files, NOTES §3.8).  ``effective_start``/``effective_end`` are ``YYYY-MM-DD``
    strings for "who held X on D" tests (see ``close_intervals``).
    """

    kind: AppointmentKind
    file_id: str
    appointment_id: str
    person_id: str  # resolved through old-ids; may still be unknown to pocom
    role_title_id: str
    appointed: PocomDate = PocomDate()
    arrived: PocomDate = PocomDate()
    started: PocomDate = PocomDate()
    ended: PocomDate = PocomDate()
    note: str | None = None
    contemporary_territory_id: str | None = None  # chiefs: the host state at the time
    effective_start: str | None = None
    effective_end: str | None = None
    closed_by: str | None = None  # key of the successor whose start closes an empty `ended`
    key: str = ""  # unique within the file: the id, suffixed "-2", "-3" … where pocom repeats it

    @property
    def iri_key(self) -> str:
        return self.key or self.appointment_id

    @property
    def start(self) -> str | None:
        """The start as given (not widened): the first non-empty of started, arrived, appointed."""
        return self.started.value or self.arrived.value or self.appointed.value

    @property
    def is_charge_ad_interim(self) -> bool:
        return self.role_title_id == CHARGE_AD_INTERIM

    def holds_on(self, day: str) -> bool:
        """True when ``day`` (YYYY-MM-DD) lies in the effective interval."""
        return in_interval(day, self.effective_start, self.effective_end)


def close_intervals(holders: Sequence[Appointment], *, concurrent: bool = False) -> tuple[Appointment, ...]:
    """Set the effective interval of each holder of one chronological list (NOTES §3.7).

    Start: the first non-empty of started, arrived, appointed, widened to its first day.
    End: ``ended`` widened to its last day; when ``ended`` is empty, the start of the next
    holder who starts on or after this one (lists are chronological but 6 entries are out
    of order, hence "next later start", not "next entry").  Only a holder no one follows
    stays open.  ``concurrent`` lists (ranks held by many at once) are never closed by a
    successor: the next name on the list is a colleague, not a successor.
    """
    starts = [widen_start(h.start) if h.start else None for h in holders]
    out: list[Appointment] = []
    for i, holder in enumerate(holders):
        start, end, closed_by = starts[i], None, None
        if holder.ended.value:
            end = widen_end(holder.ended.value)
        elif not concurrent:
            for j in range(i + 1, len(holders)):
                if starts[j] is not None and (start is None or starts[j] >= start):
                    end, closed_by = starts[j], holders[j].iri_key
                    break
        out.append(replace(holder, effective_start=start, effective_end=end, closed_by=closed_by))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Position:
    """A Department post (``positions-principals/{id}.xml``) and its holders in order."""

    position_id: str
    label: str  # names/singular: "Legal Adviser"
    category: str | None = None  # role-category code ("assistant-secretary-or-equiv")
    alternates: tuple[str, ...] = ()
    start_year: str | None = None
    end_year: str | None = None
    description: str | None = None
    holders: tuple[Appointment, ...] = ()


@dataclass(frozen=True, slots=True)
class Mission:
    """A US mission to a country (``territory_id``) or an organisation, and its chiefs."""

    mission_id: str  # territory id for a country, org-mission id otherwise
    kind: AppointmentKind  # COUNTRY_CHIEF or ORG_CHIEF
    label: str | None = None  # org missions only: names/singular
    description: str | None = None
    notes: tuple[str, ...] = ()  # mission-note texts: breaks in relations and the like
    holders: tuple[Appointment, ...] = ()

    @property
    def territory_id(self) -> str | None:
        return self.mission_id if self.kind is AppointmentKind.COUNTRY_CHIEF else None


@dataclass(frozen=True, slots=True)
class Role:
    """A chief-of-mission role title (``roles-country-chiefs/{id}.xml``)."""

    role_id: str
    label: str  # "Ambassador Extraordinary and Plenipotentiary"


@dataclass(frozen=True, slots=True)
class CodeItem:
    value: str
    label: str
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class CodeTable:
    """A pocom code table (``code-tables/*.xml``): an enumeration with labels."""

    name: str
    items: tuple[CodeItem, ...]


# --- milestones ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Event:
    """One milestone essay (a TEI ``div type="section"``) read as a historical event.

    Section ids are unique only within their chapter (``foreword`` recurs, and so do
    ``haiti``, ``panama-canal`` …), so ``event_id`` joins chapter and section id.
    """

    chapter: str  # "1961-1968"
    milestone_id: str  # "bay-of-pigs"
    title: str
    begin: str | None = None  # partial ISO, as stated: "1961-04"
    end: str | None = None
    expressed: str | None = None  # the date as printed: "April 1961–October 1962"
    tags: tuple[str, ...] = ()

    @property
    def event_id(self) -> str:
        return f"{self.chapter}-{self.milestone_id}"

    @property
    def url(self) -> str:
        return f"https://history.state.gov/milestones/{self.chapter}/{self.milestone_id}"


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag of the Office of the Historian's subject taxonomy."""

    tag_id: str
    label: str
    definition: str | None = None
