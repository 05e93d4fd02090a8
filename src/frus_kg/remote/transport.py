"""Talking to a SPARQL 1.1 store: the Graph Store HTTP Protocol (urllib), queries and
updates (SPARQLWrapper), every request retried with backoff when the failure is transient.

Transient: a refused or dropped connection, a timeout, HTTP 429 and 5xx (500, 502, 503,
504).  A ``Retry-After`` header (seconds or an HTTP date) is honoured, up to
``max_wait``; otherwise the waits are ``backoff``, 2×, 4× … seconds.  Anything else
(400, 401, 403, 404, 413, an unknown host) is permanent and reported at once.  Every
request the loader sends is idempotent — PUT and DROP replace, and adding triples a
graph already holds changes nothing — so retrying one whose answer was lost is safe.
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from SPARQLWrapper import BASIC, JSON, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from .. import __version__
from ..httputil import retry_after_seconds
from ..errors import FrusKgError

T = TypeVar("T")
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}
# SPARQLWrapper turns these statuses into exceptions of its own (others stay HTTPError)
_WRAPPER_STATUS = {QueryBadFormed: (400, "Bad Request"), Unauthorized: (401, "Unauthorized"),
                   EndPointNotFound: (404, "Not Found"), URITooLong: (414, "URI Too Long"),
                   EndPointInternalError: (500, "Internal Server Error")}
USER_AGENT = f"frus-kg/{__version__} (remote load)"


class RemoteError(FrusKgError):
    """A store that failed or refused a request; names the file and graph concerned."""

    def __init__(self, problem: str, path: str | None = None, graph: str | None = None) -> None:
        self.problem, self.path, self.graph = problem, path, graph
        where = " ".join(filter(None, [path, f"({graph})" if graph and path else graph]))
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self):
        return (type(self), (self.problem, self.path, self.graph))

    def located(self, path: str, graph: str) -> RemoteError:
        """The same error, naming the file and graph being loaded."""
        return type(self)(self.problem, self.path or path, self.graph or graph)

    def as_dict(self) -> dict[str, str | None]:
        return {"error": self.problem, "file": self.path, "graph": self.graph}


class CountMismatch(RemoteError):
    """A graph that holds a different number of triples after loading than its dump."""


class _Transient(Exception):
    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.retry_after = retry_after


def _snippet(body: bytes | str | None, limit: int = 200) -> str:
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _http_problem(url: str, status: int, reason: str, body: bytes | None) -> str:
    detail = _snippet(body)
    return f"{url} answered HTTP {status} {reason}".rstrip() + (f": {detail}" if detail else "")


def _wrapper_body(exc: SPARQLWrapperException) -> bytes | None:
    """The response body SPARQLWrapper keeps only inside its message (as a bytes repr)."""
    _, found, raw = str(exc).partition("Response:\n")
    if not found:
        return None
    try:
        body = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw.encode("utf-8")
    return body if isinstance(body, bytes) else str(body).encode("utf-8")


def _classify(exc: BaseException, url: str) -> _Transient | RemoteError:
    """Whether a failed request is worth retrying, and in words what went wrong."""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException):
            body = None
        problem = _http_problem(url, exc.code, exc.reason or "", body)
        if exc.code == 413:
            problem += " (send smaller requests: --chunk-triples)"
        if exc.code in TRANSIENT_STATUSES:
            return _Transient(problem, retry_after_seconds(exc.headers.get("Retry-After")))
        return RemoteError(problem)
    if isinstance(exc, SPARQLWrapperException):
        status, reason = _WRAPPER_STATUS.get(type(exc), (0, type(exc).__name__))
        problem = _http_problem(url, status, reason, _wrapper_body(exc))
        return _Transient(problem) if status in TRANSIENT_STATUSES else RemoteError(problem)
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else OSError(str(exc.reason))
    if isinstance(exc, socket.gaierror):
        return RemoteError(f"cannot reach {url}: unknown host ({exc.strerror or exc})")
    if isinstance(exc, TimeoutError | socket.timeout):
        return _Transient(f"{url} did not answer in time")
    if isinstance(exc, OSError | http.client.HTTPException):
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else repr(exc)
        return _Transient(f"cannot reach {url}: {reason}")
    raise exc


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    retries: int = 5          # further attempts after the first
    backoff: float = 0.5      # first wait, doubled each time
    max_wait: float = 60.0    # longest wait, also for Retry-After

    def wait(self, attempt: int, asked: float | None) -> float:
        return min(self.max_wait, asked if asked is not None else self.backoff * 2 ** attempt)


class Remote:
    """One store's query, update and Graph Store endpoints, with credentials and retries.

    ``requests`` counts what was sent, by kind (query, update, PUT, POST, GET, DELETE),
    retries included.
    """

    def __init__(self, query: str, gsp: str | None = None, update: str | None = None,
                 auth: tuple[str, str] | None = None, policy: RetryPolicy = RetryPolicy(),
                 timeout: float = 300.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.query_url, self.gsp_url, self.update_url = query, gsp, update
        self.auth, self.policy, self.timeout, self._sleep = auth, policy, timeout, sleep
        self.requests: Counter[str] = Counter()

    # --- retries ----------------------------------------------------------------------

    def _retrying(self, kind: str, url: str, action: Callable[[], T]) -> T:
        attempt = 0
        while True:
            self.requests[kind] += 1
            try:
                return action()
            except RemoteError:
                raise
            except Exception as exc:  # noqa: BLE001 - sorted by _classify, unknown ones re-raised
                outcome = _classify(exc, url)
            if isinstance(outcome, RemoteError):
                raise outcome from None
            if attempt >= self.policy.retries:
                raise RemoteError(f"{outcome} (gave up after {attempt + 1} attempts)") from None
            self._sleep(self.policy.wait(attempt, outcome.retry_after))
            attempt += 1

    # --- SPARQL query and update (SPARQLWrapper) ----------------------------------------

    def _wrapper(self) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url, agent=USER_AGENT)
        sw.setMethod(POST)  # never answered from an HTTP cache; no URL length limit
        sw.setOnlyConneg(True)
        sw.setTimeout(max(1, round(self.timeout)))
        if self.auth is not None:
            sw.setHTTPAuth(BASIC)
            sw.setCredentials(*self.auth)
        return sw

    def select(self, text: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as {variable: value} (unbound variables left out)."""
        sw = self._wrapper()
        sw.setQuery(text)
        sw.setReturnFormat(JSON)

        def run() -> list[dict[str, str]]:
            raw = sw.query().response.read()
            try:
                bindings = json.loads(raw)["results"]["bindings"]
            except (ValueError, KeyError, TypeError):
                raise RemoteError(f"{self.query_url} answered without SPARQL JSON results: "
                                  f"{_snippet(raw)!r}") from None
            return [{k: v["value"] for k, v in row.items()} for row in bindings]

        return self._retrying("query", self.query_url, run)

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update request (sent as application/sparql-update)."""
        if self.update_url is None:
            raise RemoteError("no update endpoint given")
        sw = self._wrapper()
        sw.setRequestMethod(POSTDIRECTLY)
        sw.setQuery(text)
        self._retrying("update", self.update_url, lambda: sw.query().response.read())

    # --- Graph Store HTTP Protocol (urllib) ---------------------------------------------

    def graph_url(self, graph: str) -> str:
        assert self.gsp_url is not None
        return f"{self.gsp_url}{'&' if '?' in self.gsp_url else '?'}graph={quote(graph, safe='')}"

    def gsp(self, method: str, graph: str, body: bytes | None = None,
            content_type: str = "application/n-triples") -> bytes | None:
        """PUT, POST, GET or DELETE one graph; a GET or DELETE of a missing graph gives None."""
        url = self.graph_url(graph)
        headers = {"User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = content_type
        if method == "GET":
            headers["Accept"] = "application/n-triples"
        if self.auth is not None:
            token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"

        def send() -> bytes | None:
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as err:
                if err.code == 404 and method in ("GET", "DELETE"):
                    return None
                raise

        return self._retrying(method, self.gsp_url or url, send)
