"""Loading dumps into a remote store (frus_kg.remote) against a real ``oxigraph serve``.

Nothing is mocked: the store is the Oxigraph server on loopback, and failures (503, 429
with Retry-After, 403, 401, a lost chunk, a server killed mid-load) come from a real HTTP
proxy in front of it (tests/oxigraph_server.py, extended here with the Graph Store
Protocol's PUT and DELETE) or from the server process itself.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from frus_kg.errors import InputError, UsageError
from frus_kg.query import query_text, rows, run_query
from frus_kg.remote import STATE_GRAPH, CountMismatch, RemoteError, load_remote, summary
from frus_kg.store import _scan

from .conftest import FIXTURES
from .oxigraph_server import OxigraphServer, Proxy, Seen, oxigraph_binary, oxigraph_server, rate_limited

FAST = {"backoff": 0.05}  # retries in tests wait 50 ms, 100 ms, …
BIG = "https://w3id.org/frus-kg/id/graph/frus1961-63v12"  # 9326 triples: 5 chunks of 2000
SMALL = "https://w3id.org/frus-kg/id/graph/frus1901"  # 224 triples


class StoreProxy(Proxy):
    """The shared proxy, also relaying PUT and DELETE; an unreachable upstream gives 502."""

    @property
    def base(self) -> str:
        return self.query.rsplit("/", 1)[0]

    def _handler(self):
        shared = super()._handler()

        class Handler(shared):
            def do_PUT(self) -> None:
                self.do_POST()

            def do_DELETE(self) -> None:
                self._handle(None)

            def _forward(self, body):
                try:
                    return super()._forward(body)
                except (urllib.error.URLError, OSError) as err:
                    return 502, {"Content-Type": "text/plain"}, f"upstream unreachable: {err}".encode()

        return Handler

    def data_requests(self) -> list[Seen]:
        """What changed data: anything but a query."""
        return [s for s in self.seen if not s.path.startswith("/query")]


def _ready(base: str, process: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "oxigraph serve exited"
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {base}")


def _restart(server: OxigraphServer, location: Path) -> OxigraphServer:
    """The same store directory served again on the same port."""
    server.stop()
    bind = server.base.removeprefix("http://")
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", bind],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    again = OxigraphServer(process, server.base)
    _ready(again.base, process)
    return again


@pytest.fixture
def server(tmp_path):
    with oxigraph_server([], tmp_path) as served:
        yield served


def _endpoints(base: str, gsp: bool = True, update: bool = True) -> dict:
    return {"endpoint": f"{base}/query", "gsp": f"{base}/store" if gsp else None,
            "update": f"{base}/update" if update else None}


def _select(base: str, text: str, union: bool = False) -> list[dict[str, str]]:
    sw = SPARQLWrapper(f"{base}/query")
    sw.setMethod(POST)
    sw.setOnlyConneg(True)
    sw.setReturnFormat(JSON)
    if union:
        sw.addParameter("union-default-graph", "true")  # Oxigraph: default graph = union of all graphs
    sw.setQuery(text)
    result = sw.query().convert()
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def _graph_counts(base: str) -> dict[str, int]:
    found = _select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in found}


def _dump_counts(files: list[Path]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in files:
        counts.update(_scan(f, f.suffix.lstrip(".")))
    return counts


def _data_counts(base: str) -> dict[str, int]:
    return {g: n for g, n in _graph_counts(base).items() if g != STATE_GRAPH}


def _summary_rows_remote(base: str) -> list[tuple[str, ...]]:
    text = query_text("document-summary")
    sw = SPARQLWrapper(f"{base}/query")
    sw.setMethod(POST)
    sw.setOnlyConneg(True)
    sw.setReturnFormat(JSON)
    sw.addParameter("union-default-graph", "true")
    sw.setQuery(text)
    result = sw.query().convert()
    variables = result["head"]["vars"]
    return sorted(tuple(row.get(v, {}).get("value", "") for v in variables)
                  for row in result["results"]["bindings"])


@pytest.fixture(scope="module")
def embedded_rows(sample_store) -> list[tuple[str, ...]]:
    _, table = rows(run_query(sample_store, query_text("document-summary")))
    return sorted(tuple(row) for row in table)


# --- loading and querying back ------------------------------------------------------------


def test_gsp_load_gives_the_embedded_store_rows(server, sample_dumps, embedded_rows) -> None:
    results = load_remote(sample_dumps, **_endpoints(server.base, update=False))
    expected = _dump_counts(sample_dumps)
    assert {r["graph"]: r["triples"] for r in results} == expected
    assert all(r["method"] == "gsp" and not r["skipped"] and r["requests"] == 1 for r in results)
    assert _data_counts(server.base) == expected
    assert len(embedded_rows) == len(list((FIXTURES / "truth").glob("*.json")))  # one row per document
    assert _summary_rows_remote(server.base) == embedded_rows


def test_update_load_in_batches_gives_the_same_rows(server, sample_dumps, embedded_rows) -> None:
    results = load_remote(sample_dumps, **_endpoints(server.base, gsp=False), chunk_triples=2000)
    big = next(r for r in results if r["graph"] == BIG)
    assert big["method"] == "update" and big["requests"] == 5
    assert _data_counts(server.base) == _dump_counts(sample_dumps)
    assert _summary_rows_remote(server.base) == embedded_rows


def test_staging_moves_each_graph_into_place(server, sample_dumps, embedded_rows) -> None:
    load_remote(sample_dumps, **_endpoints(server.base), chunk_triples=2000, staging=True)
    assert _data_counts(server.base) == _dump_counts(sample_dumps)  # no staging graph left
    assert _summary_rows_remote(server.base) == embedded_rows


def test_load_records_hash_and_count(server, sample_dumps) -> None:
    load_remote(sample_dumps[:2], **_endpoints(server.base))
    records = _select(server.base, f"SELECT ?g ?p ?o WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?g ?p ?o }} }}")
    by_graph: dict[str, dict[str, str]] = {}
    for row in records:
        by_graph.setdefault(row["g"], {})[row["p"].rsplit("#", 1)[-1]] = row["o"]
    assert set(by_graph) == set(_dump_counts(sample_dumps[:2]))
    record = by_graph[SMALL]
    assert record["triples"] == "224" and len(record["sha256"]) == 64
    assert record["source"] == "frus1901.ttl" and record["method"] == "gsp" and record["loadedAt"]


# --- rerunning --------------------------------------------------------------------------


def test_rerun_skips_everything_without_a_data_request(server, sample_dumps, tmp_path) -> None:
    load_remote(sample_dumps, **_endpoints(server.base))
    with StoreProxy(server.base) as proxy:
        again = load_remote(sample_dumps, **_endpoints(proxy.base))
        assert all(r["skipped"] and r["requests"] == 0 for r in again)
        assert proxy.data_requests() == []
        assert {s.method for s in proxy.seen} == {"POST"}  # queries only (state, counts)

        # one dump changed: only its graph is replaced
        changed = tmp_path / "frus1901.ttl"
        original = next(f for f in sample_dumps if f.name == "frus1901.ttl")
        changed.write_text(original.read_text(encoding="utf-8")
                           + '\n<urn:x:s> <urn:x:p> "added" .\n', encoding="utf-8")
        files = [changed if f == original else f for f in sample_dumps]
        proxy.seen.clear()
        third = load_remote(files, **_endpoints(proxy.base))
    assert [r["graph"] for r in third if not r["skipped"]] == [SMALL]
    assert _data_counts(server.base)[SMALL] == 225
    # the old record removed, the graph put, the new record written
    assert Counter(s.method for s in proxy.data_requests()) == Counter({"POST": 2, "PUT": 1})


def test_a_graph_emptied_behind_our_back_is_reloaded(server, sample_dumps) -> None:
    files = sample_dumps[:2]
    load_remote(files, **_endpoints(server.base, update=False))
    urllib.request.urlopen(urllib.request.Request(
        f"{server.base}/update", data=f"CLEAR GRAPH <{SMALL}>".encode(),
        headers={"Content-Type": "application/sparql-update"}), timeout=10).read()
    again = load_remote(files, **_endpoints(server.base, update=False))  # records kept by GSP alone
    assert [r["skipped"] for r in again] == [False, True]
    assert _data_counts(server.base) == _dump_counts(files)
    records = _select(server.base, f"SELECT ?g ?t WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?g ?p ?t }} }}")
    assert Counter(r["g"] for r in records) == Counter({SMALL: 5, f"{SMALL}/provenance": 5})
    assert load_remote(files, **_endpoints(server.base, update=False))[0]["skipped"]


def test_interrupted_load_is_finished_by_the_same_command(tmp_path, sample_dumps) -> None:
    """The server is killed while the big graph is half sent; rerunning completes the load."""
    posts = {"n": 0}
    holder: dict[str, OxigraphServer] = {}

    def kill_at_second_chunk_post(n: int, seen: Seen) -> None:
        if seen.method == "POST" and seen.path.startswith("/store"):
            posts["n"] += 1
            if posts["n"] == 2:
                holder["server"].process.kill()  # SIGKILL: no clean shutdown
                holder["server"].process.wait()
        return None

    with oxigraph_server([], tmp_path) as server:
        holder["server"] = server
        with StoreProxy(server.base, kill_at_second_chunk_post) as proxy:
            command = {**_endpoints(proxy.base), "chunk_triples": 2000}
            loaded: list[dict] = []
            with pytest.raises(RemoteError) as caught:
                load_remote(sample_dumps, **command, retries=2, **FAST, on_progress=loaded.append)
            message = str(caught.value)
            big_file = next(f for f in sample_dumps if f.name == "frus1961-63v12.ttl")
            assert message.startswith(f"{big_file} ({BIG}): ")
            assert "HTTP 502" in message and "gave up after 3 attempts" in message
            done = [r["graph"] for r in loaded]
            assert BIG not in done and len(done) == 4

            restarted = _restart(server, tmp_path / "oxigraph-store")
            try:
                half = _data_counts(restarted.base).get(BIG, 0)
                assert 0 < half < 9326  # the first chunks survived the kill: the graph is half-loaded

                rerun = load_remote(sample_dumps, **command)  # the same command again

                assert {r["graph"] for r in rerun if r["skipped"]} == set(done)
                assert next(r for r in rerun if r["graph"] == BIG)["requests"] == 5
                expected = _dump_counts(sample_dumps)
                assert _data_counts(restarted.base) == expected  # nothing lost, nothing doubled
                records = _select(restarted.base, f"SELECT ?g WHERE {{ GRAPH <{STATE_GRAPH}> "
                                                  "{ ?g <urn:frus-kg:load-state#sha256> ?h } }")
                assert sorted(r["g"] for r in records) == sorted(expected)
                total = _select(restarted.base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=True)
                assert int(total[0]["n"]) == sum(expected.values()) + 5 * len(expected)  # 5 per record
            finally:
                restarted.stop()


# --- failures ---------------------------------------------------------------------------


def test_503_and_429_with_retry_after_are_retried(server, sample_dumps) -> None:
    def flaky(n: int, seen: Seen):
        if seen.method == "PUT":
            flaky.puts += 1
            if flaky.puts <= 2:
                return 503, {"Content-Type": "text/plain"}, b"Service Unavailable"
            if flaky.puts == 3:
                return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"Too Many Requests"
        return None

    flaky.puts = 0
    with StoreProxy(server.base, flaky) as proxy:
        started = time.monotonic()
        results = load_remote(sample_dumps[:2], **_endpoints(proxy.base), **FAST)
        elapsed = time.monotonic() - started
    assert [r["skipped"] for r in results] == [False, False]
    assert elapsed >= 1.0  # the Retry-After was honoured
    assert _data_counts(server.base) == _dump_counts(sample_dumps[:2])


def test_rate_limited_queries_are_retried(server, sample_dumps) -> None:
    with StoreProxy(server.base, rate_limited(2, "0")) as proxy:
        results = load_remote(sample_dumps[:1], **_endpoints(proxy.base), **FAST)
    assert proxy.seen[0].path.startswith("/query") and len(proxy.seen) > 2
    assert _data_counts(server.base) == {r["graph"]: r["triples"] for r in results}


def test_refused_connections_are_retried_until_the_server_is_back(tmp_path, sample_dumps) -> None:
    with oxigraph_server([], tmp_path) as server:
        server.stop()  # nothing listens on the port now
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["results"] = load_remote(sample_dumps[:2], **_endpoints(server.base),
                                                 retries=8, backoff=0.1)
            except Exception as exc:  # noqa: BLE001 - reported below
                outcome["error"] = exc

        loader = threading.Thread(target=run)
        loader.start()
        time.sleep(0.5)
        server = _restart(server, tmp_path / "oxigraph-store")
        try:
            loader.join(timeout=30)
            assert "error" not in outcome, outcome.get("error")
            assert _data_counts(server.base) == _dump_counts(sample_dumps[:2])
        finally:
            server.stop()


def test_a_permanent_4xx_is_an_error_at_once(server, sample_dumps) -> None:
    def forbidden(n: int, seen: Seen):
        if seen.method == "PUT":
            return 403, {"Content-Type": "text/plain"}, b"Forbidden: read-only dataset"
        return None

    with StoreProxy(server.base, forbidden) as proxy:
        with pytest.raises(RemoteError) as caught:
            load_remote(sample_dumps[:1], **_endpoints(proxy.base), **FAST)
    message = str(caught.value)
    assert message.startswith(f"{sample_dumps[0]} ({SMALL}): ")
    assert "HTTP 403" in message and "read-only dataset" in message and "\n" not in message
    assert [s.method for s in proxy.data_requests()] == ["PUT"]  # not retried


def test_basic_auth(server, sample_dumps) -> None:
    good = "Basic " + base64.b64encode(b"loader:s3cret").decode()

    def guarded(n: int, seen: Seen):
        if seen.headers.get("Authorization") != good:
            return 401, {"WWW-Authenticate": 'Basic realm="frus"', "Content-Type": "text/plain"}, \
                b"Unauthorized"
        return None

    with StoreProxy(server.base, guarded) as proxy:
        with pytest.raises(RemoteError, match="/query answered HTTP 401 Unauthorized: Unauthorized$"):
            load_remote(sample_dumps[:1], **_endpoints(proxy.base), **FAST)
        with pytest.raises(RemoteError, match="HTTP 401"):
            load_remote(sample_dumps[:1], **_endpoints(proxy.base), auth=("loader", "wrong"), **FAST)
        proxy.seen.clear()
        load_remote(sample_dumps[:1], **_endpoints(proxy.base), auth=("loader", "s3cret"))
        assert proxy.seen and all(s.headers.get("Authorization") == good for s in proxy.seen)
        load_remote(sample_dumps[:1], **_endpoints(proxy.base, gsp=False), auth=("loader", "s3cret"))
    assert _data_counts(server.base) == _dump_counts(sample_dumps[:1])


def test_a_lost_chunk_is_a_count_mismatch_and_is_reloaded_next_time(server, sample_dumps) -> None:
    def lose_second_chunk(n: int, seen: Seen):
        if seen.method == "POST" and seen.path.startswith("/store"):
            lose_second_chunk.posts += 1
            if lose_second_chunk.posts == 1:
                return 204, {}, b""  # "stored", but never was
        return None

    lose_second_chunk.posts = 0
    big = next(f for f in sample_dumps if f.name == "frus1961-63v12.ttl")
    with StoreProxy(server.base, lose_second_chunk) as proxy:
        with pytest.raises(CountMismatch) as caught:
            load_remote([big], **_endpoints(proxy.base), chunk_triples=2000)
    assert str(caught.value) == (f"{big} ({BIG}): the store holds 7326 triples after loading, the dump 9326; "
                                 "nothing was recorded, so the next run reloads it")
    again = load_remote([big], **_endpoints(server.base), chunk_triples=2000)
    assert not again[0]["skipped"] and _data_counts(server.base) == {BIG: 9326}


# --- dumps ------------------------------------------------------------------------------


def test_trig_dumps_and_blank_nodes(server, tmp_path) -> None:
    trig = tmp_path / "v.trig"
    trig.write_text("""
        @prefix frus: <https://w3id.org/frus-kg/ontology#> .
        <urn:g:v> { <urn:g:v> a frus:VolumeGraph ; frus:x [ frus:y "1" ], [ frus:y "2" ] . _:k frus:z _:k . }
        <urn:g:p> { <urn:g:p> a frus:ProvenanceGraph ; frus:provenanceOf <urn:g:v> . }
    """, encoding="utf-8")
    first = load_remote([trig], **_endpoints(server.base), chunk_triples=1)
    assert [(r["graph"], r["triples"], r["requests"]) for r in first] == [
        ("urn:g:v", 6, 1),  # blank nodes: one request whatever the chunk size
        ("urn:g:p", 2, 2)]
    second = load_remote([trig], **_endpoints(server.base, gsp=False), chunk_triples=1)
    assert all(r["skipped"] for r in second)  # blank nodes hash the same every time
    assert _data_counts(server.base) == {"urn:g:v": 6, "urn:g:p": 2}


def test_bad_calls_are_clear_errors(server, sample_dumps, tmp_path) -> None:
    with pytest.raises(UsageError, match="--gsp.*--update"):
        load_remote(sample_dumps, f"{server.base}/query")
    with pytest.raises(UsageError, match="--staging"):
        load_remote(sample_dumps, f"{server.base}/query", gsp=f"{server.base}/store", staging=True)
    with pytest.raises(UsageError, match="--gsp localhost:7878/store: not an http"):
        load_remote(sample_dumps, f"{server.base}/query", gsp="localhost:7878/store")
    with pytest.raises(InputError, match="no such file"):
        load_remote([tmp_path / "missing.ttl"], **_endpoints(server.base))
    unnamed = tmp_path / "unnamed.ttl"
    unnamed.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not name its graph"):
        load_remote([unnamed], **_endpoints(server.base))
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "frus1901.provenance.ttl").write_bytes(
        next(f for f in sample_dumps if f.name == "frus1901.provenance.ttl").read_bytes())
    with pytest.raises(InputError, match="is also in"):
        load_remote([*sample_dumps[:2], copy], **_endpoints(server.base))
    with pytest.raises(RemoteError, match="HTTP 404"):
        load_remote(sample_dumps[2:3], f"{server.base}/query", gsp=f"{server.base}/nowhere", **FAST)


def test_results_and_summary(server, sample_dumps) -> None:
    results = load_remote(sample_dumps[:1], **_endpoints(server.base))
    assert json.loads(json.dumps(results)) == results
    assert set(results[0]) == {"graph", "file", "triples", "method", "skipped", "requests", "seconds"}
    results += load_remote(sample_dumps[:1], **_endpoints(server.base))
    assert summary(results, 2.0).splitlines() == [
        f"{sample_dumps[0]}: {SMALL} 224 triples by gsp",
        f"{sample_dumps[0]}: {SMALL} unchanged, skipped",
        "loaded 1 graph(s), 224 triples in 2.00s (112 triples/s); 1 unchanged graph(s) skipped; "
        "triple counts checked",
    ]


# --- command line (once `frus-kg load --endpoint` is wired) -------------------------------


def test_cli_load_into_a_remote_store(server, sample_dumps) -> None:
    from click.testing import CliRunner

    from frus_kg.cli import main

    if not any("--endpoint" in p.opts for p in main.commands["load"].params):
        pytest.skip("frus-kg load has no --endpoint option yet")
    b = server.base
    folder = str(sample_dumps[0].parent)
    args = ["load", folder, "--endpoint", f"{b}/query", "--gsp", f"{b}/store", "--update", f"{b}/update"]
    first = CliRunner().invoke(main, [*args, "--json"])
    assert first.exit_code == 0, first.output
    loaded = json.loads(first.output)["graphs"]
    assert sum(g["triples"] for g in loaded) == sum(_dump_counts(sample_dumps).values())
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and again.output.rstrip().endswith(
        "10 unchanged graph(s) skipped; triple counts checked")
    bad = CliRunner().invoke(main, ["load", folder, "--endpoint", f"{b}/query"])
    assert bad.exit_code == 2 and "--gsp" in bad.output
