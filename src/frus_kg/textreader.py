"""Plain-text reader: one FRUS document as copied from history.state.gov into the model.

The page text has no markup, so every structure is recovered from layout and wording:

- the heading (``171. Circular Telegram From … to …0``, ``Mr. Lord to Mr. Hay.``, or a
  1910s–1940s ``File No. …`` / ``839.51/3488: Telegram`` line followed by a heading);
- the footnote list at the end (``  1. Source: …``), numbered by position;
- footnote markers: bare digits glued to the text (``President,2``, ``(Wisner)1``,
  ``Latin America 0``).  They carry the notes' own numbers, which may start at 0 or 1
  or repeat, so they are aligned to the list by order and count (see ``_align``);
- ``[Page N]`` page breaks, SUBJECT and PARTICIPANTS lists, the signature lines.

Only what the text states is kept: no date is read from running text (a date comes
only from a decimal file in the source note, marked as inferred), and a value the
reader is unsure of is left out and, where useful, recorded as a problem.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import InputError
from .forms import form_from_title
from .model import (
    AgentKind,
    AgentRef,
    Citation,
    DateSource,
    DocDate,
    Document,
    Footnote,
    Problem,
    SourceNote,
)
from .sourcenote import parse_citations, parse_source_note, split_names
from .textutil import MESSAGE_REF, message_number, message_refs, norm

__all__ = ["read_text"]

# ------------------------------------------------------------------ normalising

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\ufeff\u200b-\u200d\u2060\u00ad]")
# Other control characters carry nothing a reader could use.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _normalise(text: str) -> str:
    """One newline convention, plain spaces, no BOM or zero-width characters."""
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    return _ODD_SPACES.sub(" ", text)


# A page re-wrapped to a fixed width: a line was broken there when the next line's
# first word would not have fitted on it.  Unwrapped, each paragraph is one line again.
_WRAP_MIN_LINES = 8
_WRAP_MAX_WIDTH = 120
_WRAP_SHARE = 0.3  # share of lines that must be broken to call the page wrapped
_KEPT_APART = re.compile(r"^\s*\d{1,5}\.\s|^\s*(?:SUBJECTS?|PARTICIPANTS)\b|^\s*\[")


def _unwrap(lines: list[str]) -> list[str]:
    """Join the lines of a page re-wrapped to a fixed width back into paragraphs."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < _WRAP_MIN_LINES:
        return lines
    width = sorted(len(line.rstrip()) for line in filled)[int(len(filled) * 0.95)]
    if width > _WRAP_MAX_WIDTH:
        return lines

    def broken(k: int) -> bool:
        following = lines[k + 1] if k + 1 < len(lines) else ""
        if not following.strip() or _KEPT_APART.match(following):
            return False
        return len(lines[k].rstrip()) + 1 + len(following.split()[0]) > width

    if sum(map(broken, range(len(lines)))) < _WRAP_SHARE * len(filled):
        return lines
    joined: list[str] = []
    for k, line in enumerate(lines):
        if k and broken(k - 1):
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


# ------------------------------------------------------------------ footnote list

_NOTE_LINE = re.compile(r"^(?P<indent>[ ]*)(?P<n>\d{1,3})\.\s+(?P<text>\S.*)$")
_SOURCE_START = re.compile(r"^\[?\s*(?:Source|Summary):")
_SOURCE_LABEL = re.compile(r"\bSource:")
_SUMMARY_START = re.compile(r"^\[?\s*Summary:")
_INLINE_SOURCE = re.compile(r"(?:^|\s)1\.\s+(?=\[?\s*(?:Source|Summary):)")


@dataclass(slots=True)
class _Note:
    """A footnote of the list at the end: its position (from 1) and its text."""

    position: int
    text: str


def _is_source_text(text: str) -> bool:
    """A source note starts "Source:", or "Summary:" with a "Source:" after it."""
    if _SUMMARY_START.match(text):
        return _SOURCE_LABEL.search(text) is not None
    return _SOURCE_START.match(text) is not None


def _note_runs(lines: list[str], indented: bool) -> tuple[int, list[_Note]] | None:
    """The footnote list: from the last item numbered 1, items 2, 3, … to the end.

    Other lines continue the item above (a wrapped note, or an item whose number
    was lost).  Returns the index of the list's first line and the notes.
    """
    def item(line: str) -> re.Match[str] | None:
        m = _NOTE_LINE.match(line)
        return m if m and bool(m["indent"]) == indented else None

    starts = [i for i, line in enumerate(lines) if (m := item(line)) and m["n"] == "1"]
    if not starts:
        return None
    parts: list[list[str]] = []
    for line in lines[starts[-1] :]:
        m = item(line)
        if m and int(m["n"]) == len(parts) + 1:
            parts.append([m["text"]])
        else:
            parts[-1].append(line)
    return starts[-1], [_Note(k + 1, norm(" ".join(p))) for k, p in enumerate(parts)]


def _inline_notes(lines: list[str]) -> tuple[list[str], list[_Note]] | None:
    """A footnote list joined onto the body's last line ("… Rusk 1. Source: … 2. See …").

    Items after the source note are split at "N. " for the next number N only.
    """
    for index in range(len(lines) - 1, -1, -1):
        start = _INLINE_SOURCE.search(lines[index])
        if start is None:
            continue
        rest = " ".join([lines[index][start.end() :], *lines[index + 1 :]])
        texts: list[str] = []
        while (nxt := re.search(rf"\s{len(texts) + 2}\.\s+(?=[A-Z\[\u201c\"(])", rest)) is not None:
            texts.append(rest[: nxt.start()])
            rest = rest[nxt.end() :]
        texts.append(rest)
        body = [*lines[:index], lines[index][: start.start()]]
        return body, [_Note(k + 1, norm(t)) for k, t in enumerate(texts)]
    return None


def _split_notes(lines: list[str]) -> tuple[list[str], list[_Note]]:
    """The body lines and the footnote list.

    The list is indented on the page.  When the indentation was lost, a run that
    opens with a source note is still recognisable, even joined onto the body; any
    other unindented numbered run is a numbered paragraph list of the body.
    """
    found = _note_runs(lines, indented=True)
    if found is None:
        found = _note_runs(lines, indented=False)
        if found is not None and not _is_source_text(found[1][0].text):
            found = None
    if found is not None:
        return lines[: found[0]], found[1]
    return _inline_notes(lines) or (lines, [])


# ------------------------------------------------------------------ pages

_PAGE = re.compile(r"\[\s*Page\s+(?P<n>[0-9A-Za-z]+)\s*\]")
_SPACES = re.compile(r"[ ]{2,}")


