"""Authority records → triples (pyoxigraph terms): persons, posts, missions, appointments, events.

Modelling choices (the rest follows frus_kg.mapping):

* **One person, many list entries.**  A person of the people data is ``Iris.person(hsg id)``
  (``rico:Person``, ``foaf:Person``); a pocom person without a people record is
  ``Iris.pocom_person(id)``.  Each FRUS persons-list entry the people data assigns to a
  person — the volume-scoped ``Iris.listed_person(vol, xml:id)`` that volume graphs describe —
  points to it with ``frus:identifiedWith``.  Not ``owl:sameAs``: that is symmetric and
  transitive, so it would merge every entry of a person, across volumes, into one node with
  all their volume-specific glosses and ``frus:listedIn`` volumes; and the people data's
  grouping is an assertion that can be wrong (record 101633 merges three Chester Bowleses;
  a ``corresp`` can point to the wrong Johnson).  Not ``skos:exactMatch`` either: it is for
  concepts, and symmetric and transitive too.  ``frus:identifiedWith`` is many-to-one and
  says only "this entry denotes that person, according to the Office of the Historian";
  it is close to ``prov:specializationOf``.  The name printed in each volume stays on the
  entry (volume graphs); the person carries every form as ``skos:altLabel``.
* **Life years** are ``rico:birthDate``/``rico:deathDate`` typed ``xsd:gYear`` (RiC-O is the
  backbone; both the people and pocom graphs use them).
* **VIAF**: ``schema:sameAs <http://viaf.org/viaf/{id}>`` (a reference page for the identity,
  without owl:sameAs inferences — VIAF clusters get merged and redirected) plus the id as
  ``frus:viafId``.  Other source pages of a record (pocom, visits, presidents) are
  ``rdfs:seeAlso``; a stale pocom link is replaced by the page of the current id.
* **Appointments** are ``org:Membership``s (``frus:Appointment``): ``org:member`` the
  person, ``org:organization`` the Department of State (posts) or the mission (chiefs),
  ``org:role`` the role title (a ``skos:Concept``/``org:Role``).  A Department post is an
  ``org:Post``/``rico:Position``; its appointments are also ``rico:PositionHoldingRelation``s
  (``rico:relationHasSource`` person, ``rico:relationHasTarget`` post), with the
  ``rico:occupiesOrOccupied`` shortcut.  ``org:memberDuring`` is a ``time:Interval``
  (also a ``rico:Date``) carrying
  - the dates as given: ``rico:beginningDate`` (the first non-empty of started, arrived,
    appointed) and ``rico:endDate`` (ended), typed ``xsd:date``/``gYearMonth``/``gYear`` by
    shape, never padded; and each stated date as its own ``rico:Date``
    (``frus:statedDate``) with its meaning (``rico:hasDateType`` → a concept of the
    *appointment-date* scheme: "Entry on Duty", "Presentation of Credentials" …, NOTES §3.7),
    its value (``rico:normalizedDateValue``) and pocom's qualifying note (``skos:note``,
    "Left post on");
  - the effective interval for "who held X on D": ``frus:effectiveStart`` and
    ``frus:effectiveEnd`` (``xsd:date``, partial dates widened), with
    ``frus:closedBySuccessor`` when an empty ``ended`` was closed by the next holder's
    start.  The last holder of a post has no ``frus:effectiveEnd``.
* **Missions** are ``org:Organization``/``rico:CorporateBody``/``frus:Mission``,
  ``org:subOrganizationOf`` the Department of State, with ``frus:territoryId`` for a country.
  pocom does not name countries (the names live in the unmirrored *gsh* data), so a country
  mission's label is built from its territory id.
* **Events** (milestones) are ``rico:Event``/``sem:Event`` with ``rico:beginningDate``/
  ``rico:endDate`` as stated, ``rico:expressedDate``, and their tags (``dcterms:subject`` →
  ``Iris.tag``, a ``skos:Concept`` labelled from the taxonomy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from .. import vocab as V
from ..iris import Iris
from ..mapping import DCT, FOAF, FRUS, ORG, RDFS, RICO, SCHEMA, SEM, SKOS, XSD, A, typed_date
from ..model import Problem
from .pocom import Pocom
from .records import (
    DATE_FIELDS,
    Appointment,
    AppointmentKind,
    Event,
    Mission,
    PersonRecord,
    PocomPerson,
    Position,
    Tag,
    pocom_page,
)

TIME_INTERVAL = NamedNode("http://www.w3.org/2006/time#Interval")
DEPARTMENT_OF_STATE = V.DEPARTMENT_OF_STATE
HSG_PEOPLE = "https://history.state.gov/departmenthistory/people/"

# What each pocom date means (NOTES §3.7, as history.state.gov renders it).
APPOINTMENT_DATES = {
    "appointed": ("Appointed", "The date of appointment: the date on the commission."),
    "entry-on-duty": ("Entry on Duty", "A principal officer: the date the appointee entered on duty."),
    "termination-of-appointment": ("Termination of Appointment",
                                   "A principal officer: the date the appointment ended."),
    "assumed-charge": ("Assumed Charge", "A chief of mission: the date the appointee arrived and "
                                         "assumed charge of the post (recorded since 2019)."),
    "presentation-of-credentials": ("Presentation of Credentials",
                                    "A chief of mission: the date the appointee formally presented "
                                    "credentials to the host government."),
    "termination-of-mission": ("Termination of Mission",
                               "A chief of mission: the date the mission ended for this appointee."),
    "began-service": ("Began Service", "A chargé d'affaires ad interim: the date service began "
                                       "(given to the nearest month)."),
    "ended-service": ("Ended Service", "A chargé d'affaires ad interim: the date service ended "
                                       "(given to the nearest month)."),
}
_PRINCIPAL_DATES = {"appointed": "appointed", "arrived": "assumed-charge", "started": "entry-on-duty",
                    "ended": "termination-of-appointment"}
_CHIEF_DATES = {"appointed": "appointed", "arrived": "assumed-charge",
                "started": "presentation-of-credentials", "ended": "termination-of-mission"}
_CHARGE_DATES = {"appointed": "appointed", "arrived": "assumed-charge", "started": "began-service",
                 "ended": "ended-service"}

# Concept schemes of this module: scheme → label.  pocom's own code tables fill two of them.
SCHEMES = {
    "appointment-date": "What a pocom appointment date means",
    "pocom-role": "Role titles of Department principal officers and chiefs of mission (pocom)",
    "career-type": "Career or non-career appointee (pocom)",
    "position-category": "Categories of Department principal positions (pocom)",
}
_CODE_TABLE_SCHEMES = {"career-appointee-code": "career-type", "role-category-code": "position-category"}

SOURCES = {
    "people": ("Office of the Historian: people", "https://github.com/HistoryAtState/people"),
    "pocom": ("Office of the Historian: Principal Officers and Chiefs of Mission",
              "https://github.com/HistoryAtState/pocom"),
    "milestones": ("Office of the Historian: Milestones in the History of U.S. Foreign Relations",
                   "https://github.com/HistoryAtState/milestones"),
}


def concept_iri(scheme: str, slug: str) -> NamedNode:
    return NamedNode(f"{V.VOCAB}{scheme}/{slug}")


def date_meaning(appointment: Appointment, field_name: str) -> str:
    """The *appointment-date* concept slug of one of an appointment's dates."""
    if appointment.kind is AppointmentKind.PRINCIPAL:
        return _PRINCIPAL_DATES[field_name]
    return (_CHARGE_DATES if appointment.is_charge_ad_interim else _CHIEF_DATES)[field_name]


