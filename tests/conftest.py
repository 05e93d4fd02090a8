"""Shared fixtures: paths, and the sample corpus converted and loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from frus_kg.convert import convert_tei
from frus_kg.store import load_dump, open_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_dumps(tmp_path_factory) -> list[Path]:
    """The bundled sample volumes converted to Turtle (plus provenance dumps)."""
    out = tmp_path_factory.mktemp("dumps")
    files: list[Path] = []
    for tei in sorted(SAMPLE.glob("*.xml")):
        files += [Path(p) for p in convert_tei(tei, out, "ttl").outputs]
    return files


@pytest.fixture(scope="session")
def sample_store(sample_dumps, tmp_path_factory):
    """An embedded store holding the whole sample corpus."""
    store = open_store(tmp_path_factory.mktemp("store"))
    for dump in sample_dumps:
        load_dump(store, dump)
    return store
