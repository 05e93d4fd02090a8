"""A polite, cached SPARQL client for the Wikidata Query Service (or any SPARQL endpoint).

* **User-Agent.**  The Wikidata Query Service refuses anonymous clients (Wikimedia's
  User-Agent policy): every request carries a descriptive agent naming the tool and a
  contact, checked before anything is sent.
* **Policy answers are errors.**  The service has been seen answering ``200`` with an HTML
  policy message and no results; a body that is not SPARQL JSON results is never taken
  for an empty result (nor cached).
* **Rate limits.**  ``429`` and ``502``-``504`` are retried, waiting what ``Retry-After``
  asks (seconds or an HTTP date), else 1, 2, 4 … seconds.
* **Cache.**  Each answer is a JSON file named by a hash of (endpoint, query), written
  atomically, so a rerun asks nothing twice and ``offline`` runs from the cache alone.
* **Batches.**  ``select_batched`` splits a VALUES list into sorted, fixed-size chunks, so
  the same inputs always make the same queries (and hit the same cache files).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import platform
import re
import time
import urllib.error
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper
from SPARQLWrapper import __version__ as SPARQLWRAPPER_VERSION
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from .. import __version__
from ..httputil import retry_after_seconds
from ..errors import FrusKgError, UsageError
from ..write import atomic_path

WDQS_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_USER_AGENT = (f"frus-kg/{__version__} (https://w3id.org/frus-kg/; FRUS authority linking) "
                      f"SPARQLWrapper/{SPARQLWRAPPER_VERSION} Python/{platform.python_version()}")
RETRIED_STATUSES = {429, 502, 503, 504}
POST_ABOVE = 2000  # characters of query: longer ones are POSTed (URLs have length limits)

Bindings = list[dict[str, dict[str, str]]]
"""SPARQL JSON result rows: variable → {"type", "value", "xml:lang"?, "datatype"?}."""

# "tool/version (contact: URL or e-mail)", as Wikimedia's User-Agent policy asks.
_DESCRIPTIVE = re.compile(r"^\S+/\S+ \([^)]*(https?://\S+|[^\s@()]+@[^\s@()]+\.[^\s@()]+)[^)]*\)")
_POLICY_WORDS = re.compile(r"user.?agent|robot policy|policy", re.IGNORECASE)


class WikidataError(FrusKgError):
    """Wikidata (or the configured endpoint) could not answer a query."""


class EndpointUnreachable(WikidataError):
    """No connection, or no answer in time."""


class PolicyAnswer(WikidataError):
    """The endpoint answered, but not with SPARQL results: a policy or error page."""


class RetriesExhausted(WikidataError):
    """Still rate-limited or unavailable after every retry allowed."""


class OfflineCacheMiss(WikidataError):
    """An offline run needs an answer the cache does not hold."""


def check_user_agent(agent: str) -> str:
    """The agent itself if it names a tool/version and a contact (URL or e-mail)."""
    if not _DESCRIPTIVE.match(agent or ""):
        raise UsageError(
            f"User-Agent {agent!r} is not descriptive: Wikidata refuses anonymous clients; give "
            "'tool/version (contact URL or e-mail)', e.g. 'frus-kg/0.1.0 (https://example.org/; "
            "me@example.org)'")
    return agent


def _snippet(body: bytes, limit: int = 200) -> str:
    text = re.sub(r"<[^>]+>", " ", body.decode("utf-8", errors="replace"))
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


def parse_results(body: bytes, endpoint: str) -> Bindings:
    """The rows of a SPARQL JSON SELECT answer; anything else is a PolicyAnswer."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    rows = data.get("results", {}).get("bindings") if isinstance(data, dict) else None
    if isinstance(data, dict) and isinstance(data.get("head"), dict) and isinstance(rows, list):
        return rows
    hint = (" (it mentions a User-Agent or usage policy: give a descriptive --user-agent)"
            if _POLICY_WORDS.search(body.decode("utf-8", errors="replace")) else "")
    raise PolicyAnswer(f"{endpoint} answered without SPARQL results{hint}: {_snippet(body)!r}")


