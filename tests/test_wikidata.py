"""Wikidata linking (frus_kg.link) against a real SPARQL server on loopback.

The server is ``oxigraph serve`` loaded with tests/fixtures/wikidata/wikidata-fixture.ttl,
a tiny Wikidata in its own shape (real items with confirmed QIDs, plus synthetic decoys
and classes in the Q999999xxx range).  Rate limits and policy pages come from a real HTTP
proxy in front of it (tests/oxigraph_server.py); nothing of the client is mocked.  Our
side is the authority fixtures imported as in test_actors, plus a few hand-built places,
an organisation and a presidency (pocom has no president).

The test against the public Wikidata Query Service is opt-in: FRUS_KG_LIVE=1.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from email.utils import formatdate
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from frus_kg.actors.importer import import_authorities
from frus_kg.errors import InputError, UsageError
from frus_kg.iris import Iris
from frus_kg.link import (
    DEFAULT_USER_AGENT,
    WDQS_ENDPOINT,
    EndpointUnreachable,
    OfflineCacheMiss,
    PolicyAnswer,
    RetriesExhausted,
    WikidataClient,
    link_wikidata,
    read_positions,
)
from frus_kg.httputil import retry_after_seconds
from frus_kg.link.client import check_user_agent, parse_results
from frus_kg.link.match import overlaps, widen_years
from frus_kg.link.ours import event_name_forms, person_name_forms
from frus_kg.link.wikidata import humans_by_name, items_by_viaf, sparql_string
from frus_kg.validate import validate_files
from frus_kg.vocab import FRUS, RDF

from .conftest import FIXTURES
from .oxigraph_server import Proxy, free_port, oxigraph_server, policy_page, rate_limited

AUTH = FIXTURES / "authorities"
FIXTURE = FIXTURES / "wikidata" / "wikidata-fixture.ttl"
IRIS = Iris()
AGENT = "frus-kg-tests/0.1.0 (https://w3id.org/frus-kg/; test suite of frus-kg) SPARQLWrapper/2.0.0"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
PRESIDENT = IRIS.position("president")
POSITIONS = {PRESIDENT: "Q11696"}

# Hand-built: document places, an organisation, and a presidency to test P39 evidence.
EXTRA = f"""
@prefix rico: <https://www.ica.org/standards/RiC/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix frus: <https://w3id.org/frus-kg/ontology#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
<{IRIS.place("Havana")}> a rico:Place ; rdfs:label "Havana" .
<{IRIS.place("Ciudad Trujillo")}> a rico:Place ; rdfs:label "Ciudad Trujillo" .
<{IRIS.place("Cuba")}> a rico:Place ; rdfs:label "Cuba" .
<{IRIS.place("Washington")}> a rico:Place ; rdfs:label "Washington" .
<{IRIS.place("Atlantis")}> a rico:Place ; rdfs:label "Atlantis" .
<{IRIS.organization("Organization of American States")}> a rico:CorporateBody ;
    rdfs:label "Organization of American States" .
<{PRESIDENT}> a org:Post, rico:Position ; rdfs:label "President of the United States" .
"""


def presidency(person: str, start: str = "1961-01-20", end: str = "1963-11-22") -> str:
    appointment = IRIS.appointment("president", person.rsplit("/", 1)[1])
    return f"""
<{appointment}> a org:Membership ; org:member <{person}> ; rico:relationHasTarget <{PRESIDENT}> ;
    org:memberDuring <{appointment}/term> .
