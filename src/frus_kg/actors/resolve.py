"""Resolution of the agents a document names to the one identity of each person or mission.

A persons-list entry (``persName/@corresp``) resolves through the people data's
(volume, xml:id) keys.  Any other name ("Drafted by Berle and cleared in L by Chayes")
is scored against the people it can denote (score.py): this volume's persons list,
appointments active on the document's date, the office printed with the name, what the
role implies, forenames and life dates.  Every resolution records its method and score;
below ``RESOLVE_AT`` the name stays an unresolved mention carrying its best candidates.

Institutions resolve to pocom missions ("Embassy in Uruguay" → ``uruguay``, "USUN" →
``representative-to-un``, "Repeated to Montevideo" → ``uruguay``) or to the Department.
"""

from __future__ import annotations

import re

from ..model import AgentKind, AgentRef, Document, Resolution, Role
from .index import AuthorityIndex, fold
from .score import (ACTING_SECRETARY, OFFICE_SYMBOLS, SECRETARY, Hints, Scored, Window, document_window,
                    parse_name, score_candidates, tables_of, title_only, title_posts)

KEY_METHOD = "persons-list-key"
UNRESOLVED = "unresolved"
RESOLVE_AT = 0.75  # score(c) ≥ this resolves; a one-point margin never does (e/(1+e) = 0.73)
MAX_CANDIDATES = 5
DEPARTMENT = "department-of-state"  # what ``institution`` returns for the Department itself
_LINES = frozenset({Role.DRAFTER, Role.CLEARER, Role.APPROVER})
# forenames show in the method's base ("name+…"); penalties do not decide a resolution
_NOT_IN_METHOD = frozenset({"forenames", "surname-part", "other-era", "life-dates"})


class Resolver:
    """Resolves the persons and institutions of one volume's documents against the authority index."""

    def __init__(self, index: AuthorityIndex, volume_id: str) -> None:
        self.index, self.volume_id = index, volume_id
        self.tables = tables_of(index)
        self._named: tuple[Document, frozenset[str]] | None = None

    def person(self, doc: Document, ref: AgentRef, role: Role) -> Resolution | None:
        """The person a name in a role denotes; None for institutions and names no one in the index bears."""
        if ref.kind is not AgentKind.PERSON:
            return None
        if ref.local_id:
            person = self.index.resolve(self.volume_id, ref.local_id)
            if person is not None:
                return Resolution(person, KEY_METHOD, 1.0)
        return self._scored(doc, ref, role, self._named_in(doc))

    def _scored(self, doc: Document, ref: AgentRef, role: Role, named: frozenset[str]) -> Resolution | None:
        window, hints = document_window(doc), self._hints(doc, ref, role, named)
        posts = title_only(ref.name)
        if posts:
            return self._office_holder(posts, window, hints)
        printed = parse_name(ref.name)
        if printed is None:
            return None
        candidates = {p.person_id: p for key in printed.lookup_keys for p in self.index.candidates(key)}
        scored = score_candidates(candidates.values(), self.tables, self.volume_id, window, hints, printed)
        return _decide(scored, "surname")

    def _named_in(self, doc: Document) -> frozenset[str]:
        """People the document names unambiguously: by persons-list key, or by forenames and surname.

        Computed once per document (the mapping asks for each of its agents in turn).
        """
        if self._named is not None and self._named[0] is doc:
            return self._named[1]
        found: set[str] = set()
        for role, ref in agents_in_roles(doc):
            if ref.kind is not AgentKind.PERSON:
                continue
            person = self.index.resolve(self.volume_id, ref.local_id) if ref.local_id else None
            if person is None:
                resolution = self._scored(doc, ref, role, frozenset())
                if resolution is not None and resolution.method.startswith("name+"):
                    person = resolution.person_id
            if person is not None:
                found.add(person)
        self._named = (doc, frozenset(found))
        return self._named[1]

    def institution(self, doc: Document, ref: AgentRef, role: Role) -> str | None:
        """The mission id (``Iris.mission``) or ``DEPARTMENT`` an institution's name denotes.

        ``role`` is not needed to tell a post from its name; it is taken so that the
        mapping calls both resolvers alike.
        """
        if ref.kind is not AgentKind.INSTITUTION:
            return None
        window = document_window(doc)
        return institution_id(ref.name, self.tables.missions, int(window.start[:4]) if window else None)

    def _hints(self, doc: Document, ref: AgentRef, role: Role, named: frozenset[str]) -> Hints:
        office = OFFICE_SYMBOLS.get((ref.office or "").strip(), frozenset())
        if ref.description:
            office |= title_posts(ref.description, ref.name, self.tables)
        expected: frozenset[str] = frozenset()
        if role is Role.SIGNER:
            # the signature on a Department telegram is the Secretary's or an acting
            # Secretary's; on an embassy's, its chief of mission's
            for sender in doc.senders:
                post = self.institution(doc, sender, Role.SENDER)
                if post == DEPARTMENT:
                    expected |= ACTING_SECRETARY | {SECRETARY}
                elif post is not None:
                    expected |= {post}
        return Hints(office, expected, role in _LINES, named)

    def _office_holder(self, posts: frozenset[str], window: Window | None, hints: Hints) -> Resolution | None:
        """A bare title ("The Secretary") resolves to the one holder of the post on the date."""
        if window is None:
            return None
        people = {pid for post in posts for pid, held in self.tables.holders.get(post, ()) if window.overlaps(held)}
        office_hints = Hints(posts | hints.office, hints.role, hints.department_line, hints.named)
        scored = score_candidates((self.index.persons[p] for p in sorted(people)), self.tables,
                                  self.volume_id, window, office_hints, None)
        return _decide(scored, "title")


