"""Parse FRUS source notes and archival citations from plain text.

Shared by the TEI reader and the plain-text reader: both hand over a note or footnote
as printed and get model objects back.  Nothing here knows about XML or RDF.

Two rules run through the module: nothing raises on odd input, and nothing is guessed.
A clause that cannot be read with confidence is left out (the raw text is always kept
on the result), and an ``Ibid.`` that cannot be resolved yields no citation.

``SourceNote.citations`` holds only the note's location sentence (where the document
itself is kept).  ``parse_citations`` over the whole note text also returns the
citations made later in the note, in order, which is what ``Ibid.`` chaining needs.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace

from .model import AgentKind, AgentRef, Citation, RecordSetRef, SourceNote
from .vocab import CLASSIFICATION, HANDLING, PRECEDENCE

__all__ = [
    "infer_file_date",
    "parse_citations",
    "parse_markings",
    "parse_source_note",
    "split_names",
]

# A path below a holder, with the file date read from a decimal file number.
_Tail = tuple[list[RecordSetRef], str | None]
# Reads the printed levels below a holder into tails.
_Below = Callable[[str], list[_Tail]]

# --------------------------------------------------------------------------- text

_WS = re.compile(r"\s+")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_APOSTROPHE = re.compile(r"['\u2019\u02bc]")
_STRAY_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_KEY_JUNK = re.compile(r"[^a-z0-9.]+")
_CODE_PIECES = re.compile(r"[A-Za-z]+|\d+")
_MAX_KEY = 80

_OPENERS = "([\u201c"
_CLOSERS = ")]\u201d"
_SENTENCE_MARKS = re.compile("[" + re.escape(_OPENERS + _CLOSERS + ".?!") + "]")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)"
)


def _clean(text: str) -> str:
    """Collapse whitespace: TEI wraps lines inside text nodes."""
    return _WS.sub(" ", text).strip()


def _ascii_dashes(text: str) -> str:
    return text.translate(_DASHES)


def _slug(text: str) -> str:
    """A URL-safe key ([a-z0-9.-]); dots survive only inside numbers ("737.00")."""
    folded = unicodedata.normalize("NFKD", _APOSTROPHE.sub("", _ascii_dashes(text)))
    lowered = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _KEY_JUNK.sub("-", _STRAY_DOT.sub("-", lowered)).strip("-")
    if not slug:
        return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    if len(slug) > _MAX_KEY:
        # Truncated keys stay unique and stable through a digest of the whole slug.
        digest = hashlib.sha1(slug.encode("ascii")).hexdigest()[:8]
        return f"{slug[: _MAX_KEY - 9].rstrip('-.')}-{digest}"
    return slug


def _code_key(code: str) -> str:
    """Key for a printed code, so "Lot 84D241" and "Lot 84 D 241" agree."""
    return "-".join(_CODE_PIECES.findall(code)).lower() or _slug(code)


def _ref(key: str, label: str, level: str, identifier: str | None = None) -> RecordSetRef:
    return RecordSetRef(key=key, label=label, level=level, identifier=identifier)


def _copy_path(path: list[RecordSetRef]) -> list[RecordSetRef]:
    # Citations must not share mutable refs: a reader may annotate one of them.
    return [replace(ref) for ref in path]


# ---------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    "vol vols no nos p pp jr sr mr mrs ms dr st inc co corp ltd ed eds gen adm col lt "
    "capt cdr sen rep gov amb a.m p.m i.e e.g cf ca dept wm chas geo jas thos jos".split()
)
_INITIALS = re.compile(r"(?:[A-Z][a-z]?[A-Z]?\.)+")
# After an abbreviation these words still open a new sentence ("…cleared in L. Repeated").
_SENTENCE_STARTERS = frozenset(
    "Top Secret Confidential Unclassified Limited Official Restricted No Personal "
    "Drafted Cleared Approved Repeated Also Sent Received Transmitted Printed Copies "
    "Copy The This These It A An There See For According Reference Not Summary "
    "Source".split()
)


def _is_abbreviation(token: str) -> bool:
    bare = token.lstrip("([\u201c\"'")
    return bare[:-1].lower() in _ABBREVIATIONS or _INITIALS.fullmatch(bare) is not None


def _next_word(text: str, start: int) -> str:
    return text[start : start + 30].split(" ", 1)[0].strip("([\u201c\"'.,;:")


def _ends_sentence(text: str, i: int) -> bool:
    """Whether the character at ``i`` (at bracket depth 0) closes a sentence."""
    ch = text[i]
    if ch in ")\u201d":
        if i == 0 or text[i - 1] not in ".?!":
            return False
    elif ch not in ".?!":
        return False
    j = i + 1
    n = len(text)
    if j < n and text[j] in "\u201d\u2019\"'":
        return False
    if j == n:
        return True
    if not text[j].isspace():
        return False
    while j < n and text[j].isspace():
        j += 1
    if j == n:
        return True
    if text[j].islower() or text[j] in ",;:":
        return False
    if ch == ".":
        token = text[text.rfind(" ", max(0, i - 40), i) + 1 : i + 1]
        if _is_abbreviation(token) and _next_word(text, j) not in _SENTENCE_STARTERS:
            return False
    return True


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; stops inside brackets or quotes end none."""
    spans: list[tuple[int, int]] = []
    start = depth = 0
    for m in _SENTENCE_MARKS.finditer(text):  # only these characters can change anything
        i, ch = m.start(), m.group()
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
        if depth == 0 and _ends_sentence(text, i):
            spans.append((start, i + 1))
            start = i + 1
    spans.append((start, len(text)))
    return [_trim_span(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paren_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level parenthetical, parentheses included."""
    spans: list[tuple[int, int]] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _split_top(text: str, separator: str) -> list[tuple[int, str]]:
    """Split on ``separator`` outside brackets and quotes: (offset, stripped part)."""
    parts: list[tuple[int, str]] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
        elif ch == separator and depth == 0:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    out = []
    for offset, part in parts:
        stripped = part.strip()
        if stripped:
            out.append((offset + part.index(stripped[0]), stripped))
    return out


def _parts(text: str) -> list[str]:
    return [part for _, part in _split_top(text, ",")]


# ----------------------------------------------------------------------- markings


def _marking_key(text: str) -> str:
    return _WS.sub(" ", _ascii_dashes(text).strip(" []().")).lower()


def _marking_table() -> dict[str, tuple[str, str]]:
    table = {
        _marking_key(label): (scheme, slug)
        for scheme, concepts in (
            ("classification", CLASSIFICATION),
            ("precedence", PRECEDENCE),
            ("handling", HANDLING),
        )
        for slug, label in concepts.items()
    }
    table["off the record"] = ("handling", "off-the-record")
    table["for official use only"] = ("classification", "official-use-only")
    return table


_MARKINGS = _marking_table()
_MARKING_SEPARATOR = re.compile(r"\s*(?:;|/|\u2014|\u2013)\s*")
# A word of a marking the vocabulary does not know yet ("Cherokee", "Roger Channel").
_EXTRA_MARKING = re.compile(r"[A-Z][A-Za-z-]*(?: (?:[A-Z][A-Za-z-]*|for|of|the|and)){0,4}")


def _marking_of(part: str) -> tuple[str, str] | None:
    key = _marking_key(part)
    if key in _MARKINGS:
        return _MARKINGS[key]
    head, sep, _ = key.partition(" for ")
    return _MARKINGS.get(head) if sep else None


def parse_markings(sentence: str) -> tuple[str | None, list[str], list[str]]:
    """Classification, precedence and handling slugs of a marking sentence.

    Values are ``;``-separated ("Secret; Priority; Limit Distribution.").  A sentence
    counts only when every value is a known marking; after a known classification,
    short capitalised values the vocabulary lacks are tolerated and dropped.  Anything
    else (running prose) gives ``(None, [], [])``.
    """
    body = _clean(sentence).rstrip(".").strip()
    classification: str | None = None
    precedence: list[str] = []
    handling: list[str] = []
    parts = [part for part in _MARKING_SEPARATOR.split(body) if part]
    for part in parts:
        found = _marking_of(part)
        if found is None:
            if classification is None or not _EXTRA_MARKING.fullmatch(part):
                return None, [], []
            continue
        scheme, slug = found
        if scheme == "classification":
            classification = classification or slug
        elif scheme == "precedence":
            if slug not in precedence:
                precedence.append(slug)
        elif slug not in handling:
            handling.append(slug)
    return classification, precedence, handling


# --------------------------------------------------------------------------- names

_NOT_NAME_WORDS = frozenset(
    """Affairs Office Offices Bureau Division Department Secretary Secretaries Director
    Directors Deputy Assistant Acting Chairman Chief Officer Officers Adviser Advisor
    Counselor Ambassador Ambassadors President Vice Under Special Executive Legal Staff
    Council Committee Commission Agency Embassy Mission Task Force Policy Planning
    Political Economic Regional Inter-American American Americas America Latin Central
    Caribbean Mexican Panamanian Coast East West North South Eastern Western Northern
    Southern National Security Intelligence International Operations Research Public
    Administration Administrator Coordinator Representative Minister General Attorney
    Foreign Service State States United Nations White House Defense Treasury Commerce
    Program Development Cooperation Relations European African Asian Soviet Far Near
    Middle Pacific Atlantic Area Desk Charge Republic Republics Senator Governor
    Admiral Rear Navy Army Air Naval Aide Mr Mrs Ms Dr Messrs Secretariat Files Papers
    January February March April May June July August September October November
    December""".split()
)
_PARTICLES = frozenset("de da del della der den di du la le van von y ter dos das".split())
_SUFFIXES = frozenset({"Jr.", "Sr.", "jr.", "sr.", "II", "III", "IV"})
_PREPOSITIONS = frozenset({"of", "for", "on", "to", "in", "at", "the"})
_MAX_NAME_TOKENS = 4

_PAREN_OFFICE = re.compile(r"(?P<body>.+?)\s*\((?P<office>[^()]+)\)")
_NAME_OF_OFFICE = re.compile(r"(?P<body>.+?)\s+of\s+(?:the\s+)?(?P<office>\S.*)")
_ROLE_TAIL = re.compile(
    rf"\s+(?:(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|(?:on\s+)?the\s+same\s+day)$"
)
_CAPITALISED = r"[A-Z][\w'\u2019\u02bc/&-]*"
_ROLE_REFERENCE = re.compile(rf"the\s+{_CAPITALISED}(?:\s+{_CAPITALISED}){{0,3}}")
_ACRONYM = re.compile(r"[A-Z][A-Z/&-]*")
_INSTITUTION_WORD = re.compile(
    r"\b(?:House|Office|Department|Bureau|Embassy|Mission|Staff|Agency|Council|"
    r"Committee|Division|Secretariat|Government)\b"
)
_AGENT_SEPARATOR = re.compile(
    r"(\s*;\s*(?:and\s+)?|\s*,(?!\s*(?:Jr|Sr|jr|sr)\.)\s*(?:and\s+)?|\s+and\s+)"
)
_RESPECTIVELY = re.compile(r",?\s*respectively\s*$")
_IN_DRAFT = re.compile(r"^in\s+draft\s+")
_LEADING_THE = re.compile(r"^the\s+")


def _is_name_word(token: str) -> bool:
    """A capitalised word with lower-case letters: not an acronym, not a title word."""
    return (
        len(token) > 1
        and token[0].isupper()
        and any(c.islower() for c in token)
        and all(c.isalpha() or c in "'\u2019\u02bc-" for c in token)
        and token not in _NOT_NAME_WORDS
    )


def _is_initial(token: str) -> bool:
    return _INITIALS.fullmatch(token) is not None and token[:-1] not in _NOT_NAME_WORDS


def _split_title_name(text: str) -> tuple[str | None, str | None]:
    """Split "Director of … Affairs Edward A. Jamison" into (description, name).

    The name is the trailing run of name tokens (words, initials, particles, a
    suffix).  No name is returned when the run is unconvincing: longer than four
    tokens without an initial, or the object of a preposition ("Office of Management").
    """
    tokens = text.split()
    end = len(tokens)
    i = end
    while i > 0 and tokens[i - 1] in _SUFFIXES:
        i -= 1
    core_end = i
    while i > 0:
        token = tokens[i - 1].rstrip(",")
        if _is_name_word(token) or _is_initial(token):
            i -= 1
        elif token in _PARTICLES and i < core_end:
            i -= 1
        else:
            break
    while i < core_end and tokens[i] in _PARTICLES:
        i += 1
    core = tokens[i:core_end]
    if not core:
        return text or None, None
    initials = [k for k, token in enumerate(core) if _is_initial(token.rstrip(","))]
    if initials and initials[0] > 1:
        i += initials[0] - 1
    elif not initials:
        if len(core) > _MAX_NAME_TOKENS:
            return text, None
        if i > 0 and tokens[i - 1].lower() in _PREPOSITIONS:
            return text, None
    description = " ".join(tokens[:i]).strip(" ,") or None
    return description, " ".join(tokens[i:end])


def _is_complete_agent(fragment: str) -> bool:
    """Whether a list fragment ends where an agent can end (else the comma is inside
    a title, as in "Office of Central American and Panamanian Affairs")."""
    fragment = fragment.strip()
    if not fragment:
        return False
    if fragment.endswith(")") or _ROLE_REFERENCE.fullmatch(fragment):
        return True
    if _ACRONYM.fullmatch(fragment):
        return True
    last = fragment.split()[-1]
    return last in _SUFFIXES or _is_name_word(last)


def _split_agent_list(text: str) -> list[str]:
    """Split "A, B, and C" into items, keeping commas and "and" that sit in titles."""
    text = text.strip(" ,;")
    respectively = _RESPECTIVELY.search(text) is not None
    text = _RESPECTIVELY.sub("", text)
    pieces = _AGENT_SEPARATOR.split(text)
    items: list[str] = []
    current = pieces[0]
    for separator, piece in zip(pieces[1::2], pieces[2::2]):
        if _is_complete_agent(current):
            items.append(current)
            current = piece
        else:
            current = f"{current}{separator}{piece}"
    items.append(current)
    items = [item.strip(" ,;") for item in items if item.strip(" ,;")]
    if respectively:
        # "A, B, and C, Directors of X, Y, and Z, respectively": the titles follow
        # the names and cannot be paired back without guessing; keep the names.
        named = [item for item in items if _split_title_name(item)[1]]
        items = items[: items.index(named[-1]) + 1] if named else []
    return items


def _role_reference(text: str, office: str | None) -> AgentRef | None:
    """An agent named by role or office only ("the President", "the White House", "S")."""
    if not (_ROLE_REFERENCE.fullmatch(text) or _ACRONYM.fullmatch(text)):
        return None
    name = _LEADING_THE.sub("", text)
    institution = _ACRONYM.fullmatch(name) is not None or _INSTITUTION_WORD.search(name)
    kind = AgentKind.INSTITUTION if institution else AgentKind.PERSON
    return AgentRef(name=name, kind=kind, office=office)


def _agent_from_item(item: str, office: str | None = None) -> AgentRef | None:
    """One agent of a drafting/clearance/approval list, or None when not confident."""
    text = _IN_DRAFT.sub("", _ROLE_TAIL.sub("", item.strip(" ,;"))).strip(" ,;")
    if not text:
        return None
    paren = _PAREN_OFFICE.fullmatch(text)
    if paren:
        text, office = paren["body"].strip(), paren["office"].strip()
    of_office = _NAME_OF_OFFICE.fullmatch(text)
    if of_office and _split_title_name(of_office["body"]) == (None, of_office["body"]):
        text, office = of_office["body"], office or of_office["office"].strip()
    description, name = _split_title_name(text)
    if name:
        return AgentRef(name=name, description=description, office=office)
    return _role_reference(text, office)


def split_names(clause: str) -> list[AgentRef]:
    """Agents of a name list as printed after "by": titles kept as descriptions.

    "Chairman of the Task Force on Latin America Adolph A. Berle and Officer in Charge
    of Colombian Affairs Sam Moskowitz" gives two agents with their descriptions.
    Items that cannot be split confidently are left out.
    """
    agents = (_agent_from_item(item) for item in _split_agent_list(_clean(clause)))
    return [agent for agent in agents if agent is not None]


# ---------------------------------------------------------- drafting and transmission

_ROLE_SENTENCE = re.compile(r"(?:Drafted|Cleared|Approved)\b")
_ROLE_VERB = re.compile(r"\b(?P<verb>[Dd]rafted|[Cc]leared|[Aa]pproved)\b")
_LIST_INTRO = re.compile(
    r"(?:,\s*)?(?:\band\s+)?(?:\bin\s+draft\s+)?"
    r"(?:\bin\s+(?P<office>[A-Z][\w/&'\u2019\u02bc-]*)\s+)?\b(?:by|with)\s+"
)
_IN_PLACE = re.compile(r"(?:in\s+draft\s+)?in\s+(?:the\s+)?(?P<place>\S.*)")
_TRANSMISSION_SENTENCE = re.compile(r"(?:Repeated|Also\s+(?:sent|repeated)|Sent)\s+to\b")
_REPEATED = re.compile(r"\b(?:[Rr]epeated|[Aa]lso\s+sent|[Aa]lso\s+repeated)\s+to\s+")
_POST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?(?:to\s+)?|\s+and\s+(?:to\s+)?")
_FOR_QUALIFIER = re.compile(r"(?P<name>.+?)\s+(?P<qualifier>for\s+\S.*)")
_TRAILING_AND = re.compile(r"(?:^|\s)and$")


def _strip_connectors(text: str) -> str:
    """Drop the ", and" that joins one role clause to the next."""
    text = text.strip(" ,;")
    while _TRAILING_AND.search(text):
        text = _TRAILING_AND.sub("", text).strip(" ,;")
    return text


def _drop_final_period(text: str) -> str:
    """Drop a sentence's full stop, but not the one of "Jr." or an initial."""
    text = text.rstrip()
    last = text.rsplit(" ", 1)[-1]
    if text.endswith(".") and last not in _SUFFIXES and not _is_initial(last):
        return text[:-1]
    return text


def _place_agent(text: str) -> AgentRef | None:
    """The office of "approved in S" or "cleared in the Legal Adviser's Office"."""
    match = _IN_PLACE.fullmatch(_ROLE_TAIL.sub("", text.strip()))
    if not match:
        return None
    place = match["place"].strip(" ,;.")
    return AgentRef(name=place, kind=AgentKind.INSTITUTION) if place else None


def _clause_agents(clause: str) -> list[AgentRef]:
    """Agents of one clause after a role verb: "in L by Chayes and by Rusk"."""
    intros = list(_LIST_INTRO.finditer(clause))
    if not intros:
        agent = _place_agent(clause)
        return [agent] if agent else []
    head = _IN_PLACE.fullmatch(clause[: intros[0].start()].strip())
    head_office = head["place"].strip() if head else None
    agents: list[AgentRef] = []
    for k, intro in enumerate(intros):
        end = intros[k + 1].start() if k + 1 < len(intros) else len(clause)
        office = intro["office"] or (head_office if k == 0 else None)
        for item in _split_agent_list(clause[intro.end() : end]):
            agent = _agent_from_item(item, office)
            if agent:
                agents.append(agent)
    return agents


def _parse_roles(sentence: str) -> dict[str, list[AgentRef]]:
    """Drafters, clearers and approvers of a "Drafted by …" sentence."""
    roles: dict[str, list[AgentRef]] = {"drafted": [], "cleared": [], "approved": []}
    verbs = list(_ROLE_VERB.finditer(sentence))
    waiting: list[str] = []  # "Drafted and approved by X": both verbs share X
    for k, verb in enumerate(verbs):
        end = verbs[k + 1].start() if k + 1 < len(verbs) else len(sentence)
        role = verb["verb"].lower()
        clause = _strip_connectors(_drop_final_period(sentence[verb.end() : end]))
        if not clause:
            waiting.append(role)
            continue
        agents = _clause_agents(clause)
        for shared in [*waiting, role]:
            roles[shared].extend(replace(agent) for agent in agents)
        waiting = []
    return roles


def _parse_repeated(sentence: str) -> list[AgentRef]:
    """Posts a telegram was repeated (or also sent) to."""
    posts: list[AgentRef] = []
    starts = list(_REPEATED.finditer(sentence))
    for k, start in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(sentence)
        posts_text = _strip_connectors(_drop_final_period(sentence[start.end() : end]))
        for item in _POST_SEPARATOR.split(posts_text):
            item = _LEADING_THE.sub("", item.strip(" ,;."))
            if not item:
                continue
            qualified = _FOR_QUALIFIER.fullmatch(item)
            name, qualifier = (
                (qualified["name"], qualified["qualifier"]) if qualified else (item, None)
            )
            posts.append(AgentRef(name=name, kind=AgentKind.INSTITUTION, description=qualifier))
    return posts


# ------------------------------------------------------------------ archival paths

_RECORD_GROUPS = {
    "59": "General Records of the Department of State",
    "84": "Records of the Foreign Service Posts of the Department of State",
    "218": "Records of the U.S. Joint Chiefs of Staff",
    "273": "Records of the National Security Council",
    "330": "Records of the Office of the Secretary of Defense",
}

_DECIMAL = re.compile(
    r"(?<![\w.])(?P<file>\d{3}\.\d+(?:[-\u2013][A-Za-z]+)*"
    r"(?:\([A-Za-z]+\)(?:[-\u2013][A-Za-z]+)*)?)"
    r"(?:/(?P<date>\d{1,2}[-\u2013]\d{3,4}))?(?![\w/])"
)
_FILE_DATE = re.compile(r"/\s*(?P<month>\d{1,2})\s*[-\u2013]\s*(?P<day>\d{1,2})(?P<year>\d{2})\s*$")
_CENTRAL_FILES = re.compile(
    r"Central\s+Files?\b(?:\s*,?\s*(?P<years>\d{4}\s*[-\u2013]\s*\d{2,4})\b)?\s*,?\s*(?P<rest>.*)"
)
_SUBJECT_NUMERIC = re.compile(
    r"[A-Z]{2,6}(?:\s+\([A-Z]+\))?\s+\d+(?:[-\u2013]\d+)*(?:\s+[A-Z][A-Z/&\u2013-]*)*"
)
_NON_DIGIT = re.compile(r"\D")
_FILE_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_LOT = re.compile(r"\bLot\s+\d+(?:\s*[A-Z]\s*|\s+)\d+(?:\s+\d+)?")
_TYPED_PARTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Box(?:es)?\s+\w[\w\u2013-]*(?:\s*[-\u2013]\s*\w+)?"), "box"),
    (re.compile(r"Folders?\s+\w[\w\u2013-]*"), "folder"),
    (re.compile(r"Job\s+\w[\w\u2013-]*"), "job"),
    (re.compile(r"FRC\s+\d[\dA-Z\s\u2013-]*"), "accession"),
    (re.compile(r"(?:.*?:\s*)?Lot\s+\d+(?:\s*[A-Z]\s*|\s+)\d+(?:\s+\d+)?"), "lot-file"),
    (re.compile(r"RG\s*\d+"), "record-group"),
)
# Names that say "I hold other things" (a series), as opposed to a folder title.
_CONTAINER = re.compile(
    r"\b(?:Series|Files?|Papers|Records|Materials?|Subjects|Memoranda|Collection|Office)$"
)


def infer_file_date(identifier: str) -> str | None:
    """The ISO date in a decimal file number: "737.00/4-2361" -> "1961-04-23".

    The suffix is month-DDYY (or month-DYY).  The decimal system ran 1910-1963, so
    other years, impossible dates and numbers without a suffix give None.
    """
    match = _FILE_DATE.search(identifier)
    if not match:
        return None
    year = 1900 + int(match["year"])
    if not 1910 <= year <= 1963:
        return None
    try:
        return datetime.date(year, int(match["month"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def _nara() -> RecordSetRef:
    return _ref("nara", "National Archives", "repository")


def _record_group(number: str) -> RecordSetRef:
    name = _RECORD_GROUPS.get(number)
    label = f"{name} (RG {number})" if name else f"RG {number}"
    return _ref(f"rg{number}", label, "record-group", f"RG {number}")


def _central_files() -> RecordSetRef:
    return _ref("central-files", "Central Files", "series")


def _typed_ref(part: str) -> RecordSetRef | None:
    """Box, folder, job, accession, lot or record group named by its code."""
    for pattern, level in _TYPED_PARTS:
        if not pattern.fullmatch(part):
            continue
        if level == "record-group":
            return _record_group(_NON_DIGIT.sub("", part))
        if level == "lot-file":
            return _lot_ref(part)
        key = _code_key(part) if level == "accession" else _slug(part)
        return _ref(key, _ascii_dashes(part), level, part)
    return None


def _lot_ref(text: str) -> RecordSetRef:
    """A lot file; its label is the name printed before the lot number, if any."""
    lot = _LOT.search(text)
    number = lot.group() if lot else text
    name = text[: lot.start()].strip(" :,") if lot else ""
    return _ref(_code_key(number), name or _ascii_dashes(number), "lot-file", number)


def _hierarchy(parts: list[str], collection_first: bool) -> list[RecordSetRef]:
    """Levels below a holder from comma-separated parts.

    Coded parts (Box 9, Folder 4, Job …, FRC …, Lot …) are typed; a first untyped part
    is the collection where the holder has collections; untyped parts before a coded
    part, or named like containers ("Countries Series"), are series; the remaining
    text up to the next coded part is one folder title ("Dominican Republic, General,
    1/61-3/61"), since folder titles have commas of their own.
    """
    typed = [_typed_ref(part) for part in parts]
    next_typed = [len(parts)] * (len(parts) + 1)
    for k in range(len(parts) - 1, -1, -1):
        next_typed[k] = k if typed[k] else next_typed[k + 1]
    refs: list[RecordSetRef] = []
    k = 0
    while k < len(parts):
        found = typed[k]
        if found:
            refs.append(found)
            k += 1
            continue
        part = parts[k]
        after_unit = bool(refs) and refs[-1].level in ("box", "folder")
        if collection_first and not refs:
            refs.append(_ref(_slug(part), part, "collection"))
            k += 1
        elif not after_unit and (next_typed[k + 1] < len(parts) or _CONTAINER.search(part)):
            refs.append(_ref(_slug(part), part, "series"))
            k += 1
        else:
            end = next_typed[k]
            label = ", ".join(parts[k:end])
            refs.append(_ref(_slug(label), label, "folder"))
            k = end
    return refs


def _below_collections(rest: str) -> list[_Tail]:
    """Below a library or archive whose first level is a collection."""
    return [(_hierarchy(_parts(rest), collection_first=True), None)]


def _below_units(rest: str) -> list[_Tail]:
    """Below a holder cited by units directly (CIA jobs, record groups, accessions)."""
    return [(_hierarchy(_parts(rest), collection_first=False), None)]


def _decimal_tails(text: str, series: RecordSetRef) -> list[_Tail]:
    tails: list[_Tail] = []
    for match in _DECIMAL.finditer(text):
        number, date = match["file"], match["date"]
        decimal = _ref(_slug(number), _ascii_dashes(number), "decimal-file", number)
        if not date:
            tails.append(([replace(series), decimal], None))
            continue
        identifier = f"{number}/{date}"
        unit = _ref(_slug(date), _ascii_dashes(identifier), "file", identifier)
        tails.append(([replace(series), decimal, unit], infer_file_date(identifier)))
    return tails


def _file_items(text: str) -> list[str]:
    text = _RESPECTIVELY.sub("", text.strip(" .,;"))
    return [item.strip() for item in _FILE_LIST_SEPARATOR.split(text) if item.strip()]


def _subject_tails(text: str, series: RecordSetRef, strict: bool) -> list[_Tail]:
    """Subject-numeric files ("POL 23–8 DOM REP"); ``strict`` where the series does
    not say it holds them, so only well-formed codes count."""
    tails: list[_Tail] = []
    for item in _file_items(text):
        if strict and not _SUBJECT_NUMERIC.fullmatch(item):
            continue
        if not item[0].isupper():
            continue
        ref = _ref(_slug(item), _ascii_dashes(item), "subject-numeric-file", item)
        tails.append(([replace(series), ref], None))
    return tails


def _below_state(rest: str) -> list[_Tail]:
    """Below "Department of State" / RG 59: central files, lot files, other series."""
    rest = rest.strip(" .,;")
    central = _CENTRAL_FILES.match(rest)
    if central:
        if central["years"]:
            years = _ascii_dashes(_WS.sub("", central["years"]))
            series = _ref(f"central-files-{years}", f"Central Files {years}", "series")
            return _subject_tails(central["rest"], series, strict=False) or [([series], None)]
        series = _central_files()
        tails = _decimal_tails(central["rest"], series)
        return tails or _subject_tails(central["rest"], series, strict=True) or [([series], None)]
    if _DECIMAL.match(rest):
        return _decimal_tails(rest, _central_files())
    parts = _parts(rest)
    for k, part in enumerate(parts):
        if _LOT.search(part):
            lot = _lot_ref(", ".join(parts[: k + 1]))
            return [([lot, *_hierarchy(parts[k + 1 :], collection_first=False)], None)]
    return _below_units(rest)


# -------------------------------------------------------------------- citations

_STATE_HEAD = re.compile(r"(?:[Tt]he\s+)?Department\s+of\s+State(?:\s+Files)?\s*,\s*")
# In running prose "Department of State," is a citation only when records follow.
_STATE_GATE = re.compile(r"(?=Central\s+Files?\b|[^.;()]{0,80}?\b(?:Lot|Files?)\b)")
_NARA = r"(?:[Tt]he\s+)?National\s+Archives(?:\s+and\s+Records\s+Administration)?"
_RG_HEAD = re.compile(rf"(?:{_NARA}\s*,\s*)?RG\s*(?P<number>\d+)\s*(?:,\s*|$)")
_NIXON_MATERIALS_HEAD = re.compile(
    rf"(?:{_NARA}\s*,\s*)?Nixon\s+Presidential\s+Materials(?:\s+(?:Project|Staff))?\s*(?:,\s*|$)"
)
_NARA_HEAD = re.compile(rf"{_NARA}\s*(?:,\s*|$)")
_PRESIDENTIAL_LIBRARIES = (
    (r"(?:John\s+F\.\s+)?Kennedy", "kennedy-library", "John F. Kennedy Library"),
    (r"(?:Lyndon\s+B(?:aines|\.)?\s+)?Johnson", "johnson-library", "Lyndon B. Johnson Library"),
    (r"(?:Dwight\s+D\.\s+)?Eisenhower", "eisenhower-library", "Dwight D. Eisenhower Library"),
    (r"(?:Harry\s+S\.?\s+)?Truman", "truman-library", "Harry S. Truman Library"),
    (r"(?:Franklin\s+D\.\s+)?Roosevelt", "roosevelt-library", "Franklin D. Roosevelt Library"),
    (r"(?:Herbert\s+)?Hoover", "hoover-library", "Herbert Hoover Library"),
    (r"(?:Richard\s+)?Nixon", "nixon-library", "Richard Nixon Library"),
    (r"(?:Gerald\s+R\.\s+)?Ford", "ford-library", "Gerald R. Ford Library"),
    (r"(?:Jimmy\s+)?Carter", "carter-library", "Jimmy Carter Library"),
    (r"(?:Ronald\s+)?Reagan", "reagan-library", "Ronald Reagan Library"),
)
_LIBRARY_SUFFIX = r"\s+(?:Presidential\s+)?Library(?:\s+and\s+(?:Birthplace|Museum))?"
_CIA = r"(?:Central\s+Intelligence\s+Agency|CIA)(?:\s+Files)?"
_WNRC = r"Washington\s+National\s+Records\s+Center"


def _holder_head(name: str) -> re.Pattern[str]:
    """The start of a citation naming a holder, up to the comma after it."""
    return re.compile(rf"(?:[Tt]he\s+)?{name}\s*(?:,\s*|$)")


_REPOSITORIES: tuple[tuple[re.Pattern[str], str, str, _Below], ...] = (
    *(
        (_holder_head(name + _LIBRARY_SUFFIX), key, label, _below_collections)
        for name, key, label in _PRESIDENTIAL_LIBRARIES
    ),
    (_holder_head(r"Library\s+of\s+Congress"), "loc", "Library of Congress", _below_collections),
    (_holder_head(_CIA), "cia", "Central Intelligence Agency", _below_units),
    (_holder_head(_WNRC), "wnrc", "Washington National Records Center", _below_units),
)
_INSTITUTION_WORDS = (
    r"(?:University|College|Library|Archives|Historical\s+Society|Society|Institution|"
    r"Institute|Museum|Foundation|Records\s+Center)"
)
# A proper name: capitalised words, with the small words names contain.
_PROPER_NAME = r"[A-Z][\w.'\u2019&-]*(?:\s+(?:of|and|for|the|[A-Z][\w.'\u2019&-]*)){0,8}?"
_INSTITUTION = re.compile(
    rf"(?:[Tt]he\s+)?(?P<name>{_PROPER_NAME}\s+{_INSTITUTION_WORDS})\s*(?:,\s*|$)"
)
_SUB_REPOSITORY = re.compile(r"[A-Z][^,;()]{0,80}\b(?:Library|Archives)")
_HOLDS_RECORDS = re.compile(r"\b(?:Papers|Files?|Records|Collection|Box|Folder)\b")
# In running prose a library or archive is cited only when records are named after it.
_RECORDS_GATE = (
    r"(?=(?:[^.;()]|(?<=[A-Z])\.){0,120}?"
    r"\b(?:Papers|Files?|Series|Materials?|Collection|Records|Box)\b)"
)

_NEWSPAPERS = (
    r"(?:The\s+)?(?:New\s+York\s+Times|Washington\s+Post|Wall\s+Street\s+Journal|"
    r"Chicago\s+Tribune|Los\s+Angeles\s+Times|Baltimore\s+Sun|Christian\s+Science\s+Monitor|"
    r"Washington\s+Star|Evening\s+Star)"
)
_PUBLICATION_HEAD = re.compile(
    r"(?:From\s+)?(?:Public\s+Papers\b|(?:[Tt]he\s+)?Department\s+of\s+State\s+Bulletin\b|"
    rf"Foreign\s+Affairs\s*,\s*Vol\.|{_NEWSPAPERS}\b|Congressional\s+Record\b|"
    r"Weekly\s+Compilation\s+of\s+Presidential\s+Documents\b|American\s+Foreign\s+Policy\b|"
    r"Documents\s+on\s+American\s+Foreign\s+Relations\b|The\s+Presidential\s+Campaign\s+1976\b)"
)
_PAGES = re.compile(
    r",?\s+pp?\.\s*[A-Z]?[-\u2013]?\d+[A-Za-z]?(?:\s*[-\u2013]\s*[A-Z]?\d+)?"
    r"(?:\s*(?:,|and)\s*[A-Z]?[-\u2013]?\d+(?:\s*[-\u2013]\s*\d+)?)*\s*\.?$"
)
_PAGES_ONLY = re.compile(r"pp?\.\s*[A-Z]?[-\u2013]?\d[\w\u2013\s,-]*")
_PUBLISHER = re.compile(r"\s*\.?\s*\([^()]*\d{4}\)\s*$")
# Article titles end in a comma inside the quotes: “Title,” Newspaper, Date.
_ARTICLE_VENUE = re.compile(r"\u201c[^\u201d]{1,300},\u201d\s*(?P<venue>[A-Z].*)$")
_NOT_A_BOOK = re.compile(r"(?:see\s+)?(?:Document|footnote|Tab|Annex|Attachment|Enclosure)\b", re.I)
_FROM = re.compile(r"^From\s+")
_MONTH_START = re.compile(_MONTH)
_IBID = re.compile(r"[Ii]bid\.?(?:\s*,\s*(?P<rest>.*))?")
_LEADING_WORDS = re.compile(r"^(?:(?:(?:see|See)(?:\s+also)?|also|in|filed|is|are|the)\s+)+")
_TRAILING_JOIN = re.compile(r"(?:,?\s+(?:and|or)(?:\s+in)?(?:\s+the)?|\s+in(?:\s+the)?|\s+the)\s*$")
_SOURCE_LABEL = re.compile(r"\[?\s*\bSource:\s*")
_SUMMARY_LABEL = re.compile(r"^\[?\s*Summary:\s*")
# The only full stops a citation keeps at its end.
_KEPT_STOPS = frozenset({"Jr.", "Sr.", "jr.", "Inc.", "Co.", "Ltd."})
_PUBLISHER_SENTENCE = re.compile(r"\([^()]*:[^()]*\d{4}\)")

_PROSE_HEAD = re.compile(  # the lookahead lets the scan skip most positions cheaply
    r"(?=[A-Zit])(?:"
    r"\b[Ii]bid\.(?=[\s,)]|$)"
    rf"|\bDepartment\s+of\s+State(?:\s+Files)?,\s+{_STATE_GATE.pattern}"
    rf"|\b(?:{_NARA},\s+)?RG\s+\d+,"
    rf"|\b{_NARA},\s+(?=Nixon\b)"
    r"|\bNixon\s+Presidential\s+Materials,"
    rf"|\b{_WNRC},"
    rf"|\b{_CIA},\s+(?=Job\b|[A-Z/]+\s+Files\b)"
    rf"|\b(?:{'|'.join(name for name, _, _ in _PRESIDENTIAL_LIBRARIES)})"
    rf"{_LIBRARY_SUFFIX},{_RECORDS_GATE}"
    rf"|\bLibrary\s+of\s+Congress,{_RECORDS_GATE}"
    r"|\bPublic\s+Papers(?:\s+of\s+the\s+Presidents|:)"
    r"|\bDepartment\s+of\s+State\s+Bulletin,"
    r"|\bForeign\s+Affairs,\s+Vol\."
    rf"|{_NEWSPAPERS},\s+(?={_MONTH}\s+\d)"
    r"|\bThe\s+Presidential\s+Campaign\s+1976,"
    rf"|(?<=\bin\s)(?:the\s+)?{_PROPER_NAME}\s+{_INSTITUTION_WORDS},\s+(?=[A-Z]){_RECORDS_GATE}"
    r"|(?:(?<=\bsee\s)|(?<=\bSee\s)|(?<=\bin\s))(?P<book>[A-Z][^;()]{2,300}?"
    r"\([^()]{0,80}\b\d{4}\),\s*pp?\.\s*[A-Z]?\d[\d\u2013\-]*(?:,\s*\d[\d\u2013\-]*)*)"
    rf"|(?P<article>(?<![\w.])(?:[A-Z][\w.'\u2019-]*\s+){{1,3}}[A-Z][\w.'\u2019-]*,\s+"
    r"\u201c[^\u201d]{1,300}\u201d\s+"
    rf"{_NEWSPAPERS},\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}},\s+pp?\.\s*[A-Z]?[-\u2013]?\d+"
    r"(?:\s*[-\u2013]\s*\d+)?(?:,\s*[A-Z]?\d+)*)"
    r")"
)


def _citation(text: str, path: list[RecordSetRef], file_date: str | None = None) -> Citation:
    return Citation(text=text, path=path, file_date=file_date)


def _cite_tails(text: str, prefix: list[RecordSetRef], tails: list[_Tail]) -> list[Citation]:
    """One citation per file below the holder (a note may name several files)."""
    usable = [(tail, date) for tail, date in tails if tail]
    if not usable:
        return [_citation(text, prefix)]
    return [_citation(text, _copy_path(prefix) + tail, date) for tail, date in usable]


def _publication(text: str) -> Citation:
    """A publication: one path element, the title without pages or publisher."""
    label = _PAGES.sub("", _RESPECTIVELY.sub("", text))
    label = _FROM.sub("", label).strip(" .,")
    label = _PUBLISHER.sub("", label).strip(" .,")
    article = _ARTICLE_VENUE.search(label)
    if article and not _MONTH_START.match(article["venue"]):
        # An article: the issue is the publication; the article stays in the text.
        label = article["venue"]
    label = label or text
    ref = _ref(_slug(label), label, "publication")
    return Citation(text=text, path=[ref], published=True)


def _is_book(text: str) -> bool:
    """A parenthetical ending in a page reference: "(Power and Principle, p. 7)"."""
    text = _RESPECTIVELY.sub("", text)
    if not _PAGES.search(text):
        return False
    label = _PAGES.sub("", text).strip(" .,")
    return bool(label) and label[0].isupper() and not _NOT_A_BOOK.match(label)


def _institution(text: str, strict: bool) -> list[Citation] | None:
    """An archive the module has no entry for ("Minnesota Historical Society, …")."""
    head = _INSTITUTION.match(text)
    if not head or (strict and not _HOLDS_RECORDS.search(text, head.end())):
        return None
    name = head["name"]
    parts = _parts(text[head.end() :])
    if parts and _SUB_REPOSITORY.fullmatch(parts[0]) and not _CONTAINER.search(parts[0]):
        name, parts = f"{name}, {parts[0]}", parts[1:]
    repository = _ref(_slug(name), name, "repository")
    return [_citation(text, [repository, *_hierarchy(parts, collection_first=True)])]


def _archive(text: str, mode: str) -> list[Citation] | None:
    """A citation of an archival holder, or None when no holder is recognised."""
    head = _STATE_HEAD.match(text)
    if head and (mode != "sentence" or _STATE_GATE.match(text, head.end())):
        return _cite_tails(text, [_nara(), _record_group("59")], _below_state(text[head.end() :]))
    head = _RG_HEAD.match(text)
    if head:
        number = head["number"]
        below = _below_state if number == "59" else _below_units
        return _cite_tails(text, [_nara(), _record_group(number)], below(text[head.end() :]))
    head = _NIXON_MATERIALS_HEAD.match(text)
    if head:
        materials = _ref(
            "nixon-presidential-materials", "Nixon Presidential Materials", "collection"
        )
        return _cite_tails(text, [_nara(), materials], _below_units(text[head.end() :]))
    head = _NARA_HEAD.match(text)
    if head:
        return _cite_tails(text, [_nara()], _below_collections(text[head.end() :]))
    for pattern, key, label, below in _REPOSITORIES:
        head = pattern.match(text)
        if head:
            return _cite_tails(text, [_ref(key, label, "repository")], below(text[head.end() :]))
    return _institution(text, strict=mode == "sentence")


def _holder_below(path: list[RecordSetRef]) -> tuple[int, _Below]:
    """How many leading levels name the holder of ``path``, and how to read below it."""
    if [ref.key for ref in path[:2]] == ["nara", "rg59"]:
        return 2, _below_state
    if path[0].key == "nara" and len(path) > 1 and (
        path[1].level == "record-group" or path[1].key == "nixon-presidential-materials"
    ):
        return 2, _below_units
    if path[0].key in ("cia", "wnrc"):
        return 1, _below_units
    return 1, _below_collections


def _splice(path: list[RecordSetRef], keep: int, tail: list[RecordSetRef]) -> list[RecordSetRef]:
    """Graft ``tail`` onto ``path`` below the first ``keep`` (holder) levels.

    "ibid., Box 7, Folder 1" replaces only the box (and what is below it); a folder
    replaces only the folder; anything higher replaces everything below the holder.
    """
    level = tail[0].level
    if level in ("box", "folder"):
        same = [k for k in range(keep, len(path)) if path[k].level == level]
        if same:
            keep = same[-1]
        else:
            keep = len(path)
            while keep > 1 and path[keep - 1].level == "folder":
                keep -= 1
    return _copy_path(path[:keep]) + tail


def _resolve_ibid(text: str, rest: str | None, previous: Citation | None) -> list[Citation]:
    """Citations for "Ibid." / "Ibid., 371.8/5-3161" against the previous citation."""
    if previous is None or not previous.path:
        return []
    rest = (rest or "").strip(" .,;")
    if not rest or _PAGES_ONLY.fullmatch(rest):
        path = _copy_path(previous.path)
        return [Citation(text, path, previous.file_date, published=previous.published)]
    if previous.published:
        return []
    keep, below = _holder_below(previous.path)
    names_state_records = bool(
        _DECIMAL.match(rest) or _CENTRAL_FILES.match(rest) or _LOT.search(rest)
    )
    if names_state_records and below is not _below_state:
        return []
    return [
        _citation(text, _splice(previous.path, keep, tail), date)
        for tail, date in below(rest)
        if tail
    ]


def _strip_citation(text: str) -> str:
    """Drop the prose around a citation ("see …", "… and in the") and its full stop."""
    text = _TRAILING_JOIN.sub("", _LEADING_WORDS.sub("", text.strip())).strip(" ,;")
    last = text.rsplit(" ", 1)[-1]
    if text.endswith(".") and last not in _KEPT_STOPS and not _IBID.fullmatch(last):
        text = text[:-1].rstrip(" ,;")
    return text


def _parse_one(text: str, previous: Citation | None, mode: str) -> list[Citation] | None:
    """Parse one citation as printed.

    ``mode`` says where the text stands: "location" (a source note's first sentence),
    "parens" (a parenthetical), "prose" (a span found by a citation head in running
    text) or "sentence" (a sentence of running text that may open with a citation).
    Returns None when the text is not a citation, [] for an unresolvable Ibid.
    """
    text = _strip_citation(text)
    if not text:
        return None
    ibid = _IBID.fullmatch(text)
    if ibid:
        return _resolve_ibid(text, ibid["rest"], previous)
    if mode == "sentence":
        # Running prose opening with a newspaper's name is not a citation.
        return _archive(text, mode)
    if _PUBLICATION_HEAD.match(text):
        return [_publication(text)]
    found = _archive(text, mode)
    if found is not None:
        return found
    if _is_book(text):
        return [_publication(text)]
    if mode == "location" and (text.startswith("From ") or _PUBLISHER.search(text)):
        return [_publication(text)]
    return None


def _split_summary(text: str) -> tuple[str | None, str, bool]:
    """(summary, body after "Source:", whether a "Source:" label was found)."""
    label = _SOURCE_LABEL.search(text)
    if label is None:
        summary = _SUMMARY_LABEL.match(text)
        if summary:
            return text[summary.end() :].strip() or None, "", False
        return None, text, False
    body = text[label.end() :].strip()
    if label.group().startswith("[") and body.endswith("]"):
        body = body[:-1].rstrip()
    before = _SUMMARY_LABEL.sub("", text[: label.start()]).strip()
    return before or None, body, True


def _location_span(body: str, spans: list[tuple[int, int]], located: bool,
                   previous: Citation | None) -> tuple[int, int] | None:
    """The span of a note's location sentence, with a following "(New York: …, 1969),
    pp. 51-97." publisher sentence merged in."""
    if not spans:
        return None
    start, end = spans[0]
    if not located and _parse_one(body[start:end], previous, "sentence") is None:
        return None
    if len(spans) > 1 and _PUBLISHER_SENTENCE.match(body, spans[1][0]):
        end = spans[1][1]
    return start, end


def _location_citations(text: str, previous: Citation | None) -> list[Citation]:
    """Citations of a location sentence; several sources are ";"-separated."""
    citations: list[Citation] = []
    for _, part in _split_top(text, ";"):
        found = _parse_one(part, previous, "location")
        if found is None:
            stripped = _strip_citation(part)
            found = [Citation(text=stripped)] if stripped else []
        citations.extend(found)
        if found:
            previous = found[-1]
    return citations


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _prose_candidates(body: str, start: int, end: int,
                      parens: list[tuple[int, int]]) -> Iterator[tuple[int, str, str]]:
    """Citations in running text of one sentence, outside its parentheticals."""
    heads = [m for m in _PROSE_HEAD.finditer(body, start, end) if not _inside(m.start(), parens)]
    for k, head in enumerate(heads):
        if head["article"] or head["book"]:
            stop = head.end()
        else:
            stop = heads[k + 1].start() if k + 1 < len(heads) else end
        yield head.start(), body[head.start() : stop], "prose"


def _candidates(body: str, located: bool, previous: Citation | None) -> list[tuple[int, str, str]]:
    """(position, text, mode) of every citation-like span of ``body``, in order."""
    spans = _sentence_spans(body)
    found: list[tuple[int, str, str]] = []
    consumed = 0
    location = _location_span(body, spans, located, previous)
    if location:
        found.append((location[0], body[location[0] : location[1]], "location"))
        consumed = location[1]
    parens = [span for span in _paren_spans(body) if span[0] >= consumed]
    for start, end in parens:
        for offset, part in _split_top(body[start + 1 : end - 1], ";"):
            found.append((start + 1 + offset, part, "parens"))
    for start, end in spans:
        if start < consumed:
            continue
        sentence = body[start:end]
        if not sentence.startswith("(") and not _IBID.match(sentence) and (
            _parse_one(sentence, None, "sentence") is not None
        ):
            found.append((start, sentence, "sentence"))
            continue
        found.extend(_prose_candidates(body, start, end, parens))
    return sorted(found, key=lambda item: item[0])


def parse_citations(text: str, previous: Citation | None = None) -> list[Citation]:
    """Every archival or published citation in a note or footnote, in order.

    A note's location sentence ("Source: …") always yields a citation (with an empty
    path when the archive is unknown); elsewhere citations are found in
    parentheticals and after citation heads in running text.  ``Ibid.`` resolves
    against ``previous`` and then against the citations before it in ``text``.
    """
    _, body, located = _split_summary(_clean(text))
    citations: list[Citation] = []
    for _, span, mode in _candidates(body, located, previous):
        if mode == "location":
            found: list[Citation] | None = _location_citations(span, previous)
        else:
            found = _parse_one(span, previous, mode)
        if found:
            citations.extend(found)
            previous = found[-1]
    return citations


def parse_source_note(text: str, previous: Citation | None = None) -> SourceNote:
    """A source note as printed ("Source: …", maybe after "Summary: …").

    Reads the location sentence into citations, the first marking sentence into
    classification/precedence/handling slugs, "Drafted/Cleared/Approved …" sentences
    into agents, and "Repeated to / Also sent to …" into posts.  ``previous`` resolves
    a location printed as "Ibid.".
    """
    note = SourceNote(text=text)
    summary, body, located = _split_summary(_clean(text))
    note.summary = summary
    spans = _sentence_spans(body)
    location = _location_span(body, spans, located, previous)
    if location:
        note.citations = _location_citations(body[location[0] : location[1]], previous)
    marked = False
    for start, end in spans:
        if location and start < location[1]:
            continue
        sentence = body[start:end]
        if not marked:
            classification, precedence, handling = parse_markings(sentence)
            if classification or precedence or handling:
                note.classification = classification
                note.precedence, note.handling = precedence, handling
                marked = True
                continue
        if _ROLE_SENTENCE.match(sentence):
            roles = _parse_roles(sentence)
            note.drafters.extend(roles["drafted"])
            note.clearers.extend(roles["cleared"])
            note.approvers.extend(roles["approved"])
        elif _TRANSMISSION_SENTENCE.match(sentence):
            note.repeated_to.extend(_parse_repeated(sentence))
    return note