<{appointment}/term> frus:effectiveStart "{start}"^^xsd:date ; frus:effectiveEnd "{end}"^^xsd:date .
"""


def person(iri: str, name: str) -> str:
    return f'<{iri}> a rico:Person ; skos:prefLabel "{name}" .\n'


# --- servers and stores ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    with oxigraph_server([FIXTURE], tmp_path_factory.mktemp("wikidata")) as server:
        yield server


@pytest.fixture(scope="module")
def ours(tmp_path_factory) -> Store:
    out = tmp_path_factory.mktemp("authorities")
    summary = import_authorities(AUTH / "people" / "data", AUTH / "pocom", AUTH / "milestones", out, "trig",
                                 IRIS, tags_file=AUTH / "tags" / "taxonomy" / "taxonomy.xml")
    store = Store()
    for name in ("people", "pocom", "milestones"):
        store.load(path=summary["outputs"][name], format=RdfFormat.TRIG)
    store.load(input=(EXTRA + presidency(IRIS.person("107025"))).encode(), format=RdfFormat.TURTLE,
               to_graph=NamedNode(IRIS.graph("test-extra")))
    return store


def small_store(turtle: str) -> Store:
    store = Store()
    store.load(input=(EXTRA + turtle).encode(), format=RdfFormat.TURTLE)
    return store


def run(store: Store, endpoint: str, out: Path, **options) -> tuple[dict, Store]:
    options = {"cache_dir": out / "cache", "user_agent": AGENT, "now": NOW, **options}
    summary = link_wikidata(store, out, endpoint=endpoint, **options)
    links = Store()
    links.load(path=summary["output"], format=RdfFormat.TURTLE, to_graph=NamedNode(summary["graph"]))
    return summary, links


def decisions(links: Store) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(our IRI, QID) → (EntityLink or LinkCandidate, method, score with 3 decimals)."""
    rows = links.query("""
        PREFIX frus: <https://w3id.org/frus-kg/ontology#>
        SELECT ?type ?ours ?item ?method ?score WHERE { GRAPH ?g {
          ?node a ?type ; frus:linkSource ?ours ; frus:linkTarget ?item ;
                frus:linkMethod ?method ; frus:linkScore ?score } }""")
    return {(r["ours"].value, r["item"].value.rsplit("/", 1)[1]):
            (r["type"].value.rsplit("#", 1)[1], r["method"].value, f'{float(r["score"].value):.3f}') for r in rows}


@pytest.fixture(scope="module")
def linked(ours, wikidata, tmp_path_factory):
    out = tmp_path_factory.mktemp("links")
    summary, links = run(ours, wikidata.query, out, positions=POSITIONS)
    return summary, links, out


# --- the run against the local server ----------------------------------------------------------

LINKS = {
    (IRIS.person("102307"), "Q11256"): ("EntityLink", "viaf", "1.000"),  # Castro
    (IRIS.person("107127"), "Q35314"): ("EntityLink", "viaf", "1.000"),  # Khrushchev
    (IRIS.person("107025"), "Q9696"): ("EntityLink", "name+life-dates+position", "0.990"),  # JFK
    (IRIS.place("Havana"), "Q1563"): ("EntityLink", "label+type+prominence", "0.700"),
    (IRIS.place("Ciudad Trujillo"), "Q34820"): ("EntityLink", "label+type", "0.800"),
    (IRIS.place("Cuba"), "Q241"): ("EntityLink", "label+type", "0.800"),
    (IRIS.organization("Organization of American States"), "Q123759"): ("EntityLink", "label+type", "0.800"),
    (IRIS.organization("Department of State"), "Q789915"): ("EntityLink", "label+type", "0.800"),
    (IRIS.event("1961-1968-bay-of-pigs"), "Q191721"): ("EntityLink", "label+type+date", "0.850"),
    (IRIS.event("1961-1968-cuban-missile-crisis"), "Q128160"): ("EntityLink", "label+type+date", "0.850"),
}
CANDIDATES = {
    (IRIS.person("111738"), "Q999999002"): ("LinkCandidate", "name", "0.500"),  # Rusk: a name only
    (IRIS.person("102993"), "Q999999003"): ("LinkCandidate", "name+life-dates", "0.700"),  # a tie
    (IRIS.person("102993"), "Q999999004"): ("LinkCandidate", "name+life-dates", "0.700"),
    (IRIS.place("Washington"), "Q999999012"): ("LinkCandidate", "label+type", "0.800"),  # no clear lead
    (IRIS.place("Washington"), "Q999999013"): ("LinkCandidate", "label+type", "0.800"),
    (IRIS.event("1961-1968-tet"), "Q999999022"): ("LinkCandidate", "label+type", "0.600"),  # no dates
}


def test_links_and_candidates(linked) -> None:
    summary, links, out = linked
    assert decisions(links) == LINKS | CANDIDATES
    assert summary["links"] == {"person": 3, "place": 3, "organization": 2, "event": 2}
    assert summary["candidates"] == 4
    assert summary["shared_targets"] == {}
    # no query asked twice: one request and one cache file per distinct query
    queries = len(list((out / "cache").glob("*.json")))
    assert (summary["requests"], summary["cache_hits"], summary["retries"]) == (queries, 0, 0)


def test_decoys_are_never_linked(linked) -> None:
    _, links, _ = linked
    qids = {qid for _, qid in decisions(links)}
    # a contradicting birth year, a song, a less-linked namesake, contradicting event dates
    assert not qids & {"Q999999001", "Q999999014", "Q999999011", "Q999999021"}


