"""A synthetic FRUS corpus of any size, built by replicating real TEI excerpts.

Each output volume is one real excerpt (its header and front lists kept, its volume
id replaced) whose body is repeated as many times as needed; every copy of a document
is renumbered (new ``xml:id`` "dN" and ``n``) and every reference is rewritten to match:

* a ref/note target naming a document, footnote or page of the excerpt now names that
  document's (footnote's, page's) copy in the *same* repetition of the new volume;
* a target naming a document or page of the source volume that the excerpt does not
  hold (or that the last, cut repetition dropped) becomes an explicit cross-volume ref
  to the real source volume ("frus1961-63v12#d50"), so it never lands on an unrelated
  renumbered document;
* targets in other volumes, persons-list and terms-list ids are left as they are;
* other ids of the body (chapters, compilations, pages) get a repetition suffix and
  arabic page numbers an offset, so every xml:id of a volume stays unique.

Volumes are written with lxml's incremental writer: only one excerpt and one copy of
its body are in memory at a time, never a volume or the corpus.  The excerpts are
assigned to volumes in proportion to their document counts (smooth weighted
round-robin), so the corpus has the document mix of the sample.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_REF_ATTRS = ("target",)  # ref/@target, note/@target (gloss/@target names terms: untouched)
_DOC_ID = re.compile(r"^d\d+[A-Za-z]?$")
_NOTE_ID = re.compile(r"^(?P<doc>d\d+\w*?)(?P<rest>fn\w+)$")
_ARABIC = re.compile(r"^\d+$")

ROOT = Path(__file__).resolve().parents[1]


def default_sources() -> list[Path]:
    """The shared corpus when it is there, else the bundled sample excerpts."""
    shared = Path("/work/shared/corpus/tei")
    for folder in (shared, ROOT / "data" / "sample"):
        files = sorted(folder.glob("*.xml"))
        if files:
            return files
    raise FileNotFoundError("no TEI excerpts found (data/sample/*.xml)")


@dataclass(slots=True)
class BenchVolume:
    path: str
    volume_id: str
    source: str  # the excerpt it replicates
    source_volume: str
    documents: int
    bytes: int


@dataclass(slots=True)
class _Template:
    path: Path
    tree: etree._ElementTree
    volume_id: str
    doc_ids: list[str]  # document xml:ids, in order
    pages: set[str]  # page numbers of pb elements in the body
    page_span: int  # offset added to arabic page numbers per repetition


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           remove_blank_text=False, huge_tree=False)


def load_template(path: Path) -> _Template:
    tree = etree.parse(str(path), _parser())
    root = tree.getroot()
    body = root.find(f"{T}text/{T}body")
    if body is None:
        raise ValueError(f"{path}: no text/body")
    doc_ids = [d.get(XML_ID) for d in body.iter(f"{T}div") if d.get("type") == "document"]
    if not doc_ids or not all(doc_ids):
        raise ValueError(f"{path}: documents without xml:id")
    pages = {pb.get("n") for pb in body.iter(f"{T}pb") if pb.get("n")}
    arabic = [int(n) for n in pages if _ARABIC.match(n)]
    return _Template(path, tree, root.get(XML_ID), doc_ids, pages, max(arabic, default=0) + 1)


def plan_volumes(templates: list[_Template], documents: int, per_volume: int) -> list[tuple[_Template, int]]:
    """Which excerpt each volume replicates and how many documents it holds."""
    count = max(1, math.ceil(documents / per_volume))
    base, extra = divmod(documents, count)
    weights = [len(t.doc_ids) for t in templates]
    total = sum(weights)
    current = [0] * len(templates)
    plan = []
    for i in range(count):
        # smooth weighted round-robin: each excerpt gets its share of the volumes
        for k, w in enumerate(weights):
            current[k] += w
        k = max(range(len(templates)), key=lambda j: current[j])
        current[k] -= total
        plan.append((templates[k], base + (1 if i < extra else 0)))
    return plan


class _Renumber:
    """The id and target rewriting of one repetition of an excerpt's body."""

    def __init__(self, template: _Template, volume_id: str, rep: int, first_number: int,
                 kept: int) -> None:
        self.t = template
        self.volume_id = volume_id
        self.rep = rep
        # documents of this repetition that are written (the last repetition may be cut)
        self.docs = {old: f"d{first_number + i}" for i, old in enumerate(template.doc_ids[:kept])}
        self.numbers = {old: str(first_number + i) for i, old in enumerate(template.doc_ids[:kept])}

    def page(self, n: str) -> str:
        if self.rep == 0:
            return n
        if _ARABIC.match(n):
            return str(int(n) + self.rep * self.t.page_span)
        return f"{n}-{self.rep}"

    def new_id(self, old: str) -> str:
        if old in self.docs:
            return self.docs[old]
        m = _NOTE_ID.match(old)
        if m and m.group("doc") in self.docs:
            return self.docs[m.group("doc")] + m.group("rest")
        if old.startswith("pg_"):
            return "pg_" + self.page(old[3:])
        return old if self.rep == 0 else f"{old}-r{self.rep}"

    def target(self, token: str) -> str:
        """One ref target, rewritten to the new volume (or to the real source volume)."""
        vol, hashmark, frag = token.partition("#")
        if not hashmark:
            if _DOC_ID.match(token) or _NOTE_ID.match(token):  # note/@target without '#'
                return self._internal(token, bare=True)
            return token
        if vol not in ("", self.t.volume_id) or not frag:
            return token
        return self._internal(frag, bare=False)

    def _internal(self, frag: str, bare: bool) -> str:
        prefix = "" if bare else "#"
        m = _NOTE_ID.match(frag)
        doc = m.group("doc") if m else frag
        if _DOC_ID.match(doc) or m:
            if doc in self.docs:
                return prefix + self.new_id(frag)
            return f"{self.t.volume_id}#{frag}"  # not in this volume: the real volume's
        if frag.startswith("pg_"):
            if frag[3:] in self.t.pages:
                return prefix + "pg_" + self.page(frag[3:])
            return f"{self.t.volume_id}#{frag}"
        return prefix + frag  # persons, terms and other ids are volume-wide: unchanged

    def apply(self, elem: etree._Element) -> None:
        for el in elem.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag == f"{T}div" and el.get("type") == "document":
                old = el.get(XML_ID)
                el.set(XML_ID, self.docs[old])
                el.set("n", self.numbers[old])
            else:
                old = el.get(XML_ID)
                if old:
                    el.set(XML_ID, self.new_id(old))
            if el.tag == f"{T}pb" and el.get("n"):
                el.set("n", self.page(el.get("n")))
            for attr in _REF_ATTRS:
                value = el.get(attr)
                if value and el.tag != f"{T}gloss":
                    el.set(attr, " ".join(self.target(tok) for tok in value.split()))


