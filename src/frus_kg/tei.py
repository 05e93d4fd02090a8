"""TEI reader: streams a FRUS volume file into the document model.

The volume is read with ``iterparse`` and every document div is released once it has
been read, so memory stays flat however long the volume is.  The back matter (index)
is never read.  One odd document never fails the volume: its problem is recorded on
the document and reading goes on.  Entity expansion, DTD loading and network access
are off, and a file that declares entities is refused outright.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .dates import is_iso
from .errors import InputError
from .forms import form_from_title
from .model import (
    AgentKind,
    AgentRef,
    DateSource,
    DocDate,
    Document,
    Footnote,
    PersonEntry,
    Problem,
    TermEntry,
    Volume,
)
from .sourcenote import parse_citations, parse_source_note
from .textreader import participant_ref
from .textutil import message_number, message_refs, norm

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
T = f"{{{TEI_NS}}}"

_HEAD_NUMBER = re.compile(r"^\s*(\d+[A-Z]?)\s*\.\s*")
_DECL = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.I)
_SKIP_TEXT = {f"{T}note"}


@dataclass(slots=True)
class VolumeReader:
    """An open TEI volume: its header and lists, then its documents as an iterator."""

    path: Path
    volume: Volume
    _events: Iterator[tuple[str, etree._Element]]
    _pending: list[etree._Element]

    def documents(self) -> Iterator[Document]:
        """Yield every document of the volume, in order, releasing each after use."""
        page: str | None = None
        in_doc = 0
        chapter: str | None = None
        for elem in self._pending:
            page = elem.get("n") or page
        self._pending.clear()
        try:
            for event, elem in self._events:
                tag = elem.tag
                if event == "start":
                    if tag == f"{T}back":
                        return
                    if tag == f"{T}div" and elem.get("type") == "document":
                        in_doc += 1
                    continue
                if tag == f"{T}pb" and not in_doc:
                    page = elem.get("n") or page
                elif tag == f"{T}head" and _is_chapter(elem.getparent()):
                    chapter = norm(_text(elem))
                elif tag == f"{T}div" and elem.get("type") == "document":
                    in_doc -= 1
                    yield read_document(elem, self.volume, page, chapter)
                    page = _last_page(elem) or page
                    _release(elem)
                elif tag == f"{T}div" and elem.get("type") in ("chapter", "compilation"):
                    _release(elem)
        except etree.XMLSyntaxError as exc:
            raise InputError(str(self.path), f"malformed XML: {exc}") from None


def open_volume(path: Path) -> VolumeReader:
    """Open a TEI volume; reads up to the start of the body (header and front lists)."""
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            raise InputError(str(path), "empty file")
        with path.open("rb") as fh:
            head = fh.read(65536)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    if _DECL.search(head):
        raise InputError(str(path), "refused: the file declares a DTD subset or entities")
    events = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    volume: Volume | None = None
    pending: list[etree._Element] = []
    try:
        for event, elem in events:
            if volume is None:
                if event != "start":
                    continue
                if elem.tag != f"{T}TEI":
                    raise InputError(str(path), f"not a TEI document (root element {elem.tag!r})")
                volume_id = elem.get(XML_ID)
                if not volume_id:
                    raise InputError(str(path), "the TEI root has no xml:id (the volume id)")
                volume = Volume(volume_id=volume_id)
                continue
            if event == "start":
                if elem.tag == f"{T}body":
                    break
                continue
            if elem.tag == f"{T}teiHeader":
                _read_header(elem, volume)
                _release(elem)
            elif elem.tag == f"{T}div" and elem.get(XML_ID) == "persons":
                volume.persons = _read_persons(elem)
            elif elem.tag == f"{T}div" and elem.get(XML_ID) == "terms":
                volume.terms = _read_terms(elem)
            elif elem.tag == f"{T}pb":
                pending.append(elem)
            elif elem.tag == f"{T}front":
                _release(elem)
    except etree.XMLSyntaxError as exc:
        raise InputError(str(path), f"malformed XML: {exc}") from None
    if volume is None:
        raise InputError(str(path), "no root element")
    # pb elements kept here live outside the front matter (e.g. just inside body).
    pending = [p for p in pending if p.getparent() is None or p.getparent().tag != f"{T}front"]
    return VolumeReader(path, volume, events, pending)


# --- header and front lists ---------------------------------------------------------


def _read_header(header: etree._Element, volume: Volume) -> None:
    for title in header.iter(f"{T}title"):
        kind = (title.get("type") or "").replace("-", "")
        value = norm(_text(title))
        if kind == "complete" and not volume.title:
            volume.title = value
        elif kind == "subseries":
            volume.subseries = value
        elif kind == "volumenumber":
            volume.volume_number = value
    for editor in header.iter(f"{T}editor"):
        volume.editors.append(norm(_text(editor)))
    for idno in header.iter(f"{T}idno"):
        if idno.get("type") in ("isbn-13", "isbn-10") and not volume.isbn:
            volume.isbn = norm(idno.text)
    for el in header.iter(f"{T}date", f"{{{FRUS_NS}}}coverage"):
        if el.get("notBefore") and el.get("notAfter"):
            volume.coverage_from, volume.coverage_to = el.get("notBefore"), el.get("notAfter")


def _read_persons(div: etree._Element) -> dict[str, PersonEntry]:
    persons: dict[str, PersonEntry] = {}
    for item in div.iter(f"{T}item"):
        named = [p for p in item.iter(f"{T}persName") if p.get(XML_ID)]
        if not named:
            continue
        entry = named[0]
        full = norm(_text(item))
        name = norm(_text(entry))
        rest = full[full.find(name) + len(name):] if name in full else full
        persons[entry.get(XML_ID)] = PersonEntry(
            local_id=entry.get(XML_ID),
            name=name,
            description=norm(rest.lstrip(" ,;:")) or None,
            see_also=_ids(p.get("corresp") for p in item.iter(f"{T}persName") if p.get("corresp")),
        )
    return persons


def _read_terms(div: etree._Element) -> dict[str, TermEntry]:
    terms: dict[str, TermEntry] = {}
    for item in div.iter(f"{T}item"):
        term = next((t for t in item.iter(f"{T}term") if t.get(XML_ID)), None)
        if term is None:
            continue
        label = norm(_text(term))
        full = norm(_text(item))
        rest = full[full.find(label) + len(label):] if label in full else ""
        terms[term.get(XML_ID)] = TermEntry(term.get(XML_ID), label, norm(rest.lstrip(" ,;:")) or None)
    return terms


# --- documents ----------------------------------------------------------------------


def read_document(div: etree._Element, volume: Volume, page: str | None, chapter: str | None) -> Document:
    """Read one document div; a failure is recorded on the document, never raised."""
    doc = Document(
        volume_id=volume.volume_id,
        doc_id=div.get(XML_ID) or f"n{div.get('n')}",
        number=div.get("n"),
        subtype=div.get("subtype"),
        chapter=chapter,
    )
    for step in (_read_head, _read_source_note, _read_dateline, _read_form, _read_body_lists,
                 _read_closer, _read_notes, _read_links):
        try:
            step(div, doc)
        except Exception as exc:  # one odd document must not fail the volume
            doc.problems.append(Problem(f"{step.__name__.strip('_').replace('_', ' ')}: {exc}", doc.doc_id))
    doc.pages = _pages(div, page)
    doc.date = _choose_date(div, doc)
    if not doc.title:
        doc.problems.append(Problem("the document has no head (title)", doc.doc_id))
    return doc


def _read_head(div: etree._Element, doc: Document) -> None:
    head = div.find(f"{T}head")
    if head is None:
        return
    title = norm(_text(head, skip=_SKIP_TEXT))
    m = _HEAD_NUMBER.match(title)
    if m:
        doc.number = doc.number or m.group(1)
        title = title[m.end():]
    doc.title = title or None
    for el in head.iter(f"{T}persName", f"{T}gloss"):
        role = el.get("type")
        if role not in ("from", "to") or _inside(el, f"{T}note", head):
            continue
        kind = AgentKind.PERSON if el.tag == f"{T}persName" else AgentKind.INSTITUTION
        agent = AgentRef(name=norm(_text(el)), kind=kind, local_id=_id(el.get("corresp")))
        (doc.senders if role == "from" else doc.addressees).append(agent)


def _read_source_note(div: etree._Element, doc: Document) -> None:
    note = next((n for n in div.iter(f"{T}note") if n.get("type") == "source"), None)
    if note is None:
        return
    doc.source_note = parse_source_note(norm(_text(note)))
    tagged = [(norm(_text(p)), _id(p.get("corresp"))) for p in note.iter(f"{T}persName")]
    for agent in (*doc.source_note.drafters, *doc.source_note.clearers, *doc.source_note.approvers):
        agent.local_id = agent.local_id or _match_tagged(agent.name, tagged)


def _read_dateline(div: etree._Element, doc: Document) -> None:
    dateline = next((d for d in div.iter(f"{T}dateline") if not _inside(d, f"{T}note", div)), None)
    if dateline is None:
        return
    place = dateline.find(f".//{T}placeName")
    if place is not None:
        doc.place = norm(_text(place).replace("\n", " ")) or None
    date = dateline.find(f".//{T}date")
    if date is not None and date.get("when"):
        when = date.get("when")
        bad = [v for v in (when, date.get("notBefore"), date.get("notAfter")) if v and not is_iso(v)]
        if bad:
            doc.problems.append(Problem(f"dateline date {bad[0]!r} is not an ISO 8601 date; date left out",
                                        doc.doc_id))
            return
        doc.date = DocDate(
            source=DateSource.DATELINE,
            earliest=date.get("notBefore") or when,
            latest=date.get("notAfter") or when,
            when=when,
            text=norm(_text(date)) or None,
        )
    opener = div.find(f"{T}opener")
    if opener is not None:
        for seg in opener.iter(f"{T}seg"):
            text = norm(_text(seg))
            if "telegram" in text.lower():
                doc.subtype = doc.subtype if doc.subtype not in (None, "historical-document") else "telegram"
            doc.message_number = doc.message_number or message_number(text)


def _read_body_lists(div: etree._Element, doc: Document) -> None:
    for lst in div.iter(f"{T}list"):
        kind = lst.get("type")
        if kind == "subject":
            doc.subjects += [norm(_text(i, skip=_SKIP_TEXT)) for i in lst.findall(f"{T}item")]
        elif kind == "participants":
            for item in lst.findall(f"{T}item"):
                names = [p for p in item.iter(f"{T}persName") if not _inside(p, f"{T}note", item)]
                text = norm(_text(item, skip=_SKIP_TEXT))
                if not text:
                    continue
                if names:
                    for p in names:
                        doc.participants.append(AgentRef(
                            name=norm(_text(p)), local_id=_id(p.get("corresp")), description=text))
                elif not _is_group_label(item):
                    # An untagged item names its person the way page text does.
                    doc.participants.append(participant_ref(text))
    first_p = next((p for p in div.iterchildren(f"{T}p")), None)
    if first_p is not None and not doc.message_number and doc.form != "editorial-note":
        doc.message_number = message_number(norm(_text(first_p, skip=_SKIP_TEXT)))


def _read_closer(div: etree._Element, doc: Document) -> None:
    for signed in div.iter(f"{T}signed"):
        names = [p for p in signed.iter(f"{T}persName") if not _inside(p, f"{T}note", signed)]
        if names:
            doc.signers += [AgentRef(name=norm(_text(p)), local_id=_id(p.get("corresp"))) for p in names]
            continue
        text = norm(_text(signed, skip=_SKIP_TEXT | {f"{T}lb"}, stop_at=f"{T}lb"))
        if text:
            doc.signers.append(AgentRef(name=text))
    if doc.signers:
        return
    # Some documents end with a right-aligned or bare paragraph holding only the signature.
    last_p = next((p for p in reversed(div.findall(f"{T}p"))), None)
    if last_p is not None and len(last_p) == 1 and last_p[0].tag == f"{T}persName":
        if not norm(last_p.text) and not norm(last_p[0].tail):
            p = last_p[0]
            doc.signers.append(AgentRef(name=norm(_text(p)), local_id=_id(p.get("corresp"))))


def _read_notes(div: etree._Element, doc: Document) -> None:
    previous = None
    for note in div.iter(f"{T}note"):
        text = norm(_text(note))
        is_source = note.get("type") == "source"
        # The source note's own citations include those after its location sentence.
        citations = parse_citations(text, previous)
        if citations:
            previous = citations[-1]
        doc.footnotes.append(Footnote(
            number=note.get("n") or str(len(doc.footnotes) + 1),
            text=text,
            local_id=note.get(XML_ID) or note.get("target"),
            anchor=_anchor(note),
            is_source=is_source,
            citations=citations,
            refs=_ids_raw(r.get("target") for r in note.iter(f"{T}ref")),
        ))


def _read_links(div: etree._Element, doc: Document) -> None:
    doc.refs = _ids_raw(r.get("target") for r in div.iter(f"{T}ref"))
    doc.person_mentions = _ids(p.get("corresp") for p in div.iter(f"{T}persName"))
    doc.term_mentions = _ids(g.get("target") for g in div.iter(f"{T}gloss"))
    body_text = " ".join(_text(p, skip=_SKIP_TEXT) for p in div.iter(f"{T}p"))
    doc.message_refs = message_refs(norm(body_text))


def _choose_date(div: etree._Element, doc: Document) -> DocDate | None:
    if doc.date is not None:
        return doc.date
    dmin, dmax = div.get(f"{{{FRUS_NS}}}doc-dateTime-min"), div.get(f"{{{FRUS_NS}}}doc-dateTime-max")
    if is_iso(dmin) and is_iso(dmax):
        return DocDate(source=DateSource.DOC_DATETIME, earliest=dmin, latest=dmax)
    note = doc.source_note
    if note:
        for citation in note.citations:
            if citation.file_date:
                return DocDate(source=DateSource.INFERRED_FROM_FILE, earliest=citation.file_date,
                               latest=citation.file_date, inferred_from=citation.file.identifier)
    return None


def _read_form(div: etree._Element, doc: Document) -> None:
    doc.form = form_from_title(doc.title, doc.subtype if doc.subtype != "historical-document" else None)


def _pages(div: etree._Element, page_before: str | None) -> list[str]:
    pages: list[str] = []
    for pb in div.iter(f"{T}pb"):
        if pb.get("n") and pb.get("n") not in pages:
            pages.append(pb.get("n"))
    starts_with_pb = len(div) and div[0].tag == f"{T}pb" and not norm(div.text)
    if page_before and not starts_with_pb and page_before not in pages:
        pages.insert(0, page_before)
    return pages


def _last_page(div: etree._Element) -> str | None:
    last = None
    for pb in div.iter(f"{T}pb"):
        last = pb.get("n") or last
    return last


# --- element helpers ----------------------------------------------------------------


def _text(el: etree._Element, skip: set[str] | frozenset[str] = frozenset(), stop_at: str | None = None) -> str:
    """Text content of an element, leaving out skipped subtrees (their tails kept)."""
    parts: list[str] = []
    _collect(el, skip, stop_at, parts, top=True)
    return "".join(parts)


class _Stop(Exception):
    pass


def _collect(el, skip, stop_at, parts, top=False) -> None:
    if top:
        try:
            _collect_inner(el, skip, stop_at, parts)
        except _Stop:
            pass
    else:
        _collect_inner(el, skip, stop_at, parts)


def _collect_inner(el, skip, stop_at, parts) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag == stop_at and "".join(parts).strip():
            raise _Stop
        elif child.tag == f"{T}lb":
            parts.append(" ")
        elif child.tag not in skip:
            _collect_inner(child, skip, stop_at, parts)
        if child.tail:
            parts.append(child.tail)


def _anchor(note: etree._Element, width: int = 60) -> str | None:
    """The words just before a footnote marker, within its paragraph-level parent."""
    parent = note.getparent()
    if parent is None:
        return None
    parts = [parent.text or ""]
    for sibling in parent:
        if sibling is note:
            break
        if sibling.tag != f"{T}note":
            parts.append(_text(sibling, skip=_SKIP_TEXT))
        parts.append(sibling.tail or "")
    text = norm("".join(parts))
    if len(text) > width:
        cut = text[-width:]
        text = cut[cut.find(" ") + 1:] if " " in cut else cut  # start on a whole word
    return text or None


def _inside(el: etree._Element, tag: str, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _is_chapter(el: etree._Element | None) -> bool:
    return el is not None and el.tag == f"{T}div" and el.get("type") == "chapter"


def _is_group_label(item: etree._Element) -> bool:
    """A participants item that only names a side ("US", "Colombia") in italics."""
    return len(item) == 1 and item[0].tag == f"{T}hi" and not norm(item.text) and not norm(item[0].tail)


def _id(ref: str | None) -> str | None:
    return ref.strip().lstrip("#") or None if ref else None


def _ids(refs) -> list[str]:
    out: dict[str, None] = {}
    for ref in refs:
        for part in (ref or "").split():
            out.setdefault(part.lstrip("#"), None)
    return list(out)


def _ids_raw(refs) -> list[str]:
    out: dict[str, None] = {}
    for ref in refs:
        for part in (ref or "").split():
            out.setdefault(part, None)
    return list(out)


def _match_tagged(name: str, tagged: list[tuple[str, str | None]]) -> str | None:
    """The corresp of the persName in the note whose text is this name (or ends with it)."""
    for text, corresp in tagged:
        if corresp and (text == name or text.endswith(" " + name) or name.endswith(" " + text)):
            return corresp
    return None


def _release(elem: etree._Element) -> None:
    """Free a finished element and the siblings read before it."""
    elem.clear(keep_tail=True)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]
