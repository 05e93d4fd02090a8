"""What the server says about one IRI: its description, the links to it, labels.

Everything here works on the store's indexes (``quads_for_pattern``), not on SPARQL: a
resource page costs a handful of index look-ups, whatever the size of the store, so
pages need no time limit.  The union of all graphs is read, and since Oxigraph returns
a triple once per graph that holds it, every result is deduplicated.

The description of a resource is the set of triples with it as subject, plus one level
into the nodes that exist only inside it (``{iri}/…`` objects such as a document's
``/role/drafter/1``, ``/date``, ``/note/3``, and blank nodes), so a document's
description shows its roles and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote

from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

from ..iris import HSG
from ..vocab import DCTERMS, FOAF, FRUS, PROV, RDF, RDFS, RICO, SCHEMA, SKOS, VOCAB

RDF_TYPE = NamedNode(RDF + "type")
FRUS_ROLE = NamedNode(FRUS + "role")
PROV_AGENT = NamedNode(PROV + "agent")
LABEL_PREDICATES = [NamedNode(p) for p in (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title",
                                            RICO + "title", SCHEMA + "name", FOAF + "name")]
SCHEMA_URL = NamedNode(SCHEMA + "url")

# Characters left as they are when an IRI's path becomes a URL path (percent escapes kept).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_UNRESERVED_ESCAPE = re.compile(r"%(2[DdEe]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])")


def natural_key(text: str) -> list:
    """Sort key that puts d2 before d10 and note/9 before note/10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


@dataclass(slots=True)
class Description:
    iri: str
    triples: list[Triple]                                   # the resource as subject
    local: dict[str, list[Triple]] = field(default_factory=dict)  # its own nodes, one level

    def all_triples(self) -> list[Triple]:
        out = list(self.triples)
        for triples in self.local.values():
            out += triples
        return out


@dataclass(slots=True)
class Incoming:
    subject: NamedNode | BlankNode
    predicate: NamedNode
    document: str | None = None   # the document a document-local subject belongs to
    role: str | None = None       # the role concept, when the subject is an agent-in-role node


