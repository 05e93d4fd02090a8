"""The benchmark's corpus builder (bench/corpus.py) on a few dozen documents.

Checks what the benchmark relies on: replicated volumes are renumbered consistently
(unique ids, references rewritten to the same repetition or to the real source volume),
they convert, and each has the documents it was asked for.  Also checks that per-file
validation (frus-kg validate) reports what one plain pyshacl run over the union of the
dumps reports, on a deliberately broken dump.  No timings are asserted here.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from lxml import etree

from frus_kg.convert import convert_tei

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_DOC_TARGET = re.compile(r"^#(?P<doc>d(?P<n>\d+)[A-Za-z]?)(?:fn\w+)?$")


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(BENCH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


corpus = _module("corpus")


def _documents(tree) -> list:
    return [d for d in tree.iter(f"{TEI}div") if d.get("type") == "document"]


def _check_volume(vol, template_docs: int) -> tuple[int, int]:
    """Renumbering invariants of one volume; returns (internal refs, refs to the source volume)."""
    tree = etree.parse(vol.path)
    root = tree.getroot()
    assert root.get(XML_ID) == vol.volume_id
    docs = _documents(tree)
    assert len(docs) == vol.documents
    assert [d.get(XML_ID) for d in docs] == [f"d{i}" for i in range(1, vol.documents + 1)]
    assert [d.get("n") for d in docs] == [str(i) for i in range(1, vol.documents + 1)]
    ids = [el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)]
    assert len(ids) == len(set(ids)), "duplicate xml:id"
    known = set(ids)
    internal = external = 0
    for doc in docs:
        number = int(doc.get("n"))
        rep = (number - 1) // template_docs
        for ref in doc.iter(f"{TEI}ref"):
            for target in (ref.get("target") or "").split():
                if target.startswith("#"):
                    m = _DOC_TARGET.match(target)
                    if m:  # a document or footnote of this volume: exists, in the same repetition
                        internal += 1
                        assert target[1:] in known or m["doc"] in known, target
                        assert (int(m["n"]) - 1) // template_docs == rep, (vol.volume_id, number, target)
                elif target.startswith(vol.source_volume + "#"):
                    external += 1  # a document the copy does not hold: the real volume's
    return internal, external


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> list:
    return corpus.build_corpus(tmp_path_factory.mktemp("bench-tei"), documents=50, per_volume=10)


def test_corpus_has_the_documents_asked_for(small_corpus) -> None:
    assert len(small_corpus) == 5
    assert sum(v.documents for v in small_corpus) == 50
    assert len({v.volume_id for v in small_corpus}) == 5
    assert all(re.match(r"^frus-bench-\d{2}$", v.volume_id) for v in small_corpus)


def test_renumbering_is_consistent(small_corpus, tmp_path) -> None:
    templates = {p.name: len(corpus.load_template(p).doc_ids) for p in corpus.default_sources()}
    # and volumes longer than their excerpt: several repetitions, the last one cut short
    repeated = corpus.build_corpus(tmp_path / "repeated", documents=60, per_volume=60,
                                   sources=[s for s in corpus.default_sources() if "1961-63v12" in s.name])
    internal = external = 0
    for vol in [*small_corpus, *repeated]:
        i, e = _check_volume(vol, templates[vol.source])
        internal += i
        external += e
    assert internal > 0, "no reference inside a volume was checked"
    assert external > 0, "no reference was redirected to its source volume"


def test_volumes_convert_with_their_document_counts(small_corpus, tmp_path) -> None:
    for vol in small_corpus:
        result = convert_tei(Path(vol.path), tmp_path, "nt")
        assert result.volume_id == vol.volume_id
        assert result.documents == vol.documents
        dump = tmp_path / f"{vol.volume_id}.nt"
        typed = {line.split(" ", 1)[0] for line in dump.read_text(encoding="utf-8").splitlines()
                 if " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/frus-kg/ontology#Document> " in line}
        assert len(typed) == vol.documents


def test_per_file_validation_matches_one_whole_graph_pyshacl_run(small_corpus, tmp_path) -> None:
    """The benchmark's equivalence check, small: same focus nodes, paths and messages."""
    from pyshacl import validate
    from rdflib import Graph

    from frus_kg.resources import shapes_path
    from frus_kg.validate import merged_report, validate_files

    run = _module("run")
    dumps = tmp_path / "dumps"
    for vol in small_corpus[:2]:
        convert_tei(Path(vol.path), dumps, "nt")
    victim = dumps / f"{small_corpus[0].volume_id}.nt"
    broken = tmp_path / "broken.nt"
    breaks = run.break_dump(victim, broken)
    assert len(breaks) >= 2
    broken.replace(victim)
    files = sorted(dumps.glob("*.nt"))

    reports = list(validate_files(files))
    assert not all(r.conforms for r in reports)
    ours = run.result_signatures(merged_report(reports))

    union = Graph()
    for f in files:
        union.parse(str(f), format="nt")
    conforms, whole, _ = validate(union, shacl_graph=Graph().parse(str(shapes_path()), format="turtle"))
    assert not conforms
    assert ours == run.result_signatures(whole)
    focus = {s[0].strip("<>") for s in ours}
    assert {b["subject"] for b in breaks} <= focus
