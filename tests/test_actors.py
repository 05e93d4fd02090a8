"""The authority import (frus_kg.actors) on the fixtures in tests/fixtures/authorities.

The fixtures are a real subset of the Office of the Historian's people, pocom and
milestones data (see make_fixtures.py).  Counts asserted here were measured on them.
The quirks the fixtures do not contain (renamed pocom ids, a missing person,
``title-from-name``, malformed files) are checked on small files written by the tests.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from frus_kg.actors.importer import import_authorities
from frus_kg.actors.index import AuthorityIndex
from frus_kg.actors.importer import INDEX_FILE
from frus_kg.actors.index import build_index, surnames_of
from frus_kg.actors.milestones import iter_events, parse_span, read_taxonomy
from frus_kg.actors.people import iter_people
from frus_kg.actors.pocom import read_pocom
from frus_kg.actors.records import widen_end, widen_start
from frus_kg.iris import Iris
from frus_kg.model import Problem
from frus_kg.vocab import FRUS, RDF

from .conftest import FIXTURES, SAMPLE

AUTH = FIXTURES / "authorities"
PEOPLE, POCOM = AUTH / "people" / "data", AUTH / "pocom"
MILESTONES, TAXONOMY = AUTH / "milestones", AUTH / "tags" / "taxonomy" / "taxonomy.xml"
IRIS = Iris()
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# "Who held the post of Legal Adviser on 1961-04-23?" (the acceptance question)
POST_HOLDER_ON_DATE = """
PREFIX frus: <https://w3id.org/frus-kg/ontology#>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>

