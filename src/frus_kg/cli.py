"""The ``frus-kg`` command line: convert, validate, load, query, build.

Every command prints a summary a person can read, or JSON with ``--json``; errors are
one line naming the file (and document) and the problem, with a non-zero exit status.
Progress bars appear only on a terminal.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click
from tqdm import tqdm

from . import __version__
from .convert import (ConvertResult, convert_many, convert_text, expand_inputs, load_index,
                      read_text_file)
from .errors import FrusKgError, InputError, UsageError
from .iris import VOLUME_ID, Iris
from .resources import sample_dir
from .store import graph_counts, load_dump, open_store
from .validate import FileReport, merged_report, validate_files
from .vocab import DEFAULT_BASE
from .write import dump_files

AUTHORITIES = click.option(
    "--authorities", "index", type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Authority index (authority-index.json.gz from 'frus-kg authorities import'): "
         "persons resolve to one identity across volumes.")
JOBS = click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                    show_default="number of CPUs", help="Volumes converted in parallel.")


def _progress(iterable, total: int, desc: str):
    return tqdm(iterable, total=total, desc=desc, unit="file", disable=not sys.stderr.isatty(),
                leave=False)


def _emit(as_json: bool, payload: dict, text: str) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False) if as_json else text)


def _fail(as_json: bool, errors: list[FrusKgError]) -> None:
    for err in errors:
        if as_json:
            click.echo(json.dumps(err.as_dict(), ensure_ascii=False), err=True)
        else:
            click.echo(f"error: {err}", err=True)


def reports_errors(func: Callable) -> Callable:
    """Turn a FrusKgError into one line on stderr and the error's exit status."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except FrusKgError as err:
            _fail(kwargs.get("as_json", False), [err])
            status = err.exit_status
        except OSError as exc:  # a file or folder the system refused (exists, permission …)
            where = exc.filename or "frus-kg"
            _fail(kwargs.get("as_json", False), [InputError(str(where), exc.strerror or str(exc))])
            status = 1
        # Exit outside the handler: the error's traceback would keep the store (and its
        # lock) alive for as long as anyone holds the exit exception.
        sys.exit(status)

    return wrapper


def _iris(base: str) -> Iris:
    try:
        return Iris(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frus-kg")
def main() -> None:
    """FRUS documents as a validated RDF knowledge graph.

    \b
    Typical run:
      frus-kg convert volumes/ -o dumps/          TEI volumes -> one dump per volume
      frus-kg validate dumps/                     SHACL check, per document
      frus-kg load dumps/ --store store/          into the embedded Oxigraph store
      frus-kg query document-summary --store store/
    or all of it at once:  frus-kg build volumes/ --store store/
    """


# --- convert --------------------------------------------------------------------------


def _convert_all(inputs: list[Path], outdir: Path, fmt: str, iris: Iris, jobs: int,
                 volume: str | None = None, document: str | None = None, index: Path | None = None
                 ) -> tuple[list[ConvertResult], list[FrusKgError]]:
    """Convert TEI volumes (in parallel) and page-text documents; collect results and errors."""
    results: list[ConvertResult] = []
    errors: list[FrusKgError] = []
    if not inputs:
        raise UsageError("no TEI (.xml) or page-text (.txt) files found in the inputs given")
    volumes = [p for p in inputs if p.suffix != ".txt"]
    texts = [p for p in inputs if p.suffix == ".txt"]
    if texts and not volume:
        raise UsageError("page text does not name its volume: give --volume (e.g. frus1961-63v10)")
    if volume and not VOLUME_ID.match(volume):
        raise UsageError(f"{volume!r} is not a FRUS volume id (like frus1961-63v10)")
    if document and len(texts) != 1:
        raise UsageError("--document names the document of one text file; give exactly one")
    for outcome in _progress(convert_many(volumes, outdir, fmt, iris, jobs, index), len(volumes),
                             "converting"):
        (errors if isinstance(outcome, FrusKgError) else results).append(outcome)
    for path in _progress(texts, len(texts), "converting text"):
        try:
            results.append(convert_text(path, outdir, volume, document, fmt, iris, load_index(index)))
        except FrusKgError as err:
            errors.append(err)
    return results, errors


def _convert_summary(results: list[ConvertResult], seconds: float) -> str:
    lines = []
    for r in results:
        lines.append(f"{r.input}: {r.documents} document(s), {r.triples} triples -> {', '.join(r.outputs)}")
        lines += [f"  note: {r.volume_id} {p.document}: {p.message}" for p in r.problems]
    docs = sum(r.documents for r in results)
    triples = sum(r.triples for r in results)
    rate = docs / seconds if seconds else 0
    lines.append(f"converted {len(results)} volume(s), {docs} documents, {triples} triples "
                 f"in {seconds:.2f}s ({rate:.0f} documents/s)")
    return "\n".join(lines)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              help="Folder for the dumps: OUTDIR/<volume-id>.<ext>.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig"]), default="ttl",
              show_default=True, help="Dump format. ttl/nt also write <volume-id>.provenance.<ext>.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of every IRI minted.")