class WikidataClient:
    """SELECT queries against one endpoint, with cache, retries and a descriptive agent.

    ``requests``, ``cache_hits`` and ``retries`` count what a run did.  ``sleep`` is how
    the client waits (tests pass one that records instead of sleeping).
    """

    def __init__(self, endpoint: str = WDQS_ENDPOINT, *, user_agent: str = DEFAULT_USER_AGENT,
                 cache_dir: Path | None = None, offline: bool = False, batch_size: int = 50,
                 max_retries: int = 4, max_wait: float = 300.0, timeout: float = 120.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if offline and cache_dir is None:
            raise UsageError("--offline answers from the cache only: give --cache")
        if batch_size < 1:
            raise UsageError(f"batch size must be at least 1, not {batch_size}")
        self.endpoint = endpoint
        self.user_agent = check_user_agent(user_agent)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.offline = offline
        self.batch_size = batch_size
        self.max_retries, self.max_wait, self.timeout = max_retries, max_wait, timeout
        self.sleep = sleep
        self.requests = self.cache_hits = self.retries = 0

    # --- queries -------------------------------------------------------------------------

    def select(self, query: str) -> Bindings:
        """The rows of a SELECT query, from the cache when it holds them."""
        path = self._cache_path(query)
        cached = self._read_cache(path, query)
        if cached is not None:
            self.cache_hits += 1
            return cached
        if self.offline:
            raise OfflineCacheMiss(f"offline, and the cache {self.cache_dir} holds no answer of {self.endpoint} "
                                   f"to a query of this run ({path.name}); run once without --offline")
        rows = self._fetch(query)
        if path is not None:
            self._write_cache(path, query, rows)
        return rows

    def select_batched(self, values: Iterable[str], make_query: Callable[[Sequence[str]], str]) -> Bindings:
        """Rows of ``make_query(chunk)`` over sorted, distinct ``values`` in chunks of batch_size."""
        ordered = sorted(set(values))
        rows: Bindings = []
        for i in range(0, len(ordered), self.batch_size):
            rows += self.select(make_query(ordered[i:i + self.batch_size]))
        return rows

    # --- HTTP ----------------------------------------------------------------------------

    def _fetch(self, query: str) -> Bindings:
        attempt = 0
        while True:
            self.requests += 1
            try:
                return self._request(query)
            except urllib.error.HTTPError as err:
                status, body = err.code, err.read()
                if status not in RETRIED_STATUSES:
                    raise self._http_error(status, body) from None
                wait = retry_after_seconds(err.headers.get("Retry-After"))
                if attempt >= self.max_retries:
                    raise RetriesExhausted(f"{self.endpoint} still answers {status} after "
                                           f"{self.max_retries} retries: {_snippet(body)!r}") from None
                wait = float(2 ** attempt) if wait is None else wait
                if wait > self.max_wait:
                    raise RetriesExhausted(f"{self.endpoint} answers {status} and asks to wait {wait:.0f}s "
                                           f"(more than {self.max_wait:.0f}s); try again later") from None
            attempt += 1
            self.retries += 1
            self.sleep(wait)

    def _request(self, query: str) -> Bindings:
        wrapper = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        wrapper.setReturnFormat(JSON)
        wrapper.setOnlyConneg(True)  # the Accept header only: no format=json parameters
        wrapper.setMethod(POST if len(query) > POST_ABOVE else GET)
        wrapper.setTimeout(int(self.timeout))
        wrapper.setQuery(query)
        try:
            result = wrapper.query()
            body = result.response.read()
        except urllib.error.HTTPError:
            raise  # a status to retry or report (_fetch); caught before its base class URLError
        except EndPointInternalError as err:  # on the Query Service, mostly a query timeout
            raise WikidataError(f"{self.endpoint} failed on the query (a timeout? try a smaller "
                                f"batch size): {err}") from None
        except SPARQLWrapperException as err:  # 400, 401, 404, 414, with the body
            raise WikidataError(f"{self.endpoint} refused the query: {err}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
            reason = getattr(err, "reason", err)
            raise EndpointUnreachable(f"cannot reach {self.endpoint}: {reason}") from None
        return parse_results(body, self.endpoint)

    def _http_error(self, status: int, body: bytes) -> WikidataError:
        if status == 403:
            return PolicyAnswer(f"{self.endpoint} answered 403 Forbidden (Wikidata refuses clients "
                                f"without a descriptive User-Agent): {_snippet(body)!r}")
        return WikidataError(f"{self.endpoint} answered {status}: {_snippet(body)!r}")

    # --- cache ---------------------------------------------------------------------------

    def _cache_path(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache_dir / f"{key}.json"

    def _read_cache(self, path: Path | None, query: str) -> Bindings | None:
        if path is None or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # unreadable: asked again (and rewritten) unless offline
        if entry.get("endpoint") != self.endpoint or entry.get("query") != query:
            return None
        return entry.get("bindings")

    def _write_cache(self, path: Path, query: str, rows: Bindings) -> None:
        entry = {"endpoint": self.endpoint, "query": query,
                 "retrieved": datetime.now(timezone.utc).isoformat(timespec="seconds"), "bindings": rows}
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
