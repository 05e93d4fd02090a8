"""The one mapping from the document model to RDF triples (pyoxigraph terms).

Readers fill the model; this module alone decides which triples a document, a volume
or a conversion run becomes.  It never parses XML or text.  The vocabulary it uses is
described in ontology/frus.ttl and constrained by shapes/frus-shapes.ttl.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from . import vocab as V
from .dates import xsd_value
from .actors.index import POCOM_PREFIX, AuthorityIndex
from .actors.resolve import DEPARTMENT
from .iris import Iris, hsg_document, hsg_page, hsg_volume
from .model import AgentKind, AgentRef, Citation, DateSource, DocDate, Document, Role, Volume

_N = NamedNode


def _ns(base: str):
    cache: dict[str, NamedNode] = {}

    def term(local: str) -> NamedNode:
        node = cache.get(local)
        if node is None:
            node = cache[local] = NamedNode(base + local)
        return node

    return term


RICO, PROV, ORG, FOAF = _ns(V.RICO), _ns(V.PROV), _ns(V.ORG), _ns(V.FOAF)
SKOS, DCT, SCHEMA, RDFS = _ns(V.SKOS), _ns(V.DCTERMS), _ns(V.SCHEMA), _ns(V.RDFS)
XSD, FRUS, SEM = _ns(V.XSD), _ns(V.FRUS), _ns(V.SEM)
A = NamedNode(V.RDF + "type")

# Documentary forms whose documents were transmitted from a sender to an addressee.
TRANSMITTED_FORMS = {"telegram", "circular-telegram", "airgram", "circular-airgram", "despatch",
                     "instruction", "cable", "message", "letter", "note", "record"}
ATTRIBUTION_ROLES = {Role.DRAFTER, Role.CLEARER, Role.APPROVER, Role.SIGNER}



def typed_date(value: str) -> Literal:
    """An ISO date/time string as a literal of the narrowest XSD type it fits."""
    typed = xsd_value(value)
    if typed is None:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return Literal(typed[0], datatype=XSD(typed[1]))


@dataclass(slots=True)
class _Out:
    """Collects triples, emitting each concept's description once per graph."""

    triples: list[Triple] = field(default_factory=list)
    concepts: set[tuple[str, str]] = field(default_factory=set)
    described: set[str] = field(default_factory=set)

    def first(self, node: NamedNode) -> bool:
        """True the first time a shared resource (place, body, page) is met in this graph."""
        if node.value in self.described:
            return False
        self.described.add(node.value)
        return True

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        self.triples.append(Triple(s, p, o))

    def text(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))

    def concept(self, scheme: str, slug: str) -> NamedNode:
        node = _N(V.concept(scheme, slug))
        if (scheme, slug) not in self.concepts:
            self.concepts.add((scheme, slug))
            scheme_node = _N(V.scheme_iri(scheme))
            self.add(node, A, SKOS("Concept"))
            self.add(node, SKOS("prefLabel"), Literal(V.SCHEMES[scheme][slug], language="en"))
            self.add(node, SKOS("inScheme"), scheme_node)
            if scheme == "form":
                self.add(node, A, RICO("DocumentaryFormType"))
            elif scheme == "role":
                self.add(node, A, PROV("Role"))
            elif scheme == "event-type":
                self.add(node, A, RICO("EventType"))
            if ("", scheme) not in self.concepts:
                self.concepts.add(("", scheme))
                self.add(scheme_node, A, SKOS("ConceptScheme"))
                self.add(scheme_node, RDFS("label"), Literal(f"frus-kg {scheme} scheme", language="en"))
        return node