SELECT DISTINCT ?person ?name ?start ?end ?appointment WHERE {
  VALUES (?postName ?day) { ("%s" "%s"^^xsd:date) }
  ?post a org:Post ;
        rdfs:label ?postName .
  ?appointment rico:relationHasTarget ?post ;
               org:member ?person ;
               org:memberDuring ?term .
  ?term frus:effectiveStart ?start .
  OPTIONAL { ?term frus:effectiveEnd ?end }
  FILTER (?start <= ?day && (!BOUND(?end) || ?day <= ?end))
  ?person skos:prefLabel ?name .
}
ORDER BY ?start
"""


# --- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def people():
    problems: list[Problem] = []
    records = {r.hsg_id: r for r in iter_people(PEOPLE, problems)}
    assert problems == []
    return records


@pytest.fixture(scope="module")
def pocom():
    return read_pocom(POCOM)


@pytest.fixture(scope="module")
def index(people, pocom):
    return build_index(people.values(), pocom)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("authorities")
    summary = import_authorities(PEOPLE, POCOM, MILESTONES, out, "ttl", IRIS, tags_file=TAXONOMY)
    return out, summary


@pytest.fixture(scope="module")
def store(imported):
    """The three dumps loaded into the graphs they name, as the store loader will do."""
    out, summary = imported
    store = Store()
    for path in summary["outputs"].values():
        if path.endswith(".ttl"):
            store.load(path=path, format=RdfFormat.TURTLE, to_graph=NamedNode(graph_named_in(Path(path))))
    return store


def graph_named_in(path: Path) -> str:
    markers = [t.subject.value for t in parse(path=str(path), format=RdfFormat.TURTLE)
               if t.predicate.value == RDF + "type" and t.object.value == FRUS + "AuthorityGraph"]
    assert len(markers) == 1, path
    return markers[0]


def select(store: Store, query: str) -> list[dict[str, str | None]]:
    results = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]


def sample_corresp() -> tuple[int, set[tuple[str, str]]]:
    """(occurrences, distinct keys) of persName/@corresp in the bundled sample volumes."""
    occurrences, keys = 0, set()
    for path in sorted(SAMPLE.glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        for name in root.iter(f"{TEI}persName"):
            corresp = name.get("corresp") or ""
            if corresp.startswith("#"):
                occurrences += 1
                keys.add((root.get(XML_ID), corresp[1:]))
    return occurrences, keys


# --- readers -------------------------------------------------------------------------------

def test_readers_parse_the_fixtures(people, pocom) -> None:
    assert len(people) == 296
    assert len(pocom.people) == 386
    assert sorted(pocom.positions) == ["assistant-secretary-for-western-hemisphere", "legal-adviser", "secretary"]
    assert sorted(pocom.missions) == ["colombia", "dominican-republic", "representative-to-oas",
                                      "representative-to-un", "uruguay"]
    assert len(pocom.roles) == 28 and len(pocom.code_tables) == 8
    assert sum(1 for _ in pocom.appointments()) == 348
    assert pocom.problems == []
    events = list(iter_events(MILESTONES))
    assert len(events) == 14 and all(e.chapter == "1961-1968" for e in events)


def test_rusk_record_and_his_appointment(people, pocom) -> None:
    rusk = people["111738"]
    assert rusk.preferred == "Rusk, David Dean"
    assert ("frus1961-63v12", "p_RD3") in rusk.keys
    assert ("frus1961-63v12", "p_RD1") not in rusk.keys  # his id in 37 *other* volumes
    assert (rusk.birth_year, rusk.death_year, rusk.viaf) == ("1909", "1994", None)
    assert rusk.pocom_ids == ("rusk-david-dean",)
    assert {"Dean Rusk", "Rusk, Dean"} <= set(rusk.name_forms)
    assert "Secretary of State" in {r.text for r in rusk.remarks}

    [secretary] = [a for a in pocom.positions["secretary"].holders if a.person_id == "rusk-david-dean"]
    assert secretary.appointment_id == "secr-1961-rusk"
    assert (secretary.appointed.value, secretary.started.value, secretary.ended.value) == \
        ("1961-01-21", "1961-01-21", "1969-01-20")
    assert (secretary.effective_start, secretary.effective_end) == ("1961-01-21", "1969-01-20")
    assert secretary.closed_by is None


def test_viaf_and_foreign_leaders(people) -> None:
    assert people["102307"].viaf == "102325430"  # Castro
    assert people["107127"].viaf == "64007537"  # Khrushchev
    assert "Castro Ruz, Fidel" in people["102307"].name_forms


# --- effective intervals -------------------------------------------------------------------

def test_an_open_term_closes_at_the_next_holders_start(pocom) -> None:
    """John Calvin Hill, chargé ad interim in Ciudad Trujillo from 1962-01-06, has no end
    date; John Bartlow Martin presented credentials on 1962-03-09."""
    holders = {a.appointment_id: a for a in pocom.missions["dominican-republic"].holders}
    hill = holders["do-1962-hill-01"]
    assert hill.ended.value is None and hill.started.value == "1962-01-06"
    assert (hill.effective_start, hill.effective_end, hill.closed_by) == ("1962-01-06", "1962-03-09",
                                                                          "do-1962-mart-01")
    assert holders["do-1962-mart-01"].started.value == "1962-03-09"
    assert hill.holds_on("1962-02-15") and not hill.holds_on("1962-03-10")
    # without the rule, a 19th-century holder with no end would still be "active"
    last = pocom.missions["dominican-republic"].holders[-1]
    assert last.ended.value is None and last.effective_end is None and last.closed_by is None
    open_terms = [a for m in pocom.missions.values() for a in m.holders[:-1] if a.effective_end is None]
    assert open_terms == []


def test_partial_dates_widen_for_interval_tests(pocom) -> None:
    lambert = next(a for a in pocom.missions["dominican-republic"].holders if a.appointment_id == "do-2009-lamb-01")
    assert (lambert.started.value, lambert.ended.value) == ("2009-08", "2010-11")
    assert (lambert.effective_start, lambert.effective_end) == ("2009-08-01", "2010-11-30")
    assert (widen_start("1962"), widen_end("1962")) == ("1962-01-01", "1962-12-31")
    assert widen_end("1964-02") == "1964-02-29" and widen_end("1961-02") == "1961-02-28"


@given(st.dates().map(lambda d: d.isoformat()), st.sampled_from([4, 7, 10]))
def test_widening_brackets_every_partial_date(day: str, length: int) -> None:
    partial = day[:length]
    if int(day[:4]) < 1000:  # the data has four-digit years only
        return
    assert widen_start(partial) <= day <= widen_end(partial)
    assert widen_start(partial).startswith(partial) and widen_end(partial).startswith(partial)


# --- index -----------------------------------------------------------------------------------

def test_index_round_trips_through_its_file(index, tmp_path) -> None:
    path = tmp_path / INDEX_FILE
    index.save(path)
    started = time.perf_counter()
    loaded = AuthorityIndex.load(path)
    assert time.perf_counter() - started < 1.0
    assert loaded == index
    assert loaded.resolve("frus1961-63v12", "p_RD3") == "111738"
    assert len(loaded.keys) == 5207
    index.save(tmp_path / "again.json.gz")
    assert (tmp_path / "again.json.gz").read_bytes() == path.read_bytes()


def test_name_index_scores_by_date_and_office(index) -> None:
    [chayes] = index.candidates("Chayes")
    assert chayes.person_id == "102440"
    assert [index.describe(h) for h in chayes.held_on("1961-04-23")] == ["Legal Adviser"]
    martins = {p.person_id: p for p in index.candidates("Martin")}
    on = "1962-10-04"  # cleared by <persName>Martin</persName>, v12 d157 (NOTES §5.3)
    assert [index.describe(h) for h in martins["108564"].held_on(on)] == \
        ["Assistant Secretary of State for Western Hemisphere Affairs"]
    assert [index.describe(h) for h in martins["108573"].held_on(on)] == \
        ["Ambassador Extraordinary and Plenipotentiary (dominican-republic)"]
    assert "102307" in {p.person_id for p in index.candidates("castro")}  # "Castro Ruz, Fidel"
    assert surnames_of("Castro Ruz, Fidel") == {"castro ruz", "castro", "ruz"}
    assert surnames_of("Adlai E. Stevenson II") == {"stevenson"}


def test_every_sample_corresp_in_the_fixture_resolves(index) -> None:
    occurrences, keys = sample_corresp()
    assert (occurrences, len(keys)) == (1077, 178)
    assert {k for k in keys if index.resolve(*k) is None} == set()


def test_one_person_listed_in_two_volumes_has_one_id(index) -> None:
    assert index.resolve("frus1961-63v12", "p_RD3") == index.resolve("frus1977-80v01", "p_RD_1") == "111738"
    _, keys = sample_corresp()
    volumes: dict[str, set[str]] = {}
    for vol, local_id in keys:
        volumes.setdefault(index.resolve(vol, local_id), set()).add(vol)
    assert sorted(pid for pid, vols in volumes.items() if len(vols) > 1) == \
        ["100810", "103701", "107025", "107252", "109882", "111738", "113000", "113770"]


# --- milestones ------------------------------------------------------------------------------

def test_bay_of_pigs_has_its_dates() -> None:
    events = {e.milestone_id: e for e in iter_events(MILESTONES)}
    bay = events["bay-of-pigs"]
    assert (bay.begin, bay.end, bay.expressed) == ("1961-04", "1962-10", "April 1961–October 1962")
    assert bay.tags == ("eisenhower-dwight-d", "kennedy-john-f", "russia", "cuba", "covert-actions")
    assert (events["limited-ban"].begin, events["limited-ban"].end) == ("1963", "1963")
    assert (events["foreword"].begin, events["foreword"].end) == ("1961", "1968")
    assert events["arab-israeli-war-1967"].begin == "1967"  # a date in running text
    assert read_taxonomy(TAXONOMY)["cuba"].label == "Cuba"


@pytest.mark.parametrize("printed, span", [
    ("April 1961–October 1962", ("1961-04", "1962-10")),
    ("1974–75", ("1974", "1975")),
    ("August 17, 1982", ("1982-08-17", "1982-08-17")),
    ("(1819)", ("1819", "1819")),
    ("1880s/1890s", ("1880", "1899")),
    ("the 1960s", None),
])
def test_printed_date_spans(printed: str, span) -> None:
    assert parse_span(printed) == span


# --- triples ---------------------------------------------------------------------------------

def test_import_summary(imported) -> None:
    out, summary = imported
    assert summary["problems"] == []
    assert (summary["people"], summary["pocom_people"], summary["appointments"], summary["events"]) == \
        (296, 386, 348, 14)
    assert summary["index_keys"] == 5207
    graphs = {IRIS.graph("authorities") + f"/{g}" for g in ("people", "pocom", "milestones")}
    assert set(summary["triples"]) == graphs
    assert AuthorityIndex.load(out / INDEX_FILE).resolve("frus1961-63v12", "p_CAJ1") == "102440"


def test_each_dump_names_its_graph(imported) -> None:
    _, summary = imported
    for name in ("people", "pocom", "milestones"):
        assert graph_named_in(Path(summary["outputs"][name])) == f"{IRIS.base}graph/authorities/{name}"


def test_who_was_legal_adviser_on_1961_04_23(store) -> None:
    rows = select(store, POST_HOLDER_ON_DATE % ("Legal Adviser", "1961-04-23"))
    assert [(r["name"], r["start"], r["end"]) for r in rows] == \
        [("Chayes, Abram Joseph", "1961-02-06", "1964-06-27")]
    assert rows[0]["person"] == IRIS.person("102440")
    assert [r["name"] for r in select(store, POST_HOLDER_ON_DATE % ("Secretary of State", "1961-04-23"))] == \
        ["Rusk, David Dean"]
    # the Western Hemisphere post was vacant between Mann (to 1961-04-20) and Woodward (1961-07-17)
    assert select(store, POST_HOLDER_ON_DATE % ("Assistant Secretary of State for Western Hemisphere Affairs",
                                                 "1961-04-23")) == []


def test_list_entries_link_to_one_person(store, people) -> None:
    rows = select(store, """
        PREFIX frus: <https://w3id.org/frus-kg/ontology#>
        SELECT ?entry WHERE { ?entry frus:identifiedWith <%s> } ORDER BY ?entry""" % IRIS.person("111738"))
    entries = [r["entry"] for r in rows]
    assert IRIS.listed_person("frus1961-63v12", "p_RD3") in entries
    assert IRIS.listed_person("frus1977-80v01", "p_RD_1") in entries
    # every persons list the people data puts Rusk in (84 keys in 80-odd volumes)
    assert len(entries) == len(people["111738"].keys) == 84


def test_stated_dates_keep_their_shape_and_meaning(store) -> None:
    rows = select(store, """
        PREFIX frus: <https://w3id.org/frus-kg/ontology#>
        PREFIX org:  <http://www.w3.org/ns/org#>
        PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?meaning ?value (DATATYPE(?value) AS ?type) ?start WHERE {
          <%s> org:memberDuring ?term .
          ?term frus:effectiveStart ?start ; frus:statedDate ?d .
          ?d rico:normalizedDateValue ?value ; rico:hasDateType/skos:prefLabel ?meaning .
        } ORDER BY ?value""" % IRIS.appointment("dominican-republic", "do-2009-lamb-01"))
    assert [(r["meaning"], r["value"], r["type"].rsplit("#")[1], r["start"]) for r in rows] == [
        ("Began Service", "2009-08", "gYearMonth", "2009-08-01"),
        ("Ended Service", "2010-11", "gYearMonth", "2009-08-01"),
    ]


def test_bay_of_pigs_event_in_rdf(store) -> None:
    rows = select(store, """
        PREFIX frus: <https://w3id.org/frus-kg/ontology#>
        PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?begin ?end (DATATYPE(?begin) AS ?type) ?tag WHERE {
          ?e frus:milestoneId "bay-of-pigs" ; rico:beginningDate ?begin ; rico:endDate ?end ;
             dcterms:subject/skos:prefLabel ?tag .
        } ORDER BY ?tag""")
    assert {(r["begin"], r["end"], r["type"].rsplit("#")[1]) for r in rows} == {("1961-04", "1962-10", "gYearMonth")}
    assert [r["tag"] for r in rows] == ["Covert Action", "Cuba", "Eisenhower, Dwight D.", "Kennedy, John F.",
                                        "Russia"]


# --- quirks, on small files ------------------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PERSON = """<person><id>{id}</id><persName><surname>{surname}</surname><forename>A.</forename></persName>
{old}<birth/><death/><career-type>career</career-type></person>"""
PRINCIPAL = """<principal><id>{id}</id><person-id>{person}</person-id><role-title-id>third</role-title-id>
<appointed><date>{start}</date><note/></appointed><started><date/><note/></started>
<ended><date>{end}</date><note/></ended><note/></principal>"""


def test_pocom_quirks(tmp_path) -> None:
    write(tmp_path / "people/n/new-name.xml", PERSON.format(
        id="new-name", surname="New", old="<old-ids><old-id>old-name</old-id></old-ids>"))
    write(tmp_path / "people/b/broken.xml", "<person><id>broken</id>")
    holders = [PRINCIPAL.format(id="a-1", person="old-name", start="1900-05", end=""),
               PRINCIPAL.format(id="a-2", person="nobody", start="1899", end="1901-13-01")]
    write(tmp_path / "positions-principals/third.xml",
          "<principal-position><id>third</id><names><singular>Third</singular></names><principals>"
          + "".join(holders) + "</principals></principal-position>")
    pocom = read_pocom(tmp_path)
    first, second = pocom.positions["third"].holders
    assert first.person_id == "new-name"  # resolved through old-ids
    # out of order: a-2 starts before a-1, so it does not close a-1's open term
    assert (first.effective_start, first.effective_end) == ("1900-05-01", None)
    assert second.person_id == "nobody" and second.ended.value is None
    messages = sorted(p.message for p in pocom.problems)
    assert any(m.startswith("cannot parse XML") for m in messages)
    assert "a-2: person 'nobody' is not in pocom" in messages
    assert "ended date '1901-13-01' is not an ISO date; dropped" in messages
    assert pocom.resolve("old-name") == "new-name" and pocom.resolve("nobody") is None


def test_people_quirks(tmp_path) -> None:
    write(tmp_path / "1/113917.xml", """<person><id>113917</id><authorities><authority service="viaf"/></authorities>
