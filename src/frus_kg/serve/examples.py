"""The example queries of the SPARQL form: every ``queries/*.rq`` with its header."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..resources import queries_dir


@dataclass(frozen=True, slots=True)
class Example:
    name: str        # file name without .rq
    title: str
    question: str
    text: str


def _header_field(text: str, name: str) -> str:
    """A '# Name:' header field, continuation lines ('#   …') joined."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(rf"#\s*{name}:\s*(.*)$", line)
        if m:
            parts = [m.group(1).strip()]
            for follow in lines[i + 1:]:
                c = re.match(r"#\s{2,}(\S.*)$", follow)
                if not c or re.match(r"#\s*\w+:", follow):
                    break
                parts.append(c.group(1).strip())
            return " ".join(p for p in parts if p)
    return ""


def parse_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    title = _header_field(text, "Title")
    question = _header_field(text, "Question")
    if not title:  # an older header: its first comment line says what the query is
        first = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), "")
        title = first.split(":")[0] if first else path.stem.replace("-", " ").capitalize()
        question = question or first
    return Example(path.stem, title, question, text)


@lru_cache(maxsize=1)
def examples(folder: Path | None = None) -> tuple[Example, ...]:
    folder = folder or queries_dir()
    return tuple(parse_example(p) for p in sorted(folder.glob("*.rq")))
