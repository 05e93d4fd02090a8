"""The SPARQL endpoint's engine: queries run in worker processes that can be stopped.

A pyoxigraph query cannot be interrupted from inside its process, so every query runs in
one of a few long-lived worker processes, each with the store opened read-only.  The
server waits for the answer at most ``timeout`` seconds; past that it kills the worker
(the query stops with it), answers 503, and starts a fresh worker in the background.
Answers are cut at ``limit`` rows (or triples), and say so in a header.

The store is opened read-only, so no update can change it; updates are also refused
before they reach a worker (403), and an update sent as a query is recognised and
refused the same way.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import threading
import time
from dataclasses import dataclass, field

from .conneg import negotiate
from .results import GRAPH_TYPES, SOLUTION_TYPES, write_boolean, write_graph, write_solutions

TIMEOUT = object()

_PROLOGUE = re.compile(r"PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>", re.IGNORECASE)
_UPDATE_KEYWORD = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def looks_like_update(text: str) -> bool:
    """A SPARQL Update request (its first keyword after the prologue and comments).

    A linear scan: whitespace, comments and PREFIX/BASE declarations are skipped.
    """
    pos, n = 0, len(text)
    while pos < n:
        if text[pos].isspace():
            pos += 1
        elif text[pos] == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end + 1
        else:
            m = _PROLOGUE.match(text, pos)
            if m is None:
                break
            pos = m.end()
    return _UPDATE_KEYWORD.match(text, pos) is not None


@dataclass(slots=True)
class Job:
    query: str
    accept: str | None                       # the client's Accept header
    media: list[str] | None = None           # media types asked for explicitly (?format=), first fitting wins
    limit: int = 10_000
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Answer:
    status: int
    media: str = "text/plain"
    body: bytes = b""
    kind: str = ""             # select, ask, graph
    rows: int = 0
    truncated: bool = False
    seconds: float = 0.0


# --- in the worker -------------------------------------------------------------------

def execute(store, job: Job, prefixes: dict[str, str]) -> Answer:
    """Run one query on a store and serialise its answer (runs inside a worker)."""
    from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

    started = time.perf_counter()
    kwargs: dict = {"prefixes": prefixes}
    try:
        if job.default_graphs:
            kwargs["default_graph"] = [NamedNode(g) for g in job.default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs:
            kwargs["named_graphs"] = [NamedNode(g) for g in job.named_graphs]
    except ValueError as exc:
        return Answer(400, body=f"bad graph IRI: {exc}\n".encode())
    try:
        result = store.query(job.query, **kwargs)
    except SyntaxError as exc:
        if looks_like_update(job.query):
            return Answer(403, body=b"this endpoint is read-only: SPARQL updates are refused\n")
        return Answer(400, body=f"SPARQL syntax error: {exc}\n".encode())
    except (OSError, ValueError, RuntimeError) as exc:
        return Answer(400, body=f"query failed: {exc}\n".encode())

    try:
        if isinstance(result, QuerySolutions):
            media = _choose(job, SOLUTION_TYPES)
            if media is None:
                return _not_acceptable(list(SOLUTION_TYPES), "SELECT")
            variables = [v.value for v in result.variables]
            rows: list[list] = []
            truncated = False
            for solution in result:
                if len(rows) >= job.limit:
                    truncated = True
                    break
                rows.append([solution[v] for v in variables])
            body = write_solutions(SOLUTION_TYPES[media], variables, rows)
            return Answer(200, media, body, "select", len(rows), truncated,
                          time.perf_counter() - started)
        if isinstance(result, QueryBoolean) or isinstance(result, bool):
            media = _choose(job, SOLUTION_TYPES)
            if media is None:
                return _not_acceptable(list(SOLUTION_TYPES), "ASK")
            body = write_boolean(SOLUTION_TYPES[media], bool(result))
            return Answer(200, media, body, "ask", 1, False, time.perf_counter() - started)
        media = _choose(job, GRAPH_TYPES)
        if media is None:
            return _not_acceptable(list(GRAPH_TYPES), "CONSTRUCT and DESCRIBE")
        triples = []
        truncated = False
        for t in result:
            if len(triples) >= job.limit:
                truncated = True
                break
            triples.append(t)
        return Answer(200, media, write_graph(media, triples), "graph", len(triples), truncated,
                      time.perf_counter() - started)
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        return Answer(500, body=f"query evaluation failed: {exc}\n".encode())


def _choose(job: Job, offers) -> str | None:
    if job.media:
        return next((m for m in job.media if m in offers), None)
    return negotiate(job.accept, list(offers))


def _not_acceptable(offers: list[str], kind: str) -> Answer:
    return Answer(406, body=(f"{kind} answers are available as: " + ", ".join(offers) + "\n").encode())


def _worker_main(conn, store_dir: str, prefixes: dict[str, str]) -> None:
    from pyoxigraph import Store

    try:
        store = Store.read_only(store_dir)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = execute(store, job, prefixes)
        except Exception as exc:  # noqa: BLE001 - the worker must answer whatever happens
            answer = Answer(500, body=f"query failed: {type(exc).__name__}: {exc}\n".encode())
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


# --- in the server -------------------------------------------------------------------

class Worker:
    _context = multiprocessing.get_context("spawn")  # no fork of a threaded server

    def __init__(self, store_dir: str, prefixes: dict[str, str]) -> None:
        self.conn, child = self._context.Pipe()
        self.process = self._context.Process(target=_worker_main, args=(child, store_dir, prefixes),
                                             daemon=True, name="frus-kg-sparql")
        self.process.start()
        child.close()
        status, detail = self.conn.recv() if self.conn.poll(60) else ("failed", "no answer in 60 s")
        if status != "ready":
            self.kill()
            raise OSError(f"SPARQL worker could not open the store: {detail}")

    def call(self, job: Job, timeout: float):
        """Send a job and wait for its answer; TIMEOUT if none comes in time (blocking)."""
        self.conn.send(job)
        if not self.conn.poll(timeout):
            return TIMEOUT
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        self.kill()


class SparqlPool:
    """``size`` worker processes; a query takes an idle one for at most ``timeout`` seconds."""

    def __init__(self, store_dir: str, prefixes: dict[str, str], size: int = 2,
                 timeout: float = 30.0) -> None:
        self.store_dir, self.prefixes, self.size, self.timeout = store_dir, prefixes, size, timeout
        self._idle: asyncio.Queue[Worker] | None = None
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Task] = set()
        self.stopped_queries = 0

    def _spawn(self) -> Worker:
        worker = Worker(self.store_dir, self.prefixes)
        with self._lock:
            self._workers.add(worker)
        return worker

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self.size)))
        for w in workers:
            self._idle.put_nowait(w)

    async def close(self) -> None:
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in workers))

    async def _replace(self, worker: Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        await asyncio.to_thread(worker.kill)
        fresh = await asyncio.to_thread(self._spawn)
        self._idle.put_nowait(fresh)

    def _background(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, job: Job) -> Answer:
        assert self._idle is not None, "the pool is not started"
        started = time.perf_counter()
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
        except TimeoutError:
            return Answer(503, body=f"all {self.size} query workers stayed busy for {self.timeout:g} s; "
                                    "try again later\n".encode())
        left = max(self.timeout - (time.perf_counter() - started), 0.05)
        try:
            answer = await asyncio.to_thread(worker.call, job, left)
        except (EOFError, OSError) as exc:   # the worker died (e.g. out of memory)
            self._background(self._replace(worker))
            return Answer(500, body=f"the query worker stopped unexpectedly ({exc!r})\n".encode())
        if answer is TIMEOUT:
            self.stopped_queries += 1
            self._background(self._replace(worker))
            return Answer(503, body=(f"query stopped: it ran longer than the time limit of "
                                     f"{self.timeout:g} s\n").encode(),
                          seconds=time.perf_counter() - started)
        self._idle.put_nowait(worker)
        return answer