def mission_label(mission: Mission) -> str:
    if mission.kind is AppointmentKind.COUNTRY_CHIEF:
        return "U.S. mission to " + " ".join(w.capitalize() for w in mission.mission_id.split("-"))
    return f"Mission of the {mission.label}" if mission.label else f"U.S. mission {mission.mission_id}"


@dataclass(slots=True)
class _Out:
    triples: list[Triple] = field(default_factory=list)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples.append(Triple(s, p, o))

    def text(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))

    def date(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        if value:
            self.add(s, p, typed_date(value))

    def by_subject(self) -> list[Triple]:
        """Grouped by subject, so that Turtle dumps read resource by resource."""
        return sorted(self.triples, key=lambda t: t.subject.value)


def _url(value: str) -> NamedNode | None:
    try:
        return NamedNode(value)
    except ValueError:
        return None


class AuthorityMapper:
    """Maps authority records to triples under one IRI base."""

    def __init__(self, iris: Iris | None = None) -> None:
        self.iris = iris or Iris()
        self.problems: list[Problem] = []
        self.department = NamedNode(self.iris.organization(DEPARTMENT_OF_STATE))

    def graph_iri(self, name: str) -> str:
        """``{base}graph/authorities/{name}``: people, pocom or milestones."""
        return f"{self.iris.graph('authorities')}/{name}"

    def graph_marker(self, name: str) -> list[Triple]:
        """The graph names itself, so a single-graph dump can be loaded into it."""
        out, graph = _Out(), NamedNode(self.graph_iri(name))
        label, source = SOURCES[name]
        out.add(graph, A, FRUS("AuthorityGraph"))
        out.add(graph, RDFS("label"), Literal(label))
        out.add(graph, DCT("source"), NamedNode(source))
        return out.triples

    # --- people ------------------------------------------------------------------------

    def person_triples(self, record: PersonRecord, pocom_ids: tuple[str, ...]) -> list[Triple]:
        """One people record; ``pocom_ids`` are its current pocom ids (stale ones resolved)."""
        out = _Out()
        p = NamedNode(self.iris.person(record.hsg_id))
        out.add(p, A, RICO("Person"))
        out.add(p, A, FOAF("Person"))
        out.add(p, RDFS("label"), Literal(record.preferred))
        out.add(p, SKOS("prefLabel"), Literal(record.preferred))
        for name in record.name_forms[1:]:
            out.add(p, SKOS("altLabel"), Literal(name))
        out.add(p, FRUS("hsgPeopleId"), Literal(record.hsg_id))
        out.date(p, RICO("birthDate"), record.birth_year)
        out.date(p, RICO("deathDate"), record.death_year)
        if record.viaf:
            out.add(p, SCHEMA("sameAs"), NamedNode(f"http://viaf.org/viaf/{record.viaf}"))
            out.add(p, FRUS("viafId"), Literal(record.viaf))
        for pocom_id in pocom_ids:
            out.add(p, FRUS("pocomId"), Literal(pocom_id))
            out.add(p, RDFS("seeAlso"), NamedNode(pocom_page(pocom_id)))
        for url in record.urls:
            if url.startswith(HSG_PEOPLE):
                continue  # pocom pages: given above under their current ids
            node = _url(url)
            if node is None:
                self.problems.append(Problem(f"source URL {url!r} is not an IRI", document=record.hsg_id))
            else:
                out.add(p, RDFS("seeAlso"), node)
        for vol, local_id in record.keys:
            out.add(NamedNode(self.iris.listed_person(vol, local_id)), FRUS("identifiedWith"), p)
        for title in record.titles:
            for vol, local_id in title.keys:
                out.add(NamedNode(self.iris.listed_person(vol, local_id)), SCHEMA("honorificPrefix"),
                        Literal(title.text))
        for remark in record.remarks:
            for vol, local_id in remark.keys:
                out.add(NamedNode(self.iris.listed_person(vol, local_id)), SCHEMA("description"),
                        Literal(remark.text))
            if remark.urls:  # a gloss from pocom, visits or presidents: about the person
                out.add(p, SKOS("note"), Literal(remark.text))
        return out.by_subject()

    # --- pocom -------------------------------------------------------------------------

    def pocom_chunks(self, pocom: Pocom, hsg_id_of: Callable[[str], str | None]) -> Iterator[list[Triple]]:
        """The pocom graph in chunks: vocabularies, persons, then each post and mission.

        ``hsg_id_of`` gives the people record linked to a pocom id, if any: such a person
        is described under its people IRI, so both graphs speak of one node.
        """

        def person_iri(pocom_id: str) -> NamedNode:
            hsg_id = hsg_id_of(pocom_id)
            return NamedNode(self.iris.person(hsg_id) if hsg_id else self.iris.pocom_person(pocom_id))

        yield self._vocabularies(pocom)
        for person in pocom.people.values():
            yield self._pocom_person(person, person_iri(person.pocom_id), hsg_id_of(person.pocom_id) is None)
        labels = {pid: p.label for pid, p in pocom.people.items()}
        for position in pocom.positions.values():
            yield self._position(position, pocom, person_iri, labels)
        for mission in pocom.missions.values():
            yield self._mission(mission, pocom, person_iri, labels)

    def _vocabularies(self, pocom: Pocom) -> list[Triple]:
        out = _Out()
        for scheme, label in SCHEMES.items():
            node = NamedNode(V.scheme_iri(scheme))
            out.add(node, A, SKOS("ConceptScheme"))
            out.add(node, RDFS("label"), Literal(label, language="en"))
        for slug, (label, definition) in APPOINTMENT_DATES.items():
            c = self._concept(out, "appointment-date", slug, label, definition)
            out.add(c, A, RICO("DateType"))
        for role_id in pocom.role_ids():
            c = self._concept(out, "pocom-role", role_id, pocom.role_label(role_id))
            out.add(c, A, ORG("Role"))
        for name, scheme in _CODE_TABLE_SCHEMES.items():
            table = pocom.code_tables.get(name)
            for item in table.items if table else ():
                self._concept(out, scheme, item.value, item.label, item.definition)
        dept = self.department
        out.add(dept, A, RICO("CorporateBody"))
        out.add(dept, A, ORG("Organization"))
        out.add(dept, RDFS("label"), Literal(DEPARTMENT_OF_STATE))
        return out.by_subject()

    @staticmethod
    def _concept(out: _Out, scheme: str, slug: str, label: str, definition: str | None = None) -> NamedNode:
        c = concept_iri(scheme, slug)
        out.add(c, A, SKOS("Concept"))
        out.add(c, SKOS("prefLabel"), Literal(label, language="en"))
        out.add(c, SKOS("notation"), Literal(slug))
        out.add(c, SKOS("inScheme"), NamedNode(V.scheme_iri(scheme)))
        out.text(c, SKOS("definition"), definition)
        return c

    def _pocom_person(self, person: PocomPerson, p: NamedNode, own_record: bool) -> list[Triple]:
        out = _Out()
        out.add(p, A, RICO("Person"))
        out.add(p, A, FOAF("Person"))
        out.add(p, RDFS("label"), Literal(person.label))
        if own_record:  # otherwise the people graph gives the preferred label
            out.add(p, SKOS("prefLabel"), Literal(person.label))
        out.add(p, FOAF("familyName"), Literal(person.surname))
        out.text(p, FOAF("givenName"), person.forename)
        out.text(p, SCHEMA("honorificSuffix"), person.genname)
        for name in person.altnames:
            out.add(p, SKOS("altLabel"), Literal(name))
        out.date(p, RICO("birthDate"), person.birth)
        out.date(p, RICO("deathDate"), person.death)
        out.add(p, FRUS("pocomId"), Literal(person.pocom_id))
        if person.career_type:
            out.add(p, FRUS("careerType"), concept_iri("career-type", person.career_type))
        out.add(p, RDFS("seeAlso"), NamedNode(pocom_page(person.pocom_id)))
        return out.by_subject()

    def _position(self, position: Position, pocom: Pocom, person_iri: Callable[[str], NamedNode],
                  labels: dict[str, str]) -> list[Triple]:
        out = _Out()
        post = NamedNode(self.iris.position(position.position_id))
        dept = self.department
        out.add(post, A, ORG("Post"))
        out.add(post, A, RICO("Position"))
        out.add(post, RDFS("label"), Literal(position.label))
        for name in position.alternates:
            out.add(post, SKOS("altLabel"), Literal(name))
        out.add(post, FRUS("pocomId"), Literal(position.position_id))
        out.add(post, ORG("postIn"), dept)
        out.add(post, RICO("existsOrExistedIn"), dept)
        out.add(post, ORG("role"), concept_iri("pocom-role", position.position_id))
        if position.category:
            out.add(post, FRUS("positionCategory"), concept_iri("position-category", position.category))
        out.date(post, RICO("beginningDate"), position.start_year)
        # pocom's end year is a maintenance mark (2005 for most posts that still exist);
        # only a discontinued post really ended
        if position.category == "discontinued":
            out.date(post, RICO("endDate"), position.end_year)
        out.text(post, SCHEMA("description"), position.description)
        out.add(post, RDFS("seeAlso"),
                NamedNode(f"{HSG_PEOPLE}principalofficers/{position.position_id}"))
        holders: dict[str, NamedNode] = {}
        for holder in position.holders:
            person = holders.setdefault(holder.person_id, person_iri(holder.person_id))
            self._appointment(out, holder, pocom, person, dept, labels)
        for person in holders.values():  # the RiC-O shortcut of the holding relations
            out.add(person, RICO("occupiesOrOccupied"), post)
        return out.by_subject()

    def _mission(self, mission: Mission, pocom: Pocom, person_iri: Callable[[str], NamedNode],
                 labels: dict[str, str]) -> list[Triple]:
        out = _Out()
        m = NamedNode(self.iris.mission(mission.mission_id))
        out.add(m, A, ORG("Organization"))
        out.add(m, A, RICO("CorporateBody"))
        out.add(m, A, FRUS("Mission"))
        out.add(m, RDFS("label"), Literal(mission_label(mission)))
        out.add(m, FRUS("pocomId"), Literal(mission.mission_id))
        out.text(m, FRUS("territoryId"), mission.territory_id)
        out.add(m, ORG("subOrganizationOf"), self.department)
        out.text(m, SCHEMA("description"), mission.description)
        for note in mission.notes:
            out.add(m, SKOS("note"), Literal(note))
        out.add(m, RDFS("seeAlso"), NamedNode(f"{HSG_PEOPLE}chiefsofmission/{mission.mission_id}"))
        for holder in mission.holders:
            self._appointment(out, holder, pocom, person_iri(holder.person_id), m, labels)
        return out.by_subject()

    def _appointment(self, out: _Out, a: Appointment, pocom: Pocom, person: NamedNode,
                     organization: NamedNode, labels: dict[str, str]) -> None:
        iri = self.iris.appointment(a.file_id, a.iri_key)
        node = NamedNode(iri)
        role = pocom.role_label(a.role_title_id)
        who = labels.get(a.person_id, a.person_id)
        where = "" if a.kind is AppointmentKind.PRINCIPAL else f", {a.contemporary_territory_id or a.file_id}"
        out.add(node, A, ORG("Membership"))
        out.add(node, A, FRUS("Appointment"))
        if a.kind is AppointmentKind.PRINCIPAL:
            out.add(node, A, RICO("PositionHoldingRelation"))
            out.add(node, RICO("relationHasSource"), person)
            out.add(node, RICO("relationHasTarget"), NamedNode(self.iris.position(a.file_id)))
        out.add(node, RDFS("label"), Literal(f"{who}: {role}{where}"))
        out.add(node, FRUS("pocomId"), Literal(a.appointment_id))
        out.add(node, ORG("member"), person)
        out.add(node, ORG("organization"), organization)
        out.add(node, ORG("role"), concept_iri("pocom-role", a.role_title_id))
        out.text(node, FRUS("contemporaryTerritoryId"), a.contemporary_territory_id)
        out.text(node, SKOS("note"), a.note)
        if a.person_id not in pocom.people:
            out.add(node, FRUS("conversionNote"), Literal(f"person id {a.person_id!r} is not in pocom"))

        term = NamedNode(self.iris.part(iri, "term"))
        out.add(node, ORG("memberDuring"), term)
        out.add(term, A, TIME_INTERVAL)
        out.add(term, A, RICO("Date"))
        out.date(term, RICO("beginningDate"), a.start)
        out.date(term, RICO("endDate"), a.ended.value)
        if a.effective_start:
            out.add(term, FRUS("effectiveStart"), Literal(a.effective_start, datatype=XSD("date")))
        if a.effective_end:
            out.add(term, FRUS("effectiveEnd"), Literal(a.effective_end, datatype=XSD("date")))
        if a.closed_by:
            out.add(term, FRUS("closedBySuccessor"), NamedNode(self.iris.appointment(a.file_id, a.closed_by)))
        for name in DATE_FIELDS:
            given = getattr(a, name)
            if not (given.value or given.note):
                continue
            stated = NamedNode(self.iris.part(iri, "term", name))
            out.add(term, FRUS("statedDate"), stated)
            out.add(stated, A, RICO("Date"))
            out.add(stated, RICO("hasDateType"), concept_iri("appointment-date", date_meaning(a, name)))
            out.date(stated, RICO("normalizedDateValue"), given.value)
            out.text(stated, SKOS("note"), given.note)

    # --- milestones --------------------------------------------------------------------

    def event_chunks(self, events: Iterable[Event], tags: dict[str, Tag]) -> Iterator[list[Triple]]:
        """One chunk per event; each tag is described with the first event that uses it."""
        described: set[str] = set()
        for event in events:
            out = _Out()
            e = NamedNode(self.iris.event(event.event_id))
            out.add(e, A, RICO("Event"))
            out.add(e, A, SEM("Event"))
            out.add(e, RDFS("label"), Literal(event.title))
            out.add(e, FRUS("milestoneId"), Literal(event.milestone_id))
            out.date(e, RICO("beginningDate"), event.begin)
            out.date(e, RICO("endDate"), event.end)
            out.text(e, RICO("expressedDate"), event.expressed)
            out.add(e, RDFS("seeAlso"), NamedNode(event.url))
            for tag_id in event.tags:
                t = NamedNode(self.iris.tag(tag_id))
                out.add(e, DCT("subject"), t)
                if tag_id not in described:
                    described.add(tag_id)
                    self._tag(out, t, tag_id, tags.get(tag_id))
            yield out.by_subject()

    @staticmethod
    def _tag(out: _Out, t: NamedNode, tag_id: str, tag: Tag | None) -> None:
        out.add(t, A, SKOS("Concept"))
        out.add(t, SKOS("notation"), Literal(tag_id))
        if tag is not None:
            out.add(t, SKOS("prefLabel"), Literal(tag.label, language="en"))
            out.text(t, SKOS("definition"), tag.definition)