def _take_pages(lines: list[str]) -> tuple[list[str], list[str], bool]:
    """Body lines without their ``[Page N]`` breaks, the pages the breaks name, and
    whether the first break comes before any text (the document opens that page)."""
    pages: list[str] = []
    kept: list[str] = []
    opens = False
    for line in lines:
        for m in _PAGE.finditer(line):
            if not pages and not kept and not line[: m.start()].strip():
                opens = True
            if m["n"] not in pages:
                pages.append(m["n"])
        line = _SPACES.sub(" ", _PAGE.sub(" ", line)).strip()
        if line:
            kept.append(line)
    return kept, pages, opens


def _document_pages(pages: list[str], opens: bool) -> list[str]:
    """The printed pages: the page before the first break is where the document begins."""
    if pages and not opens and pages[0].isdigit() and int(pages[0]) > 1:
        before = str(int(pages[0]) - 1)
        if before not in pages:
            return [before, *pages]
    return pages


# ------------------------------------------------------------------ heading

_NUMBERED = re.compile(r"^(?P<n>\d{1,4}[A-Z]?)\s*\.\s*(?P<title>\S.*)$")
# 1910s–1940s: the decimal file (and form) printed above the heading.
_FILE_LINE = re.compile(
    r"^(?:File\s+Nos?\.\s*)?\d{3}\.\d[\w.()\-\u2013]*/\S.{0,150}?(?::\s*(?P<form>[A-Z][A-Za-z ]+))?\.?$"
)
_OPENER_FORM = re.compile(r"^\[(?P<form>[A-Z][^\]]{0,60})\]$")
_KNOWN_TITLE = re.compile(r"\b(?:From|by|Between|Editorial Note)\b|\sto\s")
_MAX_TITLE = 400
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_TITLE_FUNCTION = frozenset("of for the and on to in at by from with between a an".split())


@dataclass(slots=True)
class _Heading:
    """The heading line as printed, and what sits around it."""

    index: int  # index of the heading line among the body lines
    number: str | None
    title_start: int  # offset of the title within the heading line
    subtype: str | None  # "telegram" when the file line or an opener says so
    file_line: str | None


def _subtype(form_text: str | None) -> str | None:
    """The TEI subtype a printed form implies: only telegrams are told apart."""
    return "telegram" if form_text and "telegram" in form_text.lower() else None


