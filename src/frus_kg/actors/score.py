"""Scoring the people a printed name can denote (NOTES §5.3).

Every candidate collects evidence points.  A point is meant as one unit of log-odds: the
score of a candidate is its share of the evidence,

    score(c) = exp(E(c)) / (exp(E_NONE) + sum over all candidates d of exp(E(d)))

where ``E_NONE`` stands for "someone the index does not hold under this name".  A surname
shared by many people in the index therefore needs more evidence than a rare one, and a
name with no evidence at all never reaches the threshold (with one candidate and E = 0 the
score is 1 / (1 + e²) = 0.12).  The points (``Points``):

=========================  ======  ====================================================
evidence                   points  when
=========================  ======  ====================================================
volume-list                +4      listed in this volume's persons list (people keys)
appointment                +3      a pocom appointment (or the presidency) active on the
                                   document's date; +2 if the date is a file date (±3
                                   weeks); +1 if only the volume's period is known
office                     +2      that appointment is the office printed with the name
                                   ("cleared in L", "the Under Secretary of State")
role                       +1      that appointment is what the role implies (the signer of
                                   a Department telegram: the Secretary or an acting one;
                                   of an embassy's: its chief of mission; a drafting or
                                   clearance line: a Department post)
forenames                  +1      forenames or initials are printed and agree (when they
                                   disagree the candidate is dropped)
same-document              +2      the document names the candidate unambiguously elsewhere
                                   (by persons-list key, or with forenames: "King" sends
                                   the memorandum "J. Caldwell King" signs)
surname-part               -2      the printed surname is only part of the candidate's
                                   ("Douglas" for Douglas-Home, "Camargo" for Lleras
                                   Camargo) or only one of his variant names; the first
                                   element of a Hispanic compound ("Lleras") is whole
other-era                  -2      every persons list that lists the candidate and every
                                   appointment lie more than 15 years from the date
life-dates                 -5      birth and death years exclude the date
=========================  ======  ====================================================

The weights follow the NOTES sketch.  With ``E_NONE`` = 2 and the threshold
``RESOLVE_AT`` = 0.75 (resolve.py), a candidate needs about four points more than "someone
else" and two more than the runner-up: a one-point margin never resolves (e/(1+e) = 0.73),
as NOTES §5.3 asks for "cleared by Martin" in v12 d157 (Edwin M. Martin, the Assistant
Secretary, 8 points; John Bartlow Martin, Ambassador, 7).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import DateSource, Document
from .index import AuthorityIndex, Held, IndexedPerson, fold

E_NONE = 2.0


class Points:
    LISTED = 4.0
    DATE = 3.0  # appointment active on the document's own date
    FILE_DATE = 2.0  # … within FILE_DATE_DAYS of the date a file number gives
    PERIOD = 1.0  # … at some time in the volume's period
    OFFICE = 2.0
    ROLE = 1.0
    FORENAMES = 1.0
    DOCUMENT = 2.0
    SURNAME_PART = -2.0
    OTHER_ERA = -2.0
    LIFE = -5.0


ERA_GAP_YEARS = 15  # listed or in office only this far from the date: someone of another era
FILE_DATE_DAYS = 21  # a filing date can be days, sometimes weeks, off the document's date
PERIOD_SLACK_YEARS = 2  # volumes print documents from just before and after their span
_EXACT_DAYS = 31  # a dateline interval (notBefore/notAfter) this short counts as the date

# --- the document's date ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """The days a document can date from, and how much an appointment in them is worth."""

    start: str  # YYYY-MM-DD
    end: str
    points: float

    def overlaps(self, held: Held) -> bool:
        """True when the appointment was held on some day of the window."""
        return held.start is not None and held.start <= self.end and (held.end is None or held.end >= self.start)

    @property
    def years(self) -> tuple[int, int]:
        return int(self.start[:4]), int(self.end[:4])

    def near(self, eras: Iterable[tuple[int, int]]) -> bool:
        """True when some span of years lies within ``ERA_GAP_YEARS`` of the window."""
        first, last = self.years
        return any(y1 - ERA_GAP_YEARS <= last and y2 + ERA_GAP_YEARS >= first for y1, y2 in eras)

    def excludes_life(self, person: IndexedPerson) -> bool:
        """True when the person was not yet born or already dead throughout the window."""
        born, died = _year(person.birth), _year(person.death)
        first, last = self.years
        return (born is not None and born > last) or (died is not None and died < first)


_VOLUME_YEARS = re.compile(r"^frus(?P<y1>\d{4})(?:-(?P<y2>\d{2,4}))?")


def document_window(doc: Document) -> Window | None:
    """The document's date as evidence: its own date, a file date, or the volume's period."""
    dated = doc.date
    if dated is None or not _is_day(dated.earliest[:10]):
        return volume_window(doc.volume_id)
    start = dated.earliest[:10]
    if dated.source is DateSource.INFERRED_FROM_FILE:
        day, slack = date.fromisoformat(start), timedelta(days=FILE_DATE_DAYS)
        return Window((day - slack).isoformat(), (day + slack).isoformat(), Points.FILE_DATE)
    end = dated.latest[:10] if _is_day(dated.latest[:10]) else start
    return Window(start, end, Points.DATE if _days(start, end) <= _EXACT_DAYS else Points.PERIOD)


def volume_window(volume_id: str) -> Window | None:
    """The years a volume id names ("frus1961-63v12" → 1961–1963), widened by a little."""
    years = volume_years(volume_id)
    if years is None:
        return None
    return Window(f"{years[0] - PERIOD_SLACK_YEARS}-01-01", f"{years[1] + PERIOD_SLACK_YEARS}-12-31",
                  Points.PERIOD)


def volume_years(volume_id: str) -> tuple[int, int] | None:
    """First and last year of a volume's id ("frus1969-76v01" → (1969, 1976))."""
    m = _VOLUME_YEARS.match(volume_id)
    if m is None:
        return None
    first = int(m["y1"])
    if not m["y2"]:
        return first, first
    return first, int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _days(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def _year(value: str | None) -> int | None:
    return int(value) if value and re.fullmatch(r"-?\d{1,4}", value) else None


# --- printed names ----------------------------------------------------------------------------

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTICLES = frozenset({"de", "del", "della", "der", "di", "da", "do", "dos", "du", "la", "le", "van", "von", "y"})
# titles printed before a name ("Ambassador Freeman", "Mr. Achilles"); never a surname here,
# because the surname is always the last token
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "amb", "ambassador", "president", "secretary",
                         "senator", "sen", "governor", "gov", "general", "gen", "admiral", "adm", "colonel",
                         "col", "captain", "capt", "minister", "sir", "the", "acting", "judge", "professor"})


