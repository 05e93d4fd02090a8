"""The linking stage: documents read by any reader, tied to the authority data.

Between reading and mapping, each agent a document names gets its resolution (the one
person it denotes, or a mission/the Department for an institution, with method and
score) and the document gets the historical events it names.  The mapping then only
turns these model fields into triples; it never matches names or searches text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Document
from .events import EventFinder
from .index import AuthorityIndex
from .resolve import Resolver


class Enricher:
    """Resolves agents and finds events for documents, one resolver per volume."""

    def __init__(self, index: AuthorityIndex) -> None:
        self.index = index
        self._events = EventFinder(index.events)
        self._resolvers: dict[str, Resolver] = {}

    def resolver_for(self, volume_id: str) -> Resolver:
        resolver = self._resolvers.get(volume_id)
        if resolver is None:
            resolver = self._resolvers[volume_id] = Resolver(self.index, volume_id)
        return resolver

    def __call__(self, doc: Document) -> Document:
        resolver = self.resolver_for(doc.volume_id)
        for role, ref in doc.agents_in_roles():
            ref.resolution = resolver.person(doc, ref, role)
            ref.body = resolver.institution(doc, ref, role)
        doc.events = [(event.event_id, where) for event, where in self._events.find(doc)]
        return doc


def linked(documents: Iterable[Document], index: AuthorityIndex | None) -> Iterator[Document]:
    """The documents, tied to the authority data when an index is given (else as read)."""
    if index is None:
        yield from documents
        return
    enrich = Enricher(index)
    for doc in documents:
        yield enrich(doc)