class Mapper:
    """Maps volumes and documents to triples under one IRI base."""

    def __init__(self, iris: Iris | None = None, index: AuthorityIndex | None = None) -> None:
        self.iris = iris or Iris()
        # With the index, persons-list entries name their one identity and resolved
        # agents get their labels (resolution itself happens before, in actors/enrich.py).
        self.index = index

    def _person_iri(self, person_id: str) -> NamedNode:
        if person_id.startswith(POCOM_PREFIX):
            return _N(self.iris.pocom_person(person_id[len(POCOM_PREFIX):]))
        return _N(self.iris.person(person_id))

    def _global_person(self, out: _Out, person_id: str) -> NamedNode:
        """A person of the authority data, described just enough for this graph to stand alone."""
        node = self._person_iri(person_id)
        if out.first(node):
            known = self.index.persons.get(person_id) if self.index else None
            self._person_types(out, node, known.label if known else person_id)
            if not person_id.startswith(POCOM_PREFIX):
                out.add(node, FRUS("hsgPeopleId"), Literal(person_id))
        return node

    # --- volume ----------------------------------------------------------------------

    def volume_triples(self, volume: Volume, out: _Out | None = None) -> list[Triple]:
        out = out or _Out()
        iris, vol = self.iris, volume.volume_id
        v = _N(iris.volume(vol))
        out.add(v, A, FRUS("Volume"))
        out.add(v, FRUS("volumeId"), Literal(vol))
        out.add(v, RDFS("label"), Literal(volume.title or vol))
        out.text(v, DCT("title"), volume.title)
        out.text(v, SCHEMA("volumeNumber"), volume.volume_number)
        out.text(v, FRUS("subseries"), volume.subseries)
        out.text(v, SCHEMA("isbn"), volume.isbn)
        for editor in volume.editors:
            out.text(v, FRUS("editorName"), editor)
        out.add(v, SCHEMA("url"), _N(hsg_volume(vol)))
        if volume.coverage_from and volume.coverage_to:
            out.add(v, FRUS("coverageStart"), typed_date(volume.coverage_from))
            out.add(v, FRUS("coverageEnd"), typed_date(volume.coverage_to))
        for person in volume.persons.values():
            p = _N(iris.listed_person(vol, person.local_id))
            self._person_types(out, p, person.name)
            out.add(p, FRUS("listedIn"), v)
            out.add(p, FRUS("localId"), Literal(person.local_id))
            out.text(p, SCHEMA("description"), person.description)
            person_id = self.index.resolve(vol, person.local_id) if self.index else None
            if person_id is not None:
                out.add(p, FRUS("identifiedWith"), self._global_person(out, person_id))
            for other in person.see_also:
                if other != person.local_id and other in volume.persons:
                    out.add(p, RDFS("seeAlso"), _N(iris.listed_person(vol, other)))
        if volume.terms:
            scheme = _N(iris.term_scheme(vol))
            out.add(scheme, A, SKOS("ConceptScheme"))
            out.add(scheme, RDFS("label"), Literal(f"Abbreviations and terms, {vol}"))
            out.add(scheme, DCT("isPartOf"), v)
            for term in volume.terms.values():
                t = _N(iris.term(vol, term.local_id))
                out.add(t, A, SKOS("Concept"))
                out.add(t, SKOS("inScheme"), scheme)
                out.add(t, SKOS("prefLabel"), Literal(term.term))
                out.add(t, FRUS("localId"), Literal(term.local_id))
                out.text(t, SKOS("definition"), term.expansion)
        return out.triples

    # --- document --------------------------------------------------------------------

    def document_triples(self, doc: Document, volume: Volume, out: _Out | None = None) -> list[Triple]:
        out = out or _Out()
        iris, vol = self.iris, doc.volume_id
        d = _N(iris.document(vol, doc.doc_id))
        out.add(d, A, RICO("Record"))
        out.add(d, A, FRUS("Document"))
        out.add(d, FRUS("documentId"), Literal(doc.doc_id))
        out.text(d, FRUS("documentNumber"), doc.number)
        label = doc.title or f"Document {doc.number or doc.doc_id}"
        out.add(d, RDFS("label"), Literal(label))
        out.text(d, RICO("title"), doc.title)
        out.add(d, DCT("isPartOf"), _N(iris.volume(vol)))
        out.add(d, SCHEMA("url"), _N(hsg_document(vol, doc.doc_id)))
        out.text(d, FRUS("chapter"), doc.chapter)
        if doc.form:
            out.add(d, RICO("hasDocumentaryFormType"), out.concept("form", doc.form))
        out.text(d, FRUS("messageNumber"), doc.message_number)
        for ref in doc.message_refs:
            out.text(d, FRUS("messageReference"), ref)
        for subject in doc.subjects:
            out.text(d, FRUS("subjectLine"), subject)
        for problem in doc.problems:
            out.text(d, FRUS("conversionNote"), problem.message)

        place = self._place(out, doc.place)
        if place is not None:
            out.add(d, RICO("isAssociatedWithPlace"), place)
        date = self._date(out, d, doc.date)

        if doc.source_note is not None:
            self._source_note(out, d, doc.source_note)
        agents_by_role = self._roles(out, d, doc, volume, doc.agents_in_roles())

        self._events(out, d, doc, agents_by_role, date, place)
        self._pages(out, d, vol, doc.pages)
        self._footnotes(out, d, doc)
        self._refs(out, d, vol, doc.refs, FRUS("citesDocument"))
        for local_id in doc.person_mentions:
            if local_id in volume.persons:
                out.add(d, SCHEMA("mentions"), _N(iris.listed_person(vol, local_id)))
        for local_id in doc.term_mentions:
            if local_id in volume.terms:
                out.add(d, SCHEMA("mentions"), _N(iris.term(vol, local_id)))
        self._concerned_events(out, d, doc)
        return out.triples

    def _concerned_events(self, out: _Out, d: NamedNode, doc: Document) -> None:
        """Milestones the document names; the footnote that names one says so too."""
        for event_id, where in doc.events:
            node = _N(self.iris.event(event_id))
            out.add(d, RICO("isAssociatedWithEvent"), node)
            if where != "document":
                out.add(_N(self.iris.footnote(str(d.value), where)), RICO("isAssociatedWithEvent"), node)

    def _roles(self, out: _Out, d: NamedNode, doc: Document, volume: Volume,
               roles: list[tuple[Role, AgentRef]]) -> dict[Role, list[NamedNode]]:
        by_role: dict[Role, list[NamedNode]] = {}
        counters: dict[Role, int] = {}
        direct = {Role.SENDER: RICO("hasSender"), Role.RECIPIENT: RICO("hasAddressee"),
                  Role.REPEATED_TO: RICO("hasReceiver")}
        for role, ref in roles:
            resolution = ref.resolution
            if resolution is not None and resolution.person_id:
                agent = self._global_person(out, resolution.person_id)
            elif ref.body is not None:
                agent = self._body(out, ref.body, ref.name)
            else:
                agent = self._agent(out, d, doc.volume_id, volume, ref)
            counters[role] = counters.get(role, 0) + 1
            node = _N(self.iris.part(str(d.value), "role", role.value, str(counters[role])))
            if resolution is not None:
                out.add(node, FRUS("resolutionMethod"), Literal(resolution.method))
                out.add(node, FRUS("resolutionScore"), Literal(f"{resolution.score:.3f}", datatype=XSD("decimal")))
                if resolution.person_id is None:  # candidates matter only while unresolved
                    for candidate, _ in resolution.candidates:
                        out.add(node, FRUS("candidate"), self._global_person(out, candidate))
            out.add(node, A, FRUS("AgentInRole"))
            out.add(node, FRUS("role"), out.concept("role", role.value))
            out.add(node, PROV("agent"), agent)
            out.add(node, FRUS("nameAsPrinted"), Literal(ref.name))
            out.text(node, FRUS("office"), ref.office)
            out.text(node, FRUS("descriptionAsPrinted"), ref.description)
            out.add(d, FRUS("hasAgentInRole"), node)
            if role in ATTRIBUTION_ROLES:
                out.add(node, A, PROV("Attribution"))
                out.add(d, PROV("qualifiedAttribution"), node)
                out.add(d, PROV("wasAttributedTo"), agent)
            elif role in direct:
                out.add(d, direct[role], agent)
            by_role.setdefault(role, []).append(agent)
        return by_role

    def _body(self, out: _Out, body: str, printed: str) -> NamedNode:
        """The Department of State or a US mission of the authority data."""
        if body == DEPARTMENT:
            node, label = _N(self.iris.organization(V.DEPARTMENT_OF_STATE)), V.DEPARTMENT_OF_STATE
        else:
            node, label = _N(self.iris.mission(body)), self.index.labels.get(body, printed)
        if out.first(node):
            out.add(node, A, RICO("CorporateBody"))
            out.add(node, A, ORG("Organization"))
            out.add(node, RDFS("label"), Literal(label))
        return node

    def _agent(self, out: _Out, d: NamedNode, vol: str, volume: Volume, ref: AgentRef) -> NamedNode:
        if ref.kind is AgentKind.INSTITUTION:
            node = _N(self.iris.organization(ref.name))
            if out.first(node):
                out.add(node, A, RICO("CorporateBody"))
                out.add(node, A, ORG("Organization"))
                out.add(node, RDFS("label"), Literal(ref.name))
            return node
        if ref.local_id and ref.local_id in volume.persons:
            return _N(self.iris.listed_person(vol, ref.local_id))
        node = _N(self.iris.unlisted_person(str(d.value), ref.name))
        if out.first(node):
            self._person_types(out, node, ref.name)
        return node

    @staticmethod
    def _person_types(out: _Out, node: NamedNode, name: str) -> None:
        out.add(node, A, RICO("Person"))
        out.add(node, A, FOAF("Person"))
        out.add(node, RDFS("label"), Literal(name))

    def _place(self, out: _Out, name: str | None) -> NamedNode | None:
        if not name:
            return None
        node = _N(self.iris.place(name))
        if out.first(node):
            out.add(node, A, RICO("Place"))
            out.add(node, RDFS("label"), Literal(name))
        return node

    def _date(self, out: _Out, d: NamedNode, date: DocDate | None) -> NamedNode | None:
        if date is None:
            return None
        node = _N(self.iris.part(str(d.value), "date"))
        out.add(node, A, RICO("Date"))
        out.add(node, FRUS("dateSource"), out.concept("date-source", date.source.value))
        out.add(node, RICO("beginningDate"), typed_date(date.earliest))
        out.add(node, RICO("endDate"), typed_date(date.latest))
        if date.when:
            out.add(node, RICO("normalizedDateValue"), Literal(date.when))
        out.text(node, RICO("expressedDate"), date.text)
        out.text(node, FRUS("inferredFromFile"), date.inferred_from)
        out.add(d, RICO("hasCreationDate"), node)
        # Only a stated date is the document's date: a file's date suffix is when it was
        # filed, which can be days off (FRUS 1961-63 v12 d113: filed 5-18, dated 5-19).
        if date.day and date.source is not DateSource.INFERRED_FROM_FILE:
            out.add(d, RICO("creationDate"), Literal(date.day, datatype=XSD("date")))
        return node

    def _source_note(self, out: _Out, d: NamedNode, note) -> None:
        out.add(d, FRUS("sourceNote"), Literal(note.text))
        out.text(d, DCT("abstract"), note.summary)
        if note.classification:
            out.add(d, FRUS("securityClassification"), out.concept("classification", note.classification))
        for slug in note.precedence:
            out.add(d, FRUS("precedence"), out.concept("precedence", slug))
        for slug in note.handling:
            out.add(d, FRUS("handlingCaveat"), out.concept("handling", slug))
        for i, citation in enumerate(note.citations, 1):
            node, file = self._citation(out, d, citation, "source", str(i))
            out.add(d, FRUS("hasSourceCitation"), node)
            if file is not None:
                out.add(d, RICO("isOrWasIncludedIn"), file)

    def _citation(self, out: _Out, owner: NamedNode, citation: Citation,
                  *segments: str) -> tuple[NamedNode, NamedNode | None]:
        """Emit a citation and its record-set hierarchy; returns it and the innermost set."""
        node = _N(self.iris.part(str(owner.value), "citation", *segments))
        out.add(node, A, FRUS("Citation"))
        out.add(node, DCT("bibliographicCitation"), Literal(citation.text))
        if citation.published:
            out.add(node, FRUS("isPublication"), Literal(True))
        if citation.file_date:
            out.add(node, FRUS("fileDate"), Literal(citation.file_date, datatype=XSD("date")))
        file = self._record_sets(out, citation)
        if file is not None:
            out.add(node, FRUS("citesRecordSet"), file)
        return node, file

    def _record_sets(self, out: _Out, citation: Citation) -> NamedNode | None:
        """Emit the citation's hierarchy; returns the innermost record set."""
        if citation.published or not citation.path:
            return None
        parent: NamedNode | None = None
        holder: NamedNode | None = None
        keys: list[str] = []
        for level in citation.path:
            keys.append(level.key)
            node = _N(self.iris.record_set(keys))
            described = not out.first(node)
            if level.level == "repository":
                holder = node
                if not described:
                    out.add(node, A, RICO("CorporateBody"))
                    out.add(node, A, ORG("Organization"))
                    out.add(node, RDFS("label"), Literal(level.label))
                continue
            if not described:
                out.add(node, A, RICO("RecordSet"))
                out.add(node, RDFS("label"), Literal(level.label))
                out.add(node, FRUS("recordSetLevel"), out.concept("record-set-level", level.level))
                out.text(node, RICO("identifier"), level.identifier)
                if parent is not None:
                    out.add(node, RICO("isOrWasIncludedIn"), parent)
                elif holder is not None:
                    out.add(node, RICO("hasOrHadHolder"), holder)
            parent = node
        return parent

    def _events(self, out: _Out, d: NamedNode, doc: Document, agents: dict[Role, list[NamedNode]],
                date: NamedNode | None, place: NamedNode | None) -> None:
        senders, recipients = agents.get(Role.SENDER, []), agents.get(Role.RECIPIENT, [])
        if doc.form in TRANSMITTED_FORMS and (senders or recipients):
            e = self._event(out, d, "transmission", "Transmission", date, place)
            for agent in senders:
                out.add(e, FRUS("transmittedBy"), agent)
            for agent in [*recipients, *agents.get(Role.REPEATED_TO, [])]:
                out.add(e, FRUS("transmittedTo"), agent)
        participants = agents.get(Role.PARTICIPANT, [])
        if participants:
            e = self._event(out, d, "meeting", "Meeting", date, place)
            for agent in participants:
                out.add(e, RICO("hasOrHadParticipant"), agent)

    def _event(self, out: _Out, d: NamedNode, kind: str, cls: str, date, place) -> NamedNode:
        e = _N(self.iris.part(str(d.value), kind))
        out.add(e, A, RICO("Event"))
        out.add(e, A, FRUS(cls))
        out.add(e, RICO("hasEventType"), out.concept("event-type", kind))
        out.add(e, RICO("isEventAssociatedWith"), d)
        if date is not None:
            out.add(e, RICO("occurredAtDate"), date)
        if place is not None:
            out.add(e, RICO("isAssociatedWithPlace"), place)
        return e

    def _pages(self, out: _Out, d: NamedNode, vol: str, pages: list[str]) -> None:
        if not pages:
            return
        out.add(d, SCHEMA("pageStart"), Literal(pages[0]))
        out.add(d, SCHEMA("pageEnd"), Literal(pages[-1]))
        volume = _N(self.iris.volume(vol))
        for n in pages:
            page = _N(self.iris.page(vol, n))
            if out.first(page):
                out.add(page, A, FRUS("Page"))
                out.add(page, SCHEMA("pagination"), Literal(n))
                out.add(page, DCT("isPartOf"), volume)
                out.add(page, SCHEMA("url"), _N(hsg_page(vol, n)))
            out.add(d, FRUS("onPage"), page)

    def _footnotes(self, out: _Out, d: NamedNode, doc: Document) -> None:
        seen: dict[str, int] = {}
        for position, note in enumerate(doc.footnotes, 1):
            seen[note.number] = seen.get(note.number, 0) + 1
            key = note.number if seen[note.number] == 1 else f"{note.number}-{seen[note.number]}"
            n = _N(self.iris.footnote(str(d.value), key))
            out.add(n, A, FRUS("SourceNote" if note.is_source else "Footnote"))
            out.add(n, FRUS("noteNumber"), Literal(note.number))
            out.add(n, FRUS("position"), Literal(position))
            out.add(n, SCHEMA("text"), Literal(note.text))
            out.text(n, FRUS("anchorText"), note.anchor)
            out.add(d, FRUS("hasFootnote"), n)
            for i, citation in enumerate(note.citations, 1):
                out.add(n, FRUS("hasCitation"), self._citation(out, n, citation, str(i))[0])
            self._refs(out, n, doc.volume_id, note.refs, FRUS("citesDocument"))

    def _refs(self, out: _Out, s: NamedNode, vol: str, refs: Iterable[str], doc_prop: NamedNode) -> None:
        for ref in refs:
            target = self.iris.ref_target(vol, ref)
            if target is None:
                continue
            kind, iri = target
            out.add(s, doc_prop if kind == "document" else DCT("references"), _N(iri))

    # --- whole volumes -----------------------------------------------------------------

    def volume_graph(self, volume: Volume, documents: Iterable[Document]) -> Iterator[list[Triple]]:
        """Yield the volume's triples in chunks (volume first, then one chunk per document).

        Each chunk is grouped by subject so that Turtle dumps read resource by resource.
        """
        out = _Out()
        self._graph_marker(out, self.iris.graph(volume.volume_id), "VolumeGraph", volume.volume_id)
        yield _by_subject(self.volume_triples(volume, out))
        for doc in documents:
            out.triples = []
            yield _by_subject(self.document_triples(doc, volume, out))

    def document_graph(self, doc: Document, volume: Volume) -> list[Triple]:
        """One document as a graph of its own (documents read from page text)."""
        out = _Out()
        graph = self.iris.document_graph(doc.volume_id, doc.doc_id)
        self._graph_marker(out, graph, "DocumentGraph", doc.volume_id)
        self.volume_triples(volume, out)
        return _by_subject(self.document_triples(doc, volume, out))

    def _graph_marker(self, out: _Out, graph: str, kind: str, vol: str) -> None:
        """The graph names itself, so a single-graph dump can be loaded into it."""
        out.add(_N(graph), A, FRUS(kind))
        out.add(_N(graph), FRUS("graphOfVolume"), _N(self.iris.volume(vol)))


def _by_subject(triples: list[Triple]) -> list[Triple]:
    """Unique triples, grouped by subject (emission order kept within a subject)."""
    return sorted(dict.fromkeys(triples), key=lambda t: t.subject.value)
