"""Reader of HistoryAtState/milestones (TEI chapters) and of the subject taxonomy (tags).

Each ``div type="section"`` of a chapter is one event: its ``xml:id`` slug, its heading
(the title), the date span the heading states, and its ``ana`` tags.

The span comes from the heading's ``date`` elements when it has any (earliest start to
latest end over all of them: "Barbary Wars, 1801–1805 and 1815–1816"); otherwise from
the last date expression of the heading text ("…, April 1961–October 1962").  A decade
("the 1930s") spans its ten years.  For each
``date`` element the printed text wins over the attributes when it parses, because the
attributes were sometimes left at the first year ("1793–1794" carries ``when="1793"``).
A heading without any date ("The 1967 Arab-Israeli War" has one; "China Policy" none)
gives an event without dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Problem
from .records import Event, Tag, widen_end, widen_start
from .xmlfiles import child_text, parse, text

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "1961", "April 1961", "August 17, 1982", optionally "– [Month [d, ]]YY[YY]"
_SPAN = re.compile(
    rf"(?:(?P<m1>{_MONTH})\s+(?:(?P<d1>\d{{1,2}}),\s*)?)?(?P<y1>\b\d{{4}})\b"
    rf"(?:\s*[–—-]\s*(?:(?P<m2>{_MONTH})\s+(?:(?P<d2>\d{{1,2}}),\s*)?)?(?P<y2>\d{{4}}|\d{{2}})\b)?")
# "1890s", "1880s/1890s": a decade runs from its year 0 to its year 9
_DECADES = re.compile(r"(?P<first>\d{3})0s(?:\s*[/–—-]\s*(?P<last>\d{3})0s)?")
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def iter_events(milestones_dir: Path, problems: list[Problem] | None = None) -> Iterator[Event]:
    """Every section of every chapter under ``milestones_dir`` (``chapters/*.xml`` or flat)."""
    problems = problems if problems is not None else []
    chapters = sorted(milestones_dir.glob("chapters/*.xml")) or sorted(milestones_dir.glob("*.xml"))
    for path in chapters:
        try:
            root = parse(path)
        except InputError as exc:
            problems.append(Problem(exc.problem, document=str(path)))
            continue
        for div in root.iter(f"{TEI}div"):
            if div.get("type") != "section":
                continue
            event = _event(path.stem, div)
            if event is None:
                problems.append(Problem("a section without xml:id or heading skipped", document=str(path)))
            else:
                yield event


def _event(chapter: str, div: etree._Element) -> Event | None:
    head = div.find(f"{TEI}head")
    milestone_id, title = div.get(XML_ID), text(head)
    if not milestone_id or head is None or not title:
        return None
    begin, end, expressed = _head_span(head, title)
    return Event(chapter=chapter, milestone_id=milestone_id, title=title, begin=begin, end=end,
                 expressed=expressed, tags=tuple(dict.fromkeys((div.get("ana") or "").split())))


def _head_span(head: etree._Element, title: str) -> tuple[str | None, str | None, str | None]:
    """(begin, end, the date as printed) stated by a heading."""
    spans: list[tuple[str, str, str]] = []
    for elem in head.iter(f"{TEI}date"):
        printed = text(elem) or ""
        span = parse_span(printed)
        if span is None:
            start = elem.get("when") or elem.get("from") or elem.get("notBefore")
            stop = elem.get("when") or elem.get("to") or elem.get("notAfter") or start
            if start and _ISO.match(start) and stop and _ISO.match(stop):
                span = (start, stop)
        if span is not None:
            spans.append((*span, printed.strip("() ")))
    if not spans:
        matches = list(_SPAN.finditer(title))
        if not matches:
            return None, None, None
        last = matches[-1]
        return (*_span_of(last), last.group(0))
    # compare the days they can mean: "1961" starts before "1961-04" and ends after it
    begin = min((s[0] for s in spans), key=widen_start)
    end = max((s[1] for s in spans), key=widen_end)
    return begin, end, "; ".join(dict.fromkeys(s[2] for s in spans if s[2]))


def parse_span(printed: str) -> tuple[str, str] | None:
    """("1961-04", "1962-10") for "April 1961–October 1962"; None unless the whole text is a date."""
    printed = printed.strip().strip("()")
    decades = _DECADES.fullmatch(printed)
    if decades:
        return f"{decades['first']}0", f"{decades['last'] or decades['first']}9"
    m = _SPAN.fullmatch(printed)
    return _span_of(m) if m else None


def _span_of(m: re.Match[str]) -> tuple[str, str]:
    begin = _iso(m["y1"], m["m1"], m["d1"])
    if not m["y2"]:
        return begin, begin
    y2 = m["y2"] if len(m["y2"]) == 4 else m["y1"][:2] + m["y2"]  # "1974–75"
    return begin, _iso(y2, m["m2"], m["d2"])


def _iso(year: str, month: str | None, day: str | None) -> str:
    if not month:
        return year
    value = f"{year}-{_MONTHS[month.lower()]:02d}"
    return f"{value}-{int(day):02d}" if day else value


def read_taxonomy(path: Path) -> dict[str, Tag]:
    """Every tag and category of the subject taxonomy (``taxonomy/taxonomy.xml``) by id."""
    root = parse(path)
    tags: dict[str, Tag] = {}
    for elem in root.iter("tag", "category"):
        tag_id, label = child_text(elem, "id"), child_text(elem, "label")
        if tag_id and label:
            tags.setdefault(tag_id, Tag(tag_id, label, child_text(elem, "definition")))
    return tags
