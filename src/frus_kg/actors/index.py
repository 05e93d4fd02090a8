"""The resolution index: FRUS persons-list keys → people ids, and a name index for scoring.

* ``keys``: (volume id, persons-list xml:id) → hsg people id, built from
  ``names/originals/original/source-url`` only (49,343 keys in the full data, NOTES §2.2).
* ``persons``: each person's label, life years, pocom ids and appointments (post, role,
  effective interval), so a resolver can score candidates by document date and office.
  People records are keyed by their hsg id ("111738"); pocom people with no people record
  by ``pocom:{id}`` (they get ``Iris.pocom_person`` IRIs).
* ``surnames``: folded surname → person ids (NOTES §5.3: the part before the comma of
  "Surname, Forenames", its tokens for compound surnames, the last token otherwise).

The index is saved as one gzipped JSON file and loads without touching the XML.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Problem
from ..write import atomic_path
from .pocom import Pocom
from .events import IndexedEvent
from .records import Appointment, Key, PersonRecord, in_interval

FORMAT = "frus-kg/authority-index"
VERSION = 2  # 2: milestones for event linking
POCOM_PREFIX = "pocom:"

_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|v)$")
# particles that are not a surname on their own ("de Gaulle", "van Zeeland")
_PARTICLES = frozenset({"de", "del", "della", "der", "di", "da", "do", "dos", "du", "la", "le", "van", "von", "y"})
_NOT_NAME = re.compile(r"[^a-z'\- ]+")


def fold(text: str) -> str:
    """Lower case, accents and punctuation other than ' and - removed, spaces collapsed."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(_NOT_NAME.sub(" ", ascii_text.lower()).split())


def surnames_of(name: str) -> set[str]:
    """The folded surnames a printed name can be cited by."""
    if "," in name:
        family = fold(name.split(",", 1)[0])
        tokens = [t for t in family.split() if t not in _PARTICLES]
        return {s for s in (family, *tokens) if s}
    tokens = [t for t in fold(name).split() if not _SUFFIX.match(t)]
    return {tokens[-1]} if tokens else set()


@dataclass(frozen=True, slots=True)
class Held:
    """An appointment as the index keeps it (dates are effective, YYYY-MM-DD)."""

    kind: str  # principal | country-chief | org-chief
    post: str  # position id, or mission id for chiefs
    role: str  # role title id
    start: str | None
    end: str | None

    def holds_on(self, day: str) -> bool:
        return in_interval(day, self.start, self.end)

    @classmethod
    def of(cls, a: Appointment) -> Held:
        return cls(a.kind.value, a.file_id, a.role_title_id, a.effective_start, a.effective_end)


@dataclass(frozen=True, slots=True)
class IndexedPerson:
    person_id: str
    label: str
    birth: str | None = None
    death: str | None = None
    pocom_ids: tuple[str, ...] = ()
    appointments: tuple[Held, ...] = ()

    def held_on(self, day: str) -> list[Held]:
        return [h for h in self.appointments if h.holds_on(day)]


@dataclass(slots=True)
class AuthorityIndex:
    keys: dict[Key, str] = field(default_factory=dict)
    persons: dict[str, IndexedPerson] = field(default_factory=dict)
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # post, mission and role ids → labels
    events: list[IndexedEvent] = field(default_factory=list)  # milestones, for event linking

    def resolve(self, volume_id: str, local_id: str) -> str | None:
        """The people id a FRUS ``persName/@corresp`` (without '#') denotes in a volume."""
        return self.keys.get((volume_id, local_id))

    def candidates(self, surname: str) -> list[IndexedPerson]:
        """People who can be cited by this surname (accents and case ignored)."""
        return [self.persons[p] for p in self.surnames.get(fold(surname), ())]

    def describe(self, held: Held) -> str:
        """A readable title: "Legal Adviser" or "Ambassador Extraordinary … (dominican-republic)"."""
        role = self.labels.get(held.role, held.role)
        return role if held.kind == "principal" else f"{role} ({held.post})"

    # --- file --------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index as gzipped JSON, atomically."""
        by_volume: dict[str, dict[str, str]] = {}
        for (vol, local), pid in sorted(self.keys.items()):
            by_volume.setdefault(vol, {})[local] = pid
        data = {
            "format": FORMAT,
            "version": VERSION,
            "keys": by_volume,
            "persons": {p.person_id: [p.label, p.birth, p.death, list(p.pocom_ids),
                                      [[h.kind, h.post, h.role, h.start, h.end] for h in p.appointments]]
                        for p in self.persons.values()},
            "surnames": {s: list(ids) for s, ids in sorted(self.surnames.items())},
            "labels": dict(sorted(self.labels.items())),
            "events": [[e.event_id, e.title, list(e.cues), e.begin_year] for e in self.events],
        }
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with atomic_path(path) as tmp, tmp.open("wb") as raw:
            # no file name, mtime 0: the same data always gives the same bytes
            with gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=0) as fh:
                fh.write(payload)

    @classmethod
    def load(cls, path: Path) -> AuthorityIndex:
        with gzip.open(path, "rb") as fh:
            data = json.loads(fh.read())
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError(f"{path}: not a frus-kg authority index (version {VERSION})")
        return cls(
            keys={(vol, local): pid for vol, ids in data["keys"].items() for local, pid in ids.items()},
            persons={pid: IndexedPerson(pid, label, birth, death, tuple(pocom_ids),
                                        tuple(Held(*h) for h in held))
                     for pid, (label, birth, death, pocom_ids, held) in data["persons"].items()},
            surnames={s: tuple(ids) for s, ids in data["surnames"].items()},
            labels=data["labels"],
            events=[IndexedEvent(eid, title, tuple(cues), year) for eid, title, cues, year in data["events"]],
        )