def _title_like(title: str) -> bool:
    """Capitalised words, as FRUS prints titles, not a sentence of the body."""
    words = [w for w in _BRACKETED.sub(" ", title).split() if w.lower() not in _TITLE_FUNCTION]
    lower = [w for w in words if w[:1].islower()]
    return not title.rstrip().endswith(":") and len(lower) <= max(1, len(words) // 5)


def _continues(line: str, following: str) -> bool:
    """Whether a re-wrapped heading goes on in the next line."""
    last = line.split()[-1] if line.split() else ""
    return following[:1].islower() or last.lower() in _TITLE_FUNCTION or last.endswith((",", "-"))


def _find_heading(lines: list[str], has_source: bool) -> tuple[_Heading | None, list[str]]:
    """The heading, and the body lines with a re-wrapped heading joined into one.

    The heading is the first line after any file line.  A numbered line is a heading
    when its title reads as one and names a documentary form or a sender ("From",
    "by", "to"), or the page has a source note; an unnumbered line when it reads
    "A to B" with agents on both sides, or when a file line stands above it.
    """
    index = 0
    file_line = subtype = None
    while index < len(lines) and index < 3 and (m := _FILE_LINE.match(lines[index])):
        file_line = file_line or lines[index]
        subtype = subtype or _subtype(m["form"])
        index += 1
    merged = list(lines)
    while (index + 1 < len(merged) and len(merged[index]) < _MAX_TITLE
           and _continues(merged[index], merged[index + 1])):
        merged[index : index + 2] = [f"{merged[index]} {merged[index + 1]}"]
    if index >= len(merged) or len(merged[index]) > _MAX_TITLE:
        return None, lines
    line = merged[index]
    if index + 1 < len(merged) and (opener := _OPENER_FORM.match(merged[index + 1])):
        subtype = subtype or _subtype(opener["form"])
    numbered = _NUMBERED.match(line)
    if numbered:
        title = numbered["title"]
        known = form_from_title(title) is not None or _KNOWN_TITLE.search(title)
        if title[0].isupper() and _title_like(title) and (known or has_source):
            return _Heading(index, numbered["n"], numbered.start("title"), subtype, file_line), merged
    elif _addressed_heading(line) or file_line:
        return _Heading(index, None, 0, subtype, file_line), merged
    return None, lines


def _addressed_heading(line: str) -> bool:
    """An unnumbered heading "Mr. Lord to Mr. Hay." or "The Chargé … (Stafford) to …"."""
    if form_from_title(line) not in (None, "record"):
        return False
    parties = _split_parties(line.rstrip(". "))
    return parties is not None and bool(parties[0]) and bool(parties[1])


# ------------------------------------------------------------------ markers

# A marker's number is small; numbers after these words are part of the text.
_NUMBER_WORDS = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec no nos number numbers
    article articles art section sections sec chapter chapters part parts title annex
    tab tabs appendix enclosure enclosures attachment item items point points paragraph
    paragraphs para page pages p pp vol vols volume volumes box boxes folder folders job
    lot document documents footnote footnotes phase stage round resolution resolutions
    res act stat law laws rg nsc nsam nie snie plan option group class grade level route
    flight unit zone sector region camp war type order proclamation memo memorandum
    report telegram telegrams tel tels cable cables airgram airgrams despatch despatches
    instruction circular note notes message messages letter letters committee
    commission conference session meeting meetings agenda annexes exhibit figure table
    chart map line lines step steps version draft channel mark model series term terms
    year years day days week weeks month months hour hours minute minutes percent
    amendment amendments rule rules protocol reftel deptel embtel""".split()
)
_SUFFIX_TOKENS = frozenset({"jr.", "sr.", "jr", "sr"})
_WORD_BEFORE = re.compile(r"(\S+)\s$")
_MARKER_FOLLOW = frozenset(" \n.,;:)]\u201d\u2019\"'!?\u2014")
_CLOSING = frozenset(")]\u201d\u2019\"'\u00bb")
_PUNCT_BEFORE = frozenset(".,;:!?")
_STRONG, _MEDIUM, _WEAK, _LINE_END, _GLUED = 4.0, 2.0, 1.5, 1.0, 0.5
_TITLE_MARK, _SOURCE_BONUS, _MISPLACED = 3.0, 3.0, 0.5
_OFFSET_CHANGE = 2.5  # above strong minus medium: a change needs real evidence
_START_OFFSETS = {0: 0.02, 1: 0.01, -1: 0.0}  # ties go to the printed 1-based numbering
_MAX_OFFSET = 4
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class _Candidate:
    """A place in the text where a marker with this number may stand."""

    start: int
    end: int
    number: int
    weight: float
    in_title: bool = False
    spaced: bool = False  # separated from the word before by a space
    glued: bool = False  # the last digits of a longer number


@dataclass(slots=True)
class _Placed:
    """A marker the alignment kept: the note (by list position) it belongs to."""

    position: int
    start: int
    end: int
    spaced: bool


def _word_before(text: str, start: int) -> str:
    """The word ending just before ``start`` (with one space between), or ""."""
    m = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    return m.group(1) if m else ""


def _spaced_weight(text: str, start: int, end: int) -> float:
    """Weight of a number separated by a space: "Frondizi 2 that", "A. A. Berle 3"."""
    word = _word_before(text, start)
    bare = word.rstrip(".,").lower()
    if not word or bare in _NUMBER_WORDS or any(c.isdigit() for c in word):
        return 0.0
    if MESSAGE_REF.fullmatch(f"{word} {text[start:end]}"):
        return 0.0
    at_line_end = end == len(text) or text[end] == "\n"
    if word.lower().rstrip(",") in _SUFFIX_TOKENS:
        return _WEAK
    if word[0].isupper() and any(c.islower() for c in word):
        return _WEAK
    return _LINE_END if at_line_end else 0.0


_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_YEAR = re.compile(r"1[7-9]\d\d|20\d\d")


def _run_weight(text: str, start: int, end: int) -> tuple[float, bool]:
    """Weight of a whole digit run as a marker, by what it is glued to."""
    if end < len(text) and text[end] not in _MARKER_FOLLOW:
        return 0.0, False
    before = text[start - 1] if start else "\n"
    before2 = text[start - 2] if start > 1 else "\n"
    if before.isalpha():
        letters = _LETTERS_BEFORE.search(text[max(0, start - 20) : start])
        # Codes such as "G2" glue capitals to numbers: weaker than "reftel4".
        return (_MEDIUM if letters and letters.group().isupper() else _STRONG), False
    if before in _CLOSING:
        return _STRONG, False
    if before in _PUNCT_BEFORE:
        if before2.isdigit():
            # "1662.1" and "in 1973,2" are markers after a number; "5:15" and "1,000" are not.
            thousands = before == "," and end - start == 3
            return (_MEDIUM if before == "." or before == "," and not thousands else 0.0), False
        return (_STRONG if not before2.isspace() else 0.0), False
    if before == " " and start > 1:
        return _spaced_weight(text, start, end), True
    return 0.0, False


def _title_weight(text: str, start: int, end: int) -> tuple[float, bool]:
    """Weight of the number that ends the heading: "…Latin America 0", "…(Wisner)1"."""
    weight, spaced = _run_weight(text, start, end)
    if weight:
        return _TITLE_MARK, spaced
    if text[start - 1 : start] == " " and start > 1:
        word = _word_before(text, start).rstrip(".,").lower()
        if word not in _NUMBER_WORDS:
            return _TITLE_MARK, True
    return 0.0, False


def _candidates(text: str, title_end: int, largest: int) -> list[_Candidate]:
    """Every place a marker numbered 0..largest may stand.

    In the heading line only a number at its very end counts (the heading's own
    number opens the line).  A marker glued to a number ("Depcirtels 10282",
    "January 2, 19621") is a weak candidate for the run's last digits, unless the
    run reads as a year.
    """
    found: list[_Candidate] = []
    for m in _DIGITS.finditer(text):
        start, end = m.span()
        in_title = start < title_end
        if in_title and end != title_end:
            continue
        run = m.group()
        weight, spaced = (_title_weight if in_title else _run_weight)(text, start, end)
        if weight and int(run) <= largest and (run == "0" or run[0] != "0"):
            found.append(_Candidate(start, end, int(run), weight, in_title, spaced))
        if _YEAR.fullmatch(run) or end < len(text) and text[end] not in _MARKER_FOLLOW:
            continue
        for cut in (1, 2):
            tail = run[-cut:]
            if len(run) > cut and (tail == "0" or tail[0] != "0") and int(tail) <= largest:
                found.append(_Candidate(end - cut, end, int(tail), _GLUED, in_title, glued=True))
    return found


class _PrefixMax:
    """Best (score, node) over positions below a bound: a Fenwick tree of maxima."""

    def __init__(self, size: int) -> None:
        """Room for indexes 0..size-1, all empty."""
        self._tree: list[tuple[float, int]] = [(float("-inf"), -1)] * (size + 1)

    def update(self, index: int, value: tuple[float, int]) -> None:
        """Offer ``value`` at ``index``; it is kept where it beats what is there."""
        i = index + 1
        while i < len(self._tree):
            if value[0] > self._tree[i][0]:
                self._tree[i] = value
            i += i & -i

    def query(self, count: int) -> tuple[float, int]:
        """The best value among the first ``count`` indexes."""
        best = (float("-inf"), -1)
        i = count
        while i > 0:
            if self._tree[i][0] > best[0]:
                best = self._tree[i]
            i -= i & -i
        return best


def _weight(cand: _Candidate, position: int, source_position: int | None) -> float:
    """A candidate's weight for the note at ``position``.

    A source note's marker ends the heading, and nothing else does.
    """
    if source_position is None:
        return cand.weight
    if cand.in_title != (position == source_position):
        return _MISPLACED
    return cand.weight + _SOURCE_BONUS if cand.in_title else cand.weight


def _align(text: str, title_end: int, notes: list[_Note], source_position: int | None
           ) -> tuple[list[_Placed], dict[int, int]]:
    """Find each note's marker in the text: ``(placed markers, number of every note)``.

    Markers appear in the order of the list.  Note ``p`` carries the number ``p - d``
    where the offset ``d`` starts at 1 (numbering from 0), 0 or -1, and may change by
    one at a cost (a number printed twice, or a note missing from the list).  The
    chain of candidates with the best total weight wins; a source note's marker
    belongs at the end of the heading.
    """
    cands = _candidates(text, title_end, len(notes) + _MAX_OFFSET)
    by_number: dict[int, list[_Candidate]] = {}
    for cand in cands:
        by_number.setdefault(cand.number, []).append(cand)
    keys = sorted({c.end for c in cands})
    offsets = range(-1, _MAX_OFFSET + 1)
    trees = {d: _PrefixMax(len(keys) + 1) for d in offsets}
    # Chain nodes: (note position, offset, candidate or None for a start, parent node).
    nodes: list[tuple[int, int, _Candidate | None, int]] = []
    for d, bonus in _START_OFFSETS.items():
        nodes.append((0, d, None, -1))
        trees[d].update(0, (bonus, len(nodes) - 1))
    for note in notes:
        pending: list[tuple[int, int, tuple[float, int]]] = []
        for d in offsets:
            for cand in by_number.get(note.position - d, []):
                below = bisect_left(keys, cand.start + 1) + 1  # chains ending at or before the start
                best = trees[d].query(below)
                for other in (d - 1, d + 1):
                    if other in trees:
                        alt = trees[other].query(below)
                        if alt[0] - _OFFSET_CHANGE > best[0]:
                            best = (alt[0] - _OFFSET_CHANGE, alt[1])
                if best[1] < 0:
                    continue
                nodes.append((note.position, d, cand, best[1]))
                score = best[0] + _weight(cand, note.position, source_position)
                pending.append((d, bisect_left(keys, cand.end) + 1, (score, len(nodes) - 1)))
        # Candidates of one note never chain with each other: update after the note.
        for d, index, value in pending:
            trees[d].update(index, value)
    best = max((trees[d].query(len(keys) + 1) for d in offsets), key=lambda value: value[0])
    chain: list[tuple[int, int, _Candidate | None]] = []
    node = best[1]
    while node >= 0:
        position, d, cand, parent = nodes[node]
        chain.append((position, d, cand))
        node = parent
    chain.reverse()
    placed = [_Placed(p, c.start, c.end, c.spaced) for p, _, c in _confirmed(chain, len(notes))]
    return placed, _numbers(notes, chain)


def _confirmed(chain: list[tuple[int, int, _Candidate | None]], count: int
               ) -> list[tuple[int, int, _Candidate]]:
    """The chain's markers, without digits cut off a number unless both neighbouring
    notes' markers stand on their own ("Depcirtels 10282 and 1041.3")."""
    clear = {p for p, _, c in chain if c is not None and not c.glued}
    return [
        (p, d, c) for p, d, c in chain
        if c is not None and (not c.glued or c.in_title
                              or p - 1 in clear and (p + 1 in clear or p == count))
    ]


def _numbers(notes: list[_Note], chain: list[tuple[int, int, _Candidate | None]]) -> dict[int, int]:
    """Every note's number: placed notes as found, the others by the offset in force."""
    offset_at = {p: d for p, d, c in chain if c is not None}
    current = next(iter(offset_at.values()), chain[0][1] if chain else 0)
    numbers: dict[int, int] = {}
    for note in notes:
        current = offset_at.get(note.position, current)
        numbers[note.position] = note.position - current
    return numbers


@dataclass(slots=True)
class _Line:
    """A body line with its markers taken out; ``markers`` are (column, note position)."""

    text: str
    markers: list[tuple[int, int]] = field(default_factory=list)


def _strip_markers(text: str, placed: list[_Placed]) -> list[_Line]:
    """The lines of ``text`` without the placed markers (and the space before one)."""
    pieces: list[str] = []
    spots: list[tuple[int, int]] = []  # (offset in the stripped text, note position)
    cursor = length = 0
    for mark in sorted(placed, key=lambda m: m.start):
        kept = text[cursor : mark.start - 1 if mark.spaced else mark.start]
        pieces.append(kept)
        length += len(kept)
        spots.append((length, mark.position))
        cursor = mark.end
    pieces.append(text[cursor:])
    stripped = "".join(pieces)
    lines: list[_Line] = []
    offset = 0
    for raw in stripped.split("\n"):
        line = _Line(raw)
        line.markers = [(at - offset, p) for at, p in spots if offset <= at <= offset + len(raw)]
        lines.append(line)
        offset += len(raw) + 1
    return lines


def _anchor(line: _Line, column: int, width: int = 60) -> str | None:
    """The words just before a marker, within its line (a paragraph on the page)."""
    text = norm(line.text[:column])
    if len(text) > width:
        cut = text[-width:]
        text = cut[cut.find(" ") + 1 :] if " " in cut else cut  # start on a whole word
    return text or None


# ------------------------------------------------------------------ agents

_TO = re.compile(r"\s+to\s+")
_EDITORIAL_TAIL = re.compile(r"\s*(?:\b(?:in|at|of|to|for)\s+)?\[[^\]]*\]\s*$")
_PAREN_NAME = re.compile(r"(?P<body>.*?)\s*\((?P<inner>[^()]+)\)")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_ELECT = re.compile(r"^(?P<title>(?:\S+\s+)*?\S+-(?:[Ee]lect|[Dd]esignate))\s+(?P<rest>\S.*)$")
_POSSESSIVE = re.compile(r"['\u2019\u02bc]s$")
# Nouns naming a corporate body: "the Embassy in …", "CIA Station", "Bohemian Club".
_INSTITUTION_WORDS = frozenset(
    """Department Departments Embassy Embassies Legation Legations Consulate Consulates
    Mission Missions Delegation Delegations Station Stations Post Posts Agency Agencies
    Office Offices Bureau Government Governments Club Council Committee Commission Force
    Board Staff House Ministry Chiefs Administration Service Secretariat Headquarters
    Command Corps Group Bank Fund Organization Union Conference Congress Senate Cabinet
    Foundation Institute University Party Court""".split()
)
# Titles that take "to": "the Representative to the Council … (Morrison)".
_TO_TAKING = frozenset(
    """Ambassador Representative Representatives Mission Delegation Consultant Adviser
    Advisor Assistant Counselor Envoy Minister Liaison Observer Aide Secretary Delegate
    Attaché Attache""".split()
)
_ROLE_WORDS = frozenset(
    """President Vice Secretary Under Assistant Deputy Acting Special Ambassador Chargé
    Charge Consul Minister Counselor Director Chairman Chief Representative Legal Adviser
    Advisor Executive Attorney General Governor Senator Commander Admiral Head Prime
    Premier Foreign Delegate Administrator Coordinator Officer Member Members Chancellor
    Commissioner High Permanent Military Naval Political Economic Principal Senior
    Minister-Counselor Consul-General""".split()
)
# Titles before a name that are also surnames elsewhere ("(King)"): only cut off in front.
_LEADING_TITLES = _ROLE_WORDS | frozenset(
    "King Queen Emperor Empress Shah Pope Prince Princess Sultan Emir Amir Sheikh Marshal "
    "Generalissimo Chancellor Premier".split()
)
_FUNCTION_WORDS = frozenset("of for the and on to in at".split())
_NAME_WORD = re.compile(r"[A-Z][\w'\u2019\u02bc-]*[a-z][\w'\u2019\u02bc-]*")
# A word of a personal name: a name, an initial, a suffix or a particle.
_NAME_TOKEN = re.compile(
    r"(?:[A-Z][\w'\u2019\u02bc-]*[a-z][\w'\u2019\u02bc-]*\.?|(?:[A-Z][a-z]?\.)+|[A-Z]\.?|"
    r"jr\.?|Jr\.?|sr\.?|Sr\.?|II|III|IV|de|da|del|van|von|y|la|le|di|du|dos)"
)
_TITLE_OR_BODY = _ROLE_WORDS | _INSTITUTION_WORDS


_Parties = tuple[list[AgentRef], list[AgentRef]]  # (senders, addressees)
_HEAD_END = re.compile(r"\s+(?:of|in|on|to|for|at)\s+")


def _institution_head(phrase: str) -> bool:
    """Whether the phrase's head noun phrase (before "of", "in", "on", …) names a body."""
    head = _HEAD_END.split(phrase, maxsplit=1)[0]
    return any(word in _INSTITUTION_WORDS for word in head.split())


def _is_role(phrase: str) -> bool:
    """A title with no name: "Secretary of State", "President's Special Assistant"."""
    words = phrase.split()
    if not words or _POSSESSIVE.sub("", words[0]) not in _ROLE_WORDS:
        return False
    return all(w in _FUNCTION_WORDS or w[:1].isupper() for w in words)


def _personal(agent: AgentRef) -> bool:
    """Whether ``split_names`` found a personal name, not a title or a common noun."""
    words = agent.name.replace(",", " ").split()
    return bool(words) and not any(_POSSESSIVE.sub("", w) in _TITLE_OR_BODY for w in words)


def _is_surname(text: str) -> bool:
    """A parenthesised name in a heading: "(Schlesinger)", "(Sevier)", not "(Secretary of State)"."""
    named = _persons(text)
    if len(named) == 1 and not named[0].description and named[0].name == text:
        return True
    return bool(_NAME_WORD.fullmatch(text)) and text not in _ROLE_WORDS


def _persons(phrase: str) -> list[AgentRef]:
    """Persons named in a phrase: "President Kennedy", "Richard M. Nixon", a list."""
    elect = _ELECT.match(phrase)
    if elect:
        found = _persons(elect["rest"])
        if len(found) == 1 and not found[0].description:
            found[0].description = elect["title"]
        return found
    agents = [_title_off(a) for a in split_names(phrase)]
    if agents and all(a.kind is AgentKind.PERSON and _personal(a) for a in agents):
        return agents
    return []


def _title_off(agent: AgentRef) -> AgentRef:
    """Move titles ``split_names`` left in the name to the description ("Premier Khrushchev")."""
    words = agent.name.split()
    k = 0
    while k < len(words) - 1 and _POSSESSIVE.sub("", words[k]) in _LEADING_TITLES:
        k += 1
    if k:
        agent.description = " ".join(filter(None, [agent.description, *words[:k]]))
        agent.name = " ".join(words[k:])
    return agent


def _agents(phrase: str) -> list[AgentRef]:
    """The sender or addressee named by one side of a heading; [] when unsure."""
    phrase = _EDITORIAL_TAIL.sub("", phrase.strip(" ,;")).strip(" ,;")
    if phrase.endswith(".") and not phrase.endswith(("Jr.", "jr.", "Sr.")):
        phrase = phrase[:-1].rstrip()
    if not phrase:
        return []
    paren = _PAREN_NAME.fullmatch(phrase)
    if paren and paren["body"]:
        inner = paren["inner"].strip()
        if _is_surname(inner):
            return [AgentRef(name=inner, description=paren["body"].strip() or None)]
        found = _agents(paren["body"])
        for agent in found:
            agent.description = agent.description or inner
        return found
    bare = _LEADING_THE.sub("", phrase)
    if _institution_head(bare):
        return [AgentRef(name=bare, kind=AgentKind.INSTITUTION)]
    persons = _persons(phrase)
    if persons:
        return persons
    if _is_role(bare):
        # An office, not a named person; the TEI marks it as a term, not a person.
        return [AgentRef(name=bare, kind=AgentKind.INSTITUTION)]
    return []


def _split_parties(phrase: str) -> _Parties | None:
    """Split "A to B" on the "to" that ends the sender phrase.

    The sender may contain "to" itself ("the Consultant to the Task Force … (Gordon)"):
    a "to" right after ")" is preferred, then one not governed by a title that takes
    "to", then any split where both sides read as agents.
    """
    splits = list(_TO.finditer(phrase))
    if not splits:
        return None

    def parties(m: re.Match[str]) -> _Parties:
        return _agents(phrase[: m.start()]), _agents(phrase[m.end() :])

    after_paren = [m for m in splits if phrase[: m.start()].endswith(")")]
    if after_paren:
        return parties(after_paren[0])
    free = [m for m in splits if (phrase[: m.start()].split() or [""])[-1] not in _TO_TAKING]
    for group in (free, splits):
        readable = [r for r in map(parties, group) if r[0] and r[1]]
        if readable:
            return readable[0]
    return parties(free[0]) if len(free) == 1 else None


_FROM = re.compile(r"\bFrom\s+(?P<rest>\S.*)$")
_BY = re.compile(r"^(?P<form>.+?)\s+by\s+(?P<rest>\S.*)$")


def _heading_parties(title: str) -> _Parties:
    """Senders and addressees as the heading names them.

    "X From A to B" gives both; "Address by A to B" gives both, "Address by A"
    neither (an author is not a sender); "Mr. Lord to Mr. Hay." gives both.
    """
    found = None
    frm = _FROM.search(title)
    by = _BY.match(title)
    if frm:
        rest = frm["rest"]
        found = _split_parties(rest) or (_agents(rest), [])
    elif by and form_from_title(by["form"]) and _TO.search(by["rest"]):
        found = _split_parties(by["rest"])
    elif form_from_title(title) in (None, "record"):
        found = _split_parties(title.rstrip(". "))
    return found or ([], [])


# ------------------------------------------------------------------ lists

_SUBJECT = re.compile(r"^(?:SUBJECTS?|Subjects?\s*:)\s*:?\s*(?P<rest>.*)$")
_PARTICIPANTS = re.compile(r"^(?:PARTICIPANTS|Participants\s*:)\s*:?\s*(?P<rest>.*)$")
_LABEL = re.compile(r"^[A-Z][A-Z .,'&/-]{3,}:?$")  # "SUBJECT", "TASK FORCE ON LATIN AMERICA"
_OFFICE_PREFIX = re.compile(r"^[A-Z][A-Z/&]{1,8}\s*[\u2014\u2013-]+\s*")  # "ARA—Mr. Goodwin"
_HONORIFIC = re.compile(r"^(?:Amb|Hon|Rev|Sen|Gov|Gen|Adm|Col|Capt|Lt|Maj|Cdr)\.\s+")
_TRAILING_OF = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w\s'\u2019-]*$")
_COMMA_NOT_SUFFIX = re.compile(r",(?!\s*(?:Jr|jr|Sr|sr)\.)")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'\u2019-]+\b")
_LIST_FUNCTION = frozenset(
    "of for the and on to in at de del della da di du van von y la le ad interim dos das".split()
)
_PARTICLES = frozenset("de del della da di du van von dos das la le".split())
_MAX_ITEM = 160


def _subjects(lines: list[_Line]) -> list[str]:
    """The item after each "SUBJECT" label (or on its line)."""
    found: list[str] = []
    for k, line in enumerate(lines):
        m = _SUBJECT.match(line.text)
        if not m:
            continue
        item = m["rest"].strip() or (lines[k + 1].text.strip() if k + 1 < len(lines) else "")
        if item and not _SUBJECT.match(item) and not _PARTICIPANTS.match(item):
            found.append(norm(item))
    return found


def _is_list_item(text: str) -> bool:
    """A participants line: short, no digits, and not running prose."""
    if not text or len(text) > _MAX_ITEM or any(c.isdigit() for c in text) or text.startswith("["):
        return False
    if _SUBJECT.match(text) or _PARTICIPANTS.match(text) or _LABEL.match(text) and len(text) > 12:
        return False
    prose = [w for w in _LOWER_WORD.findall(text) if w not in _LIST_FUNCTION]
    return len(prose) <= 2 or len(prose) <= len(text.split()) * 0.3


def _is_side_label(text: str) -> bool:
    """A line naming a side of the table ("US", "U.S.", "Colombia"), not a person."""
    text = text.rstrip(":")
    words = text.split()
    if not 1 <= len(words) <= 3 or "," in text:
        return False
    return not any(w.rstrip(".") in _ROLE_WORDS or w in ("Mr.", "Mrs.", "Ms.", "Dr.") for w in words)


def _with_particle(name: str, text: str) -> str:
    """Give back a leading particle ``split_names`` dropped: "Ambassador del Carril"."""
    before = text[: -len(name)].split() if text.endswith(name) else []
    return f"{before[-1]} {name}" if before and before[-1] in _PARTICLES else name


def participant_ref(text: str) -> AgentRef:
    """A participant: the full line as its description, the person's name as its name.

    When no personal name can be told from the titles around it, the name is the
    line, as the TEI gives it for an untagged item.
    """
    head = _OFFICE_PREFIX.sub("", _COMMA_NOT_SUFFIX.split(text, maxsplit=1)[0].strip())
    bare = _HONORIFIC.sub("", head)
    for attempt in (head, _TRAILING_OF.sub("", head), bare):
        found = [a for a in split_names(attempt) if a.kind is AgentKind.PERSON and _personal(a)]
        if len(found) == 1:
            return AgentRef(name=_with_particle(found[0].name, attempt), description=text)
    if bare != head and all(_NAME_TOKEN.fullmatch(w) for w in bare.split()):
        return AgentRef(name=bare, description=text)
    return AgentRef(name=text, description=text)


def _participants(lines: list[_Line]) -> list[AgentRef]:
    """The lines after "PARTICIPANTS" that read as list items.

    Lines naming the sides ("US", "Colombia") head groups; they are skipped, as the
    TEI reader skips them, when the list opens with one.
    """
    found: list[AgentRef] = []
    for k, line in enumerate(lines):
        m = _PARTICIPANTS.match(line.text)
        if not m:
            continue
        items = [part.strip() for part in m["rest"].split(";") if part.strip()]
        for following in lines[k + 1 :]:
            if not _is_list_item(following.text.strip()):
                break
            items.append(following.text.strip())
        sides = bool(items) and _is_side_label(items[0])
        found += [participant_ref(norm(item)) for item in items if not (sides and _is_side_label(item))]
    return found


# ------------------------------------------------------------------ signature

_CLOSER = re.compile(
    r"^(?:(?:Very\s+)?(?:Sincerely|Faithfully|Respectfully|Cordially|Truly)(?:\s+yours)?|"
    r"(?:Very\s+)?(?:truly|respectfully|sincerely|faithfully)\s+yours|Respectfully\s+submitted|"
    r"I\s+(?:have|am),?\s+(?:etc\.|&c\.)|With\s+(?:warm(?:est)?\s+)?(?:regards|best\s+wishes))\W*$",
    re.I,
)
_QUOTE_SPLIT = re.compile(r"[\u201d\"]\s*")
_SECTION_WORDS = frozenset(
    """Attachment Attachments Enclosure Enclosures Annex Tab Appendix Recommendation
    Recommendations Conclusion Conclusions Discussion Background Summary Approved
    Disapproved Agreed Comment Comments Note Problem Purpose Objectives Action Proposal
    Distribution Copy Copies Signed Unsigned End Thanks Regards Yes No""".split()
)
# Capitalised words that open sentences and section lines, never a signature.
_NOT_NAMES = _SECTION_WORDS | frozenset(
    """The A An This That These Those It Its We I He She They You Our My His Her Their In
    On At For And But If As Of To By With From Please Thank Will See Mr. Mrs. Dr.""".split()
)
_MAX_SIGNATURE_LINES = 4


def _name_of(text: str) -> str | None:
    """A signature's name as printed, or None when the text does not read as one.

    A title printed after the name ("Adolf A. Berle Chairman Task Force …") is cut
    at its first title word.
    """
    text = text.strip(" ,;\u201c\u2018")
    tokens = text.replace(",", " , ").split()
    cut = next((k for k, t in enumerate(tokens) if t.rstrip(".") in _TITLE_OR_BODY), len(tokens))
    kept, title = tokens[:cut], tokens[cut:]
    if any(t not in _FUNCTION_WORDS and t != "," and not t[:1].isupper() for t in title):
        return None  # running prose, not a title after the name
    words = [t for t in kept if t != ","]
    if not words or len(words) > 6 or not all(_NAME_TOKEN.fullmatch(w) for w in words):
        return None
    if not words[0][0].isupper() or any(w in _NOT_NAMES for w in words):
        return None
    if not any(len(w.rstrip(".")) > 1 and w[0].isupper() and any(c.islower() for c in w) for w in words):
        return None
    name = " ".join(kept).replace(" ,", ",")
    return name if len(name) <= 60 else None


def _signature_names(line: _Line) -> list[str]:
    """Names on one signature line.

    A closing quote separates a quoted letter's signature from the sender's
    ("Douglas Dillon.” Sparks"); a marker ends a name ("Adolf A. Berle 6 Chairman …").
    """
    text = line.text
    if line.markers:
        cut = line.markers[0][0]
        rest = text[cut:].strip()
        if rest and not rest[0].isupper():
            return []
        text = text[:cut]
    names: list[str] = []
    parts = [p.strip() for p in _QUOTE_SPLIT.split(text) if p.strip()]
    for k, part in enumerate(parts):
        quoted = k < len(parts) - 1 or text.rstrip().endswith(("\u201d", '"'))
        if quoted and part.endswith(".") and not part.endswith(("Jr.", "jr.", "Sr.")):
            part = part[:-1]  # the quoted letter's full stop, outside the name
        name = _name_of(part)
        if name is None:
            return []
        names.append(name)
    return names


def _signers(lines: list[_Line]) -> list[AgentRef]:
    """The signature: the short name lines that end the body, after a closer if any."""
    block: list[AgentRef] = []
    for line in reversed(lines[-_MAX_SIGNATURE_LINES:]):
        if _CLOSER.match(line.text.strip()):
            break
        names = _signature_names(line)
        if not names:
            break
        block = [AgentRef(name=name) for name in names] + block
    return block


# ------------------------------------------------------------------ cross-references

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_DIGITS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                 (4, "IV"), (1, "I"))
_NUMBER_LIST = r"\d+(?:\s*(?:,\s*(?:and\s+)?|and\s+|[\u2013\u2014-]\s*)\d+)*"
_FOREIGN_RELATIONS = re.compile(
    r"Foreign\s+Relations(?:\s+of\s+the\s+United\s+States)?,\s*(?P<y1>\d{4})"
    r"(?:\s*[\u2013\u2014-]\s*(?P<y2>\d{2,4}))?,\s*"
    r"(?:vol(?:ume|\.)\s*(?P<vol>[IVXLCivxlc]+)\b(?:,\s*[Pp]art\s+(?P<part>\d+))?)?"
)
_IN_VOLUME = re.compile(
    rf"\bDocuments?\s+(?P<docs>{_NUMBER_LIST})\s+(?:in|of)\s+vol(?:ume|\.)\s*(?P<vol>[IVXLC]+)\b"
)
_DOCUMENTS = re.compile(
    rf"(?:\b[Ff]ootnote\s+(?P<fn1>\d+),\s+)?\bDocuments?\s+(?P<docs>{_NUMBER_LIST})"
    rf"(?:,\s+footnote\s+(?P<fn2>\d+))?"
)
_PAGES_REF = re.compile(rf"\b(?:pages?|pp?\.)\s*(?P<pages>{_NUMBER_LIST})")
_RANGE = re.compile(r"(?P<a>\d+)\s*[\u2013\u2014-]\s*(?P<b>\d+)|(?P<one>\d+)")
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z(\u201c])|\)|$")
_SERIES = re.compile(r"^(?P<series>frus\d{4}(?:-\d{2})?)v\d+")