@dataclass(frozen=True, slots=True)
class PrintedName:
    """A person's name as printed, folded into tokens; the surname is the last token."""

    tokens: tuple[str, ...]

    @property
    def lookup_keys(self) -> tuple[str, ...]:
        """Surname keys to look up: the last token, and the last two for compound surnames."""
        keys = [self.tokens[-1]]
        if len(self.tokens) > 1:
            keys += [f"{self.tokens[-2]} {self.tokens[-1]}", f"{self.tokens[-2]}-{self.tokens[-1]}"]
        return tuple(keys)


def parse_name(name: str) -> PrintedName | None:
    """The tokens of a printed name, "Surname, Forenames" turned round, suffixes dropped."""
    head, _, tail = name.partition(",")
    tail_tokens = fold(tail).split()
    if tail_tokens and not all(t in _SUFFIXES for t in tail_tokens):
        head = f"{tail} {head}"  # "Rusk, Dean": the persons-list order
    tokens = [t for t in fold(head).replace("-", " - ").split() if t not in _SUFFIXES]
    joined = " ".join(tokens).replace(" - ", "-").split()  # keep "Falcón-Briceño" whole
    return PrintedName(tuple(joined)) if joined else None


def forenames_agree(printed: PrintedName, label: str) -> bool | None:
    """Whether the printed forenames fit the label's ("Surname, Forenames[, Jr.]").

    None when either side has no forenames to compare.  Matching is token by token in
    order, either side may skip tokens (people go by a middle name: "Lincoln Gordon" is
    "Gordon, Abraham Lincoln"; a label may lack a middle initial), initials match any
    word with that letter, and words match despite small spelling differences
    ("Wymberly"/"Wymberley", "Adolph"/"Adolf", "DeR."/"DeRenne").
    """
    surname, _, rest = label.partition(",")
    surname_tokens = set(fold(surname).replace("-", " ").split())
    theirs = [t for t in fold(rest).split() if t not in _SUFFIXES]
    ours = [t for t in printed.tokens[:-1]
            if t not in surname_tokens and t not in _PARTICLES and t not in _HONORIFICS
            and not set(t.split("-")) <= surname_tokens]
    if not ours or not theirs:
        return None
    return _in_order(ours, theirs) or _in_order(theirs, ours)


