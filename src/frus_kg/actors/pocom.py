"""Reader of HistoryAtState/pocom: people, Department posts, missions, role titles, code tables.

Quirks handled (NOTES §3, §4):

* person ids renamed in pocom are resolved through ``old-ids/old-id`` — on the people
  side (43 stale links) and in appointments (a ``third-assistant-secretary`` principal
  names a person only by an old id); an id that resolves to nobody is kept and reported;
* appointment ids repeat across files, so an appointment is always (file id, id);
* ``mission-note`` entries interleaved with holders are kept as mission notes;
* ``other-nominees``/``other-appointees`` never served and are not read;
* ``people-pending`` (unpublished) is not read.

Each holder list gets its effective intervals from ``records.close_intervals``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lxml import etree

from ..errors import InputError
from ..model import Problem
from .records import (
    DATE_FIELDS,
    Appointment,
    AppointmentKind,
    CodeItem,
    CodeTable,
    Mission,
    PocomDate,
    PocomPerson,
    Position,
    Role,
    close_intervals,
    is_partial_date,
)
from .xmlfiles import child_text, parse, texts

T = TypeVar("T")

# Ranks many hold at once (62 career ambassadors, several ambassadors at large): the next
# name on these lists is a colleague, not a successor, so it never closes an open term.
CONCURRENT_POSTS = frozenset({"career-ambassador", "ambassador-at-large"})

_YEAR = re.compile(r"^\d{4}$")
# Code-table definitions that are placeholders, not definitions.
_PLACEHOLDER = "Put definition here."


@dataclass(slots=True)
class Pocom:
    """Everything read from a pocom folder."""

    people: dict[str, PocomPerson] = field(default_factory=dict)
    old_ids: dict[str, str] = field(default_factory=dict)  # old id → current id
    positions: dict[str, Position] = field(default_factory=dict)
    missions: dict[str, Mission] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    code_tables: dict[str, CodeTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def resolve(self, person_id: str) -> str | None:
        """The current pocom id for an id or a renamed (old) id; None if pocom has neither."""
        if person_id in self.people:
            return person_id
        return self.old_ids.get(person_id)

    def appointments(self) -> Iterator[Appointment]:
        for position in self.positions.values():
            yield from position.holders
        for mission in self.missions.values():
            yield from mission.holders

    def role_label(self, role_title_id: str) -> str:
        """The title of a role: a chief's role title, else the post or organisation mission
        of that id (principals hold their post's title, org chiefs their mission's)."""
        role = self.roles.get(role_title_id)
        if role is not None:
            return role.label
        position = self.positions.get(role_title_id)
        if position is not None:
            return position.label
        mission = self.missions.get(role_title_id)
        return mission.label if mission is not None and mission.label else role_title_id

    def role_ids(self) -> list[str]:
        """Every role title an appointment uses, in first-use order."""
        return list(dict.fromkeys(a.role_title_id for a in self.appointments()))


def read_pocom(pocom_dir: Path) -> Pocom:
    """Read a pocom folder (as laid out in HistoryAtState/pocom)."""
    pocom = Pocom()

    def read_all(pattern: str, read: Callable[[Path], T]) -> Iterator[T]:
        """Every file matching ``pattern``, read; one that cannot be read is reported and skipped."""
        for path in sorted(pocom_dir.glob(pattern)):
            try:
                yield read(path)
            except InputError as exc:
                pocom.problems.append(Problem(exc.problem, document=str(path)))

    # people first: holders are resolved through the old ids they carry
    pocom.people = {p.pocom_id: p for p in read_all("people/*/*.xml", lambda f: _person(f, pocom.problems))}
    for person in pocom.people.values():
        for old in person.old_ids:
            pocom.old_ids.setdefault(old, person.pocom_id)
    pocom.roles = {r.role_id: r for r in read_all("roles-country-chiefs/*.xml", _role)}
    pocom.code_tables = {t.name: t for t in read_all("code-tables/*.xml", _code_table)}
    pocom.positions = {p.position_id: p
                       for p in read_all("positions-principals/*.xml", lambda f: _position(f, pocom))}
    for folder, kind in (("missions-countries", AppointmentKind.COUNTRY_CHIEF),
                         ("missions-orgs", AppointmentKind.ORG_CHIEF)):
        pocom.missions.update((m.mission_id, m)
                              for m in read_all(f"{folder}/*.xml", lambda f, k=kind: _mission(f, k, pocom)))
    return pocom


def _require(root: etree._Element, path: Path, tag: str, id_path: str) -> str:
    value = child_text(root, id_path)
    if root.tag != tag or not value:
        raise InputError(str(path), f"not a pocom {tag} (no {id_path})")
    return value


def _person(path: Path, problems: list[Problem]) -> PocomPerson:
    root = parse(path)
    pocom_id = _require(root, path, "person", "id")
    surname = child_text(root, "persName/surname")
    if not surname:
        raise InputError(str(path), "the person has no surname")

    return PocomPerson(
        pocom_id=pocom_id,
        surname=surname,
        forename=child_text(root, "persName/forename"),
        genname=child_text(root, "persName/genName"),
        altnames=texts(root, "persName/altname"),
        old_ids=texts(root, "old-ids/old-id"),
        birth=_year(root, "birth", pocom_id, problems),
        death=_year(root, "death", pocom_id, problems),
        career_type=child_text(root, "career-type"),
    )


def _year(root: etree._Element, name: str, where: str, problems: list[Problem]) -> str | None:
    value = child_text(root, name)
    if value and not _YEAR.match(value):
        problems.append(Problem(f"{name} {value!r} is not a year; dropped", document=where))
        return None
    return value


def _role(path: Path) -> Role:
    root = parse(path)
    return Role(
        role_id=_require(root, path, "role", "id"),
        label=child_text(root, "names/singular") or path.stem,
    )


def _code_table(path: Path) -> CodeTable:
    root = parse(path)
    items = []
    for item in root.iterfind("items/item"):
        value, label = child_text(item, "value"), child_text(item, "label")
        if value and label:
            definition = child_text(item, "definition")
            items.append(CodeItem(value, label, None if definition == _PLACEHOLDER else definition))
    return CodeTable(_require(root, path, "code-table", "name"), tuple(items))


def _position(path: Path, pocom: Pocom) -> Position:
    root = parse(path)
    position_id = _require(root, path, "principal-position", "id")
    holders = _holders(root.iterfind("principals/principal"), AppointmentKind.PRINCIPAL, position_id, pocom)
    return Position(
        position_id=position_id,
        label=child_text(root, "names/singular") or position_id,
        category=child_text(root, "category"),
        alternates=texts(root, "names/alternate"),
        start_year=_year(root, "start", position_id, pocom.problems),
        end_year=_year(root, "end", position_id, pocom.problems),
        description=child_text(root, "description"),
        holders=close_intervals(holders, concurrent=position_id in CONCURRENT_POSTS),
    )


def _mission(path: Path, kind: AppointmentKind, pocom: Pocom) -> Mission:
    root = parse(path)
    if kind is AppointmentKind.COUNTRY_CHIEF:
        mission_id = _require(root, path, "country-mission", "territory-id")
    else:
        mission_id = _require(root, path, "org-mission", "id")
    holders = _holders(root.iterfind("chiefs/chief"), kind, mission_id, pocom)
    return Mission(
        mission_id=mission_id,
        kind=kind,
        label=child_text(root, "names/singular"),
        description=child_text(root, "description"),
        notes=texts(root, "chiefs/mission-note/text"),
        holders=close_intervals(holders),
    )


def _holders(elems: Iterator[etree._Element], kind: AppointmentKind, file_id: str,
             pocom: Pocom) -> list[Appointment]:
    holders: list[Appointment] = []
    seen: dict[str, int] = {}
    for elem in elems:
        appointment_id = child_text(elem, "id")
        given_person = child_text(elem, "person-id")
        if not appointment_id or not given_person:
            pocom.problems.append(Problem("an appointment without id or person-id skipped", document=file_id))
            continue
        seen[appointment_id] = seen.get(appointment_id, 0) + 1
        key = appointment_id if seen[appointment_id] == 1 else f"{appointment_id}-{seen[appointment_id]}"
        if key != appointment_id:  # ten ids recur within one file; each holding keeps its own node
            pocom.problems.append(Problem(f"appointment id {appointment_id!r} repeated; kept as {key!r}",
                                          document=file_id))
        person_id = pocom.resolve(given_person)
        if person_id is None:
            pocom.problems.append(Problem(f"{appointment_id}: person {given_person!r} is not in pocom",
                                          document=file_id))
        dates = {name: _date(elem, name, f"{file_id}/{appointment_id}", pocom) for name in DATE_FIELDS}
        holders.append(Appointment(
            kind=kind,
            file_id=file_id,
            appointment_id=appointment_id,
            key=key,
            person_id=person_id or given_person,
            role_title_id=child_text(elem, "role-title-id") or file_id,
            note=child_text(elem, "note"),
            contemporary_territory_id=child_text(elem, "contemporary-territory-id"),
            **dates,
        ))
    return holders


def _date(elem: etree._Element, name: str, where: str, pocom: Pocom) -> PocomDate:
    value, note = child_text(elem, f"{name}/date"), child_text(elem, f"{name}/note")
    if value and not is_partial_date(value):
        pocom.problems.append(Problem(f"{name} date {value!r} is not an ISO date; dropped", document=where))
        value = None
    return PocomDate(value, note)