def _to_roman(number: int) -> str:
    """The canonical Roman numeral of ``number``."""
    digits = []
    for value, letters in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def _roman(text: str) -> int | None:
    """The value of a well-formed Roman numeral (volume numbers: I to CCC), else None."""
    values = [_ROMAN.get(c) for c in text.lower()]
    if not values or None in values:
        return None
    total = 0
    for k, value in enumerate(values):
        total += -value if k + 1 < len(values) and values[k + 1] > value else value
    return total if total > 0 and _to_roman(total) == text.upper() else None


def _listed(numbers: str) -> list[str]:
    """Numbers of "155, 156, 163–165 and 215": a range gives its two ends, as TEI marks them."""
    found: list[str] = []
    for m in _RANGE.finditer(numbers):
        found += [m["a"], m["b"]] if m["a"] else [m["one"]]
    return found


def _volume_id(m: re.Match[str]) -> str | None:
    """The volume id a "Foreign Relations, 1961–1963, volume X" citation names, if certain."""
    number = _roman(m["vol"]) if m["vol"] else None
    if number is None:
        return None
    years = m["y1"]
    if m["y2"]:
        end = m["y2"][-2:]
        if len(m["y2"]) == 4 and m["y2"][:2] != m["y1"][:2] or end <= m["y1"][-2:]:
            return None
        years = f"{m['y1']}-{end}"
    part = f"p{m['part']}" if m["part"] else ""
    return f"frus{years}v{number:02d}{part}"