def surname_whole(printed: PrintedName, label: str) -> bool:
    """Whether the printed surname is the label's whole surname (or a Hispanic first element).

    Labels read "Surname, Forenames"; one without a comma ("Premier Castro") ends with it.
    """
    surname = fold(label.partition(",")[0]) if "," in label else (fold(label).split() or [""])[-1]
    keys = set(printed.lookup_keys)
    return bool(keys & {surname, surname.replace("-", " ")}) or (" " in surname and surname.split()[0] in keys)


def _in_order(short: list[str], long: list[str]) -> bool:
    """True when every token of ``short`` matches a later token of ``long`` in turn."""
    i = 0
    for token in short:
        while i < len(long) and not _same_name(token, long[i]):
            i += 1
        if i == len(long):
            return False
        i += 1
    return True


# Abbreviated forenames of older documents ("Wm. P. Lord.").
_ABBREVIATED = {"wm": "william", "chas": "charles", "thos": "thomas", "jas": "james", "geo": "george",
                "robt": "robert", "saml": "samuel", "edw": "edward", "benj": "benjamin", "jno": "john",
                "jos": "joseph", "richd": "richard", "danl": "daniel", "fredk": "frederick"}


def _same_name(a: str, b: str) -> bool:
    """Initials match their letter; words match as prefixes ("Sam"/"Samuel") or variant spellings."""
    a, b = _ABBREVIATED.get(a, a), _ABBREVIATED.get(b, b)
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))):
        return True
    a, b = a.replace("ph", "f"), b.replace("ph", "f")  # "Adolph"/"Adolf"
    shorter = min(len(a), len(b))
    # one letter off in a longer name ("Allan"/"Allen"), two in a long one; never in short
    # names, where one letter makes another name ("John"/"Joan")
    allowed = 2 if shorter >= 8 else 1 if shorter >= 5 else 0
    return a[0] == b[0] and _edit_distance(a, b) <= allowed


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# --- offices ----------------------------------------------------------------------------------

PRESIDENT = "president"  # the post id this module gives the presidency (not in pocom)
SECRETARY = "secretary"
# The Secretary's deputies, who sign outgoing telegrams as Acting Secretary in his absence.
ACTING_SECRETARY = frozenset({"under-secretary", "deputy-secretary", "under-secretary-for-political-affairs",
                              "under-secretary-for-econ-business-ag", "deputy-under-secretary-for-political-affairs"})
