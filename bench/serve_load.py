"""A bounded load test of ``frus-kg serve`` on loopback.

Starts the real server (a subprocess on 127.0.0.1, a free port) on a store of the bundled
sample (or ``--store DIR``), then sends a fixed number of requests at a fixed concurrency,
mixing resource pages (HTML), resource descriptions (Turtle) and small SPARQL queries, and
prints requests/s and p50/p90/p99/max latency per kind, and the errors (any non-2xx answer
or failed request).  Nothing but 127.0.0.1 is ever contacted; the run stops after
``--requests`` requests or ``--max-seconds`` seconds, whichever comes first.

    .venv/bin/python bench/serve_load.py                       # 5,000 requests, concurrency 32
    .venv/bin/python bench/serve_load.py --requests 20000 --json --save load.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from frus_kg.serve.testing import ServerProcess, build_sample_store  # noqa: E402
from frus_kg.vocab import DEFAULT_BASE, VOCAB  # noqa: E402

MIX = {"page": 0.60, "turtle": 0.25, "sparql": 0.15}
TARGET_P99_PAGE_MS = 100.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


async def _targets(client: httpx.AsyncClient, base: str) -> dict[str, list[str]]:
    """Paths of resources of each kind, read from the server's own endpoint."""
    q = ("SELECT DISTINCT ?s ?c WHERE { ?s a ?c FILTER (isIRI(?s)) "
         "FILTER (?c IN (frus:Document, frus:Volume, foaf:Person, org:Organization, rico:Place, "
         "skos:Concept, rico:RecordSet, frus:Page)) }")
    r = await client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    kinds: dict[str, set[str]] = {}
    for b in r.json()["results"]["bindings"]:
        iri, cls = b["s"]["value"], b["c"]["value"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if iri.startswith(VOCAB):
            path = "/vocab/" + iri[len(VOCAB):]
        elif iri.startswith(base):
            path = "/" + iri[len(base):]
        else:
            continue
        kinds.setdefault(cls, set()).add(path)
    return {k: sorted(v) for k, v in kinds.items()}


def _plan(targets: dict[str, list[str]], n: int, rng: random.Random, base: str) -> list[tuple[str, str, dict]]:
    """(kind, path, params) for n requests; pages weighted towards documents and persons."""
    docs = targets.get("Document", [])
    persons = targets.get("Person", [])
    others = [p for k, v in targets.items() if k not in ("Document", "Person") for p in v]
    pools = [(docs, 0.4), (persons, 0.3), (others, 0.3)]

    def resource_path() -> str:
        x, acc = rng.random(), 0.0
        for pool, w in pools:
            acc += w
            if x <= acc and pool:
                return rng.choice(pool)
        return rng.choice(docs or others)

    def sparql_query() -> str:
        doc = base + rng.choice(docs)[1:]
        return rng.choice([
            f"SELECT ?p ?o WHERE {{ <{doc}> ?p ?o }}",
            f"SELECT ?title ?date WHERE {{ <{doc}> rico:title ?title . OPTIONAL {{ <{doc}> rico:creationDate ?date }} }}",
            f"ASK {{ <{doc}> a frus:Document }}",
            "SELECT ?v (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a frus:Document ; dcterms:isPartOf ?v } GROUP BY ?v",
            f"SELECT DISTINCT ?role ?name WHERE {{ <{doc}> frus:hasAgentInRole ?r . ?r frus:role ?role ; "
            "frus:nameAsPrinted ?name }",
        ])

    plan = []
    kinds, weights = list(MIX), list(MIX.values())
    for _ in range(n):
        kind = rng.choices(kinds, weights)[0]
        if kind == "sparql":
            plan.append((kind, "/sparql", {"query": sparql_query()}))
        else:
            plan.append((kind, resource_path(), {}))
    return plan


ACCEPT = {"page": "text/html", "turtle": "text/turtle", "sparql": "application/sparql-results+json"}


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    The server is measured, not the client: a general-purpose async client costs more
    CPU per request than the server does on this 2-CPU machine.  It reads a status
    line, headers, and a Content-Length or chunked body; anything else is an error.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, target: str, accept: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write((f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                           f"Accept: {accept}\r\n\r\n").encode("latin-1"))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        size = 0
        if chunked:
            while True:
                n = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(n + 2)
                size += n
                if n == 0:
                    break
        elif length is not None:
            size = len(await self.reader.readexactly(length))
        else:
            raise ConnectionError("response without a length")
        if close:
            await self.close()
        return status, size

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


async def _run(url: str, plan, concurrency: int, deadline: float):
    latencies: dict[str, list[float]] = {k: [] for k in MIX}
    errors: list[str] = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    parsed = httpx.URL(url)

    async def worker() -> None:
        conn = Connection(parsed.host, parsed.port)
        try:
            while time.monotonic() < deadline:
                try:
                    kind, path, params = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                target = path + ("?" + urlencode(params) if params else "")
                started = time.perf_counter()
                try:
                    status, size = await asyncio.wait_for(conn.get(target, ACCEPT[kind]), 30)
                    ok, detail = 200 <= status < 300 and size > 0, f"{status} {path}"
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError) as exc:
                    ok, detail = False, f"{type(exc).__name__} {path}"
                    await conn.close()
                latencies[kind].append((time.perf_counter() - started) * 1000)
                if not ok:
                    errors.append(detail)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return latencies, errors, wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a store to serve (default: the bundled sample, built now)")
    ap.add_argument("--base", default=DEFAULT_BASE)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=200, help="requests sent first and not counted")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--page-cache", type=int, default=None, metavar="MB",
                    help="the server's --page-cache (0: every resource answer made afresh)")
    ap.add_argument("--workers", type=int, default=2, help="the server's SPARQL workers")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--save", type=Path)
    args = ap.parse_args()
    if args.requests < 1 or args.concurrency < 1:
        ap.error("--requests and --concurrency must be positive")

    with tempfile.TemporaryDirectory(prefix="frus-kg-load-") as tmp:
        tmp = Path(tmp)
        store = args.store or build_sample_store(tmp / "store")
        print(f"serving {store} ...", file=sys.stderr)
        with ServerProcess(store, log=tmp / "server.log",
                           extra=["--base", args.base, "--cache", str(tmp / "cache"),
                                  "--workers", str(args.workers),
                                  *(["--page-cache", str(args.page_cache)] if args.page_cache is not None
                                    else [])]) as srv:
            assert srv.url.startswith("http://127.0.0.1:"), srv.url  # loopback only

            async def go():
                async with httpx.AsyncClient(base_url=srv.url, timeout=30) as c:
                    targets = await _targets(c, args.base)
                rng = random.Random(args.seed)
                warm = _plan(targets, args.warmup, rng, args.base)
                plan = _plan(targets, args.requests, rng, args.base)
                deadline = time.monotonic() + args.max_seconds
                if warm:
                    await _run(srv.url, warm, args.concurrency, deadline)
                load_before = os.getloadavg()[0]
                cpu_before = resource.getrusage(resource.RUSAGE_SELF)
                result = await _run(srv.url, plan, args.concurrency, deadline)
                cpu_after = resource.getrusage(resource.RUSAGE_SELF)
                client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
                return targets, result, load_before, client_cpu

            targets, (latencies, errors, wall), load_before, client_cpu = asyncio.run(go())

    sent = sum(len(v) for v in latencies.values())
    report = {
        "requests": sent, "planned": args.requests, "concurrency": args.concurrency,
        "page_cache_mb": args.page_cache, "sparql_workers": args.workers,
        "seconds": round(wall, 3), "requests_per_second": round(sent / wall, 1),
        "errors": len(errors), "error_examples": errors[:10],
        "client_cpu_seconds": round(client_cpu, 2), "cpus": os.cpu_count(),
        "loadavg_start": round(load_before, 2), "loadavg_end": round(os.getloadavg()[0], 2),
        "resources": {k: len(v) for k, v in targets.items()},
        "kinds": {},
    }
    all_lat = [x for v in latencies.values() for x in v]
    for kind, values in [*latencies.items(), ("all", all_lat)]:
        report["kinds"][kind] = {
            "requests": len(values),
            "p50_ms": round(percentile(values, 50), 2), "p90_ms": round(percentile(values, 90), 2),
            "p99_ms": round(percentile(values, 99), 2), "max_ms": round(max(values, default=float("nan")), 2),
            "mean_ms": round(statistics.fmean(values), 2) if values else None,
        }
    page_p99 = report["kinds"]["page"]["p99_ms"]
    report["target"] = {"page_p99_ms": TARGET_P99_PAGE_MS,
                        "pass": page_p99 <= TARGET_P99_PAGE_MS and not errors and sent == args.requests}
    if args.save:
        args.save.write_text(json.dumps(report, indent=2))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{sent} requests at concurrency {args.concurrency} in {wall:.2f} s: "
              f"{report['requests_per_second']:.0f} requests/s, {len(errors)} errors "
              f"(client CPU {client_cpu:.1f} s; {os.cpu_count()} CPUs; load {load_before:.2f})")
        print(f"{'kind':<8} {'requests':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for kind, k in report["kinds"].items():
            print(f"{kind:<8} {k['requests']:>8} {k['p50_ms']:>8.1f} {k['p90_ms']:>8.1f} {k['p99_ms']:>8.1f} "
                  f"{k['max_ms']:>8.1f}")
        verdict = "PASS" if report["target"]["pass"] else "MISS"
        print(f"target: resource pages p99 <= {TARGET_P99_PAGE_MS:.0f} ms, no errors: {verdict}")
        for e in errors[:10]:
            print("error:", e)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