class Describer:
    """Reads descriptions, incoming links and labels from a (read-only) store."""

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base
        self._doc_prefix = re.compile(re.escape(base) + r"document/[^/]+/[^/]+")

    # --- request paths <-> IRIs ------------------------------------------------------

    def iri_candidates(self, raw_path: str) -> list[str]:
        """The IRIs a request path may name, most literal first.

        ``/vocab/…`` names a concept (``https://w3id.org/frus-kg/vocab/…``); any other
        path ``/P`` names ``{base}P``.  The raw (still percent-encoded) path is tried
        first, then with escaped unreserved characters decoded, then fully decoded (for
        IRIs holding non-ASCII characters).
        """
        if raw_path.startswith("/vocab/"):
            prefix, rest = VOCAB, raw_path[len("/vocab/"):]
        else:
            prefix, rest = self.base, raw_path[1:]
        out: list[str] = []
        for variant in (rest, _UNRESERVED_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), rest),
                        unquote(rest)):
            iri = prefix + variant
            if iri not in out:
                out.append(iri)
        return out

    def local_path(self, iri: str) -> str | None:
        """The server path that serves an IRI, or None for an IRI we do not serve."""
        if iri.startswith(VOCAB):
            return "/vocab/" + quote(iri[len(VOCAB):], safe=_PATH_SAFE)
        if iri.startswith(self.base):
            return "/" + quote(iri[len(self.base):], safe=_PATH_SAFE)
        return None

    def resolve(self, raw_path: str) -> str | None:
        """The IRI a request path names, if the store describes it."""
        for iri in self.iri_candidates(raw_path):
            if self.is_described(iri):
                return iri
        return None

    def has_any_under_base(self) -> bool:
        ask = f"ASK {{ ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), {Literal(self.base)})) }}"
        return bool(self.store.query(ask, use_default_graph_as_union=True))

    # --- reading ---------------------------------------------------------------------

    def is_described(self, iri: str) -> bool:
        try:
            node = NamedNode(iri)
        except ValueError:
            return False
        return next(iter(self.store.quads_for_pattern(node, None, None, None)), None) is not None

    def is_referenced(self, iri: str) -> int:
        """How many distinct (subject, predicate) pairs point at an IRI (capped at 1000)."""
        try:
            node = NamedNode(iri)
        except ValueError:
            return 0
        seen = set()
        for q in self.store.quads_for_pattern(None, None, node, None):
            seen.add((q.subject, q.predicate))
            if len(seen) >= 1000:
                break
        return len(seen)

    def triples_of(self, subject: NamedNode | BlankNode) -> list[Triple]:
        """The distinct triples with this subject, across all graphs."""
        return list(dict.fromkeys(q.triple for q in self.store.quads_for_pattern(subject, None, None, None)))

    def describe(self, iri: str) -> Description:
        node = NamedNode(iri)
        triples = self.triples_of(node)
        local: dict[str, list[Triple]] = {}
        own = iri + "/"
        for t in triples:
            o = t.object
            if isinstance(o, BlankNode) or (isinstance(o, NamedNode) and o.value.startswith(own)):
                key = str(o) if isinstance(o, BlankNode) else o.value
                if key not in local:
                    local[key] = self.triples_of(o)
        return Description(iri, triples, local)

    def incoming(self, iri: str, limit: int = 500, count_cap: int = 10_000) -> tuple[list[Incoming], int]:
        """Up to ``limit`` distinct links to an IRI, and how many there are (up to ``count_cap``).

        A link from a node that exists only inside a document (an agent in a role, a
        transmission, a footnote) names that document; an agent-in-role link also names
        the role, so a person's page can list 'documents drafted by' them.
        """
        node = NamedNode(iri)
        seen: set[tuple] = set()
        links: list[Incoming] = []
        for q in self.store.quads_for_pattern(None, None, node, None):
            key = (q.subject, q.predicate)
            if key in seen:
                continue
            seen.add(key)
            if len(links) < limit:
                links.append(self._incoming(q.subject, q.predicate))
            if len(seen) >= count_cap:
                break
        return links, len(seen)

    def _incoming(self, subject, predicate: NamedNode) -> Incoming:
        link = Incoming(subject, predicate)
        if isinstance(subject, NamedNode):
            doc = self.document_of(subject.value)
            if doc is not None and doc != subject.value:
                link.document = doc
                if predicate == PROV_AGENT:
                    role = next(iter(self.store.quads_for_pattern(subject, FRUS_ROLE, None, None)), None)
                    if role is not None and isinstance(role.object, NamedNode):
                        link.role = role.object.value
        return link

    def document_of(self, iri: str) -> str | None:
        """The document an IRI is, or lives inside of (``{base}document/{vol}/{doc}``)."""
        m = self._doc_prefix.match(iri)
        if m is None:
            return None
        rest = iri[m.end():]
        return m.group(0) if rest == "" or rest.startswith("/") else None

    @lru_cache(maxsize=200_000)  # noqa: B019 - the store is read-only, labels never change
    def label(self, iri: str) -> str | None:
        """A display label: skos:prefLabel, rdfs:label, titles or names (English first)."""
        try:
            node = NamedNode(iri)
        except ValueError:
            return None
        for predicate in LABEL_PREDICATES:
            best = None
            for q in self.store.quads_for_pattern(node, predicate, None, None):
                o = q.object
                if isinstance(o, Literal):
                    if o.language in (None, "en"):
                        return o.value
                    best = best or o.value
            if best is not None:
                return best
        return None

    def types(self, triples: list[Triple]) -> list[str]:
        return sorted({t.object.value for t in triples if t.predicate == RDF_TYPE
                       and isinstance(t.object, NamedNode)})

    def hsg_link(self, iri: str, triples: list[Triple]) -> str | None:
        """The resource's page on history.state.gov, when it has one."""
        for t in triples:
            if t.predicate == SCHEMA_URL and t.object.value.startswith(HSG):
                return t.object.value
        doc = self.document_of(iri)
        if doc is not None and doc != iri:   # a node inside a document: the document's page
            for q in self.store.quads_for_pattern(NamedNode(doc), SCHEMA_URL, None, None):
                return q.object.value
        m = re.match(re.escape(self.base) + r"volume/([^/]+)/(person|term)/([^/]+)$", iri)
        if m:  # an entry of a volume's persons or terms list
            vol, kind, local_id = m.groups()
            return f"{HSG}{vol}/{kind}s#{local_id}"
        return None