# The principal officers the drafting and clearance lines name by office symbol.  Only
# symbols tied to a pocom position (or org mission) id.  The 1961-63 bureaus kept their
# symbols across renamings: ARA's Assistant Secretary is pocom's "…western-hemisphere".
OFFICE_SYMBOLS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "S": {SECRETARY}, "U": {"under-secretary"}, "D": {"deputy-secretary"},
    "G": {"deputy-under-secretary-for-political-affairs"},
    "C": {"counselor"}, "L": {"legal-adviser"}, "S/S": {"executive-secretary"},
    # 1961-69 the Policy Planning Council's chairman held the post of Counselor
    "S/P": {"director-policy-planning", "counselor"},
    "S/CPR": {"chief-of-protocol"}, "S/AL": {"ambassador-at-large"},
    "ARA": {"assistant-secretary-for-western-hemisphere"}, "WHA": {"assistant-secretary-for-western-hemisphere"},
    "EUR": {"assistant-secretary-for-european-affairs"},
    "FE": {"assistant-secretary-for-east-asian-pacific-affairs"},
    "EA": {"assistant-secretary-for-east-asian-pacific-affairs"},
    "NEA": {"assistant-secretary-for-near-eastern-affairs"}, "AF": {"assistant-secretary-for-african-affairs"},
    "IO": {"assistant-secretary-international-organization-affairs"},
    "E": {"assistant-secretary-for-economic-business-affairs"},
    "EB": {"assistant-secretary-for-economic-business-affairs"},
    "H": {"assistant-secretary-legislative-affairs"}, "P": {"assistant-secretary-for-public-affairs"},
    "INR": {"assistant-secretary-intelligence-research"},
    "CU": {"assistant-secretary-for-educational-cultural-affairs"},
    "PM": {"assistant-secretary-for-politico-military-affairs"},
    "USUN": {"representative-to-un"}, "USOAS": {"representative-to-oas"},
}.items()}
_BUREAUS = {
    "inter-american affairs": "ARA", "american republic affairs": "ARA", "western hemisphere affairs": "ARA",
    "european affairs": "EUR", "far eastern affairs": "FE", "east asian and pacific affairs": "EA",
    "near eastern and south asian affairs": "NEA", "near eastern affairs": "NEA", "african affairs": "AF",
    "international organization affairs": "IO", "economic affairs": "E", "public affairs": "P",
    "congressional relations": "H", "intelligence and research": "INR",
    "educational and cultural affairs": "CU", "politico-military affairs": "PM",
}
# Titles printed with a name or instead of one, folded, → posts.
OFFICE_TITLES: dict[str, frozenset[str]] = {
    **{t: OFFICE_SYMBOLS["S"] for t in ("secretary", "secretary of state")},
    **{t: OFFICE_SYMBOLS["U"] for t in ("under secretary", "under secretary of state")},
    **{t: frozenset({"under-secretary-for-econ-business-ag"})
       for t in ("under secretary of state for economic affairs", "under secretary for economic affairs")},
    **{t: frozenset({"under-secretary-for-political-affairs"})
       for t in ("under secretary of state for political affairs", "under secretary for political affairs")},
    **{t: OFFICE_SYMBOLS["G"] for t in ("deputy under secretary of state for political affairs",
                                        "deputy under secretary for political affairs")},
    **{t: OFFICE_SYMBOLS["D"] for t in ("deputy secretary", "deputy secretary of state")},
    **{t: OFFICE_SYMBOLS["L"] for t in ("legal adviser", "legal adviser of the department of state")},
    **{t: OFFICE_SYMBOLS["C"] for t in ("counselor", "counselor of the department of state",
                                        "counselor of department of state")},
    **{t: OFFICE_SYMBOLS["S/S"] for t in ("executive secretary", "executive secretary of the department of state")},
    **{t: OFFICE_SYMBOLS["S/P"] for t in ("director of the policy planning staff", "director of policy planning",
                                          "chairman of the policy planning council")},
    "chief of protocol": OFFICE_SYMBOLS["S/CPR"],
    **{f"assistant secretary{of} for {bureau}": OFFICE_SYMBOLS[symbol]
       for bureau, symbol in _BUREAUS.items() for of in ("", " of state")},
    **{f"{title} {at} the {un}": OFFICE_SYMBOLS["USUN"]
       for title in ("representative", "permanent representative", "ambassador")
       for at in ("to", "at") for un in ("united nations", "un")},
    **{f"representative {on} the {council}organization of american states": OFFICE_SYMBOLS["USOAS"]
       for on in ("to", "on") for council in ("", "council of the ")},
    **{t: frozenset({PRESIDENT}) for t in ("president", "president of the united states", "president elect")},
}
# Generic titles: every post whose id starts so ("Assistant Secretary Woodward").
_TITLE_PREFIXES = {"assistant secretary": "assistant-secretary", "assistant secretary of state": "assistant-secretary"}
_CHIEF_TITLES = frozenset({"ambassador", "us ambassador", "american ambassador"})
_SYMBOL_FIRST = re.compile(r"^(?P<symbol>[A-Z][A-Z/]*)\s*[—–-]")
_LEADING = re.compile(r"^(?:(?:the|mr|mrs|ms|dr|u s|us)\s+)+")