@dataclass(slots=True)
class IndexBuilder:
    """Collects people records one by one (as they stream past), then adds pocom."""

    pocom: Pocom
    problems: list[Problem] = field(default_factory=list)
    _index: AuthorityIndex = field(default_factory=AuthorityIndex)
    _names: dict[str, set[str]] = field(default_factory=dict)
    _linked: dict[str, str] = field(default_factory=dict)  # current pocom id → hsg id

    def linked_pocom_ids(self, record: PersonRecord) -> tuple[str, ...]:
        """The record's pocom ids, resolved through old ids; dangling ones are reported."""
        out: list[str] = []
        for given in record.pocom_ids:
            current = self.pocom.resolve(given)
            if current is None:
                self.problems.append(Problem(f"pocom id {given!r} no longer exists", document=record.hsg_id))
            else:
                out.append(current)
        return tuple(dict.fromkeys(out))

    def add(self, record: PersonRecord, pocom_ids: tuple[str, ...]) -> None:
        """Index one record; ``pocom_ids`` as returned by ``linked_pocom_ids``."""
        for key in record.keys:
            owner = self._index.keys.setdefault(key, record.hsg_id)
            if owner != record.hsg_id:
                self.problems.append(Problem(f"key {key} already belongs to {owner}", document=record.hsg_id))
        for pocom_id in pocom_ids:
            owner = self._linked.setdefault(pocom_id, record.hsg_id)
            if owner != record.hsg_id:
                self.problems.append(Problem(f"pocom id {pocom_id!r} already linked to {owner}",
                                             document=record.hsg_id))
        self._index.persons[record.hsg_id] = IndexedPerson(
            record.hsg_id, record.preferred, record.birth_year, record.death_year, pocom_ids)
        self._names[record.hsg_id] = {s for name in record.name_forms for s in surnames_of(name)}

    def hsg_id_of(self, pocom_id: str) -> str | None:
        """The people record linked to a (current) pocom id, once every record was added."""
        return self._linked.get(pocom_id)

    def build(self) -> AuthorityIndex:
        index, pocom = self._index, self.pocom
        held: dict[str, list[Held]] = {}
        for appointment in pocom.appointments():
            held.setdefault(appointment.person_id, []).append(Held.of(appointment))
        for pid, person in list(index.persons.items()):
            appointments = tuple(h for p in person.pocom_ids for h in held.get(p, ()))
            if appointments:
                index.persons[pid] = IndexedPerson(pid, person.label, person.birth, person.death,
                                                   person.pocom_ids, appointments)
        for pocom_id, p in pocom.people.items():
            if pocom_id in self._linked:
                continue
            pid = POCOM_PREFIX + pocom_id
            index.persons[pid] = IndexedPerson(pid, p.label, p.birth, p.death, (pocom_id,),
                                               tuple(held.get(pocom_id, ())))
            self._names[pid] = surnames_of(p.label) | {s for n in p.altnames for s in surnames_of(n)}
        surnames: dict[str, list[str]] = {}
        for pid, names in self._names.items():
            for surname in names:
                surnames.setdefault(surname, []).append(pid)
        index.surnames = {s: tuple(sorted(ids)) for s, ids in surnames.items()}
        index.labels = _labels(pocom)
        return index


def _labels(pocom: Pocom) -> dict[str, str]:
    labels = {p.position_id: p.label for p in pocom.positions.values()}
    labels.update((m.mission_id, m.label) for m in pocom.missions.values() if m.label)
    labels.update((r.role_id, r.label) for r in pocom.roles.values())
    return labels


def build_index(records: Iterable[PersonRecord], pocom: Pocom) -> AuthorityIndex:
    """The index of a whole people folder and pocom (the importer builds it while streaming)."""
    builder = IndexBuilder(pocom)
    for record in records:
        builder.add(record, builder.linked_pocom_ids(record))
    return builder.build()
