"""Where the project's data files live: shapes, ontology, queries and the sample data."""

from __future__ import annotations

from pathlib import Path

# The package runs from a checkout (editable install); the repository root holds the
# shapes, ontology, queries and sample data that users also read directly.
ROOT = Path(__file__).resolve().parents[2]


def shapes_path() -> Path:
    return ROOT / "shapes" / "frus-shapes.ttl"


def queries_dir() -> Path:
    return ROOT / "queries"


def sample_dir() -> Path:
    return ROOT / "data" / "sample"
