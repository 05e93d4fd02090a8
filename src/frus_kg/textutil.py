"""Small text helpers shared by the readers: whitespace, slugs, message numbers."""

from __future__ import annotations

import re
import unicodedata

_SLUG_DROP = re.compile(r"[^a-z0-9._-]+")

# "1661. Re Depcirtel 1662." / "518. Embtel 506." / "A–315" / "Tosec 12."
MESSAGE_NUMBER = re.compile(
    r"^\s*(?:No\.\s*)?(?P<num>(?:[A-Z]{1,3}[-–])?\d{1,5}(?:[-–]\d{1,5})?)\s*(?:\.\]?|\]|$)"
)
MESSAGE_REF = re.compile(  # the lookahead lets the scan skip most positions cheaply
    r"\b(?=[RDECPTSUMOA])(?:Re\s+)?(?P<kind>Depcirtel|Depcirairgram|Deptel|Embtel|Contel|Circtel|Cirtel|Polto|Tosec|Secto|"
    r"Usun|Mytel|Ourtel|Urtel|Deptcirtel|Embdesp|Desp|Depairgram|Airgram|CA)\s+(?P<num>[A-Z]?-?\d{1,5})",
)


def norm(text: str | None) -> str:
    """Collapse runs of whitespace (TEI wraps text inside names) and trim."""
    return " ".join((text or "").split())


def slug(text: str) -> str:
    """A URL-safe, stable path segment for a printed name."""
    dashed = re.sub(r"[\u2010-\u2015]", "-", text)  # before ASCII folding drops the dashes
    ascii_text = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode()
    s = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-.")
    return re.sub(r"-{2,}", "-", s) or "x"


def message_number(first_paragraph: str) -> str | None:
    """The telegram/airgram/despatch number that opens a message, if any."""
    m = MESSAGE_NUMBER.match(first_paragraph)
    return m.group("num").replace("–", "-") if m else None


def message_refs(text: str) -> list[str]:
    """References to other messages ("Depcirtel 1662", "Embtel 506"), in order, unique."""
    seen: dict[str, None] = {}
    for m in MESSAGE_REF.finditer(text):
        seen.setdefault(f"{m.group('kind')} {m.group('num')}", None)
    return list(seen)
