"""The IRI patterns of frus-kg, all under one configurable base.

Every pattern is documented in ontology/README.md.  Documents are named from the
volume id and the document's xml:id, never from the printed number alone (FRUS
renumbered documents in 52 volumes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .textutil import slug
from .vocab import DEFAULT_BASE

HSG = "https://history.state.gov/historicaldocuments/"
VOLUME_ID = re.compile(r"^frus[0-9A-Za-z-]+$")
_NOTE_REF = re.compile(r"^(?P<doc>d\d+\w*?)fn(?P<n>\w+)$")


_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]*$")


def _seg(value: str) -> str:
    """A path segment, percent-encoded where needed (most ids need nothing)."""
    return value if _SAFE_SEGMENT.match(value) else quote(value, safe="-._~")


@dataclass(frozen=True, slots=True)
class Iris:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", self.base):
            raise ValueError(f"base IRI must be http(s) and end with '/' or '#': {self.base!r}")

    # volumes, pages, documents
    def volume(self, vol: str) -> str:
        return f"{self.base}volume/{_seg(vol)}"

    def page(self, vol: str, n: str) -> str:
        return f"{self.volume(vol)}/page/{_seg(n)}"

    def document(self, vol: str, doc: str) -> str:
        return f"{self.base}document/{_seg(vol)}/{_seg(doc)}"

    def footnote(self, doc_iri: str, n: str) -> str:
        return f"{doc_iri}/note/{_seg(n)}"

    def part(self, doc_iri: str, *segments: str) -> str:
        """A node that only exists within one document (date, event, role, citation)."""
        return "/".join([doc_iri, *(_seg(s) for s in segments)])

    # actors, places, terms
    def listed_person(self, vol: str, local_id: str) -> str:
        return f"{self.volume(vol)}/person/{_seg(local_id)}"

    def unlisted_person(self, doc_iri: str, name: str) -> str:
        return f"{doc_iri}/person/{slug(name)}"

    def organization(self, name: str) -> str:
        return f"{self.base}organization/{slug(name)}"

    def place(self, name: str) -> str:
        return f"{self.base}place/{slug(name)}"

    def term(self, vol: str, local_id: str) -> str:
        return f"{self.volume(vol)}/term/{_seg(local_id)}"

    def term_scheme(self, vol: str) -> str:
        return f"{self.volume(vol)}/terms"

    # authorities: one identity per person across volumes, posts, appointments, events
    def person(self, hsg_people_id: str) -> str:
        """A person of the Office of the Historian's people data (e.g. 111738, Dean Rusk)."""
        return f"{self.base}person/{_seg(hsg_people_id)}"

    def pocom_person(self, pocom_id: str) -> str:
        """A pocom person with no people record (mostly post-2016 appointees)."""
        return f"{self.base}person/pocom/{_seg(pocom_id)}"

    def position(self, position_id: str) -> str:
        """A Department post (pocom principal position, e.g. legal-adviser)."""
        return f"{self.base}position/{_seg(position_id)}"

    def mission(self, mission_id: str) -> str:
        """A US mission to a country or an international organisation (pocom)."""
        return f"{self.base}mission/{_seg(mission_id)}"

    def appointment(self, file_id: str, appointment_id: str) -> str:
        """One dated appointment; pocom appointment ids are unique only within their file."""
        return f"{self.base}appointment/{_seg(file_id)}/{_seg(appointment_id)}"

    def event(self, milestone_id: str) -> str:
        """A historical event (an Office of the Historian milestone, e.g. bay-of-pigs)."""
        return f"{self.base}event/{_seg(milestone_id)}"

    def tag(self, tag_id: str) -> str:
        return f"{self.base}tag/{_seg(tag_id)}"

    # archival record sets
    def record_set(self, keys: list[str]) -> str:
        return f"{self.base}recordset/" + "/".join(_seg(k) for k in keys)

    # graphs
    def graph(self, vol: str) -> str:
        return f"{self.base}graph/{_seg(vol)}"

    def document_graph(self, vol: str, doc: str) -> str:
        """A document converted on its own (from page text) has a graph of its own."""
        return f"{self.graph(vol)}/{_seg(doc)}"

    def provenance_graph(self, graph: str) -> str:
        return f"{graph}/provenance"

    def ref_target(self, vol: str, target: str) -> tuple[str, str] | None:
        """Resolve a TEI ref target to (kind, IRI): kind is document, note, page or volume."""
        target = target.strip()
        if target.startswith(("http://", "https://")):
            return ("external", target)
        other, _, frag = target.partition("#")
        volume = other or vol
        if not VOLUME_ID.match(volume):
            return None
        if not frag:
            return ("volume", self.volume(volume))
        if frag.startswith("pg_"):
            return ("page", self.page(volume, frag[3:]))
        m = _NOTE_REF.match(frag)
        if m:
            return ("note", self.footnote(self.document(volume, m.group("doc")), m.group("n")))
        if re.match(r"^d\d+\w*$", frag):
            return ("document", self.document(volume, frag))
        return None


def hsg_document(vol: str, doc: str) -> str:
    return f"{HSG}{_seg(vol)}/{_seg(doc)}"


def hsg_volume(vol: str) -> str:
    return f"{HSG}{_seg(vol)}"


def hsg_page(vol: str, n: str) -> str:
    return f"{HSG}{_seg(vol)}/pg_{_seg(n)}"