def test_every_link_has_method_score_and_date(linked) -> None:
    _, links, _ = linked
    ask = links.query("""
        PREFIX frus: <https://w3id.org/frus-kg/ontology#>
        PREFIX schema: <https://schema.org/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        ASK { GRAPH ?g { ?ours schema:sameAs ?item .
          FILTER NOT EXISTS { ?node a frus:EntityLink ; frus:linkSource ?ours ; frus:linkTarget ?item ;
                                    frus:linkMethod ?m ; frus:linkScore ?s ; frus:linkEvidence ?e ;
                                    dcterms:date ?d ; dcterms:source ?endpoint .
                              FILTER (DATATYPE(?s) = xsd:decimal && DATATYPE(?d) = xsd:dateTime) } } }""")
    assert not bool(ask)
    same_as = links.query("PREFIX schema: <https://schema.org/> "
                          "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a schema:sameAs ?b } }")
    assert int(next(iter(same_as))["n"].value) == len(LINKS)


def test_nothing_links_on_a_name_alone(linked) -> None:
    _, links, _ = linked
    for (_, _), (kind, method, score) in decisions(links).items():
        if kind == "EntityLink":
            assert method == "viaf" or (method != "name" and "+" in method), method
            assert float(score) >= 0.7
    rusk = links.query(f"PREFIX schema: <https://schema.org/> ASK {{ GRAPH ?g {{ <{IRIS.person('111738')}> "
                       f"schema:sameAs ?item }} }}")
    assert not bool(rusk)


def test_link_evidence_reads(linked) -> None:
    _, links, _ = linked
    rows = links.query(f"""
        PREFIX frus: <https://w3id.org/frus-kg/ontology#>
        SELECT ?e WHERE {{ GRAPH ?g {{ ?n frus:linkSource <{IRIS.person("107025")}> ; frus:linkEvidence ?e }} }}""")
    evidence = sorted(r["e"].value for r in rows)
    assert evidence == [
        f"appointment {IRIS.appointment('president', '107025')} (1961-01-20/1963-11-22) overlaps position "
        "held (P39) Q11696 (1961-01-20/1963-11-22)",
        "birth year 1917 = P569",
        "death year 1963 = P570",
        "name 'John F. Kennedy' is a label or alias of Q9696, an instance of human (P31 Q5)",
    ]


def test_the_dump_conforms_to_the_shapes(linked) -> None:
    (report,) = validate_files([Path(linked[0]["output"])])
    assert report.conforms, [v.sentence() for v in report.violations]


def test_dump_files_as_input(wikidata, tmp_path) -> None:
    dumps = import_authorities(AUTH / "people" / "data", AUTH / "pocom", None, tmp_path / "dumps", "trig", IRIS)
    summary, links = run([Path(dumps["outputs"][n]) for n in ("people", "pocom")], wikidata.query, tmp_path,
                         fmt="ttl")
    assert decisions(links)[(IRIS.person("102307"), "Q11256")] == ("EntityLink", "viaf", "1.000")
    assert summary["considered"] == {"person": 598, "place": 0, "organization": 1, "event": 0}


def test_the_dump_names_its_graph(linked) -> None:
    summary, _, _ = linked
    assert summary["graph"] == f"{IRIS.base}graph/links/wikidata"
    markers = [t.subject.value for t in parse(path=summary["output"], format=RdfFormat.TURTLE)
               if t.predicate.value == RDF + "type" and t.object.value == FRUS + "LinkGraph"]
    assert markers == [summary["graph"]]


def test_name_and_position_without_life_dates(wikidata, tmp_path) -> None:
    jfk = f"{IRIS.base}person/pocom/test-kennedy"
    store = small_store(person(jfk, "Kennedy, John F.") + presidency(jfk))
    _, links = run(store, wikidata.query, tmp_path / "with", positions=POSITIONS)
    assert decisions(links)[(jfk, "Q9696")] == ("EntityLink", "name+position", "0.800")
    # without the position map, the two John F. Kennedys are names only: candidates, no link
    _, links = run(store, wikidata.query, tmp_path / "without")
    found = {k: v for k, v in decisions(links).items() if k[0] == jfk}
    assert found == {(jfk, "Q9696"): ("LinkCandidate", "name", "0.500"),
                     (jfk, "Q999999001"): ("LinkCandidate", "name", "0.500")}


def test_a_presidency_outside_the_p39_period_is_no_evidence(wikidata, tmp_path) -> None:
    jfk = f"{IRIS.base}person/pocom/test-kennedy"
    store = small_store(person(jfk, "Kennedy, John F.") + presidency(jfk, "1970-01-01", "1971-01-01"))
    _, links = run(store, wikidata.query, tmp_path, positions=POSITIONS)
    assert decisions(links)[(jfk, "Q9696")] == ("LinkCandidate", "name", "0.500")


# --- cache and offline -------------------------------------------------------------------------

