"""The intermediate document model shared by every reader and by the RDF mapping.

Readers (TEI, plain text) fill these dataclasses; the mapping turns them into triples.
Nothing here knows about XML or RDF.  Values the source does not state are left empty
(``None`` or an empty list): the model never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class AgentKind(str, Enum):
    PERSON = "person"
    INSTITUTION = "institution"


class Role(str, Enum):
    """The part an agent plays in a document (the ``roles`` concept scheme)."""

    SENDER = "sender"
    RECIPIENT = "recipient"
    REPEATED_TO = "repeated-to"
    DRAFTER = "drafter"
    CLEARER = "clearer"
    APPROVER = "approver"
    SIGNER = "signer"
    PARTICIPANT = "participant"


class DateSource(str, Enum):
    """Where a document's date comes from."""

    DATELINE = "dateline"
    DOC_DATETIME = "doc-datetime"  # frus:doc-dateTime-min/max on the document div
    INFERRED_FROM_FILE = "inferred-from-file"  # the date suffix of a decimal file number


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name in a document denotes, how that was decided, and how sure it is.

    ``method`` is ``persons-list-key``, ``unresolved``, or the evidence that decided:
    "surname+volume-list", "name+volume-list+appointment" (forenames printed and agreeing),
    "title+appointment+office" (a bare title such as "The Secretary").
    """

    person_id: str | None  # hsg people id, or "pocom:<id>"; None when unresolved
    method: str
    score: float
    candidates: tuple[tuple[str, float], ...] = ()  # (person id, score), best first


@dataclass(slots=True)
class AgentRef:
    """A person or institution as printed in one place of a document."""

    name: str  # as printed, whitespace normalised
    kind: AgentKind = AgentKind.PERSON
    local_id: str | None = None  # volume-local persons-list id (``p_RD3``), if tagged
    office: str | None = None  # office symbol or name given with the name ("L", "ARA")
    description: str | None = None  # title printed with the name ("Legal Adviser")
    # Filled by the authority linking stage (actors/enrich.py), never by a reader:
    resolution: Resolution | None = None  # the person this name denotes, and how sure
    body: str | None = None  # the US mission (pocom id) or Department an institution is


@dataclass(slots=True)
class DocDate:
    """A date, exact or an interval, and where it comes from.

    ``earliest``/``latest`` are ISO 8601 strings (date or dateTime, offset kept as
    given).  ``when`` is the dateline's own normalised value when there is one.
    """

    source: DateSource
    earliest: str
    latest: str
    when: str | None = None
    text: str | None = None  # as printed ("April 23, 1961, 4 p.m.")
    inferred_from: str | None = None  # the file identifier the date was read from

    @property
    def day(self) -> str | None:
        """The calendar day (YYYY-MM-DD) when the date is known to the day."""
        if self.when and len(self.when) >= 10:
            return self.when[:10]
        if self.earliest[:10] == self.latest[:10] and len(self.earliest) >= 10:
            return self.earliest[:10]
        return None


@dataclass(slots=True)
class RecordSetRef:
    """One level of an archival hierarchy, from the archive down to the file."""

    key: str  # stable path segment, e.g. "rg59", "central-files", "737.00"
    label: str
    level: str  # concept slug: repository, record-group, series, file, lot-file, ...
    identifier: str | None = None  # as printed ("737.00/4-2361", "Lot 61 D 298")


@dataclass(slots=True)
class Citation:
    """An archival or published source cited in a source note or a footnote.

    ``path`` runs from the outermost holder (e.g. National Archives) to the file.
    """

    text: str
    path: list[RecordSetRef] = field(default_factory=list)
    file_date: str | None = None  # ISO date read from a decimal file's suffix
    published: bool = False  # a publication (Public Papers, a journal), not an archive

    @property
    def file(self) -> RecordSetRef | None:
        return self.path[-1] if self.path else None


@dataclass(slots=True)
class SourceNote:
    """A parsed source note; ``text`` keeps the note as printed."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    classification: str | None = None  # concept slug: secret, top-secret, ...
    precedence: list[str] = field(default_factory=list)
    handling: list[str] = field(default_factory=list)
    drafters: list[AgentRef] = field(default_factory=list)
    clearers: list[AgentRef] = field(default_factory=list)
    approvers: list[AgentRef] = field(default_factory=list)
    repeated_to: list[AgentRef] = field(default_factory=list)
    summary: str | None = None  # "Summary: …" before "Source:" (1970s volumes)


@dataclass(slots=True)
class Footnote:
    number: str  # the note's own number as printed in the source
    text: str
    local_id: str | None = None  # TEI xml:id ("d5fn2")
    anchor: str | None = None  # the words just before the marker
    is_source: bool = False
    citations: list[Citation] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Problem:
    """Something a reader could not read; recorded against a document, never fatal."""

    message: str
    document: str | None = None


@dataclass(slots=True)
class Document:
    volume_id: str
    doc_id: str  # unique within the volume ("d171")
    number: str | None = None  # as printed; FRUS renumbered some volumes
    title: str | None = None
    form: str | None = None  # documentary form concept slug
    subtype: str | None = None
    senders: list[AgentRef] = field(default_factory=list)
    addressees: list[AgentRef] = field(default_factory=list)
    signers: list[AgentRef] = field(default_factory=list)
    participants: list[AgentRef] = field(default_factory=list)
    message_number: str | None = None  # telegram / airgram / despatch number
    message_refs: list[str] = field(default_factory=list)  # "Depcirtel 1662", "Embtel 506"
    date: DocDate | None = None
    place: str | None = None
    source_note: SourceNote | None = None
    subjects: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # targets: "#d4", "frus1961-63v10#d171"
    pages: list[str] = field(default_factory=list)
    person_mentions: list[str] = field(default_factory=list)  # persons-list ids
    term_mentions: list[str] = field(default_factory=list)  # terms-list ids
    chapter: str | None = None
    problems: list[Problem] = field(default_factory=list)
    # (event id, "document" or the footnote number naming it), from the linking stage
    events: list[tuple[str, str]] = field(default_factory=list)

    def agents_in_roles(self) -> list[tuple[Role, AgentRef]]:
        """Every agent the document names, with the part it plays, in a stable order."""
        roles = [*((Role.SENDER, a) for a in self.senders),
                 *((Role.RECIPIENT, a) for a in self.addressees),
                 *((Role.SIGNER, a) for a in self.signers),
                 *((Role.PARTICIPANT, a) for a in self.participants)]
        note = self.source_note
        if note is not None:
            roles += [*((Role.DRAFTER, a) for a in note.drafters),
                      *((Role.CLEARER, a) for a in note.clearers),
                      *((Role.APPROVER, a) for a in note.approvers),
                      *((Role.REPEATED_TO, a) for a in note.repeated_to)]
        return roles


@dataclass(slots=True)
class PersonEntry:
    """An entry of a volume's persons list."""

    local_id: str
    name: str  # as listed ("Rusk, Dean")
    description: str | None = None
    see_also: list[str] = field(default_factory=list)  # ids linked from the entry


@dataclass(slots=True)
class TermEntry:
    local_id: str
    term: str
    expansion: str | None = None


@dataclass(slots=True)
class Volume:
    volume_id: str
    title: str | None = None
    subseries: str | None = None
    volume_number: str | None = None
    editors: list[str] = field(default_factory=list)
    isbn: str | None = None
    coverage_from: str | None = None
    coverage_to: str | None = None
    persons: dict[str, PersonEntry] = field(default_factory=dict)
    terms: dict[str, TermEntry] = field(default_factory=dict)