<names><preferred><name>Vaillant-Couturier, Marie Claude</name></preferred><alternates/>
<originals variants="1"><original source-urls="1"><name>Vaillant-Couturier, Madame Marie Claude</name>
<source-url>https://history.state.gov/historicaldocuments/frus1952-54v03/persons#p_VAILLANTCOUTURIER1</source-url>
<source-url>https://history.state.gov/departmenthistory/people/old-name</source-url></original></originals>
<titles-from-name variants="1"><title-from-name source-urls="1"><name>Madame</name>
<source-url>https://history.state.gov/historicaldocuments/frus1952-54v03/persons#p_VAILLANTCOUTURIER1</source-url>
</title-from-name></titles-from-name></names><birth-year>c. 1912</birth-year><death-year/><remarks/></person>""")
    write(tmp_path / "1/100001.xml", '<!DOCTYPE person [<!ENTITY x "y">]><person><id>100001</id></person>')
    problems: list[Problem] = []
    [record] = iter_people(tmp_path, problems)
    assert [t.text for t in record.titles] == ["Madame"]
    assert record.keys == (("frus1952-54v03", "p_VAILLANTCOUTURIER1"),)
    assert record.pocom_ids == ("old-name",) and record.birth_year is None
    assert sorted(p.message for p in problems) == ["birth year 'c. 1912' dropped",
                                                   "refused: the file declares a DTD subset"]

    pocom_dir = tmp_path / "pocom"
    write(pocom_dir / "people/n/new-name.xml", PERSON.format(
        id="new-name", surname="New", old="<old-ids><old-id>old-name</old-id></old-ids>"))
    index = build_index([record], read_pocom(pocom_dir))
    assert index.persons["113917"].pocom_ids == ("new-name",)  # stale link resolved
    assert "pocom:new-name" not in index.persons