def test_a_rerun_asks_nothing_and_offline_works_with_the_server_stopped(ours, tmp_path) -> None:
    with oxigraph_server([FIXTURE], tmp_path / "server") as server:
        first, links = run(ours, server.query, tmp_path / "first", positions=POSITIONS,
                           cache_dir=tmp_path / "cache")
        endpoint = server.query
    assert first["requests"] > 0
    expected = decisions(links)
    for offline in (True, False):  # the cache answers: offline or not, nothing is asked
        again, links = run(ours, endpoint, tmp_path / f"again-{offline}", positions=POSITIONS,
                           cache_dir=tmp_path / "cache", offline=offline)
        assert (again["requests"], again["cache_hits"]) == (0, first["requests"])
        assert decisions(links) == expected


def test_offline_without_the_answer_in_the_cache(ours, wikidata, tmp_path) -> None:
    with pytest.raises(OfflineCacheMiss, match="run once without --offline"):
        link_wikidata(ours, tmp_path, endpoint=wikidata.query, cache_dir=tmp_path / "empty", offline=True,
                      user_agent=AGENT)
    with pytest.raises(UsageError, match="--cache"):
        WikidataClient(wikidata.query, user_agent=AGENT, offline=True)


# --- rate limits, policy answers, batches, agents ---------------------------------------------

def test_429_with_retry_after_seconds_is_honoured(ours, wikidata, linked, tmp_path) -> None:
    waits: list[float] = []
    with Proxy(wikidata.base, rate_limited(2, "1")) as proxy:
        summary, links = run(ours, proxy.query, tmp_path, positions=POSITIONS, sleep=waits.append)
    assert waits == [1.0, 1.0]
    assert summary["retries"] == 2
    assert summary["requests"] == len(proxy.seen) == linked[0]["requests"] + 2
    assert decisions(links) == decisions(linked[1])


def test_429_with_retry_after_as_http_date(wikidata) -> None:
    waits: list[float] = []
    later = formatdate(time.time() + 30, usegmt=True)
    with Proxy(wikidata.base, rate_limited(1, later)) as proxy:
        client = WikidataClient(proxy.query, user_agent=AGENT, sleep=waits.append)
        assert items_by_viaf(client, ["102325430"]) == {"102325430": {"Q11256"}}
    assert len(waits) == 1 and 25 <= waits[0] <= 30


def test_429_until_the_retries_run_out(wikidata) -> None:
    waits: list[float] = []
    with Proxy(wikidata.base, rate_limited(100, "2")) as proxy:
        client = WikidataClient(proxy.query, user_agent=AGENT, max_retries=2, sleep=waits.append)
        with pytest.raises(RetriesExhausted, match="429 after 2 retries"):
            items_by_viaf(client, ["102325430"])
    assert (waits, len(proxy.seen)) == ([2.0, 2.0], 3)
    with Proxy(wikidata.base, rate_limited(1, "3600")) as proxy:
        client = WikidataClient(proxy.query, user_agent=AGENT, sleep=waits.append)
        with pytest.raises(RetriesExhausted, match="asks to wait 3600s"):
            items_by_viaf(client, ["102325430"])


def test_a_policy_page_with_status_200_is_an_error(ours, wikidata, tmp_path) -> None:
    with Proxy(wikidata.base, policy_page) as proxy:
        with pytest.raises(PolicyAnswer, match="User-Agent"):
            link_wikidata(ours, tmp_path, endpoint=proxy.query, cache_dir=tmp_path / "cache", user_agent=AGENT)
    assert len(proxy.seen) == 1
    assert list((tmp_path / "cache").glob("*.json")) == []  # never cached as an empty answer
    assert not (tmp_path / "links-wikidata.ttl").exists()


def test_batches_and_the_user_agent_seen_by_the_server(wikidata) -> None:
    viaf = ["102325430", "64007537", "1", "2", "3", "4", "5"]
    with Proxy(wikidata.base) as proxy:
        client = WikidataClient(proxy.query, user_agent=AGENT, batch_size=3)
        assert items_by_viaf(client, viaf) == {"102325430": {"Q11256"}, "64007537": {"Q35314"}}
    assert len(proxy.seen) == 3 == client.requests  # ceil(7 / 3)
    assert {s.headers["User-Agent"] for s in proxy.seen} == {AGENT}
    assert {s.method for s in proxy.seen} == {"GET"}


def test_long_queries_are_posted(wikidata) -> None:
    names = [f"Nobody Number {i}" for i in range(60)] + ["John F. Kennedy"]
    with Proxy(wikidata.base) as proxy:
        client = WikidataClient(proxy.query, user_agent=AGENT, batch_size=100)
        assert humans_by_name(client, names) == {"John F. Kennedy": {"Q9696", "Q999999001"}}
    assert [s.method for s in proxy.seen] == ["POST"]


