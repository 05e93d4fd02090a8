"""Namespaces and the SKOS concept schemes frus-kg emits.

Each scheme maps a stable slug (used in the model and in concept IRIs) to its
preferred label.  Concept IRIs do not depend on the configurable data base: they are
shared vocabulary, ``{VOCAB}{scheme}/{slug}``.
"""

from __future__ import annotations

RICO = "https://www.ica.org/standards/RiC/ontology#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
VOID = "http://rdfs.org/ns/void#"

FRUS = "https://w3id.org/frus-kg/ontology#"
VOCAB = "https://w3id.org/frus-kg/vocab/"
DEFAULT_BASE = "https://w3id.org/frus-kg/id/"

PREFIXES = {
    "frus": FRUS,
    "fv": VOCAB,
    "rico": RICO,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "sem": SEM,
}

CLASSIFICATION = {
    "top-secret": "Top Secret",
    "secret": "Secret",
    "confidential": "Confidential",
    "limited-official-use": "Limited Official Use",
    "official-use-only": "Official Use Only",
    "restricted": "Restricted",
    "unclassified": "Unclassified",
    "no-classification-marking": "No classification marking",
}

PRECEDENCE = {
    "flash": "Flash",
    "niact": "Niact",
    "operational-immediate": "Operational Immediate",
    "immediate": "Immediate",
    "priority": "Priority",
    "routine": "Routine",
}

HANDLING = {
    "limit-distribution": "Limit Distribution",
    "eyes-only": "Eyes Only",
    "nodis": "Nodis",
    "exdis": "Exdis",
    "limdis": "Limdis",
    "noforn": "Noforn",
    "personal": "Personal",
    "presidential-handling": "Presidential Handling",
    "sensitive": "Sensitive",
    "off-the-record": "Off-the-Record",
    "not-for-publication": "Not for Publication",
    "codeword-not-declassified": "Codeword not declassified",
    "rybat": "RYBAT",
    "pbsuccess": "PBSUCCESS",
}

FORMS = {
    "telegram": "Telegram",
    "circular-telegram": "Circular telegram",
    "airgram": "Airgram",
    "circular-airgram": "Circular airgram",
    "despatch": "Despatch",
    "instruction": "Instruction",
    "memorandum": "Memorandum",
    "memorandum-of-conversation": "Memorandum of conversation",
    "memorandum-for-the-record": "Memorandum for the record",
    "letter": "Letter",
    "note": "Diplomatic note",
    "report": "Report",
    "paper": "Paper",
    "editorial-note": "Editorial note",
    "minutes": "Minutes",
    "summary-record": "Summary record",
    "intelligence-estimate": "Intelligence estimate",
    "message": "Message",
    "cable": "Cable",
    "article": "Article",
    "speech": "Speech",
    "statement": "Statement",
    "transcript": "Transcript",
    "action-memorandum": "Action memorandum",
    "information-memorandum": "Information memorandum",
    "briefing-paper": "Briefing paper",
    "record": "Record (unspecified form)",
}

ROLES = {
    "sender": "Sender",
    "recipient": "Recipient",
    "repeated-to": "Repeated to",
    "drafter": "Drafter",
    "clearer": "Clearer",
    "approver": "Approver",
    "signer": "Signer",
    "participant": "Participant",
}

RECORD_SET_LEVELS = {
    "repository": "Repository",
    "record-group": "Record group",
    "series": "Series",
    "decimal-file": "Decimal file",
    "file": "File",
    "subject-numeric-file": "Subject-numeric file",
    "lot-file": "Lot file",
    "collection": "Collection",
    "box": "Box",
    "folder": "Folder",
    "job": "Job",
    "accession": "Accession",
    "publication": "Publication",
}

DATE_SOURCES = {
    "dateline": "Dateline",
    "doc-datetime": "Document date attributes (frus:doc-dateTime-min/max)",
    "inferred-from-file": "Inferred from the date suffix of a decimal file",
}

EVENT_TYPES = {
    "transmission": "Transmission of a message",
    "meeting": "Meeting or conversation",
}

SCHEMES: dict[str, dict[str, str]] = {
    "classification": CLASSIFICATION,
    "precedence": PRECEDENCE,
    "handling": HANDLING,
    "form": FORMS,
    "role": ROLES,
    "record-set-level": RECORD_SET_LEVELS,
    "date-source": DATE_SOURCES,
    "event-type": EVENT_TYPES,
}


def concept(scheme: str, slug: str) -> str:
    """The IRI of a concept; raises KeyError for a slug the scheme does not define."""
    SCHEMES[scheme][slug]
    return f"{VOCAB}{scheme}/{slug}"


def scheme_iri(scheme: str) -> str:
    return f"{VOCAB}{scheme}"

# The Department's name: its organisation IRI is minted from it by documents and pocom alike.
DEPARTMENT_OF_STATE = "Department of State"