def _cut(elem: etree._Element, keep: set[str]) -> None:
    """Drop the documents not kept, and the divisions left without any document."""
    for doc in [d for d in elem.iter(f"{T}div") if d.get("type") == "document"]:
        if doc.get(XML_ID) not in keep:
            doc.getparent().remove(doc)
    for div in reversed([d for d in elem.iter(f"{T}div") if d.get("type") in ("chapter", "compilation")]):
        if not any(d.get("type") == "document" for d in div.iter(f"{T}div")):
            if div.getparent() is not None:
                div.getparent().remove(div)


def _start_tag(elem: etree._Element, attrib: dict[str, str], nsmap: dict | None = None) -> bytes:
    """The start tag of ``elem`` (its own name and namespace declarations) as UTF-8 bytes."""
    shell = etree.Element(elem.tag, nsmap=nsmap if nsmap is not None else elem.nsmap)
    for key, value in attrib.items():
        shell.set(key, value)
    shell.text = ""  # serialise as <x ...></x>, then keep only the start tag
    raw = etree.tostring(shell, encoding="utf-8")
    return raw[: raw.rindex(b"</")]


def _end_tag(elem: etree._Element) -> bytes:
    qname = etree.QName(elem)
    prefix = next((p for p, uri in (elem.nsmap or {}).items() if uri == qname.namespace and p), None)
    return f"</{prefix + ':' if prefix else ''}{qname.localname}>".encode()