def test_the_user_agent_must_be_descriptive() -> None:
    assert check_user_agent(DEFAULT_USER_AGENT) == DEFAULT_USER_AGENT
    assert check_user_agent("mytool/1.0 (me@example.org)")
    for agent in ("", "Python-urllib/3.11", "sparqlwrapper 2.0.0 (rdflib)", "frus-kg/0.1.0 (FRUS linking)"):
        with pytest.raises(UsageError, match="not descriptive"):
            WikidataClient(WDQS_ENDPOINT, user_agent=agent)


def test_an_unreachable_endpoint() -> None:
    client = WikidataClient(f"http://127.0.0.1:{free_port()}/query", user_agent=AGENT)
    with pytest.raises(EndpointUnreachable, match="cannot reach"):
        items_by_viaf(client, ["102325430"])


# --- pieces ------------------------------------------------------------------------------------

def test_person_name_forms() -> None:
    assert person_name_forms(["Rusk, David Dean"]) == ["David Dean Rusk", "David Rusk", "Dean Rusk"]
    assert person_name_forms(["Castro, Fidel", "Castro Ruz, Fidel", "Premier Castro"]) == \
        ["Fidel Castro", "Fidel Castro Ruz", "Premier Castro"]
    assert person_name_forms(["Kennedy, Edward M. (“Ted”)"]) == ["Edward M. Kennedy", "Edward Kennedy"]
    assert person_name_forms(["Berle, Adolf A., Jr."])[:3] == \
        ["Adolf A. Berle", "Adolf A. Berle Jr.", "Adolf A. Berle, Jr."]


def test_event_name_forms() -> None:
    assert "Bay of Pigs Invasion" in event_name_forms(
        "The Bay of Pigs Invasion and its Aftermath, April 1961–October 1962")
    assert "Cuban Missile Crisis" in event_name_forms("The Cuban Missile Crisis, October 1962")
    assert "Tet Offensive" in event_name_forms("U.S. Involvement in the Vietnam War: The Tet Offensive, 1968")


def test_retry_after_values() -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:01:00 GMT", now) == 60.0
    assert retry_after_seconds("Wed, 31 Dec 2025 23:00:00 GMT", now) == 0.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_only_sparql_json_counts_as_an_answer() -> None:
    assert parse_results(b'{"head": {"vars": []}, "results": {"bindings": []}}', "E") == []
    with pytest.raises(PolicyAnswer, match="User-Agent"):
        parse_results(b"<html>Please respect our User-Agent policy</html>", "E")
    with pytest.raises(PolicyAnswer):
        parse_results(b'{"message": "rate limited"}', "E")


def test_periods_and_literals() -> None:
    assert overlaps("1961-04-01", "1962-10-31", "1961-04-17", "1961-04-20")
    assert not overlaps("1960-01-01", "1963-12-31", "1930-01-01", "1930-12-31")
    assert overlaps("1961-01-20", None, None, "1961-01-20")
    assert widen_years("1962-01-01", "1962-01-01") == ("1962-01-01", "1962-12-31")
    assert sparql_string('Say "hi"\\', "en") == '"Say \\"hi\\"\\\\"@en'


def test_the_position_map(tmp_path) -> None:
    path = tmp_path / "positions.tsv"
    path.write_text("# post\tQID\nposition/president\tQ11696\n"
                    f"{IRIS.mission('uruguay')}\tQ1\n", encoding="utf-8")
    assert read_positions(path) == {PRESIDENT: "Q11696", IRIS.mission("uruguay"): "Q1"}
    path.write_text("position/president\tP39\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: not a Wikidata item id"):
        read_positions(path)


# --- the public service (opt-in) ----------------------------------------------------------------

@pytest.mark.live
@pytest.mark.skipif(os.environ.get("FRUS_KG_LIVE") != "1", reason="talks to query.wikidata.org: FRUS_KG_LIVE=1")
def test_live_wikidata_query_service(tmp_path) -> None:
    agent = os.environ.get("FRUS_KG_USER_AGENT", DEFAULT_USER_AGENT)
    client = WikidataClient(WDQS_ENDPOINT, user_agent=agent, cache_dir=tmp_path, batch_size=10)
    assert items_by_viaf(client, ["102325430"]) == {"102325430": {"Q11256"}}  # Fidel Castro
    assert "Q9696" in humans_by_name(client, ["John F. Kennedy"]).get("John F. Kennedy", set())
