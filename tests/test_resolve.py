"""Resolution of printed names and institutions against the authority index (fixture subset).

The index is built from tests/fixtures/authorities: every people record the sample's
``persName/@corresp`` points to (so all 179 keyed agents of the 86 shared documents are
there), the whole frus1961-63v12 persons list, and pocom's secretary, legal-adviser and
ARA posts and the uruguay, colombia, dominican-republic, OAS and UN missions.  The
full data has more homonyms and posts; its figures are reported by ``frus-kg evaluate``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frus_kg.actors.importer import import_authorities
from frus_kg.actors.index import AuthorityIndex
from frus_kg.actors.resolve import (DEPARTMENT, KEY_METHOD, RESOLVE_AT, UNRESOLVED, Resolution, Resolver,
                                    agents_in_roles)
from frus_kg.actors.score import Points, document_window, forenames_agree, parse_name
from frus_kg.evaluate import evaluate, report, text_name
from frus_kg.model import AgentKind, AgentRef, DateSource, DocDate, Document, Role
from frus_kg.textreader import read_text

from .conftest import FIXTURES, SAMPLE

AUTH = FIXTURES / "authorities"
TEXT = FIXTURES / "text"
V12 = "frus1961-63v12"
RUSK, BERLE, CHAYES, JFK, RFK = "111738", "101227", "102440", "107025", "107032"
EDWIN_MARTIN, JOHN_BARTLOW_MARTIN, SPARKS = "108564", "108573", "112808"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> AuthorityIndex:
    out = tmp_path_factory.mktemp("authorities")
    summary = import_authorities(AUTH / "people", AUTH / "pocom", None, out)
    return AuthorityIndex.load(Path(summary["outputs"]["index"]))


def _text_doc(path: Path) -> Document:
    volume, doc = text_name(path)
    return read_text(path.read_text(encoding="utf-8-sig"), volume, doc[1:], source=str(path))


def _dated(day: str, volume: str = V12, **fields) -> Document:
    return Document(volume_id=volume, doc_id="d1", date=DocDate(DateSource.DATELINE, day, day, when=day), **fields)


def _person(index: AuthorityIndex, doc: Document, name: str, role: Role = Role.PARTICIPANT, **ref):
    return Resolver(index, doc.volume_id).person(doc, AgentRef(name, **ref), role)


# --- the seed telegram -----------------------------------------------------------------------


def test_seed_telegram_source_note_and_signature(index) -> None:
    """"Drafted by Berle and cleared in L by Chayes and by Rusk", signed Rusk, 737.00/4-2361."""
    doc = _text_doc(TEXT / "frus1961-63v10_d171.txt")
    assert (doc.volume_id, doc.date.source, doc.date.earliest) == ("frus1961-63v10", DateSource.INFERRED_FROM_FILE,
                                                                   "1961-04-23")
    resolver = Resolver(index, doc.volume_id)
    found = {(role, ref.name): resolver.person(doc, ref, role) for role, ref in agents_in_roles(doc)
             if ref.kind is AgentKind.PERSON}
    berle = found[(Role.DRAFTER, "Berle")]
    chayes = found[(Role.CLEARER, "Chayes")]
    rusk_clears, rusk_signs = found[(Role.CLEARER, "Rusk")], found[(Role.SIGNER, "Rusk")]
    # Berle held no post in 1961 (he chaired the Task Force): the persons list decides
    assert (berle.person_id, berle.method) == (BERLE, "surname+volume-list")
    # "cleared in L": the Legal Adviser on that date
    assert (chayes.person_id, chayes.method) == (CHAYES, "surname+volume-list+appointment+office+role")
    # the signer of a Department telegram: the Secretary on that date
    assert (rusk_signs.person_id, rusk_signs.method) == (RUSK, "surname+volume-list+appointment+role")
    assert rusk_clears.person_id == RUSK
    for resolution in (berle, chayes, rusk_clears, rusk_signs):
        assert RESOLVE_AT <= resolution.score <= 1
        assert resolution.candidates[0] == (resolution.person_id, resolution.score)
    assert chayes.score > rusk_signs.score > berle.score


def test_persons_list_key_comes_first(index) -> None:
    assert _person(index, _dated("1961-04-23"), "Rusk", local_id="p_RD3") == Resolution(RUSK, KEY_METHOD, 1.0)


# --- evidence --------------------------------------------------------------------------------


def test_ambiguous_surname_without_evidence_stays_unresolved(index) -> None:
    """Several Kennedys, no persons list, no date: no one is picked, the candidates are kept."""
    undated = Document(volume_id="unknown-volume", doc_id="d1")
    resolution = _person(index, undated, "Kennedy")
    assert resolution.person_id is None and resolution.method == UNRESOLVED
    assert 2 <= len(resolution.candidates) <= 5
    scores = [score for _, score in resolution.candidates]
    assert scores == sorted(scores, reverse=True) and resolution.score == scores[0] < RESOLVE_AT


def test_two_listed_namesakes_need_more_than_the_list(index) -> None:
    """Both Kennedys are in the v12 persons list; only the presidency on the date tells them apart."""
    undated = Document(volume_id=V12, doc_id="d1")
    assert _person(index, undated, "Kennedy").person_id is None
    assert {pid for pid, _ in _person(index, undated, "Kennedy").candidates} >= {JFK, RFK}
    president = _person(index, _dated("1961-06-12"), "Kennedy", Role.RECIPIENT)
    assert (president.person_id, president.method) == (JFK, "surname+volume-list+appointment")
    printed_title = _person(index, undated, "Kennedy", Role.RECIPIENT, description="President")
    assert (printed_title.person_id, printed_title.method) == (JFK, "surname+volume-list+appointment+office")


def test_forenames_choose_among_namesakes(index) -> None:
    undated = Document(volume_id=V12, doc_id="d1")
    assert _person(index, undated, "Robert F. Kennedy").person_id == RFK
    assert _person(index, undated, "John F. Kennedy").method == "name+volume-list+appointment"
    assert _person(index, undated, "Charles K. Kennedy") is None  # no Kennedy with those forenames


def test_office_symbol_separates_two_listed_officials(index) -> None:
    """NOTES §5.3: "cleared by Martin" in v12 d157 (1962-10-04) is ambiguous; "in ARA" is not."""
    day = _dated("1962-10-04")
    bare = _person(index, day, "Martin", Role.CLEARER)
    assert bare.person_id is None
    assert [pid for pid, _ in bare.candidates[:2]] == [EDWIN_MARTIN, JOHN_BARTLOW_MARTIN]
    in_ara = _person(index, day, "Martin", Role.CLEARER, office="ARA")
    assert (in_ara.person_id, in_ara.method) == (EDWIN_MARTIN, "surname+volume-list+appointment+office+role")


def test_signer_of_an_embassy_telegram_is_its_chief_of_mission(index) -> None:
    doc = _dated("1961-08-09", senders=[AgentRef("Embassy in Uruguay", AgentKind.INSTITUTION)])
    sparks = _person(index, doc, "Sparks", Role.SIGNER)
    assert (sparks.person_id, sparks.method) == (SPARKS, "surname+volume-list+appointment+role")


def test_a_bare_title_is_the_post_holder_on_the_date(index) -> None:
    secretary = _person(index, _dated("1961-09-25"), "The Secretary")
    assert (secretary.person_id, secretary.method) == (RUSK, "title+volume-list+appointment+office")
    assert _person(index, _dated("1961-05-24"), "The President").person_id == JFK
    assert _person(index, _dated("1961-05-24"), "The Acting Secretary") is None


def test_the_document_names_the_person_in_full_elsewhere(index) -> None:
    """A bare surname takes the person the same document names with forenames."""
    alone = Document(volume_id=V12, doc_id="d1")
    assert _person(index, alone, "Kennedy", Role.RECIPIENT).person_id is None
    signed = Document(volume_id=V12, doc_id="d1", signers=[AgentRef("John F. Kennedy")])
    kennedy = _person(index, signed, "Kennedy", Role.RECIPIENT)
    assert (kennedy.person_id, kennedy.method) == (JFK, "surname+volume-list+appointment+same-document")


def test_life_dates_exclude_the_dead(index) -> None:
    rusk = _person(index, _dated("1961-04-23", "frus1961-63v10"), "Rusk")
    jeremiah = dict(rusk.candidates)["pocom:rusk-jeremiah-mclain"]
    assert jeremiah < 0.001


def test_names_no_one_bears_and_institutions_give_no_person(index) -> None:
    day = _dated("1961-04-23")
    assert _person(index, day, "Zzyzx") is None
    assert _person(index, day, "Department of State", kind=AgentKind.INSTITUTION) is None


# --- institutions ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("Embassy in Uruguay", "uruguay"),
    ("the Embassy in the Dominican Republic", "dominican-republic"),
    ("Department of State", DEPARTMENT),
    ("USUN", "representative-to-un"),
    ("Mission to the United Nations", "representative-to-un"),
    ("Delegation to the Organization of American States", "representative-to-oas"),
    ("Montevideo", "uruguay"),  # "Repeated to Montevideo": the post there
    ("Ciudad Trujillo", "dominican-republic"),
    ("Embassy in Venezuela", None),  # not in the fixture's pocom
    ("Ciudad Juarez", None),  # a consulate, not a mission
    ("White House", None),
    ("All Posts in the American Republics", None),
])
def test_institutions(index, name: str, expected: str | None) -> None:
    ref = AgentRef(name, AgentKind.INSTITUTION)
    assert Resolver(index, V12).institution(_dated("1961-08-09"), ref, Role.SENDER) == expected


def test_a_person_is_no_institution(index) -> None:
    assert Resolver(index, V12).institution(_dated("1961-08-09"), AgentRef("Rusk"), Role.SIGNER) is None


# --- parts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("printed", "label", "agree"), [
    ("Adolph A. Berle", "Berle, Adolf Augustus, Jr.", True),
    ("Arthur Schlesinger, jr.", "Schlesinger, Arthur M., Jr.", True),
    ("Wymberley DeR. Coerr", "Coerr, Wymberley DeRenne", True),
    ("Wymberly Coerr", "Coerr, Wymberley DeRenne", True),
    ("Lincoln Gordon", "Gordon, Abraham Lincoln", True),
    ("Oscar H. Camilion", "Camilion, Oscar", True),
    ("C. Allan Stewart", "Stewart, Charles Allen", True),
    ("J. Caldwell King", "King, J.C.", True),
    ("Wm. P. Lord.", "Lord, William Paine", True),
    ("U. Alexis Johnson", "Johnson, Lyndon Baines", False),
    ("Charles K. Johnson", "Johnson, Charles E.", False),
    ("John Smith", "Smith, Joan", False),
    ("Berle", "Berle, Adolf Augustus, Jr.", None),
    ("Alberto Lleras Camargo", "Lleras Camargo, Alberto", True),
])
def test_forenames_agree(printed: str, label: str, agree: bool | None) -> None:
    assert forenames_agree(parse_name(printed), label) is agree


def test_surname_of_printed_names() -> None:
    assert parse_name("Arthur Schlesinger, jr.").tokens[-1] == "schlesinger"
    assert parse_name("Rusk, Dean").tokens == ("dean", "rusk")
    assert "falcon-briceno" in parse_name("Marcos Falcón Briceno").lookup_keys


def test_date_evidence_by_source() -> None:
    own = document_window(_dated("1961-04-23"))
    assert (own.start, own.end, own.points) == ("1961-04-23", "1961-04-23", Points.DATE)
    filed = Document(volume_id=V12, doc_id="d1",
                     date=DocDate(DateSource.INFERRED_FROM_FILE, "1961-04-23", "1961-04-23"))
    window = document_window(filed)
    assert (window.start, window.end, window.points) == ("1961-04-02", "1961-05-14", Points.FILE_DATE)
    period = document_window(Document(volume_id="frus1969-76v01", doc_id="d1"))
    assert (period.start, period.end, period.points) == ("1967-01-01", "1978-12-31", Points.PERIOD)


def test_every_score_lies_in_0_1_and_candidates_are_ranked(index) -> None:
    for path in sorted(TEXT.glob("*.txt")):
        doc = _text_doc(path)
        resolver = Resolver(index, doc.volume_id)
        for role, ref in agents_in_roles(doc):
            resolution = resolver.person(doc, ref, role)
            if resolution is None:
                continue
            scores = [s for _, s in resolution.candidates]
            assert 0 <= resolution.score <= 1 and all(0 <= s <= 1 for s in scores)
            assert scores == sorted(scores, reverse=True) and len(scores) <= 5
            assert (resolution.person_id is None) == (resolution.method == UNRESOLVED)


# --- acceptance ------------------------------------------------------------------------------


def test_text_path_person_resolution_meets_the_acceptance_bar(index) -> None:
    """Precision ≥ 0.98 and recall ≥ 0.90 against the TEI's corresp, on the 86 shared documents.

    Measured with the fixture index: 178 of 179 correct, none wrong (the miss: v12 d2, whose
    page text makes Kennedy the recipient where the TEI has him as sender).  With the full
    authority data the figures are the same.
    """
    docs = [_text_doc(p) for p in sorted(TEXT.glob("*.txt"))]
    result = evaluate(sorted(SAMPLE.glob("*.xml")), docs, index=index)
    score = result.resolution
    assert score.tp + score.fn == 179
    assert score.precision >= 0.98 and score.recall >= 0.90
    assert [(m.document, m.role, m.name) for m in result.resolution_misses] == [
        ("frus1961-63v12/d2", "sender", "Kennedy")]
    text = report(result)
    assert "person resolution" in text and "miss frus1961-63v12/d2 sender 'Kennedy'" in text
    assert result.as_dict()["person_resolution"]["tp"] == score.tp


def test_evaluation_without_an_index_scores_no_resolution() -> None:
    docs = [_text_doc(TEXT / "frus1961-63v12_d17.txt")]
    result = evaluate(sorted(SAMPLE.glob("*.xml")), docs)
    assert result.resolution is None and "person resolution" not in report(result)
    assert "person_resolution" not in result.as_dict()
