"""The command line as users and our checks call it: convert, validate, load, query, build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS

from frus_kg.cli import main

from .conftest import FIXTURES

GOLDEN = FIXTURES / "golden"


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


@pytest.mark.parametrize("fmt, files", [
    ("ttl", ["frus1901.provenance.ttl", "frus1901.ttl"]),
    ("nt", ["frus1901.nt", "frus1901.provenance.nt"]),
    ("trig", ["frus1901.trig"]),
])
def test_convert_writes_one_dump_per_volume(tmp_path: Path, fmt: str, files: list[str]) -> None:
    run("convert", GOLDEN / "frus1901.xml", "-o", tmp_path, "--format", fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(tmp_path / "frus1901.trig", format="trig")
        names = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert names == {"https://w3id.org/frus-kg/id/graph/frus1901",
                         "https://w3id.org/frus-kg/id/graph/frus1901/provenance"}
    else:
        graph = Graph().parse(tmp_path / files[-1 if fmt == "ttl" else 0],
                              format="turtle" if fmt == "ttl" else "nt")
        assert len(graph) > 100


def test_convert_base_iri_is_configurable(tmp_path: Path) -> None:
    run("convert", GOLDEN / "frus1901.xml", "-o", tmp_path, "--base", "http://example.org/frus/")
    text = (tmp_path / "frus1901.ttl").read_text(encoding="utf-8")
    assert "http://example.org/frus/document/frus1901/d1" in text
    assert "w3id.org/frus-kg/id/" not in text
    bad = run("convert", GOLDEN / "frus1901.xml", "-o", tmp_path, "--base", "not an iri", ok=False)
    assert bad.exit_code == 2 and "base IRI" in bad.stderr


def test_convert_json_summary(tmp_path: Path) -> None:
    result = run("convert", GOLDEN, "-o", tmp_path, "--json")
    summary = json.loads(result.stdout)
    assert {v["volume"] for v in summary["volumes"]} == {
        "frus1901", "frus1952-54Guat", "frus1961-63v12", "frus1969-76v01", "frus1977-80v01"}
    assert all(v["documents"] == 2 and v["triples"] > 0 for v in summary["volumes"])


def test_validate_reports_per_document_and_writes_the_report(tmp_path: Path) -> None:
    run("convert", GOLDEN / "frus1961-63v12.xml", "-o", tmp_path)
    assert json.loads(run("validate", tmp_path, "--json").stdout)["conforms"] is True
    dump = tmp_path / "frus1961-63v12.ttl"
    graph = Graph().parse(dump, format="turtle")
    doc = "https://w3id.org/frus-kg/id/document/frus1961-63v12/d112"
    graph.remove((URIRef(doc), DCTERMS.isPartOf, None))
    graph.serialize(dump, format="turtle")
    report = tmp_path / "report.ttl"
    result = run("validate", dump, "--report", report, ok=False)
    assert result.exit_code == 1
    assert "document frus1961-63v12/d112:" in result.stdout
    shacl = Graph().parse(report, format="turtle")
    assert (None, URIRef("http://www.w3.org/ns/shacl#focusNode"), URIRef(doc)) in shacl
    as_json = json.loads(run("validate", dump, "--json", ok=False).stdout)
    assert as_json["conforms"] is False
    assert {v["document"] for f in as_json["files"] for v in f["violations"]} == {"frus1961-63v12/d112"}


def test_load_replaces_graphs_and_query_formats(tmp_path: Path) -> None:
    dumps, store = tmp_path / "dumps", tmp_path / "store"
    run("convert", GOLDEN / "frus1961-63v12.xml", "-o", dumps, "--format", "trig")
    first = json.loads(run("load", dumps, "--store", store, "--json").stdout)["triples"]
    run("load", dumps, "--store", store)
    count = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (!STRSTARTS(STR(?g), "urn:frus-kg:")) }'
    results = json.loads(run("query", count, "--store", store, "--format", "json").stdout)
    assert results["head"]["vars"] == ["n"]
    assert int(results["results"]["bindings"][0]["n"]["value"]) == first
    csv = run("query", "document-summary", "--store", store, "--format", "csv").stdout.splitlines()
    assert csv[0].split(",")[:4] == ["doc", "volume", "number", "title"] and len(csv) == 3
    table = run("query", "queries/document-summary.rq", "--store", store).stdout
    assert "frus1961-63v12/d112" in table and "Edward A. Jamison" in table
    assert "(2 rows)" in table


def test_query_errors_are_one_line(tmp_path: Path) -> None:
    run("build", GOLDEN / "frus1901.xml", "--store", tmp_path / "s")
    result = run("query", "SELECT WHERE {", "--store", tmp_path / "s", ok=False)
    assert result.exit_code == 2 and result.stderr.startswith("error: SPARQL syntax error")
    missing = run("query", "nope.rq", "--store", tmp_path / "s", ok=False)
    assert "nope.rq: no such query file" in missing.stderr


def test_build_without_input_builds_the_sample(tmp_path: Path) -> None:
    result = run("build", "--store", tmp_path / "store", "--json")
    summary = json.loads(result.stdout)
    assert summary["conforms"] is True
    assert sum(v["documents"] for v in summary["volumes"]) == 86
    assert len(summary["graphs"]) == 10  # five volumes, each with its provenance graph
    assert (tmp_path / "store-dumps" / "frus1961-63v12.trig").exists()


def test_help_teaches_every_command() -> None:
    for command in ("convert", "validate", "load", "query", "build"):
        text = run(command, "--help").stdout
        assert "Usage: main" in text or "Usage:" in text
        assert len(text.splitlines()) > 6


def test_a_killed_load_leaves_no_half_graph(tmp_path: Path) -> None:
    """A graph still marked as loading (the process died) is emptied on the next open."""
    from pyoxigraph import Literal as OxLiteral
    from pyoxigraph import NamedNode, Quad

    from frus_kg.store import graph_counts, load_dump, open_store

    run("convert", GOLDEN / "frus1901.xml", "-o", tmp_path / "d")
    store = open_store(tmp_path / "s")
    load_dump(store, tmp_path / "d" / "frus1901.ttl")
    graph = "https://w3id.org/frus-kg/id/graph/frus1901"
    assert graph_counts(store)[graph] > 100
    # What a load killed between its mark and its completion leaves behind:
    store.add(Quad(NamedNode(graph), NamedNode("https://w3id.org/frus-kg/ontology#loadInProgressFrom"),
                   OxLiteral("frus1901.ttl"), NamedNode("urn:frus-kg:embedded-load-state")))
    del store
    reopened = open_store(tmp_path / "s")
    assert graph not in graph_counts(reopened) and "urn:frus-kg:embedded-load-state" not in graph_counts(reopened)


def test_ask_and_construct_queries(tmp_path: Path) -> None:
    run("build", GOLDEN / "frus1901.xml", "--store", tmp_path / "s")
    ask = run("query", "ASK { ?d a <https://w3id.org/frus-kg/ontology#Document> }", "--store", tmp_path / "s")
    assert ask.stdout.strip() == "true"
    construct = run("query", "CONSTRUCT { ?d a ?t } WHERE { ?d a ?t ; <https://w3id.org/frus-kg/ontology#documentId> "
                    '"d1" }', "--store", tmp_path / "s")
    graph = Graph().parse(data=construct.stdout, format="turtle")
    assert (URIRef("https://w3id.org/frus-kg/id/document/frus1901/d1"), None, None) in graph


def test_gzipped_dumps_validate_and_load(tmp_path: Path) -> None:
    import gzip
    import shutil

    run("convert", GOLDEN / "frus1901.xml", "-o", tmp_path / "d")
    for dump in list((tmp_path / "d").iterdir()):
        with dump.open("rb") as src, gzip.open(f"{dump}.gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
        dump.unlink()
    assert json.loads(run("validate", tmp_path / "d", "--json").stdout)["conforms"] is True
    loaded = json.loads(run("load", tmp_path / "d", "--store", tmp_path / "s", "--json").stdout)
    assert len(loaded["files"]) == 2 and loaded["triples"] > 150
