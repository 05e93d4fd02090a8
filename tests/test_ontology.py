"""The ontology (ontology/frus.ttl) and its README against what frus-kg emits.

Every frus: term the document mapping, the provenance graph, the authority mapping or the
link graph uses must be declared, labelled, explained and aligned; every declared class
must be constrained by a shape (or marked as not emitted); the published concept schemes
must be exactly vocab.SCHEMES plus the schemes of the pocom graph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from frus_kg import vocab as V

try:  # tests/ is a package in this repository; also work when it is not
    from tests.test_shapes import (all_fixture_graphs, build_authority_graph, build_provenance_graph,
                                   build_volume_graph, load_shapes)
except ImportError:  # pragma: no cover
    from test_shapes import (all_fixture_graphs, build_authority_graph, build_provenance_graph,
                             build_volume_graph, load_shapes)

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "frus.ttl"
README = ROOT / "ontology" / "README.md"
SRC = ROOT / "src" / "frus_kg"

FRUS = V.FRUS
ONTOLOGY = URIRef("https://w3id.org/frus-kg/ontology")
IRI_PATTERN = URIRef(FRUS + "iriPattern")
NOT_EMITTED = URIRef(FRUS + "notEmitted")
DCTERMS = "http://purl.org/dc/terms/"
ALIGNMENT = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentClass,
             OWL.equivalentProperty, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
             SKOS.narrowMatch, SKOS.relatedMatch}
TIME = "http://www.w3.org/2006/time#"
SSSOM = "https://w3id.org/sssom/"
EXTERNAL = (V.RICO, V.PROV, V.ORG, V.SKOS, V.DCTERMS, V.SCHEMA, V.SEM, V.FOAF, V.VOID,
            "http://www.cidoc-crm.org/cidoc-crm/", "http://purl.org/dc/elements/1.1/",
            "http://www.w3.org/ns/oa#", TIME, SSSOM, V.RDF, V.OWL)
# modules that emit frus: terms through FRUS("…") calls only
AUTHORITY_AND_LINK_MODULES = ("actors/mapping.py", "link/graph.py")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def emitted() -> Graph:
    """Everything frus-kg writes: volume and document graphs and their provenance, a volume
    resolved against the authority data, the people, pocom and milestones graphs, a link graph."""
    return all_fixture_graphs()


def frus_terms_used(g: Graph) -> tuple[set[URIRef], set[URIRef]]:
    """(classes, properties) of the frus: namespace a graph uses."""
    classes = {o for o in g.objects(None, RDF.type) if str(o).startswith(FRUS)}
    props = {p for p in g.predicates() if str(p).startswith(FRUS)}
    return classes, props


def declared(ontology: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(FRUS)}


def source_terms() -> set[str]:
    """Every frus: local name written in the mapping and the provenance code.

    Names inside FRUS(...) calls, plus class names passed to helpers that call FRUS(kind)
    (``self._event(out, d, "meeting", "Meeting", …)``): every CamelCase string literal that is
    not the argument of another namespace (RICO("Person"), PROV("Entity") …).
    """
    names: set[str] = set()
    for module in ("mapping.py", "convert.py", *AUTHORITY_AND_LINK_MODULES):
        text = (SRC / module).read_text(encoding="utf-8")
        for call in re.findall(r"FRUS\(([^()]*)\)", text):
            names |= set(re.findall(r'"([A-Za-z]\w*)"', call))
        if module in AUTHORITY_AND_LINK_MODULES:
            continue  # their CamelCase strings are labels ("Appointed"), not class names
        other = set(re.findall(r'\b(?:RICO|PROV|ORG|FOAF|SKOS|DCT|SCHEMA|RDFS|XSD|SEM)\("([A-Za-z]\w*)"\)', text))
        names |= set(re.findall(r'"([A-Z][a-z]+(?:[A-Z][a-z]+)*)"', text)) - other
    return names


# --- the file ------------------------------------------------------------------------------

def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY, OWL.versionIRI) is not None
    assert ontology.value(ONTOLOGY, URIRef(DCTERMS + "license")) is not None
    comment = str(ontology.value(ONTOLOGY, RDFS.comment))
    assert "{base}document/{vol}/{doc}" in comment  # the IRI patterns are documented


# --- every emitted term is declared ----------------------------------------------------------

def test_every_frus_term_emitted_is_declared(ontology: Graph, emitted: Graph) -> None:
    classes, props = frus_terms_used(emitted)
    assert classes <= declared(ontology, OWL.Class), classes - declared(ontology, OWL.Class)
    all_props = declared(ontology, OWL.ObjectProperty) | declared(ontology, OWL.DatatypeProperty)
    assert props <= all_props, props - all_props


def test_every_frus_term_in_the_source_is_declared(ontology: Graph) -> None:
    names = source_terms()
    assert {"Document", "SourceNote", "Footnote", "Meeting", "Transmission", "VolumeGraph"} <= names
    assert {"AuthorityGraph", "Appointment", "Mission", "identifiedWith", "statedDate", "resolutionScore",
            "candidate", "LinkGraph", "EntityLink", "linkScore"} <= names
    missing = {n for n in names if (URIRef(FRUS + n), RDF.type, None) not in ontology}
    assert not missing, missing


def test_property_kinds_match_the_data(ontology: Graph, emitted: Graph) -> None:
    """Object properties link to IRIs, datatype properties to literals."""
    for _, p, o in emitted:
        if not str(p).startswith(FRUS):
            continue
        expected = OWL.DatatypeProperty if isinstance(o, Literal) else OWL.ObjectProperty
        assert (p, RDF.type, expected) in ontology, f"{p} should be an {expected}"


def test_every_term_is_labelled_and_explained(ontology: Graph) -> None:
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in declared(ontology, kind):
            label, comment = ontology.value(term, RDFS.label), ontology.value(term, RDFS.comment)
            assert label is not None and label.language == "en", term
            assert comment is not None and len(str(comment)) >= 40, term
            assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology, term


def test_every_declared_term_is_emitted_or_marked(ontology: Graph, emitted: Graph) -> None:
    """No stale terms: what the ontology declares, the converter emits (or it says it does not)."""
    classes, props = frus_terms_used(emitted)
    for kind, used in ((OWL.Class, classes), (OWL.ObjectProperty, props),
                       (OWL.DatatypeProperty, props)):
        for term in declared(ontology, kind):
            assert term in used or ontology.value(term, NOT_EMITTED) == Literal(True), term


def _aligned(ontology: Graph, term: URIRef, seen: frozenset = frozenset()) -> bool:
    for p in ALIGNMENT:
        for target in ontology.objects(term, p):
            if str(target).startswith(EXTERNAL):
                return True
            if str(target).startswith(FRUS) and target not in seen:
                if _aligned(ontology, target, seen | {term}):
                    return True
    return False


def test_every_term_is_aligned_to_a_standard_vocabulary(ontology: Graph) -> None:
    terms = (declared(ontology, OWL.Class) | declared(ontology, OWL.ObjectProperty)
             | declared(ontology, OWL.DatatypeProperty))
    unaligned = {t for t in terms if not _aligned(ontology, t)}
    assert not unaligned, unaligned


def test_domains_and_ranges_are_known(ontology: Graph) -> None:
    known = declared(ontology, OWL.Class)
    for p in (RDFS.domain, RDFS.range):
        for term, cls in ontology.subject_objects(p):
            if not str(term).startswith(FRUS) or term == NOT_EMITTED:
                continue
            assert cls in known or str(cls).startswith(EXTERNAL + (V.XSD,)), (term, p, cls)


@pytest.mark.parametrize("term,parent", [
    ("Document", V.RICO + "Record"),
    ("Volume", V.SCHEMA + "PublicationVolume"),
    ("Volume", V.DCTERMS + "BibliographicResource"),
    ("Transmission", V.RICO + "Event"),
    ("Meeting", V.RICO + "Event"),
    ("AgentInRole", V.PROV + "AgentInfluence"),
    ("transmittedBy", V.RICO + "hasOrHadParticipant"),
    ("transmittedTo", V.RICO + "hasOrHadParticipant"),
    ("citesDocument", V.DCTERMS + "references"),
    ("documentNumber", V.RICO + "identifier"),
    ("Appointment", V.ORG + "Membership"),
    ("Mission", V.ORG + "Organization"),
    ("Mission", V.RICO + "CorporateBody"),
    ("AuthorityGraph", V.PROV + "Entity"),
    ("LinkGraph", V.PROV + "Entity"),
    ("hsgPeopleId", V.DCTERMS + "identifier"),
    ("pocomId", V.DCTERMS + "identifier"),
])
def test_key_alignments(ontology: Graph, term: str, parent: str) -> None:
    t = URIRef(FRUS + term)
    supers = set(ontology.objects(t, RDFS.subClassOf)) | set(ontology.objects(t, RDFS.subPropertyOf))
    assert URIRef(parent) in supers


def test_identified_with_is_not_same_as(ontology: Graph) -> None:
    """A persons-list entry is not owl:sameAs its person (see the property's comment)."""
    prop = URIRef(FRUS + "identifiedWith")
    assert URIRef(V.PROV + "specializationOf") in set(ontology.objects(prop, SKOS.closeMatch))
    assert (prop, RDFS.subPropertyOf, OWL.sameAs) not in ontology
    assert "Deliberately not owl:sameAs" in str(ontology.value(prop, RDFS.comment))


def test_scores_match_sssom_confidence(ontology: Graph) -> None:
    for prop in ("resolutionScore", "linkScore"):
        assert (URIRef(FRUS + prop), SKOS.closeMatch, URIRef(SSSOM + "confidence")) in ontology
        assert ontology.value(URIRef(FRUS + prop), RDFS.range) == URIRef(V.XSD + "decimal")


def test_events_match_sem_and_crm(ontology: Graph) -> None:
    for cls in ("Transmission", "Meeting"):
        matches = set(ontology.objects(URIRef(FRUS + cls), SKOS.closeMatch))
        assert URIRef(V.SEM + "Event") in matches
        assert URIRef("http://www.cidoc-crm.org/cidoc-crm/E7_Activity") in matches


def test_security_classification_is_not_rico_classification(ontology: Graph) -> None:
    prop = URIRef(FRUS + "securityClassification")
    comment = str(ontology.value(prop, RDFS.comment))
    assert "rico:classification is NOT a security marking" in comment
    assert URIRef(V.RICO + "classification") not in set(ontology.objects(prop, None))


def test_every_class_documents_its_iri_pattern(ontology: Graph) -> None:
    for cls in declared(ontology, OWL.Class):
        pattern = ontology.value(cls, IRI_PATTERN)
        assert pattern is not None and "{" in str(pattern), cls


# --- shapes cover the ontology ----------------------------------------------------------------

def test_every_class_is_covered_by_a_shape_or_marked_not_emitted(ontology: Graph) -> None:
    targeted = set(load_shapes().objects(None, SH.targetClass))
    for cls in declared(ontology, OWL.Class):
        assert cls in targeted or ontology.value(cls, NOT_EMITTED) == Literal(True), cls


def test_concept_schemes_merged_with_data_still_conform(ontology: Graph, emitted: Graph) -> None:
    """The ontology's concept descriptions agree with those the converter emits.

    Only the concept-scheme section is merged: the ontology's rdfs:subClassOf axioms (e.g.
    frus:Document ⊑ prov:Entity) would widen SHACL class targets, and the shapes are written
    for data graphs validated without the ontology.
    """
    vocabulary = [(s, p, o) for s, p, o in ontology if str(s).startswith(V.VOCAB)]
    # one dump's graphs each, not `emitted`: the volume dump, and the pocom graph, which emits
    # the appointment-date concepts and the pocom schemes
    for data in (build_volume_graph() + build_provenance_graph(), build_authority_graph("pocom")):
        for t in vocabulary:
            data.add(t)
        conforms, _, text = validate(data, shacl_graph=load_shapes(), inference="none", advanced=False)
        assert conforms, text


# --- concept schemes ---------------------------------------------------------------------------

EXTRA_TYPES = {"form": URIRef(V.RICO + "DocumentaryFormType"), "role": URIRef(V.PROV + "Role"),
               "event-type": URIRef(V.RICO + "EventType")}


@pytest.mark.parametrize("scheme", sorted(V.SCHEMES))
def test_concept_scheme_matches_vocab(ontology: Graph, scheme: str) -> None:
    scheme_iri = URIRef(V.scheme_iri(scheme))
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    # the same label the converter emits, so that merged graphs keep one label
    assert ontology.value(scheme_iri, RDFS.label) == Literal(f"frus-kg {scheme} scheme", lang="en")
    assert ontology.value(scheme_iri, SKOS.definition) is not None
    in_ontology = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert in_ontology == {URIRef(V.concept(scheme, s)) for s in V.SCHEMES[scheme]}
    for slug, label in V.SCHEMES[scheme].items():
        c = URIRef(V.concept(scheme, slug))
        assert (c, RDF.type, SKOS.Concept) in ontology
        assert list(ontology.objects(c, SKOS.prefLabel)) == [Literal(label, lang="en")], c
        if scheme in EXTRA_TYPES:
            assert (c, RDF.type, EXTRA_TYPES[scheme]) in ontology, c


@pytest.mark.parametrize("scheme", ["appointment-date", "pocom-role", "career-type", "position-category"])
def test_pocom_scheme_matches_the_authority_mapping(ontology: Graph, scheme: str) -> None:
    from frus_kg.actors.mapping import SCHEMES as AUTHORITY_SCHEMES

    scheme_iri = URIRef(V.scheme_iri(scheme))
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    # the label the pocom graph emits, so that merged graphs keep one label
    assert ontology.value(scheme_iri, RDFS.label) == Literal(AUTHORITY_SCHEMES[scheme], lang="en")
    assert ontology.value(scheme_iri, SKOS.definition) is not None


def test_appointment_date_concepts_match_the_authority_mapping(ontology: Graph) -> None:
    from frus_kg.actors.mapping import APPOINTMENT_DATES

    scheme = URIRef(V.scheme_iri("appointment-date"))
    assert set(ontology.subjects(SKOS.inScheme, scheme)) == {
        URIRef(f"{V.VOCAB}appointment-date/{s}") for s in APPOINTMENT_DATES}
    for slug, (label, definition) in APPOINTMENT_DATES.items():
        c = URIRef(f"{V.VOCAB}appointment-date/{slug}")
        assert (c, RDF.type, URIRef(V.RICO + "DateType")) in ontology
        assert list(ontology.objects(c, SKOS.prefLabel)) == [Literal(label, lang="en")], c
        # the same literal as emitted (a plain string): merged graphs keep one definition
        assert list(ontology.objects(c, SKOS.definition)) == [Literal(definition)], c


def test_no_concepts_outside_vocab(ontology: Graph) -> None:
    from frus_kg.actors.mapping import APPOINTMENT_DATES

    known = {URIRef(V.concept(sc, s)) for sc in V.SCHEMES for s in V.SCHEMES[sc]}
    known |= {URIRef(f"{V.VOCAB}appointment-date/{s}") for s in APPOINTMENT_DATES}
    assert set(ontology.subjects(RDF.type, SKOS.Concept)) == known


@pytest.mark.parametrize("scheme,slug", [
    ("classification", "limited-official-use"), ("classification", "restricted"),
    ("classification", "no-classification-marking"), ("precedence", "niact"),
    ("precedence", "flash"), ("precedence", "operational-immediate"),
    ("handling", "nodis"), ("handling", "exdis"), ("handling", "limdis"),
    ("handling", "limit-distribution"), ("handling", "noforn"), ("handling", "rybat"),
    ("handling", "pbsuccess"), ("handling", "codeword-not-declassified"),
    ("form", "despatch"), ("form", "instruction"), ("form", "airgram"),
    ("form", "editorial-note"), ("form", "record"), ("role", "repeated-to"),
    ("role", "clearer"), ("record-set-level", "decimal-file"), ("record-set-level", "lot-file"),
    ("date-source", "inferred-from-file"), ("date-source", "doc-datetime"),
])
def test_non_obvious_concepts_are_defined(ontology: Graph, scheme: str, slug: str) -> None:
    definition = ontology.value(URIRef(V.concept(scheme, slug)), SKOS.definition)
    assert definition is not None and len(str(definition)) >= 30


# --- README -------------------------------------------------------------------------------------

def _curie(iri: str) -> str:
    for prefix, ns in {**V.PREFIXES, "time": TIME, "sssom": SSSOM}.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def test_readme_lists_every_reused_external_term(emitted: Graph) -> None:
    text = README.read_text(encoding="utf-8")
    external = {p for p in emitted.predicates() if not str(p).startswith(FRUS)}
    external |= {o for o in emitted.objects(None, RDF.type) if not str(o).startswith(FRUS)}
    missing = {_curie(str(t)) for t in external if f"`{_curie(str(t))}`" not in text}
    assert not missing, missing


def test_readme_documents_every_class_and_iri_pattern(ontology: Graph) -> None:
    text = README.read_text(encoding="utf-8")
    for cls in declared(ontology, OWL.Class):
        assert f"`{_curie(str(cls))}`" in text, cls
    for pattern in ("{base}volume/{vol}", "{base}document/{vol}/{doc}", "{base}recordset/",
                    "{base}graph/{vol}/provenance", "urn:sha256:", "{base}organization/{slug}",
                    "{base}place/{slug}", "{base}volume/{vol}/person/{person-id}",
                    # authority data and links
                    "{base}person/{hsg-id}", "{base}person/pocom/{pocom-id}", "{base}position/{",
                    "{base}mission/{", "{base}appointment/{file}/{id}", "{base}event/{",
                    "{base}tag/{tag-id}", "{base}graph/authorities/{name}", "{base}graph/links/wikidata",
                    "{base}link/wikidata/{hash}"):
        assert pattern in text, pattern


def test_readme_lists_every_shape() -> None:
    text = README.read_text(encoding="utf-8")
    shapes = load_shapes()
    names = {str(s).rsplit("#", 1)[-1] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    missing = {n for n in names if f"`frsh:{n}`" not in text}
    assert not missing, missing
