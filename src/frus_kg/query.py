"""Running SPARQL queries on the embedded store and printing their results."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store, serialize

from .errors import FrusKgError, UsageError
from .resources import queries_dir
from .vocab import PREFIXES

RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
                  "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}


def query_text(query_or_file: str) -> str:
    """A query given inline, as a file path, or as the name of a file under queries/."""
    if "{" in query_or_file or "\n" in query_or_file:  # inline SPARQL, not a path
        return query_or_file
    for candidate in (Path(query_or_file), queries_dir() / query_or_file,
                      queries_dir() / f"{query_or_file}.rq"):
        if candidate.suffix == ".rq" and candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    if Path(query_or_file).suffix == ".rq":
        raise UsageError(f"{query_or_file}: no such query file")
    return query_or_file


def run_query(store: Store, text: str):
    """Execute over the union of all graphs (each volume is its own named graph)."""
    try:
        return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise UsageError(f"SPARQL syntax error: {exc}") from None
    except (OSError, RuntimeError) as exc:  # e.g. a SERVICE call that fails
        raise FrusKgError(f"query failed: {exc}") from None


def rows(results: QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """Variables and rows of plain strings (empty string for unbound)."""
    variables = [v.value for v in results.variables]
    table = [[("" if sol[v] is None else sol[v].value) for v in variables] for sol in results]
    return variables, table


def write_results(results, fmt: str, out: BinaryIO) -> None:
    """Results to a binary stream: a table for people, or a SPARQL results format (or
    Turtle for CONSTRUCT/DESCRIBE) streamed for programs."""
    try:
        if isinstance(results, QueryBoolean):
            out.write(b"true\n" if bool(results) else b"false\n")
        elif not isinstance(results, QuerySolutions):  # CONSTRUCT / DESCRIBE
            serialize(results, out, RdfFormat.TURTLE, prefixes=PREFIXES)
        elif fmt in RESULT_FORMATS:
            results.serialize(out, RESULT_FORMATS[fmt])
        else:
            variables, table = rows(results)  # a table needs every row to size its columns
            out.write((format_table(variables, table) + "\n").encode())
    except BrokenPipeError:
        raise  # the reader went away (e.g. `| head`): not a query failure
    except (OSError, RuntimeError) as exc:  # evaluation errors surface while streaming
        raise FrusKgError(f"query failed: {exc}") from None


def format_table(variables: list[str], table: list[list[str]], width: int = 60) -> str:
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in table]
    widths = [max([len(v), *(len(r[i]) for r in cut)]) for i, v in enumerate(variables)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(variables), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cut]
    out.append(f"({len(table)} row{'s' if len(table) != 1 else ''})")
    return "\n".join(out)
