"""Which historical events (Office of the Historian milestones) a document concerns.

A milestone is found in a document when its name is printed there — in the title, the
subject lines, the source note's summary or a footnote ("the Bay of Pigs operation") —
and the document is not dated before the event's year.  The name comes from the
milestone's title ("The Bay of Pigs Invasion and its Aftermath, April 1961–October
1962" → "Bay of Pigs Invasion"); a generic last word ("Invasion", "Crisis") may be left
out when at least two distinctive words remain ("Bay of Pigs").  One-word names ("The
Congo") are too common to be evidence and are not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document
from .records import Event

_DATE_TAIL = re.compile(r",?\s*(?:(?:[A-Z][a-z]+\s+)?\d{4}\s*[–-]\s*(?:[A-Z][a-z]+\s+)?\d{2,4}|"
                        r"(?:[A-Z][a-z]+\s+)?\d{4})\s*$")
_CUT = re.compile(r",|:|\s+and\s+(?:its|the)\b|\s+and\s+")
_GENERIC = frozenset({"invasion", "crisis", "war", "operation", "affair", "incident", "conflict"})
_FUNCTION = frozenset({"of", "the", "and", "in", "on", "to", "for", "a"})


@dataclass(frozen=True, slots=True)
class IndexedEvent:
    event_id: str  # chapter + section id, as Iris.event takes it ("1961-1968-bay-of-pigs")
    title: str
    cues: tuple[str, ...]  # names that, printed in a document, mean this event
    begin_year: int | None

    @classmethod
    def of(cls, event: Event) -> IndexedEvent:
        year = int(event.begin[:4]) if event.begin and event.begin[:4].isdigit() else None
        return cls(event.event_id, event.title, cues(event.title), year)


def cues(title: str) -> tuple[str, ...]:
    """The names a milestone's title gives its event, most specific first."""
    name = _CUT.split(_DATE_TAIL.sub("", title.strip()), maxsplit=1)[0].strip()
    name = re.sub(r"^The\s+", "", name)
    words = name.split()
    if len([w for w in words if w.lower() not in _FUNCTION]) < 2:
        return ()
    found = [name]
    if words[-1].lower() in _GENERIC and len([w for w in words[:-1] if w.lower() not in _FUNCTION]) >= 2:
        found.append(" ".join(words[:-1]))
    return tuple(found)


def _pattern(cue: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\s+".join(map(re.escape, cue.split())) + r"\b", re.IGNORECASE)


class EventFinder:
    """Finds the events of an index in documents (patterns compiled once)."""

    def __init__(self, events: list[IndexedEvent]) -> None:
        self._patterns = [(e, [_pattern(c) for c in e.cues]) for e in events if e.cues]

    def find(self, doc: Document) -> list[tuple[IndexedEvent, str]]:
        """(event, where) pairs: where is "document" or the footnote number that names it."""
        year = _year(doc)
        places = [("document", " ".join([doc.title or "", *doc.subjects,
                                         (doc.source_note.summary or "") if doc.source_note else ""]))]
        places += [(note.number, note.text) for note in doc.footnotes if not note.is_source]
        found: list[tuple[IndexedEvent, str]] = []
        for event, patterns in self._patterns:
            if year is not None and event.begin_year is not None and year < event.begin_year:
                continue  # a document cannot concern an event that had not begun
            for where, text in places:
                if any(p.search(text) for p in patterns):
                    found.append((event, where))
        return found


def _year(doc: Document) -> int | None:
    if doc.date is None or not doc.date.latest[:4].isdigit():
        return None
    return int(doc.date.latest[:4])
