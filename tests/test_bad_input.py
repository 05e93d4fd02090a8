"""Bad input: a clear one-line error naming the file, non-zero exit, no dump left behind."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from frus_kg.cli import main

from .conftest import FIXTURES

BAD_INPUTS = {
    "malformed.xml": '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frusX">'
                     '<text><body><div type="document" xml:id="d1" n="1"><head>1. Telegram</head>'
                     "<p>unclosed</body></text></TEI>",
    "not-tei.xml": '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>news</title></channel></rss>',
    "empty.xml": "",
    "bomb.xml": '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
                '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frusX"><text><body>'
                '<div type="document" xml:id="d1" n="1"><head>1. &lol3;</head></div></body></text></TEI>',
    "external.xml": '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY ext SYSTEM "http://127.0.0.1:9/secret">]>\n'
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frusX"><text><body>'
                    '<div type="document" xml:id="d1" n="1"><head>1. &ext;</head></div></body></text></TEI>',
    "no-documents.xml": '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frusX">'
                        "<teiHeader/><text><body><p>nothing</p></body></text></TEI>",
}

EXPECTED_PROBLEM = {
    "malformed.xml": "malformed XML",
    "not-tei.xml": "not a TEI document",
    "empty.xml": "empty file",
    "bomb.xml": "declares",
    "external.xml": "declares",
    "no-documents.xml": "no document divs",
}


@pytest.fixture()
def no_network(monkeypatch):
    """Fail the test if anything tries to open a socket."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_error_and_no_dump(name: str, tmp_path: Path, no_network) -> None:
    bad = tmp_path / name
    bad.write_text(BAD_INPUTS[name], encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(bad), "-o", str(out)])
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert str(bad) in errors[0] and EXPECTED_PROBLEM[name] in errors[0], errors[0]
    assert not out.exists() or not any(out.iterdir()), list(out.iterdir())


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xml"
    result = CliRunner().invoke(main, ["convert", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert f"error: {missing}: no such file or directory" in result.stderr


def test_good_volumes_still_convert_beside_a_bad_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    good = FIXTURES / "golden" / "frus1901.xml"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(good), str(bad), "-o", str(out), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert [v["volume"] for v in summary["volumes"]] == ["frus1901"]
    assert summary["errors"][0]["file"] == str(bad)
    assert sorted(p.name for p in out.iterdir()) == ["frus1901.provenance.ttl", "frus1901.ttl"]


def test_odd_document_is_recorded_not_fatal(tmp_path: Path) -> None:
    tei = tmp_path / "odd.xml"
    tei.write_text(
        '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v99">'
        "<teiHeader/><text><body>"
        '<div type="document" xml:id="d1" n="1"><p>No head at all.</p></div>'
        '<div type="document" xml:id="d2" n="2"><head>2. Telegram From the <gloss type="from">'
        'Embassy in Peru</gloss> to the <gloss type="to">Department of State</gloss></head>'
        '<dateline><placeName>Lima</placeName>, <date when="not-a-date">sometime</date></dateline>'
        "<p>12. Text.</p></div></body></text></TEI>", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(tei), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    volume = json.loads(result.stdout)["volumes"][0]
    assert volume["documents"] == 2
    problems = {p["document"]: p["problem"] for p in volume["problems"]}
    assert "no head" in problems["d1"]
    assert "not-a-date" in problems["d2"]