def _targets(prefix: str, m: re.Match[str]) -> list[str]:
    """Targets of a "Documents …" match: "#d170", "#d112fn1", "frus1961-63v10#d171"."""
    docs = _listed(m["docs"])
    note = m["fn1"] or m["fn2"]
    if note and len(docs) == 1:
        return [f"{prefix}#d{docs[0]}fn{note}"]
    return [f"{prefix}#d{d}" for d in docs]


def _refs(text: str, volume_id: str) -> list[str]:
    """Documents (and volumes, pages) of FRUS the text cites, as TEI ref targets.

    Another volume is named only when its id follows with certainty from the
    citation: a year span and a volume number (and part); otherwise it is left out.
    """
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in _FOREIGN_RELATIONS.finditer(text):
        volume = _volume_id(m)
        following = _FOREIGN_RELATIONS.search(text, m.end())
        stop = following.start() if following else len(text)
        end = _SENTENCE_END.search(text, m.end(), stop)
        window = text[m.end() : end.start() if end else stop]
        taken.append((m.start(), m.end() + len(window)))
        if volume is None:
            continue
        docs = _DOCUMENTS.search(window)
        pages = _PAGES_REF.search(window)
        if docs:
            found += _targets(volume, docs)
        elif pages:
            found += [f"{volume}#pg_{p}" for p in _listed(pages["pages"])]
        else:
            found.append(volume)
    series = _SERIES.match(volume_id)
    for m in _IN_VOLUME.finditer(text):
        taken.append(m.span())
        number = _roman(m["vol"])
        if series and number:
            found += [f"{series['series']}v{number:02d}#d{d}" for d in _listed(m["docs"])]
    for m in _DOCUMENTS.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found += _targets("", m)
    return list(dict.fromkeys(found))