def agents_in_roles(doc: Document) -> list[tuple[Role, AgentRef]]:
    """Every agent the document names in a role, in the mapping's order."""
    note = doc.source_note
    return [*((Role.SENDER, a) for a in doc.senders), *((Role.RECIPIENT, a) for a in doc.addressees),
            *((Role.SIGNER, a) for a in doc.signers), *((Role.PARTICIPANT, a) for a in doc.participants),
            *(((Role.DRAFTER, a) for a in note.drafters) if note else ()),
            *(((Role.CLEARER, a) for a in note.clearers) if note else ()),
            *(((Role.APPROVER, a) for a in note.approvers) if note else ()),
            *(((Role.REPEATED_TO, a) for a in note.repeated_to) if note else ())]


def _decide(scored: list[Scored], base: str) -> Resolution | None:
    if not scored:
        return None
    best = scored[0]
    candidates = tuple((s.person_id, round(s.score, 3)) for s in scored[:MAX_CANDIDATES])
    if best.score < RESOLVE_AT:
        return Resolution(None, UNRESOLVED, round(best.score, 3), candidates)
    if "forenames" in best.evidence:
        base = "name"
    method = "+".join([base, *(e for e in best.evidence if e not in _NOT_IN_METHOD)])
    return Resolution(best.person_id, method, round(best.score, 3), candidates)


# --- institutions -----------------------------------------------------------------------------

_DEPARTMENT_NAMES = frozenset({"department of state", "department", "state department", "the department",
                               "department of state washington", "dept of state"})
_MISSION = re.compile(r"^(?:the\s+)?(?:american\s+|u\s?s\s+|united states\s+)?"
                      r"(?:embassy|legation|mission|delegation|permanent mission)\s+(?:in|to|at)\s+"
                      r"(?:the\s+)?(?P<place>.+)$")
