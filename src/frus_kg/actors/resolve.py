"""Resolution of the agents a document names to the one identity of each person.

A persons-list entry (``persName/@corresp``) resolves through the people data's
(volume, xml:id) keys.  Every resolution records its method and score; an agent the
resolver cannot place stays a mention of its document.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import AgentKind, AgentRef, Document, Role
from .index import POCOM_PREFIX, AuthorityIndex

KEY_METHOD = "persons-list-key"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name in a document denotes, how that was decided, and how sure it is."""

    person_id: str | None  # hsg people id, or "pocom:<id>"; None when unresolved
    method: str
    score: float
    candidates: tuple[tuple[str, float], ...] = ()  # (person id, score), best first

    @property
    def is_pocom(self) -> bool:
        return bool(self.person_id and self.person_id.startswith(POCOM_PREFIX))


class Resolver:
    """Resolves the persons of one volume's documents against the authority index."""

    def __init__(self, index: AuthorityIndex, volume_id: str) -> None:
        self.index, self.volume_id = index, volume_id

    def person(self, doc: Document, ref: AgentRef, role: Role) -> Resolution | None:
        if ref.kind is not AgentKind.PERSON:
            return None
        if ref.local_id:
            person = self.index.resolve(self.volume_id, ref.local_id)
            if person is not None:
                return Resolution(person, KEY_METHOD, 1.0)
        return None