@click.option("--volume", help="Volume id of page-text inputs (.txt), e.g. frus1961-63v10.")
@click.option("--document", help="Document number of a single page-text input, when its heading has none.")
@AUTHORITIES
@JOBS
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def convert(inputs: tuple[str, ...], outdir: Path, fmt: str, base: str, volume: str | None,
            document: str | None, index: Path | None, jobs: int, as_json: bool) -> None:
    """Convert FRUS TEI volumes (.xml) or document page text (.txt) into RDF dumps.

    \b
    TEI: each volume becomes one named graph, OUTDIR/<volume-id>.<ext>.
    Page text (as copied from history.state.gov): each document becomes a graph of
    its own, OUTDIR/<volume-id>_d<N>.<ext>; --volume is required, and --document
    when the heading has no number (1910s-1940s pages).

    A document the reader finds odd still becomes a record with what it has, and
    the summary notes the problem.  A file that cannot be read (missing, empty,
    malformed, not TEI or not FRUS text, declaring entities) is reported and
    skipped; the exit status is then 1 and no dump of it exists.
    """
    iris = _iris(base)
    started = time.perf_counter()
    results, errors = _convert_all(expand_inputs(inputs, (".xml", ".txt")), outdir, fmt, iris, jobs,
                                   volume, document, index)
    seconds = time.perf_counter() - started
    _emit(as_json, {"volumes": [r.as_dict() for r in results], "errors": [e.as_dict() for e in errors],
                    "seconds": round(seconds, 3)}, _convert_summary(results, seconds))
    if errors:
        _fail(as_json, errors)
        sys.exit(1)


# --- validate -------------------------------------------------------------------------


def _validate(files: list[Path], report: Path | None) -> tuple[list[FileReport], float]:
    started = time.perf_counter()
    reports = list(_progress(validate_files(files), len(files), "validating"))
    seconds = time.perf_counter() - started
    if report is not None:
        from .write import atomic_path

        with atomic_path(report) as tmp:
            merged_report(reports).serialize(destination=str(tmp), format="turtle")
    return reports, seconds


def _validate_summary(reports: list[FileReport], seconds: float) -> str:
    lines = []
    for r in reports:
        status = "conforms" if r.conforms else f"{len(r.violations)} problem(s)"
        lines.append(f"{r.file}: {r.triples} triples, {status}")
        lines += [f"  {v.sentence()}" for v in r.violations]
    triples = sum(r.triples for r in reports)
    bad = sum(not r.conforms for r in reports)
    verdict = "all conform" if not bad else f"{bad} file(s) do not conform"
    lines.append(f"validated {len(reports)} file(s), {triples} triples in {seconds:.2f}s: {verdict}")
    return "\n".join(lines)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--report", type=click.Path(path_type=Path), help="Write the SHACL report graph (Turtle).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@reports_errors
def validate(paths: tuple[str, ...], report: Path | None, as_json: bool) -> None:
    """Check dumps (files or folders) against the SHACL shapes in shapes/.

    Problems are listed per document in plain words.  Exit status 0 only when
    every file conforms.
    """
    reports, seconds = _validate(dump_files(paths), report)
    _emit(as_json, {"conforms": all(r.conforms for r in reports), "files": [r.as_dict() for r in reports],
                    "seconds": round(seconds, 3)}, _validate_summary(reports, seconds))
    if not all(r.conforms for r in reports):
        sys.exit(1)


# --- load -----------------------------------------------------------------------------


def _load(files: list[Path], store_dir: Path) -> tuple[list[dict], float, dict[str, int]]:
    """Load dumps; returns what each file held, the seconds taken and the store's graphs."""
    store = open_store(store_dir)
    started = time.perf_counter()
    loaded = [load_dump(store, f).as_dict() for f in _progress(files, len(files), "loading")]
    return loaded, time.perf_counter() - started, graph_counts(store)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Folder of the embedded Oxigraph store (created if missing).")
