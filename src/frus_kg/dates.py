"""ISO 8601 date values as the readers find them, and their XSD datatypes."""

from __future__ import annotations

import re

_DATETIME = re.compile(
    r"^(?P<hm>-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?P<sec>:\d{2}(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:\d{2})?$")
_KINDS = [
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$"), "date"),
    (re.compile(r"^-?\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^-?\d{4}$"), "gYear"),
]


def xsd_value(value: str) -> tuple[str, str] | None:
    """(lexical form, XSD type name) for an ISO date/dateTime, or None if it is not one.

    xsd:dateTime requires seconds; TEI @when sometimes stops at minutes, so they are added.
    """
    m = _DATETIME.match(value)
    if m:
        return m.group("hm") + (m.group("sec") or ":00") + (m.group("tz") or ""), "dateTime"
    for pattern, kind in _KINDS:
        if pattern.match(value):
            return value, kind
    return None


def is_iso(value: str | None) -> bool:
    return bool(value) and xsd_value(value) is not None
