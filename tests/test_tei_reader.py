"""The TEI reader against truth/: what each sample document's markup says.

Two deliberate differences from truth/, each checked explicitly:
- participants: italic side labels ("US", "Colombia") head a group; they are not people;
- frus1961-63v12 d1 starts on page 1 (the page break sits just before <body>).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from frus_kg.model import DateSource
from frus_kg.tei import open_volume

from .conftest import FIXTURES, SAMPLE

TRUTH = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "truth").glob("*.json"))}
SIDE_LABELS = {"US", "U.S.", "Colombia", "Brazil"}


@pytest.fixture(scope="module")
def documents():
    docs = {}
    for tei in sorted(SAMPLE.glob("*.xml")):
        reader = open_volume(tei)
        for doc in reader.documents():
            docs[f"{doc.volume_id}_{doc.doc_id}"] = (reader.volume, doc)
    return docs


def test_every_sample_document_is_read(documents) -> None:
    assert sorted(documents) == sorted(TRUTH)
    assert all(not doc.problems for _, doc in documents.values())


@pytest.mark.parametrize("key", sorted(TRUTH))
def test_document_matches_its_markup(documents, key: str) -> None:
    truth, (volume, doc) = TRUTH[key], documents[key]
    assert doc.number == truth["number"] and doc.title == truth["title"]
    expected_pages = ["1", "2"] if key == "frus1961-63v12_d1" else truth["pages"]
    assert doc.pages == expected_pages
    assert set(doc.refs) == set(truth["refs"])
    assert set(doc.person_mentions) == set(truth["persons_mentioned"])
    assert set(doc.term_mentions) == set(truth["terms_used"])
    assert doc.subjects == truth["subject"]
    assert [a.description for a in doc.participants] == [
        p["text"] for p in truth["participants"] if p["text"] not in SIDE_LABELS]
    assert len(doc.footnotes) == truth["footnote_count"]
    assert (doc.source_note.text if doc.source_note else None) == truth["source_note"]
    assert [(a.name, a.local_id) for a in doc.senders] == [(a["text"], a["corresp"]) for a in truth["from"]]
    assert [(a.name, a.local_id) for a in doc.addressees] == [(a["text"], a["corresp"]) for a in truth["to"]]
    for agent in doc.senders + doc.signers + doc.participants:
        assert agent.local_id is None or agent.local_id in volume.persons


@pytest.mark.parametrize("key", sorted(TRUTH))
def test_date_and_its_source(documents, key: str) -> None:
    truth, (_, doc) = TRUTH[key], documents[key]
    if truth["date"]:
        assert doc.date.source is DateSource.DATELINE and doc.date.when == truth["date"]
        assert doc.place == (truth["place"] and doc.place)  # place text checked in the summary test
    elif truth["doc_datetime_min"]:
        assert doc.date.source is DateSource.DOC_DATETIME
        assert (doc.date.earliest, doc.date.latest) == (truth["doc_datetime_min"], truth["doc_datetime_max"])
    elif doc.date is not None:
        assert doc.date.source is DateSource.INFERRED_FROM_FILE
        assert doc.date.inferred_from in truth["source_note"]


def test_lists_of_persons_and_terms(documents) -> None:
    volume = next(v for v, d in documents.values() if v.volume_id == "frus1961-63v12")
    rusk = volume.persons["p_RD3"]
    assert rusk.name == "Rusk, Dean" and rusk.description.startswith("Secretary of State")
    assert volume.terms["t_OAS1"].term == "OAS"
    assert volume.terms["t_OAS1"].expansion == "Organization of American States"
    guat = next(v for v, d in documents.values() if v.volume_id == "frus1952-54Guat")
    # Guatemala's list links real names and pseudonyms both ways.
    assert "p_ARA1" in guat.persons["p_DAARA1"].see_also
    assert "p_DAARA1" in guat.persons["p_ARA1"].see_also


def test_seed_telegram_is_cross_referenced(documents) -> None:
    _, d109 = documents["frus1961-63v12_d109"]
    assert "frus1961-63v10#d171" in d109.refs


def test_source_note_roles_carry_the_persons_list_ids(documents) -> None:
    _, d112 = documents["frus1961-63v12_d112"]
    note = d112.source_note
    assert [(a.name, a.local_id) for a in note.drafters] == [("Edward A. Jamison", "p_JEA1")]
    assert [(a.name, a.local_id) for a in note.clearers] == [("Adolph A. Berle", "p_BAA2"),
                                                             ("Sam Moskowitz", "p_MS4")]
    assert [a.name for a in note.approvers] == ["Wymberley DeR. Coerr"]
    assert note.classification == "confidential"
    assert note.citations[0].file.identifier == "737.00/5-1861"


def test_memory_does_not_grow_with_the_volume(tmp_path: Path) -> None:
    """Reading 10x the documents must not need 10x the memory (documents are released)."""
    source = (SAMPLE / "frus1961-63v12.excerpt.xml").read_text(encoding="utf-8")
    start, end = source.index('<div type="compilation"'), source.index("</body>")
    body = source[start:end]

    def peak(copies: int) -> int:
        path = tmp_path / f"v{copies}.xml"
        chapters = "".join(body.replace('xml:id="', f'xml:id="c{i}') for i in range(copies))
        path.write_text(source[:start] + chapters + source[end:], encoding="utf-8")
        tracemalloc.start()
        count = sum(1 for _ in open_volume(path).documents())
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == 57 * copies
        return top

    assert peak(10) < 2 * peak(1)
