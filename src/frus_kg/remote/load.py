"""Loading dumps into a remote SPARQL 1.1 store, resumably.

Each named graph of each dump is replaced in the store:

* through the Graph Store HTTP Protocol when a GSP endpoint is given — PUT of the first
  chunk (replacing the graph), POST of the rest;
* otherwise through SPARQL 1.1 Update — ``DROP SILENT GRAPH`` with the first
  ``INSERT DATA`` batch in one request, then one ``INSERT DATA`` per further batch.

After a graph is loaded its triples are counted in the store and compared with the dump
(a mismatch is an error, :class:`CountMismatch`); only then is a record written to the
bookkeeping graph ``urn:frus-kg:load-state``: the graph's content hash (see
:mod:`.dumps`), its triple count, the file and the time.  A rerun skips a graph whose
record has the same hash and count and whose count in the store still agrees, and
reloads any other — so a load interrupted halfway is finished by running the same
command again, and a graph that was half-written (whose record was removed before the
load began) is replaced, never doubled.

The bookkeeping graph is one more named graph in the store: a query over the union of
all graphs sees its few triples per loaded graph (none of the project's queries match
them).

With ``staging``, a graph is loaded into a staging graph and moved into place with
``MOVE`` (needs the update endpoint), so queries never see it half-loaded.  MOVE copies
every triple and deletes the staging copy (and the graph's old content) in one
transaction: on Oxigraph 0.5.13 a 205k-triple graph took 32-40 s with staging against
6-9 s without (about 5k against 22-34k triples/s), so it is off by default.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from ..errors import InputError, UsageError
from ..vocab import XSD
from ..write import dump_files
from .dumps import GraphDump, read_dump
from .transport import CountMismatch, Remote, RemoteError, RetryPolicy

STATE_GRAPH = "urn:frus-kg:load-state"
STATE = "urn:frus-kg:load-state#"
SHA256, TRIPLES, LOADED_AT, SOURCE, METHOD = (STATE + p for p in
                                              ("sha256", "triples", "loadedAt", "source", "method"))
STAGING = "urn:frus-kg:staging:"

Progress = Callable[[dict], None]


def load_remote(paths: Iterable[str | Path], endpoint: str, gsp: str | None = None,
                update: str | None = None, auth: tuple[str, str] | None = None,
                chunk_triples: int = 50_000, retries: int = 5, *, backoff: float = 0.5,
                timeout: float = 300.0, staging: bool = False,
                on_progress: Progress | None = None) -> list[dict]:
    """Put every named graph of the dumps into the store at ``endpoint`` (its query URL).

    ``gsp`` is the Graph Store endpoint (Oxigraph: /store, Fuseki: /ds/data), ``update``
    the SPARQL Update endpoint (/update, /ds/update); at least one is needed, and GSP is
    used for the data whenever given (several times faster).  ``auth`` is (user, password)
    for HTTP Basic.  Returns, per graph in file order: graph, file, triples, method
    (gsp|update), skipped (already loaded with the same content), requests (data requests
    sent) and seconds; ``on_progress`` is called with each as it is done.
    """
    if gsp is None and update is None:
        raise UsageError("loading into a remote store needs its Graph Store endpoint (--gsp) "
                         "or its update endpoint (--update)")
    if staging and update is None:
        raise UsageError("--staging moves each graph into place with SPARQL Update: give --update")
    for option, url in (("--endpoint", endpoint), ("--gsp", gsp), ("--update", update)):
        if url is not None and not url.startswith(("http://", "https://")):
            raise UsageError(f"{option} {url}: not an http:// or https:// URL")
    if chunk_triples < 1:
        raise UsageError(f"chunk size must be at least 1 triple, not {chunk_triples}")
    files = dump_files(list(paths))
    remote = Remote(endpoint, gsp, update, auth, RetryPolicy(retries, backoff), timeout)
    loader = _Loader(remote, chunk_triples, staging)
    results: list[dict] = []
    seen: dict[str, Path] = {}
    for path in files:
        for dump in read_dump(path):
            if dump.graph == STATE_GRAPH or dump.graph.startswith(STAGING):
                raise InputError(str(path), f"graph {dump.graph} is reserved for frus-kg's bookkeeping")
            if dump.graph in seen:
                raise InputError(str(path), f"graph {dump.graph} is also in {seen[dump.graph]}: "
                                            "each graph must come from one file")
            seen[dump.graph] = path
            try:
                result = loader.load(dump)
            except RemoteError as err:
                raise err.located(str(path), dump.graph) from None
            results.append(result)
            if on_progress is not None:
                on_progress(result)
    return results


def _staging_graph(graph: str) -> str:
    """Where a graph is loaded before MOVE; the same each run, so a leftover is replaced."""
    return STAGING + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]


def summary(results: list[dict], seconds: float) -> str:
    """What a remote load did, for people: one line per graph and a total."""
    lines = [f"{r['file']}: {r['graph']} " + ("unchanged, skipped" if r["skipped"] else
                                              f"{r['triples']} triples by {r['method']}") for r in results]
    loaded = [r for r in results if not r["skipped"]]
    triples = sum(r["triples"] for r in loaded)
    rate = f" ({triples / seconds:.0f} triples/s)" if seconds and triples else ""
    lines.append(f"loaded {len(loaded)} graph(s), {triples} triples in {seconds:.2f}s{rate}; "
                 f"{len(results) - len(loaded)} unchanged graph(s) skipped; triple counts checked")
    return "\n".join(lines)


class _Loader:
    def __init__(self, remote: Remote, chunk_triples: int, staging: bool) -> None:
        self.remote, self.chunk_triples, self.staging = remote, chunk_triples, staging
        self.method = "gsp" if remote.gsp_url is not None else "update"
        self._state: dict[str, set[tuple[str, int]]] | None = None

    # --- bookkeeping ------------------------------------------------------------------

    def state(self) -> dict[str, set[tuple[str, int]]]:
        """Recorded (hash, triples) per graph, read once per run."""
        if self._state is None:
            rows = self.remote.select(
                f"SELECT ?g ?sha ?n WHERE {{ GRAPH <{STATE_GRAPH}> "
                f"{{ ?g <{SHA256}> ?sha ; <{TRIPLES}> ?n }} }}")
            self._state = {}
            for row in rows:
                try:
                    record = (row["sha"], int(row["n"]))
                except (KeyError, ValueError):
                    continue
                self._state.setdefault(row["g"], set()).add(record)
        return self._state

    def _record_lines(self, dump: GraphDump) -> list[str]:
        g = NamedNode(dump.graph)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        values = [(SHA256, Literal(dump.sha256)),
                  (TRIPLES, Literal(dump.triples)),
                  (LOADED_AT, Literal(now, datatype=NamedNode(XSD + "dateTime"))),
                  (SOURCE, Literal(dump.path.name)),
                  (METHOD, Literal(self.method))]
        return [f"{Triple(g, NamedNode(p), o)} ." for p, o in values]

    def _set_record(self, dump: GraphDump, lines: list[str]) -> None:
        """Replace (or with no lines, remove) the record of a graph."""
        delete = f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ <{dump.graph}> ?p ?o }} }}"
        if self.remote.update_url is not None:
            statements = "\n".join(lines)
            insert = f" ;\nINSERT DATA {{ GRAPH <{STATE_GRAPH}> {{\n{statements}\n}} }}" if lines else ""
            self.remote.update(delete + insert)
            return
        # Graph Store only: read, edit and write back the (small) bookkeeping graph.
        held = (self.remote.gsp("GET", STATE_GRAPH) or b"").decode("utf-8").splitlines()
        mine = f"<{dump.graph}> "
        kept = [line for line in held if line.strip() and not line.startswith(mine)]
        self.remote.gsp("PUT", STATE_GRAPH, ("\n".join(kept + lines) + "\n").encode("utf-8"))

    # --- one graph --------------------------------------------------------------------

    def count(self, graph: str) -> int:
        rows = self.remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        try:
            return int(rows[0]["n"])
        except (IndexError, KeyError, ValueError):
            raise RemoteError(f"{self.remote.query_url} gave no triple count for {graph}") from None

    def load(self, dump: GraphDump) -> dict:
        started = time.perf_counter()
        records = self.state().get(dump.graph, set())
        result = {"graph": dump.graph, "file": str(dump.path), "triples": dump.triples,
                  "method": self.method, "skipped": False, "requests": 0}
        if records == {(dump.sha256, dump.triples)} and self.count(dump.graph) == dump.triples:
            result.update(skipped=True, seconds=round(time.perf_counter() - started, 3))
            return result
        if records:  # the graph is about to change: no record may vouch for it meanwhile
            self._set_record(dump, [])
        target = _staging_graph(dump.graph) if self.staging else dump.graph
        result["requests"] = self._upload(dump, target)
        if self.staging:
            self._check_count(dump, target, "staging graph " + target)
            self.remote.update(f"MOVE <{target}> TO <{dump.graph}>")
        self._check_count(dump, dump.graph, "the store")
        self._set_record(dump, self._record_lines(dump))
        self.state()[dump.graph] = {(dump.sha256, dump.triples)}
        result["seconds"] = round(time.perf_counter() - started, 3)
        return result

    def _upload(self, dump: GraphDump, target: str) -> int:
        chunks = dump.chunks(self.chunk_triples)
        for i, chunk in enumerate(chunks):
            data = "\n".join(chunk) + "\n"
            if self.method == "gsp":
                self.remote.gsp("PUT" if i == 0 else "POST", target, data.encode("utf-8"))
            else:
                drop = f"DROP SILENT GRAPH <{target}> ;\n" if i == 0 else ""
                self.remote.update(f"{drop}INSERT DATA {{ GRAPH <{target}> {{\n{data}}} }}")
        return len(chunks)

    def _check_count(self, dump: GraphDump, graph: str, where: str) -> None:
        held = self.count(graph)
        if held != dump.triples:
            raise CountMismatch(f"{where} holds {held} triples after loading, the dump {dump.triples}; "
                                "nothing was recorded, so the next run reloads it",
                                str(dump.path), dump.graph)