@click.option("--endpoint", metavar="QUERY_URL",
              help="Load into a remote SPARQL 1.1 store instead: its query endpoint "
                   "(Oxigraph http://HOST:7878/query, Fuseki http://HOST:3030/DS/sparql).")
@click.option("--gsp", metavar="GSP_URL",
              help="Its Graph Store Protocol endpoint (Oxigraph /store, Fuseki /DS/data): "
                   "the data go this way when given (faster).")
@click.option("--update", metavar="UPDATE_URL",
              help="Its SPARQL Update endpoint (Oxigraph /update, Fuseki /DS/update).")
@click.option("--user", help="HTTP Basic user name for the remote store.")
@click.option("--password", envvar="FRUS_KG_PASSWORD", help="HTTP Basic password (or set FRUS_KG_PASSWORD).")
@click.option("--chunk-triples", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Triples per request to the remote store.")
@click.option("--staging", is_flag=True,
              help="Load each graph beside itself and MOVE it into place, so it is never seen "
                   "half-loaded (needs --update; several times slower).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def load(paths: tuple[str, ...], store_dir: Path | None, endpoint: str | None, gsp: str | None,
         update: str | None, user: str | None, password: str | None, chunk_triples: int,
         staging: bool, as_json: bool) -> None:
    """Load dumps into the embedded store (--store) or a remote SPARQL store (--endpoint).

    Reloading a volume never duplicates it: its named graph is replaced whole
    (in the embedded store, atomically).

    \b
    Remote stores get each graph through the Graph Store Protocol (--gsp) or SPARQL
    Update (--update), in chunks, with retries; each graph's triples are counted
    after loading.  An interrupted load is finished by running the same command
    again: graphs already loaded with the same content are skipped.
      frus-kg load dumps/ --endpoint http://localhost:7878/query \\
          --gsp http://localhost:7878/store --update http://localhost:7878/update
    """
    if (store_dir is None) == (endpoint is None):
        raise UsageError("give --store (the embedded store) or --endpoint (a remote store)")
    if store_dir is not None and (gsp or update or user or staging):
        raise UsageError("--gsp, --update, --user and --staging go with --endpoint")
    if user is not None and password is None:
        raise UsageError("--user needs --password (or FRUS_KG_PASSWORD)")
    files = dump_files(paths)
    if endpoint is not None:
        from .remote import load_remote, summary

        started = time.perf_counter()
        with tqdm(desc="loading", unit="graph", disable=not sys.stderr.isatty(), leave=False) as bar:
            results = load_remote(files, endpoint, gsp, update, (user, password) if user else None,
                                  chunk_triples, staging=staging, on_progress=lambda _: bar.update())
        seconds = time.perf_counter() - started
        _emit(as_json, {"graphs": results, "triples": sum(r["triples"] for r in results if not r["skipped"]),
                        "seconds": round(seconds, 3)}, summary(results, seconds))
        return
    loaded, seconds, _ = _load(files, store_dir)
    triples = sum(x["triples"] for x in loaded)
    text = "\n".join([f"{x['file']}: " + ("unchanged, already loaded" if x.get("skipped") else
                            f"{x['triples']} triples into {', '.join(x['graphs'])}") for x in loaded]
                     + [f"loaded {triples} triples from {len(loaded)} file(s) in {seconds:.2f}s"])
    _emit(as_json, {"files": loaded, "triples": triples, "seconds": round(seconds, 3)}, text)


# --- query ----------------------------------------------------------------------------


@main.command()
@click.argument("query_or_file")
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
              default="table", show_default=True,
              help="json is the SPARQL 1.1 Query Results JSON format.")
@reports_errors
def query(query_or_file: str, store_dir: Path, fmt: str) -> None:
    """Run a SPARQL query: inline text, a .rq file, or a name from queries/.

    \b
    Examples:
      frus-kg query document-summary --store store/
      frus-kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --store store/ --format csv
    The default graph is the union of all loaded graphs.
    """
    from .query import query_text, run_query, write_results

    store = open_store(store_dir)
    out = sys.stdout.buffer
    try:
        write_results(run_query(store, query_text(query_or_file)), fmt, out)
        out.flush()
    except BrokenPipeError:  # `frus-kg query … | head`: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# --- build ----------------------------------------------------------------------------


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path),
              help="Folder for the dumps (default: STORE-dumps beside the store).")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig"]), default="trig", show_default=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of every IRI minted.")
