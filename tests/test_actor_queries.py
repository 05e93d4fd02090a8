"""Persons resolved across volumes, and the issue's questions answered in SPARQL.

The sample volumes are converted with the authority index built from the fixture subset
of the Office of the Historian's people and pocom data, then loaded beside the authority
graphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from frus_kg.actors.importer import import_authorities
from frus_kg.actors.index import AuthorityIndex
from frus_kg.convert import convert_tei
from frus_kg.query import query_text, rows, run_query
from frus_kg.store import load_dump, open_store

from .conftest import FIXTURES, SAMPLE

AUTH = FIXTURES / "authorities"
PERSON = "https://w3id.org/frus-kg/id/person/"
TEI = "http://www.tei-c.org/ns/1.0"


@pytest.fixture(scope="module")
def resolved(tmp_path_factory):
    """(index, store) with the sample converted with resolution and the authorities loaded."""
    out = tmp_path_factory.mktemp("resolved")
    summary = import_authorities(AUTH / "people", AUTH / "pocom", AUTH / "milestones", out / "auth")
    index = AuthorityIndex.load(Path(summary["outputs"]["index"]))
    store = open_store(out / "store")
    dumps = [Path(v) for k, v in summary["outputs"].items() if k != "index"]
    for tei in sorted(SAMPLE.glob("*.xml")):
        dumps += [Path(p) for p in convert_tei(tei, out / "dumps", "ttl", index=index).outputs]
    for dump in dumps:
        load_dump(store, dump)
    return index, store


def _table(store, name: str) -> list[dict[str, str]]:
    variables, table = rows(run_query(store, query_text(name)))
    return [dict(zip(variables, row)) for row in table]


def test_every_corresp_in_the_people_data_resolves_to_one_iri(resolved) -> None:
    index, store = resolved
    keys: set[tuple[str, str]] = set()
    occurrences = 0
    for tei in sorted(SAMPLE.glob("*.xml")):
        tree = etree.parse(str(tei), etree.XMLParser(resolve_entities=False, no_network=True))
        volume = tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id")
        for corresp in tree.xpath("//tei:persName/@corresp", namespaces={"tei": TEI}):
            for ref in corresp.split():
                occurrences += 1
                keys.add((volume, ref.lstrip("#")))
    known = {k for k in keys if index.resolve(*k)}
    # Measured on the sample: 1,077 corresp occurrences, 178 distinct keys, all in the data.
    assert (occurrences, len(keys), len(known)) == (1077, 178, 178)
    identified = {(s["vol"], s["entry"].rsplit("/", 1)[-1]): s["person"] for s in (
        {"vol": sol["vol"].value, "entry": sol["entry"].value, "person": sol["person"].value}
        for sol in store.query(
            "SELECT ?vol ?entry ?person WHERE { ?entry frus:identifiedWith ?person ; "
            "frus:listedIn/frus:volumeId ?vol }", use_default_graph_as_union=True,
            prefixes={"frus": "https://w3id.org/frus-kg/ontology#"}))}
    for key in known:
        assert identified[key] == PERSON + index.resolve(*key)


def test_the_same_person_in_two_volumes_is_one_iri(resolved) -> None:
    _, store = resolved
    rusk = [r for r in _table(store, "document-persons") if r["hsg_id"] == "111738"]
    assert {r["volume"] for r in rusk} >= {"frus1961-63v12", "frus1977-80v01"}
    assert {r["person"] for r in rusk} == {PERSON + "111738"}


def test_documents_rusk_drafted_cleared_or_signed(resolved) -> None:
    _, store = resolved
    found = {(r["volume"], r["number"], r["role"]) for r in _table(store, "person-documents-across-volumes")}
    # Read in data/sample/frus1961-63v12.excerpt.xml: closers signed Rusk, and d133's note
    # "cleared in draft by Rusk and with the White House".
    assert {("frus1961-63v12", "27", "signer"), ("frus1961-63v12", "114", "signer"),
            ("frus1961-63v12", "133", "clearer"), ("frus1961-63v12", "133", "signer"),
            ("frus1961-63v12", "136", "signer")} <= found
    assert all(role in ("drafter", "clearer", "signer") for _, _, role in found)


def test_legal_adviser_on_23_april_1961_is_chayes(resolved) -> None:
    _, store = resolved
    holders = _table(store, "post-holder-on-date")
    assert [h["name"] for h in holders] == ["Chayes, Abram Joseph"]
    assert holders[0]["start"] == "1961-02-06"


def test_document_persons_contract(resolved) -> None:
    _, store = resolved
    variables, table = rows(run_query(store, query_text("document-persons")))
    assert variables == ["volume", "number", "role", "name", "person", "hsg_id"]
    roles = {row[2] for row in table}
    assert roles <= {"sender", "recipient", "drafter", "clearer", "approver", "signer", "participant",
                     "mentioned"}
    assert {"sender", "recipient", "drafter", "clearer", "approver", "signer", "participant",
            "mentioned"} <= roles
    d112 = {(row[2], row[3], row[5]) for row in table if row[:2] == ["frus1961-63v12", "112"]}
    assert ("drafter", "Edward A. Jamison", index_id(d112, "Edward A. Jamison")) in d112
    assert ("signer", "Bowles", "101633") in d112


def index_id(rows_: set[tuple[str, str, str]], name: str) -> str:
    return next(h for _, n, h in rows_ if n == name)


def test_documents_concerning_the_bay_of_pigs(resolved) -> None:
    _, store = resolved
    found = {(r["volume"], r["number"], r["where"]) for r in _table(store, "documents-about-event")}
    # v12 d10 footnote 3: "Reference is to the attempted Bay of Pigs invasion".
    assert ("frus1961-63v12", "10", "3") in found
    assert all(volume == "frus1961-63v12" for volume, _, _ in found)


def test_seed_page_text_concerns_the_bay_of_pigs(tmp_path: Path) -> None:
    from frus_kg.convert import convert_text

    summary = import_authorities(AUTH / "people", AUTH / "pocom", AUTH / "milestones", tmp_path / "auth")
    index = AuthorityIndex.load(Path(summary["outputs"]["index"]))
    result = convert_text(FIXTURES / "text" / "frus1961-63v10_d171.txt", tmp_path / "out", "frus1961-63v10",
                          index=index)
    text = Path(result.outputs[0]).read_text(encoding="utf-8")
    # Footnote 2: "… relating to the Bay of Pigs operation."
    assert "event/1961-1968-bay-of-pigs" in text
