"""Golden tests: each TEI input beside its expected Turtle, compared as isomorphic graphs.

Regenerate after an intended mapping change with FRUS_KG_UPDATE_GOLDEN=1 and review the
diff of the .ttl files before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from frus_kg.convert import convert_tei

from .conftest import FIXTURES

GOLDEN = FIXTURES / "golden"
INPUTS = sorted(GOLDEN.glob("*.xml"))


def _diff_message(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["graphs differ"]
    lines += [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(only_expected)[:50]]
    lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(only_actual)[:50]]
    return "\n".join(lines)


@pytest.mark.parametrize("tei", INPUTS, ids=[p.stem for p in INPUTS])
def test_volume_converts_to_golden_turtle(tei: Path, tmp_path: Path) -> None:
    result = convert_tei(tei, tmp_path, "ttl")
    actual = Graph().parse(result.outputs[0], format="turtle")
    golden = tei.with_suffix(".ttl")
    if os.environ.get("FRUS_KG_UPDATE_GOLDEN"):
        golden.write_bytes(Path(result.outputs[0]).read_bytes())
    expected = Graph().parse(golden, format="turtle")
    assert to_isomorphic(expected) == to_isomorphic(actual), _diff_message(expected, actual)


def test_every_era_has_two_golden_documents() -> None:
    for tei in INPUTS:
        text = tei.read_text(encoding="utf-8")
        assert text.count('type="document"') >= 2, tei.name
    assert len(INPUTS) >= 5
