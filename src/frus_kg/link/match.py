"""Deciding links: evidence, scores, and the rule that a name alone never links.

Each decision names its method (the kinds of evidence that agreed) and a score:

============================  ======  ===================================================
method                        score   evidence
============================  ======  ===================================================
``viaf``                      1.0     the item carries the person's VIAF id (P214)
``name+life-dates``           0.7-0.9 exact name, P31 human, birth and/or death year
``name+position``             0.8     exact name, P31 human, a position held (P39) that
                                      one of our posts maps to, in an overlapping period
``name+life-dates+position``  ≤ 0.99  both
``label+type``                0.8     the only item with that label and a fitting class
``label+type+date``           0.85    an event item of a fitting class whose P580/P582
                                      overlap our dates
``…+prominence``              -0.1    several equal matches, this one with at least twice
                                      the sitelinks of the next
============================  ======  ===================================================

A person's name counts 0.5, each agreeing life year 0.2, an agreeing position 0.3, and a
contradicting year rules the item out.  A decision links only at ``LINK_THRESHOLD``
(0.7) or above and only as the single best of its resource.  A bare name (``name``,
0.5), an event class without dates to compare (``label+type``, 0.6) and ties stay
unconfirmed candidates: nothing links on a name alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .ours import Person, Thing
from .wikidata import Held, PersonFacts, TypedItem

LINK_THRESHOLD = 0.7
PROMINENCE_RATIO = 2
# Words of the English labels of the classes (P31) an item of each kind may have.  Class
# labels, not class QIDs: no class QID is confirmed for this project, and words also
# catch the many subclasses ("capital city", "island country", "military operation").
CLASS_WORDS = {
    "place": re.compile(r"\b(city|capital|town|village|country|state|nation|republic|island|municipality|"
                        r"province|region|territory|settlement|metropolis|commune|district|county|port)\b", re.I),
    "organization": re.compile(r"\b(organi[sz]ation|agency|department|ministry|institution|office|council|"
                               r"committee|bureau|government|administration|alliance|league|association|bank|"
                               r"archives?|library|university|party|authority)\b", re.I),
    "event": re.compile(r"\b(war|invasion|crisis|conflict|battle|offensive|operation|conference|summit|coup|"
                        r"treaty|agreement|revolution|incident|blockade|uprising|rebellion|insurgency|"
                        r"assassination|election|intervention|campaign|negotiations?|meeting|siege|event)\b",
                        re.I),
}


@dataclass(frozen=True, slots=True)
class Decision:
    """A proposed link from one of our resources to a Wikidata item."""

    resource: str
    kind: str
    qid: str
    method: str
    score: float
    evidence: tuple[str, ...]
    confirmed: bool = False


def overlaps(a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None) -> bool:
    """True when two day intervals (YYYY-MM-DD, None = open) share a day."""
    return (a_start is None or b_end is None or a_start <= b_end) and \
           (b_start is None or a_end is None or b_start <= a_end)


def widen_years(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """A Wikidata period with year-precision times widened: such a time reads YYYY-01-01
    (the precision is elsewhere), so a January 1st stands for its whole year."""
    if end and end.endswith("-01-01"):
        end = end[:4] + "-12-31"
    return start, end


def score_person(person: Person, qid: str, names: Iterable[str], facts: PersonFacts,
                 positions: Mapping[str, str]) -> Decision | None:
    """The evidence that ``qid`` (a human found by name) is ``person``; None if a year contradicts.

    ``positions`` maps our posts and missions (IRIs) to Wikidata position items (QIDs).
    """
    evidence = [f"name {n!r} is a label or alias of {qid}, an instance of human (P31 Q5)" for n in sorted(names)]
    score, kinds = 0.5, ["name"]
    for ours, theirs, what, prop in ((person.births, facts.births, "birth", "P569"),
                                     (person.deaths, facts.deaths, "death", "P570")):
        if ours and theirs:
            if not ours & theirs:
                return None
            score += 0.2
            evidence.append(f"{what} year {min(ours & theirs)} = {prop}")
            if "life-dates" not in kinds:
                kinds.append("life-dates")
    agreeing = [(a, h) for a in person.appointments for h in sorted(facts.held, key=_held_key)
                if positions.get(a.held) == h.position and overlaps(a.start, a.end, *widen_years(h.start, h.end))]
    if agreeing:
        score += 0.3
        kinds.append("position")
        evidence += [f"appointment {a.iri} ({a.start}/{a.end or '…'}) overlaps position held (P39) {h.position} "
                     f"({h.start or '…'}/{h.end or '…'})" for a, h in agreeing]
    return Decision(person.iri, "person", qid, "+".join(kinds), round(min(score, 0.99), 3), tuple(evidence))


def _held_key(h: Held) -> tuple[str, str, str]:
    return (h.position, h.start or "", h.end or "")


def score_thing(thing: Thing, found: Mapping[str, Mapping[str, TypedItem]],
                spans: Mapping[str, tuple[str | None, str | None]]) -> list[Decision]:
    """Decisions for a place, organisation or event from the items found under its names."""
    words = CLASS_WORDS[thing.kind]
    matched: dict[str, tuple[TypedItem, set[str]]] = {}
    for name, by_qid in found.items():
        for qid, item in by_qid.items():
            if any(words.search(c) for c in item.classes):
                matched.setdefault(qid, (item, set()))[1].add(name)
    scored: list[tuple[TypedItem, Decision]] = []
    for qid, (item, names) in sorted(matched.items()):
        evidence = [f"label {n!r} is a label or alias of {qid}" for n in sorted(names)]
        evidence.append("instance of (P31) " + ", ".join(repr(c) for c in sorted(item.classes) if words.search(c)))
        method, score = "label+type", 0.8
        if thing.kind == "event":
            span = spans.get(qid)
            if span is None or thing.start is None:
                method, score = "label+type", 0.6  # no dates to compare: a candidate at most
            else:
                start, end = widen_years(span[0] or span[1], span[1] or span[0])  # a point is one day
                if not overlaps(thing.start, thing.end, start, end):
                    continue
                method, score = "label+type+date", 0.85
                evidence.append(f"our dates {thing.start}/{thing.end} overlap P580/P582 "
                                f"{span[0] or '…'}/{span[1] or '…'}")
        scored.append((item, Decision(thing.iri, thing.kind, qid, method, score, tuple(evidence))))
    return _prominence(scored)


def _prominence(scored: list[tuple[TypedItem, Decision]]) -> list[Decision]:
    """Equal linkable matches are told apart only by a clear lead in sitelinks."""
    ranked = sorted(scored, key=lambda x: (-x[1].score, -x[0].sitelinks, x[1].qid))
    if len(ranked) < 2 or ranked[0][1].score != ranked[1][1].score or ranked[0][1].score < LINK_THRESHOLD:
        return [d for _, d in ranked]
    (top_item, top), (next_item, _) = ranked[0], ranked[1]
    if top_item.sitelinks < PROMINENCE_RATIO * max(next_item.sitelinks, 1):
        return [d for _, d in ranked]
    lead = (f"{top_item.sitelinks} sitelinks, at least {PROMINENCE_RATIO}× those of the next candidate "
            f"{next_item.qid} ({next_item.sitelinks})")
    return [replace(top, method=top.method + "+prominence", score=round(top.score - 0.1, 3),
                    evidence=(*top.evidence, lead))] + [replace(d, score=min(d.score, 0.5)) for _, d in ranked[1:]]


def choose(decisions: list[Decision]) -> list[Decision]:
    """One resource's decisions: the single best at or above the threshold is confirmed
    (and returned alone); otherwise every decision stays an unconfirmed candidate."""
    ranked = sorted(decisions, key=lambda d: (-d.score, d.qid))
    if ranked and ranked[0].score >= LINK_THRESHOLD and (len(ranked) == 1 or ranked[1].score < ranked[0].score):
        return [replace(ranked[0], confirmed=True)]
    return ranked