def write_volume(template: _Template, volume_id: str, documents: int, target: Path) -> int:
    """Write one volume of ``documents`` renumbered documents; returns its size in bytes.

    Streamed: the start and end tags of TEI, text and body are written around the
    serialised copies, one piece of the body at a time.
    """
    root = template.tree.getroot()
    per_rep = len(template.doc_ids)
    reps = math.ceil(documents / per_rep)
    tmp = target.with_name(target.name + ".part")
    first = _Renumber(template, volume_id, 0, 1, min(per_rep, documents))

    def piece_bytes(elem: etree._Element) -> bytes:
        return etree.tostring(elem, encoding="utf-8", with_tail=True)

    with tmp.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        attrib = dict(root.attrib)
        attrib[XML_ID] = volume_id
        out.write(_start_tag(root, attrib) + (root.text or "").encode())
        for part in root:
            if not isinstance(part.tag, str):
                continue
            if part.tag != f"{T}text":
                header = copy.deepcopy(part)
                if part.tag == f"{T}teiHeader":
                    for idno in header.iter(f"{T}idno"):
                        if idno.get("type") == "frus":
                            idno.text = volume_id
                first.apply(header)
                out.write(piece_bytes(header))
                continue
            out.write(_start_tag(part, dict(part.attrib)) + (part.text or "").encode())
            for child in part:
                if not isinstance(child.tag, str) or child.tag == f"{T}back":
                    continue  # the reader never reads the back matter
                if child.tag != f"{T}body":
                    front = copy.deepcopy(child)
                    first.apply(front)
                    out.write(piece_bytes(front))
                    continue
                out.write(_start_tag(child, dict(child.attrib)) + (child.text or "").encode())
                for rep in range(reps):
                    kept = min(per_rep, documents - rep * per_rep)
                    renumber = _Renumber(template, volume_id, rep, rep * per_rep + 1, kept)
                    for piece in child:
                        if not isinstance(piece.tag, str):
                            continue
                        piece = copy.deepcopy(piece)
                        if kept < per_rep:
                            _cut(piece, set(template.doc_ids[:kept]))
                            if piece.tag == f"{T}div" and not any(
                                    d.get("type") == "document" for d in piece.iter(f"{T}div")):
                                continue
                        renumber.apply(piece)
                        out.write(piece_bytes(piece))
                out.write(_end_tag(child) + (child.tail or "").encode())
            out.write(_end_tag(part) + (part.tail or "").encode())
        out.write(_end_tag(root) + b"\n")
    tmp.replace(target)
    return target.stat().st_size


def build_corpus(outdir: Path, documents: int = 20000, per_volume: int = 1000,
                 sources: list[Path] | None = None, prefix: str = "frus-bench") -> list[BenchVolume]:
    """Write the corpus into ``outdir`` (one ``{prefix}-NN.xml`` per volume) and a manifest."""
    if documents < 1 or per_volume < 1:
        raise ValueError("documents and per_volume must be at least 1")
    outdir.mkdir(parents=True, exist_ok=True)
    templates = [load_template(p) for p in (sources or default_sources())]
    plan = plan_volumes(templates, documents, per_volume)
    width = max(2, len(str(len(plan))))
    volumes = []
    for i, (template, count) in enumerate(plan, 1):
        volume_id = f"{prefix}-{i:0{width}d}"
        path = outdir / f"{volume_id}.xml"
        size = write_volume(template, volume_id, count, path)
        volumes.append(BenchVolume(str(path), volume_id, template.path.name, template.volume_id, count, size))
    (outdir / "MANIFEST.json").write_text(json.dumps([asdict(v) for v in volumes], indent=1))
    return volumes