@click.option("--authorities", "authorities", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Authority data folder (people/, pocom/, optionally milestones/ and "
                   "tags/taxonomy/taxonomy.xml): imported, loaded, and used to resolve persons.")
@JOBS
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def build(inputs: tuple[str, ...], store_dir: Path, outdir: Path | None, fmt: str, base: str,
          authorities: Path | None, jobs: int, as_json: bool) -> None:
    """Convert, validate and load in one go; with no INPUT, the sample data in data/.

    Nothing is loaded unless every dump conforms to the shapes.
    """
    iris = _iris(base)
    sources = expand_inputs(inputs or [sample_dir()])
    outdir = outdir or store_dir.with_name(store_dir.name + "-dumps")
    started = time.perf_counter()
    index, authority_files = None, []
    if authorities is not None:
        summary = _import_authorities(authorities, outdir, fmt, iris)
        index = Path(summary["outputs"]["index"])
        authority_files = [Path(v) for k, v in summary["outputs"].items() if k != "index"]
    results, errors = _convert_all(sources, outdir, fmt, iris, jobs, index=index)
    if errors:
        _fail(as_json, errors)
        sys.exit(1)
    files = [Path(o) for r in results for o in r.outputs] + authority_files
    reports, _ = _validate(files, None)
    if not all(r.conforms for r in reports):
        click.echo(_validate_summary(reports, 0), err=True)
        _fail(as_json, [FrusKgError("validation failed: nothing was loaded")])
        sys.exit(1)
    loaded, _, counts = _load(files, store_dir)
    seconds = time.perf_counter() - started
    docs = sum(r.documents for r in results)
    triples = sum(r.triples for r in results)
    text = "\n".join([
        *(f"{r.volume_id}: {r.documents} documents, {r.triples} triples" for r in results),
        f"built {len(results)} volume(s), {docs} documents, {triples} triples; all conform to the shapes",
        f"store {store_dir}: {len(counts)} graphs, {sum(counts.values())} triples; dumps in {outdir}",
        f"done in {seconds:.2f}s. Try: frus-kg query document-summary --store {store_dir}",
    ])
    _emit(as_json, {"volumes": [r.as_dict() for r in results], "conforms": True, "loaded": loaded,
                    "store": str(store_dir), "graphs": counts, "seconds": round(seconds, 3)}, text)


# --- evaluate -------------------------------------------------------------------------


@main.command()
@click.option("--tei", "tei", multiple=True, required=True, help="TEI volume file or folder (repeatable).")
@click.option("--text", "text", multiple=True, required=True,
              help="Page-text file or folder (repeatable); files named <volume-id>_d<N>.txt.")
@click.option("--volume", help="Volume id for text files whose names do not carry one.")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), help="Also write the report here.")
@AUTHORITIES
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@reports_errors
def evaluate(tei: tuple[str, ...], text: tuple[str, ...], volume: str | None, output: Path | None,
             index: Path | None, as_json: bool) -> None:
    """Score the page-text reader against the TEI reader on the same documents.

    Prints precision, recall and F1 per field of document-summary.rq and for the
    names of persons in every role, then each document and field that differs.
    With --authorities, both paths resolve persons and the text path's resolution
    is scored against the TEI's persons-list keys.
    """
    from .evaluate import evaluate as run_evaluation
    from .evaluate import report, text_name
    from .textreader import read_text

    docs, errors = [], []
    for path in expand_inputs(text, (".txt",)):
        named = text_name(path)
        vol = named[0] if named else volume
        if vol is None:
            errors.append(InputError(str(path), "cannot tell the volume: name the file "
                                                "<volume-id>_d<N>.txt or give --volume"))
            continue
        try:
            docs.append(read_text(read_text_file(path), vol,
                                  named[1][1:] if named else None, source=str(path)))
        except FrusKgError as err:
            errors.append(err)
    result = run_evaluation(expand_inputs(tei), docs, index=load_index(index))
    text_report = report(result)
    if output is not None:
        from .write import atomic_path

        with atomic_path(output) as tmp:
            tmp.write_text(json.dumps(result.as_dict(), indent=2) if output.suffix == ".json"
                           else text_report + "\n", encoding="utf-8")
    _emit(as_json, result.as_dict(), text_report)
    if errors:
        _fail(as_json, errors)
        sys.exit(1)


# --- authorities ----------------------------------------------------------------------