_ORGANISATIONS = {
    "united nations": "representative-to-un", "un": "representative-to-un",
    "organization of american states": "representative-to-oas", "oas": "representative-to-oas",
    "council of the organization of american states": "representative-to-oas",
    "north atlantic treaty organization": "representative-to-nato", "nato": "representative-to-nato",
    "north atlantic council": "representative-to-nato",
    "european communities": "representative-to-eu", "european union": "representative-to-eu",
    "organization for economic cooperation and development": "representative-to-oecd",
    "oecd": "representative-to-oecd", "international atomic energy agency": "representative-to-iaea",
}
# Country names FRUS prints whose pocom territory id differs: (name, last year it applies or
# None) → territory id.  "Vietnam" before 1976 is the Republic of Vietnam (Saigon).
_COUNTRY_ALIASES: dict[str, tuple[tuple[int | None, str], ...]] = {
    "soviet union": ((None, "russia"),), "ussr": ((None, "russia"),),
    "union of soviet socialist republics": ((None, "russia"),),
    "federal republic of germany": ((None, "germany"),), "west germany": ((None, "germany"),),
    "german federal republic": ((None, "germany"),), "east germany": ((None, "german-democratic-republic"),),
    "great britain": ((None, "united-kingdom"),), "britain": ((None, "united-kingdom"),),
    "england": ((None, "united-kingdom"),), "republic of china": ((None, "china"),), "taiwan": ((None, "china"),),
    "people's republic of china": ((None, "china"),), "republic of korea": ((None, "korea"),),
    "south korea": ((None, "korea"),), "vietnam": ((1975, "vietnam-south"), (None, "vietnam")),
    "viet-nam": ((1975, "vietnam-south"), (None, "vietnam")), "south vietnam": ((None, "vietnam-south"),),
    "republic of vietnam": ((None, "vietnam-south"),), "congo": ((None, "congo-democratic-republic"),),
    "congo leopoldville": ((None, "congo-democratic-republic"),), "zaire": ((None, "congo-democratic-republic"),),
    "congo brazzaville": ((None, "congo-republic"),), "ceylon": ((None, "sri-lanka"),),
    "siam": ((None, "thailand"),), "persia": ((None, "iran"),), "ivory coast": ((None, "cote-divoire"),),
    "dahomey": ((None, "benin"),), "upper volta": ((None, "burkina-faso"),),
    "malagasy republic": ((None, "madagascar"),), "tanganyika": ((None, "tanzania"),),
    "united arab republic": ((None, "egypt"),), "khmer republic": ((None, "cambodia"),),
    "kampuchea": ((None, "cambodia"),), "myanmar": ((None, "burma"),), "vatican": ((None, "holy-see"),),
    "argentine republic": ((None, "argentina"),),
}
# Cities that were the seat of a U.S. embassy ("Repeated to Ciudad Trujillo") → territory id.
_EMBASSY_CITIES = {
    "buenos aires": "argentina", "buenos ayres": "argentina", "la paz": "bolivia", "rio de janeiro": "brazil",
    "brasilia": "brazil", "santiago": "chile", "bogota": "colombia", "san jose": "costa-rica",
    "havana": "cuba", "habana": "cuba", "ciudad trujillo": "dominican-republic",
    "santo domingo": "dominican-republic", "quito": "ecuador", "san salvador": "el-salvador",
    "guatemala city": "guatemala", "port-au-prince": "haiti", "tegucigalpa": "honduras",
    "mexico city": "mexico", "managua": "nicaragua", "panama city": "panama", "asuncion": "paraguay",
    "lima": "peru", "montevideo": "uruguay", "caracas": "venezuela", "ottawa": "canada",
    "kingston": "jamaica", "port of spain": "trinidad-and-tobago", "georgetown": "guyana",
    "london": "united-kingdom", "paris": "france", "bonn": "germany", "rome": "italy", "madrid": "spain",
    "lisbon": "portugal", "brussels": "belgium", "the hague": "netherlands", "bern": "switzerland",
    "vienna": "austria", "copenhagen": "denmark", "oslo": "norway", "stockholm": "sweden",
    "helsinki": "finland", "reykjavik": "iceland", "dublin": "ireland", "athens": "greece",
    "ankara": "turkey", "moscow": "russia", "warsaw": "poland", "prague": "czechoslovakia",
    "budapest": "hungary", "bucharest": "romania", "sofia": "bulgaria", "belgrade": "yugoslavia",
    "nicosia": "cyprus", "tokyo": "japan", "seoul": "korea", "taipei": "china", "saigon": "vietnam-south",
    "vientiane": "laos", "phnom penh": "cambodia", "bangkok": "thailand", "rangoon": "burma",
    "new delhi": "india", "karachi": "pakistan", "rawalpindi": "pakistan", "islamabad": "pakistan",
    "colombo": "sri-lanka", "kabul": "afghanistan", "tehran": "iran", "baghdad": "iraq", "cairo": "egypt",
    "tel aviv": "israel", "beirut": "lebanon", "amman": "jordan", "damascus": "syria",
    "jidda": "saudi-arabia", "djakarta": "indonesia", "jakarta": "indonesia", "manila": "philippines",
    "kuala lumpur": "malaysia", "canberra": "australia", "wellington": "new-zealand",
    "addis ababa": "ethiopia", "accra": "ghana", "lagos": "nigeria", "nairobi": "kenya",
    "leopoldville": "congo-democratic-republic", "kinshasa": "congo-democratic-republic",
    "pretoria": "south-africa", "tunis": "tunisia", "rabat": "morocco", "algiers": "algeria",
    "tripoli": "libya", "khartoum": "sudan", "monrovia": "liberia", "dakar": "senegal",
}
_PLACE_PUNCTUATION = re.compile(r"[()]")


def institution_id(name: str, missions: frozenset[str], year: int | None = None) -> str | None:
    """The pocom mission (or ``DEPARTMENT``) a printed institution name denotes.

    "Embassy in Uruguay" → ``uruguay``; "Mission to the United Nations" and "USUN" →
    ``representative-to-un``; a city that was an embassy's seat → that mission; "Department
    of State" → ``DEPARTMENT``.  Only missions the index knows are returned; ``year``
    (the document's) settles names that changed meaning ("Vietnam").
    """
    symbol = OFFICE_SYMBOLS.get(name.strip())
    if symbol and len(symbol) == 1 and set(symbol) <= missions:
        return next(iter(symbol))
    text = fold(_PLACE_PUNCTUATION.sub(" ", name))
    if text in _DEPARTMENT_NAMES:
        return DEPARTMENT
    m = _MISSION.match(text)
    if m is not None:
        place = m["place"]
        found = _ORGANISATIONS.get(place) or _territory(place, year)
    else:
        found = _EMBASSY_CITIES.get(text)
    return found if found in missions else None


def _territory(place: str, year: int | None) -> str:
    for last_year, territory in _COUNTRY_ALIASES.get(place, ()):
        if last_year is None or (year is not None and year <= last_year):
            return territory
    return place.replace(" ", "-")
