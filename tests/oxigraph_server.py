"""Real SPARQL servers for tests: ``oxigraph serve`` on loopback, and a proxy in front of it.

* ``oxigraph_server(files, workdir)`` loads the files into a fresh store (``oxigraph load``),
  serves it on a free loopback port, waits until it answers, yields it (``.query`` is the
  SPARQL endpoint, ``.stop()`` ends it early) and always ends the process.  Tests are
  skipped when the ``oxigraph`` binary (PyPI package ``oxigraph``) is not installed.
* ``Proxy(upstream, answer)`` is an HTTP server on loopback (in a thread) that records every
  request (method, path, headers) and either answers itself — ``answer(n, request)``
  returns (status, headers, body) for the n-th request (0-based) — or, when ``answer``
  returns None, forwards the request to ``upstream`` and relays its response.  Ready-made
  answers: ``rate_limited`` (429 with Retry-After) and ``policy_page`` (200 with HTML).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Answer = tuple[int, dict[str, str], bytes]
POLICY_HTML = (b"<!DOCTYPE html><html><body><h1>Please set a descriptive User-Agent</h1>"
               b"<p>Requests without a User-Agent that identifies the client are refused; see the "
               b"User-Agent policy at https://meta.wikimedia.org/wiki/User-Agent_policy.</p></body></html>")


def oxigraph_binary() -> str:
    """The ``oxigraph`` command beside this Python, else on PATH; skips the test if absent."""
    local = Path(sys.executable).with_name("oxigraph")
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph==0.5.13)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class OxigraphServer:
    process: subprocess.Popen
    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_until_ready(server: OxigraphServer, timeout: float = 15.0) -> None:
    url = f"{server.query}?query=ASK%7B%7D"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with status {server.process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {timeout}s")


@contextmanager
def oxigraph_server(files: Sequence[Path], workdir: Path) -> Iterator[OxigraphServer]:
    """Serve ``files`` (loaded into the default graph) from a store in ``workdir``."""
    binary = oxigraph_binary()
    location = workdir / "oxigraph-store"
    location.mkdir(parents=True)
    for path in files:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(path)],
                       check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = OxigraphServer(process, f"http://127.0.0.1:{port}")
    try:
        _wait_until_ready(server)
        yield server
    finally:
        server.stop()


# --- proxy -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]


def rate_limited(times: int, retry_after: str = "1") -> Callable[[int, Seen], Answer | None]:
    """429 Too Many Requests with ``Retry-After`` for the first ``times`` requests."""
    def answer(n: int, _: Seen) -> Answer | None:
        if n < times:
            return 429, {"Retry-After": retry_after, "Content-Type": "text/plain"}, b"Too Many Requests"
        return None
    return answer


def policy_page(n: int, _: Seen) -> Answer:
    """200 OK with an HTML policy message and no results, as Wikidata has been seen to do."""
    return 200, {"Content-Type": "text/html; charset=utf-8"}, POLICY_HTML


def forward(n: int, _: Seen) -> None:
    return None


@dataclass
class Proxy:
    upstream: str
    answer: Callable[[int, Seen], Answer | None] = forward
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # a short poll interval: shutdown() waits for the next poll
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/query"

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._handle(None)

            def do_POST(self) -> None:
                self._handle(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def _handle(self, body: bytes | None) -> None:
                seen = Seen(self.command, self.path, dict(self.headers.items()))
                with proxy._lock:
                    n = len(proxy.seen)
                    proxy.seen.append(seen)
                answer = proxy.answer(n, seen) or self._forward(body)
                status, headers, payload = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _forward(self, body: bytes | None) -> Answer:
                request = urllib.request.Request(proxy.upstream + self.path, data=body, method=self.command)
                for name in ("Accept", "Content-Type", "User-Agent"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        return response.status, {"Content-Type": response.headers.get("Content-Type", "")}, \
                            response.read()
                except urllib.error.HTTPError as err:
                    return err.code, {"Content-Type": err.headers.get("Content-Type", "")}, err.read()

            def log_message(self, *args) -> None:  # keep test output clean
                pass

        return Handler
