"""Reader of HistoryAtState/people: one ``PersonRecord`` per ``{id}.xml``, streamed.

Each name form, title and remark keeps where it is printed: FRUS persons-list URLs
(``…/historicaldocuments/{vol}/persons#{xmlid}``) become (volume, xml:id) keys, every other
source URL (pocom, visits, presidents) is kept as given.  Quirks handled: the one record
with ``title-from-name`` instead of ``title``; the one without ``titles-from-name``; empty
``alternates``, VIAF and year slots; a file that cannot be read is recorded and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Problem
from .records import Key, PersonRecord, Printed
from .xmlfiles import child_text, parse, text, texts

_FRUS_URL = re.compile(r"^https://history\.state\.gov/historicaldocuments/(?P<vol>[^/#]+)/persons#(?P<id>.+)$")
_YEAR = re.compile(r"^-?\d{4}$")
_VIAF = re.compile(r"^\d+$")


def iter_people(people_dir: Path, problems: list[Problem] | None = None) -> Iterator[PersonRecord]:
    """Every person record under ``people_dir`` (searched recursively), in id order.

    Files that cannot be read, and values that do not fit their slot, are reported in
    ``problems`` (the record is skipped, or the value dropped) rather than raised.
    """
    problems = problems if problems is not None else []
    for path in sorted(people_dir.rglob("*.xml"), key=lambda p: p.name):
        try:
            record = read_person(path, problems)
        except InputError as exc:
            problems.append(Problem(exc.problem, document=str(path)))
            continue
        yield record


def read_person(path: Path, problems: list[Problem]) -> PersonRecord:
    root = parse(path)
    hsg_id = child_text(root, "id")
    if root.tag != "person" or not hsg_id:
        raise InputError(str(path), "not a people record (no person/id)")
    preferred = child_text(root, "names/preferred/name")
    if not preferred:
        raise InputError(str(path), "the record has no preferred name")

    def checked(value: str | None, pattern: re.Pattern[str], what: str) -> str | None:
        if value and not pattern.match(value):
            problems.append(Problem(f"{what} {value!r} dropped", document=hsg_id))
            return None
        return value

    return PersonRecord(
        hsg_id=hsg_id,
        preferred=preferred,
        names=_printed(root, "names/originals/original"),
        alternates=texts(root, "names/alternates/name"),
        # one record spells the element title-from-name
        titles=_printed(root, "names/titles-from-name/*"),
        remarks=_printed(root, "remarks/remark", "p"),
        birth_year=checked(child_text(root, "birth-year"), _YEAR, "birth year"),
        death_year=checked(child_text(root, "death-year"), _YEAR, "death year"),
        viaf=checked(child_text(root, "authorities/authority[@service='viaf']"), _VIAF, "VIAF id"),
    )


def _printed(root: etree._Element, path: str, text_child: str = "name") -> tuple[Printed, ...]:
    out: list[Printed] = []
    for elem in root.iterfind(path):
        value = text(elem.find(text_child))
        if not value:
            continue
        keys: list[Key] = []
        urls: list[str] = []
        # one source-url holds two URLs separated by a space (record 105686)
        for url in (u for value in texts(elem, "source-url") for u in value.split()):
            m = _FRUS_URL.match(url)
            if m:
                keys.append((m["vol"], m["id"]))
            else:
                urls.append(url)
        out.append(Printed(value, tuple(dict.fromkeys(keys)), tuple(dict.fromkeys(urls))))
    return tuple(out)