def _import_authorities(folder: Path, outdir: Path, fmt: str, iris: Iris,
                        people: Path | None = None, pocom: Path | None = None,
                        milestones: Path | None = None) -> dict:
    from .actors.importer import import_authorities

    people, pocom = people or folder / "people", pocom or folder / "pocom"
    milestones = milestones or (folder / "milestones" if (folder / "milestones").is_dir() else None)
    taxonomy = folder / "tags" / "taxonomy" / "taxonomy.xml"
    for needed in (people, pocom):
        if not needed.is_dir():
            raise InputError(str(needed), "no such folder (expected the people/ and pocom/ data)")
    return import_authorities(people, pocom, milestones, outdir, fmt, iris,
                              tags_file=taxonomy if taxonomy.is_file() else None)


@main.group()
def authorities() -> None:
    """The Office of the Historian's authority data: people, posts, appointments, events."""


@authorities.command("import")
@click.argument("people_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("pocom_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("milestones_dir", required=False, type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path))
@click.option("--tags", "tags", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="tags/taxonomy/taxonomy.xml, to label the milestones' tags.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig"]), default="ttl", show_default=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of every IRI minted.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def import_(people_dir: Path, pocom_dir: Path, milestones_dir: Path | None, outdir: Path, tags: Path | None,
            fmt: str, base: str, as_json: bool) -> None:
    """Import people, pocom (and milestones) into named graphs and an authority index.

    \b
    Writes OUTDIR/authorities-people.<ext>, authorities-pocom.<ext>,
    authorities-milestones.<ext> and authority-index.json.gz; pass the index to
    'frus-kg convert --authorities' so that persons resolve to one IRI across volumes.
    """
    from .actors.importer import import_authorities

    summary = import_authorities(people_dir, pocom_dir, milestones_dir, outdir, fmt, _iris(base), tags_file=tags)
    summary = json.loads(json.dumps(summary, default=str))
    text = "\n".join(f"{k}: {v}" for k, v in summary.items() if k not in ("problems",))
    _emit(as_json, summary, text)


# --- link -----------------------------------------------------------------------------


@main.group()
def link() -> None:
    """Link frus-kg resources to other datasets (Wikidata)."""


@link.command("wikidata")
@click.argument("paths", nargs=-1)
@click.option("--store", "store_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Read what to link from this store (else from the dump files given).")
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), default=Path("."), show_default=True)
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig"]), default="ttl", show_default=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of every IRI minted.")
@click.option("--endpoint", default=None, help="SPARQL endpoint (default: the Wikidata Query Service).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path(".frus-kg-cache/wikidata"), show_default=True,
              help="Answers are cached here, so a rerun asks nothing twice.")
@click.option("--offline", is_flag=True, help="Use the cache only; a query not in it is an error.")
@click.option("--user-agent", envvar="FRUS_KG_USER_AGENT", default=None,
              help="Descriptive User-Agent with a contact (the service refuses anonymous agents).")
@click.option("--positions", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="TSV of our posts/missions and the Wikidata position items they are (P39 evidence).")
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def link_wikidata_cmd(paths: tuple[str, ...], store_dir: Path | None, outdir: Path, fmt: str, base: str,
                      endpoint: str | None, cache_dir: Path, offline: bool, user_agent: str | None,
                      positions: Path | None, batch_size: int, as_json: bool) -> None:
    """Link persons, places, organisations and events to Wikidata; never on a name alone.

    Exact matches by VIAF (P214); persons otherwise by name corroborated by life
    years (P569/P570) or positions held (P39 with P580/P582); places, bodies and
    events by label and type (and dates).  Links go into their own named graph,
    each with its method, score and date.
    """
    from .link import DEFAULT_USER_AGENT, WDQS_ENDPOINT, link_wikidata, read_positions

    if bool(paths) == bool(store_dir):
        raise UsageError("give dump files or --store (one of them)")
    iris = _iris(base)
    source = open_store(store_dir) if store_dir else dump_files(paths)
    summary = link_wikidata(source, outdir, endpoint=endpoint or WDQS_ENDPOINT, cache_dir=cache_dir,
                            offline=offline, iris=iris, user_agent=user_agent or DEFAULT_USER_AGENT,
                            fmt=fmt, batch_size=batch_size,
                            positions=read_positions(positions, iris) if positions else None)
    links = ", ".join(f"{n} {k}" for k, n in summary["links"].items())
    _emit(as_json, summary, f"{summary['output']}: {sum(summary['links'].values())} links ({links}), "
          f"{summary['candidates']} with candidates only; {summary['requests']} requests, "
          f"{summary['cache_hits']} from cache, in {summary['seconds']:.2f}s")


# --- serve ----------------------------------------------------------------------------

# The command imports only click; the web stack loads when the server starts.
from .serve.command import serve as _serve  # noqa: E402

main.add_command(_serve)