# The presidency is not in pocom (NOTES §4).  People ids of the presidents FRUS covers, with
# their terms; the people records link them to the presidents list (presidents.xml#…).
PRESIDENCIES: tuple[tuple[str, str, str], ...] = (
    ("107973", "1861-03-04", "1865-04-15"),  # lincoln-abraham
    ("106630", "1865-04-15", "1869-03-04"),  # johnson-andrew
    ("105113", "1869-03-04", "1877-03-04"),  # grant-ulysses-s
    ("105716", "1877-03-04", "1881-03-04"),  # hayes-rutherford-b
    ("104720", "1881-03-04", "1881-09-19"),  # garfield-james-a
    ("100611", "1881-09-19", "1885-03-04"),  # arthur-chester-a
    ("102658", "1885-03-04", "1889-03-04"),  # cleveland-grover
    ("105593", "1889-03-04", "1893-03-04"),  # harrison-benjamin
    ("102658", "1893-03-04", "1897-03-04"),  # cleveland-grover
    ("108904", "1897-03-04", "1901-09-14"),  # mckinley-william
    ("111585", "1901-09-14", "1909-03-04"),  # roosevelt-theodore
    ("113302", "1909-03-04", "1913-03-04"),  # taft-william-howard
    ("114691", "1913-03-04", "1921-03-04"),  # wilson-woodrow
    ("105537", "1921-03-04", "1923-08-02"),  # harding-warren-g
    ("102821", "1923-08-02", "1929-03-04"),  # coolidge-calvin
    ("106101", "1929-03-04", "1933-03-04"),  # hoover-herbert-c
    ("111579", "1933-03-04", "1945-04-12"),  # roosevelt-franklin-d
    ("113770", "1945-04-12", "1953-01-20"),  # truman-harry-s
    ("103887", "1953-01-20", "1961-01-20"),  # eisenhower-dwight-d
    ("107025", "1961-01-20", "1963-11-22"),  # kennedy-john-f
    ("106664", "1963-11-22", "1969-01-20"),  # johnson-lyndon-b
    ("109882", "1969-01-20", "1974-08-09"),  # nixon-richard-m
    ("104416", "1974-08-09", "1977-01-20"),  # ford-gerald-r
    ("102251", "1977-01-20", "1981-01-20"),  # carter-jimmy
    ("111219", "1981-01-20", "1989-01-20"),  # reagan-ronald
    ("101998", "1989-01-20", "1993-01-20"),  # bush-george-h-w
    ("102672", "1993-01-20", "2001-01-20"),  # clinton-william-j
    ("101999", "2001-01-20", "2009-01-20"),  # bush-george-w
    ("109989", "2009-01-20", "2017-01-20"),  # obama-barack
)


def title_posts(text: str, name: str, tables: Tables) -> frozenset[str]:
    """The posts a title printed with a name denotes ("the Under Secretary of State").

    The name's own words and leading "the", "Mr." are dropped first ("Mr. Robert F.
    Woodward, Assistant Secretary of State for Inter-American Affairs").  An acting
    officer is not the post's holder, so "Acting …" denotes none.  A leading office
    symbol counts too ("ARA—Mr. Goodwin").
    """
    m = _SYMBOL_FIRST.match(text)
    if m and m["symbol"] in OFFICE_SYMBOLS:
        return OFFICE_SYMBOLS[m["symbol"]]
    name_tokens = set(fold(name).split())
    title = _LEADING.sub("", " ".join(t for t in fold(text).split() if t not in name_tokens))
    if title.startswith("acting "):
        return frozenset()
    if title in OFFICE_TITLES:
        return OFFICE_TITLES[title]
    if title in _CHIEF_TITLES:
        return tables.missions
    prefix = _TITLE_PREFIXES.get(title)
    return frozenset(p for p in tables.posts if p.startswith(prefix)) if prefix else frozenset()


def title_only(name: str) -> frozenset[str]:
    """The posts a name that is only a title denotes ("The Secretary", "the President")."""
    return OFFICE_TITLES.get(_LEADING.sub("", fold(name)), frozenset())


# --- per-index tables -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tables:
    """What scoring looks up in an index, computed once per index."""

    listed: dict[str, frozenset[str]]  # volume id → people ids in its persons list
    presidencies: dict[str, tuple[Held, ...]]  # people id → terms as President
    holders: dict[str, tuple[tuple[str, Held], ...]]  # post or mission id → (person id, appointment)
    missions: frozenset[str]  # pocom mission ids (territory ids and org missions)
    posts: frozenset[str]  # every post and mission id
    eras: dict[str, tuple[tuple[int, int], ...]]  # person id → years of listing volumes and appointments

    @classmethod
    def of(cls, index: AuthorityIndex) -> Tables:
        listed: dict[str, set[str]] = {}
        for (volume, _), person_id in index.keys.items():
            listed.setdefault(volume, set()).add(person_id)
        eras: dict[str, set[tuple[int, int]]] = {}
        for volume, ids in listed.items():
            years = volume_years(volume)
            for person_id in ids if years else ():
                eras.setdefault(person_id, set()).add(years)
        presidencies: dict[str, list[Held]] = {}
        for person_id, start, end in PRESIDENCIES:
            if person_id in index.persons:
                presidencies.setdefault(person_id, []).append(Held(PRESIDENT, PRESIDENT, PRESIDENT, start, end))
        holders: dict[str, list[tuple[str, Held]]] = {}
        for person in index.persons.values():
            for held in (*person.appointments, *presidencies.get(person.person_id, ())):
                holders.setdefault(held.post, []).append((person.person_id, held))
                if held.start:  # an open end: in office, as far as pocom knows
                    end = int(held.end[:4]) if held.end else _OPEN_END
                    eras.setdefault(person.person_id, set()).add((int(held.start[:4]), end))
        missions = frozenset(post for post, hs in holders.items() if hs[0][1].kind in ("country-chief", "org-chief"))
        return cls({v: frozenset(ids) for v, ids in listed.items()},
                   {p: tuple(hs) for p, hs in presidencies.items()},
                   {p: tuple(hs) for p, hs in holders.items()}, missions, frozenset(holders),
                   {p: tuple(sorted(years)) for p, years in eras.items()})

    def appointments(self, person: IndexedPerson) -> tuple[Held, ...]:
        """pocom appointments and, for presidents, the presidency."""
        return (*person.appointments, *self.presidencies.get(person.person_id, ()))