# ------------------------------------------------------------------ messages

_REFTEL = re.compile(r"\breftels?\b", re.I)
# Forms whose first paragraph may open with the message's own number.
_MESSAGE_FORMS = frozenset(
    {"telegram", "circular-telegram", "airgram", "circular-airgram", "despatch",
     "instruction", "cable", "record", "message"}
)
_EXPLICIT_NUMBER = re.compile(r"^\s*No\.\s*\d")


def _message_number(lines: list[_Line], form: str | None) -> str | None:
    """The number that opens the first paragraph of a telegram, airgram or despatch."""
    first = next((ln.text for ln in lines if ln.text.strip() and not ln.text.startswith("[")), "")
    if form in _MESSAGE_FORMS or (_EXPLICIT_NUMBER.match(first) and form != "editorial-note"):
        return message_number(first)
    return None


def _message_refs(text: str) -> list[str]:
    """References to other messages, and "reftel" (the telegram under reference)."""
    refs = message_refs(text)
    if _REFTEL.search(text):
        refs.append("reftel")
    return refs


# ------------------------------------------------------------------ footnotes

def _footnotes(notes: list[_Note], numbers: dict[int, int], anchors: dict[int, str | None],
               source_position: int | None, volume_id: str) -> list[Footnote]:
    """The notes as model footnotes; citations chain "Ibid." across notes."""
    footnotes: list[Footnote] = []
    previous: Citation | None = None
    for note in notes:
        citations = parse_citations(note.text, previous)
        if citations:
            previous = citations[-1]
        footnotes.append(Footnote(
            number=str(numbers[note.position]),
            text=note.text,
            anchor=anchors.get(note.position),
            is_source=note.position == source_position,
            citations=citations,
            refs=_refs(note.text, volume_id),
        ))
    return footnotes


