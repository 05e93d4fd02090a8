"""Page text on the command line: convert with --volume/--document, and evaluate."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, URIRef

from frus_kg.cli import main
from frus_kg.store import graph_counts, open_store

from .conftest import FIXTURES, SAMPLE

TEXT = FIXTURES / "text"
SEED = TEXT / "frus1961-63v10_d171.txt"
FRUS = "https://w3id.org/frus-kg/ontology#"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_seed_converts_to_its_own_graph_and_file(tmp_path: Path) -> None:
    result = invoke("convert", SEED, "--volume", "frus1961-63v10", "-o", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "frus1961-63v10_d171.provenance.ttl", "frus1961-63v10_d171.ttl"]
    graph = Graph().parse(tmp_path / "frus1961-63v10_d171.ttl", format="turtle")
    doc = URIRef("https://w3id.org/frus-kg/id/document/frus1961-63v10/d171")
    assert (doc, URIRef(FRUS + "documentNumber"), None) in graph
    assert invoke("validate", tmp_path).exit_code == 0


def test_documents_of_one_volume_load_side_by_side(tmp_path: Path) -> None:
    dumps, store_dir = tmp_path / "dumps", tmp_path / "store"
    texts = [TEXT / "frus1961-63v12_d111.txt", TEXT / "frus1961-63v12_d112.txt"]
    for text in texts:
        assert invoke("convert", text, "--volume", "frus1961-63v12", "-o", dumps).exit_code == 0
        assert invoke("load", dumps, "--store", store_dir).exit_code == 0
    counts = graph_counts(open_store(store_dir))
    doc_graphs = [g for g in counts if g.endswith(("/d111", "/d112"))]
    assert len(doc_graphs) == 2 and all(counts[g] > 50 for g in doc_graphs)


def test_document_option_numbers_a_headless_page(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "File No. 861.00/2871\n\nThe Chargé in Russia (Butler Wright) to the Secretary of State\n\n"
        "[Telegram]\n\nPetrograd, March 20, 1917.\n\nThe Provisional Government has been formed.\n\n"
        "Wright\n", encoding="utf-8")
    result = invoke("convert", page, "--volume", "frus1918Russiav01", "--document", "12", "-o", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "frus1918Russiav01_d12.ttl").exists()


def test_text_needs_a_volume(tmp_path: Path) -> None:
    result = invoke("convert", SEED, "-o", tmp_path)
    assert result.exit_code == 2 and "--volume" in result.stderr


def test_not_frus_text_is_a_clear_error(tmp_path: Path) -> None:
    for name, content in {"empty.txt": "", "list.txt": "milk\neggs\nbread\n"}.items():
        bad = tmp_path / name
        bad.write_text(content, encoding="utf-8")
        result = invoke("convert", bad, "--volume", "frus1961-63v10", "-o", tmp_path / "out")
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {bad}:"), result.stderr
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_evaluate_scores_the_text_path(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    result = invoke("evaluate", "--tei", SAMPLE, "--text", TEXT, "--json", "-o", report)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 86 and scores["unmatched"] == ["frus1961-63v10/d171"]
    fields = scores["fields"]
    core = ["number", "title", "sender", "recipient", "classification", "file", "drafter", "signer"]
    assert sum(fields[f]["f1"] for f in core) / len(core) >= 0.95
    assert fields["date"]["fp"] == 0  # no wrong date, ever
    assert "inferred date" in report.read_text(encoding="utf-8")