_OPEN_END = 9999
_cached: tuple[AuthorityIndex, Tables] | None = None


def tables_of(index: AuthorityIndex) -> Tables:
    """The tables of an index; kept for the last index asked about (mappers use one)."""
    global _cached
    if _cached is None or _cached[0] is not index:
        _cached = (index, Tables.of(index))
    return _cached[1]


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hints:
    """What the document says about the post of the person a name denotes."""

    office: frozenset[str] = frozenset()  # printed with the name: symbol or title
    role: frozenset[str] = frozenset()  # implied by the role (signer of a Department telegram …)
    department_line: bool = False  # a drafting, clearance or approval line: Department posts
    named: frozenset[str] = frozenset()  # people the document names unambiguously elsewhere


@dataclass(frozen=True, slots=True)
class Scored:
    person_id: str
    points: float
    evidence: tuple[str, ...]  # the tags of the module docstring's table, in its order
    score: float = 0.0


def score_candidates(candidates: Iterable[IndexedPerson], tables: Tables, volume_id: str,
                     window: Window | None, hints: Hints, printed: PrintedName | None) -> list[Scored]:
    """Candidates with their points and scores, best first (see the module docstring).

    A candidate whose forenames disagree with the printed ones is no candidate.
    """
    listed = tables.listed.get(volume_id, frozenset())
    scored: list[Scored] = []
    for person in candidates:
        agree = forenames_agree(printed, person.label) if printed else None
        if agree is False:
            continue
        found = _evidence(person, tables, person.person_id in listed, window, hints, printed, bool(agree))
        scored.append(Scored(person.person_id, sum(p for _, p in found), tuple(t for t, _ in found)))
    return _with_scores(scored)


def _evidence(person: IndexedPerson, tables: Tables, listed: bool, window: Window | None, hints: Hints,
              printed: PrintedName | None, agree: bool) -> list[tuple[str, float]]:
    """The (tag, points) of the module docstring's table that hold for one candidate."""
    active = [h for h in tables.appointments(person) if window.overlaps(h)] if window else []
    era = tables.eras.get(person.person_id)
    checks = (
        ("volume-list", Points.LISTED, listed),
        ("appointment", window.points if window else 0.0, bool(active)),
        ("office", Points.OFFICE, any(h.post in hints.office for h in active)),
        ("role", Points.ROLE, any(h.post in hints.role or (hints.department_line and h.kind == "principal")
                                  for h in active)),
        ("forenames", Points.FORENAMES, agree),
        ("same-document", Points.DOCUMENT, person.person_id in hints.named),
        ("surname-part", Points.SURNAME_PART, printed is not None and not surname_whole(printed, person.label)),
        ("other-era", Points.OTHER_ERA, window is not None and era is not None and not window.near(era)),
        ("life-dates", Points.LIFE, window is not None and window.excludes_life(person)),
    )
    return [(tag, points) for tag, points, hit in checks if hit]


def _with_scores(scored: list[Scored]) -> list[Scored]:
    if not scored:
        return []
    top = max(max(s.points for s in scored), E_NONE)  # subtracted to keep exp() in range
    total = math.exp(E_NONE - top) + sum(math.exp(s.points - top) for s in scored)
    ranked = [Scored(s.person_id, s.points, s.evidence, math.exp(s.points - top) / total) for s in scored]
    return sorted(ranked, key=lambda s: (-s.points, s.person_id))