def _inferred_date(note: SourceNote | None) -> DocDate | None:
    """The date a decimal file of the source note's location states, marked as inferred."""
    for citation in note.citations if note else []:
        if citation.file_date and citation.file is not None:
            return DocDate(source=DateSource.INFERRED_FROM_FILE, earliest=citation.file_date,
                           latest=citation.file_date, inferred_from=citation.file.identifier)
    return None


# ------------------------------------------------------------------ reading


def _document_number(document: str | None) -> str | None:
    """The caller's document number: "171" or "d171" both give "171"."""
    if document is None:
        return None
    value = document.strip()
    if value[:1] == "d" and value[1:2].isdigit():
        value = value[1:]
    return value or None


@dataclass(slots=True)
class _Layout:
    """The page taken apart: heading, body lines without markers, notes and pages."""

    heading: _Heading | None
    lines: list[_Line]  # from the heading line on (or the whole body without one)
    notes: list[_Note]
    numbers: dict[int, int]  # each note's number, as its marker prints it
    placed: list[_Placed]
    source_position: int | None
    pages: list[str]
    problems: list[str] = field(default_factory=list)


def _layout(lines: list[str], notes: list[_Note]) -> _Layout:
    """Heading, page breaks and markers of the body ``lines`` whose notes are ``notes``."""
    body, pages, opens = _take_pages([line.strip() for line in lines])
    # A note running over a page break: the break is a page of the document too.
    pages += [m["n"] for n in notes for m in _PAGE.finditer(n.text) if m["n"] not in pages]
    notes = [_Note(n.position, norm(_PAGE.sub(" ", n.text))) for n in notes]
    source_position = next((n.position for n in notes if _is_source_text(n.text)), None)
    heading, body = _find_heading(body, source_position is not None)
    segment = body[heading.index :] if heading else body
    joined = "\n".join(segment)
    problems: list[str] = []
    try:
        placed, numbers = _align(joined, len(segment[0]) if heading else 0, notes, source_position)
    except Exception as exc:  # markers are a nicety: the notes are still worth reading
        placed, numbers = [], {n.position: n.position for n in notes}
        problems.append(f"internal error while finding note markers: {exc!r}")
    return _Layout(heading, _strip_markers(joined, placed), notes, numbers, placed,
                   source_position, _document_pages(pages, opens), problems)


