"""queries/document-summary.rq on the converted sample corpus, checked against truth/.

truth/ (copied from the shared corpus) records what each document's TEI markup says.
Every sample document is checked; where truth has no field (e.g. classification), the
expectation is read from the source note text with an independent pattern.
"""

from __future__ import annotations

import json
import re

import pytest

from frus_kg.query import query_text, rows, run_query

from .conftest import FIXTURES

TRUTH = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "truth").glob("*.json"))}
VARIABLES = ["doc", "volume", "number", "title", "type", "sender", "recipient", "date", "place",
             "classification", "file", "drafter", "signer"]
CLASSIFICATION = re.compile(
    r"\.\s+(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified|"
    r"No classification marking)\b")
DECIMAL_FILE = re.compile(r"Central Files, (\d{3}\.\d+[^\s,;]*?/\d{1,2}-\d{3,4})[.,;]")


def _squash(text: str) -> str:
    return re.sub(r"[\s,]+", "", text)


@pytest.fixture(scope="module")
def summary(sample_store) -> dict[str, dict[str, str]]:
    variables, table = rows(run_query(sample_store, query_text("document-summary")))
    assert variables == VARIABLES
    by_key = {}
    for row in table:
        record = dict(zip(variables, row))
        key = f"{record['volume']}_{record['doc'].rsplit('/', 1)[-1]}"
        assert key not in by_key, f"two rows for {key}"
        by_key[key] = record
    return by_key


def test_one_row_per_document(summary) -> None:
    assert sorted(summary) == sorted(TRUTH)


@pytest.mark.parametrize("key", sorted(TRUTH))
def test_fields_match_the_markup(summary, key: str) -> None:
    truth, row = TRUTH[key], summary[key]
    assert row["number"] == truth["number"]
    assert row["title"] == truth["title"]
    assert sorted(filter(None, row["sender"].split(" | "))) == sorted(a["text"] for a in truth["from"])
    assert sorted(filter(None, row["recipient"].split(" | "))) == sorted(a["text"] for a in truth["to"])
    _check_date(truth, row)
    if truth["place"]:
        assert _squash(row["place"]) == _squash(truth["place"])
    else:
        assert row["place"] == ""
    _check_source_note(truth, row)
    signers = [s for s in row["signer"].split(" | ") if s]
    truth_signers = [s["text"] for s in truth["signers"]]
    assert set(signers) <= set(truth_signers)
    assert bool(signers) == bool(truth_signers)


def _check_date(truth: dict, row: dict) -> None:
    if truth["date"] and len(truth["date"]) >= 10:
        assert row["date"] == truth["date"][:10]
    elif truth["doc_datetime_min"] and truth["doc_datetime_min"][:10] == (truth["doc_datetime_max"] or "")[:10]:
        assert row["date"] == truth["doc_datetime_min"][:10]
    else:
        # No day in the markup: a date inferred from a file number is not the document's date.
        assert row["date"] == ""


def _check_source_note(truth: dict, row: dict) -> None:
    note = truth["source_note"] or ""
    m = CLASSIFICATION.search(note)
    assert row["classification"] == (m.group(1) if m else ""), note
    location = note.split(". ")[0] + "."  # the first sentence says where the source is
    for file in DECIMAL_FILE.findall(location):
        assert file in row["file"].split(" | "), (file, row["file"])
    drafted = note.find("Drafted by")
    if drafted >= 0:
        clause_end = min([i for i in (note.find(w, drafted) for w in ("cleared", "approved", "Repeated"))
                          if i > 0] or [len(note)])
        assert row["drafter"], note
        for name in row["drafter"].split(" | "):
            assert name in note[drafted:clause_end], (name, note[drafted:clause_end])
    else:
        assert row["drafter"] == ""