def read_text(text: str, volume_id: str, document: str | None = None,
              source: str = "<text>") -> Document:
    """Read one FRUS document from its plain page text.

    ``document`` (the printed number, or the caller's id such as "d171") wins over
    the heading's number.  Raises ``InputError`` naming ``source`` for a text that is
    not a FRUS document: one with neither a heading of a known shape nor a source
    note.  Anything else that cannot be read is recorded in ``doc.problems``.
    """
    text = _normalise(text)
    if not text.strip():
        raise InputError(source, "empty text: no FRUS document to read")
    lines = _unwrap(text.split("\n"))
    page = _layout(*_split_notes(lines))
    if page.notes and page.source_position is None and 2 * len(page.placed) < len(page.notes):
        # A numbered list whose numbers stand nowhere in the text is body text.
        page = _layout(lines, [])
    if page.heading is None and page.source_position is None:
        raise InputError(source, "not a FRUS document: no heading of a known shape "
                                 "(\"N. Title\", \"A to B\", a file number) and no source note")
    number = _document_number(document) or (page.heading.number if page.heading else None)
    doc = Document(volume_id=volume_id, doc_id=f"d{number}" if number else _digest_id(text),
                   number=number, pages=page.pages)
    doc.problems += [Problem(message, doc.doc_id) for message in page.problems]
    if number is None:
        doc.problems.append(Problem("no document number in the text or from the caller; "
                                    "the document is identified by a digest of its text", doc.doc_id))
    content = page.lines[1:] if page.heading else page.lines
    _guarded(doc, "heading", lambda: _read_heading(doc, page.heading, page.lines[0]))
    _guarded(doc, "lists", lambda: _read_lists(doc, content))
    _guarded(doc, "messages", lambda: _read_messages(doc, content))
    _guarded(doc, "notes", lambda: _read_notes(doc, page))
    _guarded(doc, "cross-references", lambda: _read_refs(doc, content))
    return doc


def _digest_id(text: str) -> str:
    """A stable id for a document printed without a number (before the 1950s)."""
    return "t" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _guarded(doc: Document, step: str, run: Callable[[], None]) -> None:
    """Run one reading step; an unexpected failure is recorded, never raised."""
    try:
        run()
    except Exception as exc:  # one odd text must not lose what else could be read
        doc.problems.append(Problem(f"internal error while reading the {step}: {exc!r}", doc.doc_id))


def _read_heading(doc: Document, heading: _Heading | None, line: _Line) -> None:
    """Title, form, subtype and the parties the heading names."""
    if heading is None:
        doc.problems.append(Problem("no heading found; title, form and parties left out", doc.doc_id))
        return
    doc.title = norm(line.text[heading.title_start :]) or None
    doc.subtype = heading.subtype
    doc.form = form_from_title(doc.title, heading.subtype)
    if doc.title:
        doc.senders, doc.addressees = _heading_parties(doc.title)


def _read_lists(doc: Document, lines: list[_Line]) -> None:
    """Subjects, participants and (except in editorial notes) the signature."""
    doc.subjects = _subjects(lines)
    doc.participants = _participants(lines)
    if doc.form != "editorial-note":
        doc.signers = _signers(lines)


def _read_messages(doc: Document, lines: list[_Line]) -> None:
    """The message's own number and the messages it refers to."""
    if doc.form == "editorial-note":
        return
    doc.message_number = _message_number(lines, doc.form)
    doc.message_refs = _message_refs(norm(" ".join(ln.text for ln in lines)))


def _read_notes(doc: Document, page: _Layout) -> None:
    """Footnotes with their anchors, the source note and the date its file states."""
    anchors = {p: _anchor(line, column) for line in page.lines for column, p in line.markers}
    doc.footnotes = _footnotes(page.notes, page.numbers, anchors, page.source_position, doc.volume_id)
    missing = [str(page.numbers[n.position]) for n in page.notes if n.position not in anchors]
    if missing:
        doc.problems.append(Problem(f"no marker found in the text for note(s) {', '.join(missing)}; "
                                    "their anchors are left out", doc.doc_id))
    if page.source_position is not None:
        doc.source_note = parse_source_note(page.notes[page.source_position - 1].text)
    elif page.heading is not None and page.heading.file_line:
        # 1910s–1940s: the file number above the heading is the document's source note.
        doc.source_note = parse_source_note(page.heading.file_line)
    doc.date = _inferred_date(doc.source_note)


def _read_refs(doc: Document, lines: list[_Line]) -> None:
    """Cross-references of the body, then of the footnotes, each once."""
    body = _refs("\n".join(ln.text for ln in lines), doc.volume_id)
    doc.refs = list(dict.fromkeys(body + [r for note in doc.footnotes for r in note.refs]))
