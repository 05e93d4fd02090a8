"""The Starlette application: resources, /sparql, /void, /dumps/.

Paths and IRIs: a request path ``/P`` names the IRI ``{base}P`` and ``/vocab/P`` names
``https://w3id.org/frus-kg/vocab/P``.  With the default base, the server at
``http://127.0.0.1:8000/`` answers ``/document/frus1961-63v12/d112`` for
``https://w3id.org/frus-kg/id/document/frus1961-63v12/d112``.

Policy (200, not 303): a resource IRI answers 200 with the representation content
negotiation picks, ``Vary: Accept``, and ``Content-Location`` naming that
representation's own URL (``?format=ttl`` …); ``Link`` headers list the alternates.
When published, the persistent IRI (w3id.org) already redirects to this server, so a
second redirect would add a round trip and nothing else.  ``?format=`` overrides Accept.
An IRI the store does not describe gives 404; an Accept with nothing we can serve, 406.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from pyoxigraph import RdfFormat, Store, serialize
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..vocab import PREFIXES
from .conneg import negotiate
from .dataset import VOID_PREFIXES, Dataset
from .describe import Describer
from .examples import examples
from .html import Renderer
from .results import FORMAT_NAMES, GRAPH_TYPES, SOLUTION_TYPES, SPARQL_FORMATS, content_type, write_graph
from .sparql import Job, SparqlPool, looks_like_update

RDF_OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
RESOURCE_OFFERS = [*RDF_OFFERS, "text/html"]  # */* gets Turtle; browsers ask for text/html
EXTENSION = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
             "application/rdf+xml": "rdf", "text/html": "html"}
FORMAT_LABEL = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML"}
MAX_QUERY_BYTES = 1_000_000


class Settings:
    def __init__(self, store_dir: Path, base: str, cache_dir: Path, timeout: float, limit: int,
                 workers: int, ready_message: bool = False, cache_bytes: int = 64 << 20) -> None:
        self.store_dir, self.base, self.cache_dir = Path(store_dir), base, Path(cache_dir)
        self.timeout, self.limit, self.workers = timeout, limit, workers
        self.ready_message, self.cache_bytes = ready_message, cache_bytes


class ResponseCache:
    """Resource answers kept in memory (least recently used first out, bounded in bytes).

    The server opens the store read-only, so an answer never goes stale while it runs.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, body: bytes, ctype: str, headers: dict) -> None:
        if not self.max_bytes or len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old[0])
            self._items[key] = (body, ctype, dict(headers))
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (b, _, _) = self._items.popitem(last=False)
                self.size -= len(b)


def _plain(status: int, text: str, headers: dict | None = None) -> Response:
    return PlainTextResponse(text if text.endswith("\n") else text + "\n", status_code=status, headers=headers)


def create_app(settings: Settings) -> Starlette:
    store = Store.read_only(str(settings.store_dir))
    describer = Describer(store, settings.base)
    dataset = Dataset(store, settings.base, settings.cache_dir)
    render = Renderer(describer)
    pool = SparqlPool(str(settings.store_dir), PREFIXES, size=settings.workers, timeout=settings.timeout)
    state: dict = {}
    cache = ResponseCache(settings.cache_bytes)

    @asynccontextmanager
    async def lifespan(app):
        await pool.start()
        if not any(True for _ in store.quads_for_pattern(None, None, None, None)):
            print("frus-kg serve: warning: the store is empty", file=sys.stderr, flush=True)
        elif not describer.has_any_under_base():
            print(f"frus-kg serve: warning: no resource of the store has an IRI under {settings.base} "
                  "(was it built with another --base?)", file=sys.stderr, flush=True)
        if settings.ready_message:
            print("frus-kg serve: ready", flush=True)
        try:
            yield
        finally:
            await pool.close()

    def wants(request: Request, offers: list[str]) -> str | None | bool:
        """The media type to answer with: ?format= first, then Accept; False for a bad ?format=."""
        fmt = request.query_params.get("format")
        if fmt:
            media = FORMAT_NAMES.get(fmt.lower(), fmt.lower())
            return media if media in offers else False
        return negotiate(request.headers.get("accept"), offers)

    def not_acceptable(offers: list[str]) -> Response:
        return _plain(406, "Not acceptable. Available: " + ", ".join(offers),
                      headers={"Vary": "Accept"})

    def bad_format(offers: list[str]) -> Response:
        names = sorted({k for k, v in FORMAT_NAMES.items() if v in offers})
        return _plain(400, "Unknown or unavailable ?format=. Use one of: " + ", ".join(names),
                      headers={"Vary": "Accept"})

    def html(text: str, status: int = 200, headers: dict | None = None) -> Response:
        return Response(text, status_code=status, media_type="text/html; charset=utf-8", headers=headers)

    # --- resources -----------------------------------------------------------------

    def resource_response(request: Request, raw_path: str, media) -> Response:
        iri = describer.resolve(raw_path)
        if iri is None:
            candidates = describer.iri_candidates(raw_path)
            refs = max((describer.is_referenced(c) for c in candidates), default=0)
            detail = (f" It is the object of {refs} statement(s) there, but nothing describes it."
                      if refs else "")
            message = f"{candidates[0]} is not described in this store.{detail}"
            if media == "text/html":
                return html(render.error(404, "Not found", message), 404, {"Vary": "Accept"})
            return _plain(404, message, headers={"Vary": "Accept"})
        if media is False:
            return bad_format(RESOURCE_OFFERS)
        if media is None:
            return not_acceptable(RESOURCE_OFFERS)
        path = request.url.path
        ext = EXTENSION[media]
        alternates = [(FORMAT_LABEL[e], f"{path}?format={e}") for e in ("ttl", "nt", "jsonld", "rdf")]
        links = ", ".join(f'<{h}>; rel="alternate"; type="{m}"' for m, h in
                          ((m, f"{path}?format={EXTENSION[m]}") for m in RESOURCE_OFFERS))
        headers = {"Vary": "Accept", "Content-Location": f"{path}?format={ext}", "Link": links}
        desc = describer.describe(iri)
        if media == "text/html":
            incoming, total = describer.incoming(iri)
            text = render.resource(desc, incoming, total, alternates,
                                   sparql_href=_sparql_href(describe_query(iri)),
                                   incoming_href=_sparql_href(incoming_query(iri)))
            cache.put((raw_path, media), text.encode("utf-8"), "text/html; charset=utf-8", headers)
            return html(text, headers=headers)
        body = write_graph(media, desc.all_triples())
        cache.put((raw_path, media), body, content_type(media), headers)
        return Response(body, media_type=content_type(media), headers=headers)

    async def resource(request: Request) -> Response:
        raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1").split("?", 1)[0]
        media = wants(request, RESOURCE_OFFERS)
        hit = cache.get((raw_path, media))
        if hit is not None:  # the store is read-only: an answer once made stays right
            body, ctype, headers = hit
            return Response(body, media_type=ctype, headers=headers)
        return await run_in_threadpool(resource_response, request, raw_path, media)

    # --- home, VoID, dumps -----------------------------------------------------------

    async def home(request: Request) -> Response:
        media = wants(request, ["text/html", *RDF_OFFERS])
        if media is None:
            return not_acceptable(["text/html", *RDF_OFFERS])
        if media is False:
            return bad_format(["text/html", *RDF_OFFERS])
        if media != "text/html":  # the base IRI names no resource: the dataset's description does
            return RedirectResponse(f"/void?format={EXTENSION[media]}", status_code=303,
                                    headers={"Vary": "Accept"})
        if "home" not in state:
            vols = await run_in_threadpool(lambda: list(dataset.volumes().values()))
            state["home"] = render.home(vols, examples())
        return html(state["home"], headers={"Vary": "Accept"})

    async def void(request: Request) -> Response:
        media = wants(request, RESOURCE_OFFERS)
        if media is False:
            return bad_format(RESOURCE_OFFERS)
        if media is None:
            return not_acceptable(RESOURCE_OFFERS)
        triples = await run_in_threadpool(dataset.void_triples)
        headers = {"Vary": "Accept", "Content-Location": f"/void?format={EXTENSION[media]}"}
        if media == "text/html":
            turtle = serialize(triples, format=RdfFormat.TURTLE, prefixes=VOID_PREFIXES).decode()
            return html(render.void(dataset.stats(), turtle), headers=headers)
        fmt = GRAPH_TYPES[media]
        prefixes = VOID_PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
        body = serialize(triples, format=fmt, prefixes=prefixes)
        return Response(body, media_type=content_type(media), headers=headers)

    async def dumps_index(request: Request) -> Response:
        def entries():
            out = []
            vols = dataset.volumes()
            for name in dataset.dump_names():
                stem = name.split(".", 1)[0]
                what = "the whole dataset" if stem not in vols else vols[stem].title
                f = dataset.folder() / "dumps" / name
                out.append((name, what, f.stat().st_size if f.exists() else None))
            return out
        rows = await run_in_threadpool(entries)
        media = negotiate(request.headers.get("accept"), ["text/html", "application/json"])
        if media == "application/json":
            return Response(json.dumps([{"name": n, "content": w, "bytes": s, "url": f"/dumps/{n}"}
                                        for n, w, s in rows], indent=1),
                            media_type="application/json", headers={"Vary": "Accept"})
        return html(render.dumps(rows), headers={"Vary": "Accept"})

    async def dump_file(request: Request) -> Response:
        name = request.path_params["name"]
        path = await run_in_threadpool(dataset.dump_path, name)
        if path is None:
            return _plain(404, f"no dump named {name}; see /dumps/")
        return FileResponse(path, media_type="application/gzip",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # --- SPARQL --------------------------------------------------------------------

    async def sparql(request: Request) -> Response:
        params = {k: v for k, v in parse_qs(request.url.query, keep_blank_values=True).items()}
        body_query = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            raw = await request.body()
            if len(raw) > MAX_QUERY_BYTES:
                return _plain(413, f"request body larger than {MAX_QUERY_BYTES} bytes")
            if ctype == "application/sparql-update":
                return _plain(403, "this endpoint is read-only: SPARQL updates are refused")
            if ctype == "application/x-www-form-urlencoded":
                for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                body_query = raw.decode("utf-8", "replace")
            else:
                return _plain(415, "POST a query as application/sparql-query or "
                                   "application/x-www-form-urlencoded")
        if "update" in params:
            return _plain(403, "this endpoint is read-only: SPARQL updates are refused")
        queries = ([body_query] if body_query is not None else []) + params.get("query", [])
        if len(queries) > 1:
            return _plain(400, "give exactly one query")
        fmt_param = (params.get("format") or params.get("output") or [""])[0].lower()
        accept = request.headers.get("accept")
        # */* (or no Accept) gets a results format: HTML only when asked for first
        html_wanted = (fmt_param == "html" or (not fmt_param and negotiate(
            accept, [*SOLUTION_TYPES, *GRAPH_TYPES, "text/html"]) == "text/html"))
        if not queries:
            example = (params.get("example") or [""])[0]
            text = next((e.text for e in examples() if e.name == example), "")
            if html_wanted or fmt_param == "" and negotiate(accept, ["text/html", *RDF_OFFERS]) == "text/html":
                return html(render.sparql_form(examples(), text, timeout=settings.timeout,
                                               limit=settings.limit))
            media = negotiate(accept, RDF_OFFERS)
            if media is None:
                return not_acceptable(["text/html", *RDF_OFFERS])
            return Response(write_graph(media, [t for t in dataset_void_service()]),
                            media_type=content_type(media), headers={"Vary": "Accept"})
        query = queries[0]
        if looks_like_update(query):
            return _plain(403, "this endpoint is read-only: SPARQL updates are refused")
        media = None
        if fmt_param and fmt_param != "html":
            media = SPARQL_FORMATS.get(fmt_param, [fmt_param])
            if not any(m in SOLUTION_TYPES or m in GRAPH_TYPES for m in media):
                return _plain(400, "Unknown ?format=. Use one of: html, " + ", ".join(SPARQL_FORMATS)
                              + ", or a media type")
        elif not html_wanted and negotiate(accept, [*SOLUTION_TYPES, *GRAPH_TYPES]) is None:
            return not_acceptable([*SOLUTION_TYPES, *GRAPH_TYPES])
        job = Job(query=query, accept=accept, media=media, limit=settings.limit,
                  default_graphs=params.get("default-graph-uri", []),
                  named_graphs=params.get("named-graph-uri", []))
        if html_wanted:
            return await sparql_html(job, fmt_param or "html")
        answer = await pool.run(job)
        headers = {"Vary": "Accept", "X-Result-Limit": str(settings.limit)}
        if answer.truncated:
            headers["X-Result-Truncated"] = "true"
        if answer.status != 200:
            return Response(answer.body, status_code=answer.status, media_type="text/plain; charset=utf-8",
                            headers=headers)
        return Response(answer.body, media_type=content_type(answer.media), headers=headers)

    async def sparql_html(job: Job, fmt: str) -> Response:
        # answers for people: solutions as a table, graphs as Turtle
        job.accept = "application/sparql-results+json, text/turtle;q=0.9"
        answer = await pool.run(job)
        if answer.status != 200:
            results = f'<div class="error" id="error">{_esc(answer.body.decode("utf-8", "replace"))}</div>'
            status = answer.status
        elif answer.kind in ("select", "ask"):
            data = await run_in_threadpool(json.loads, answer.body)
            results = render.solutions_table(data, answer.seconds, answer.truncated, settings.limit)
            status = 200
        else:
            note = (f'<p class="notice">Cut at the result limit of {settings.limit:,} triples.</p>'
                    if answer.truncated else "")
            results = (f'<p class="count" id="answer">{answer.rows} triples in {answer.seconds:.3f} s</p>{note}'
                       f"<pre>{_esc(answer.body.decode())}</pre>")
            status = 200
        return html(render.sparql_form(examples(), job.query, fmt=fmt, results=results,
                                       timeout=settings.timeout, limit=settings.limit), status)

    def dataset_void_service():
        return [t for t in dataset.void_triples() if t.subject.value == settings.base + "void#sparql"]

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/void", void),
        Route("/dumps/", dumps_index),
        Route("/dumps", lambda r: RedirectResponse("/dumps/", status_code=301)),
        Route("/dumps/{name}", dump_file),
        Route("/favicon.ico", favicon),
        Route("/{path:path}", resource),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.pool, app.state.dataset, app.state.describer = pool, dataset, describer
    return app


def _esc(text: str) -> str:
    from html import escape
    return escape(text)


def describe_query(iri: str) -> str:
    return ("# What the store says about this resource (across all volume graphs)\n"
            "SELECT DISTINCT ?property ?value ?valueLabel WHERE {\n"
            f"  <{iri}> ?property ?value .\n"
            "  OPTIONAL { ?value rdfs:label|skos:prefLabel ?valueLabel }\n"
            "}\nORDER BY ?property ?value\n")


def incoming_query(iri: str) -> str:
    return ("# Everything that links to this resource\n"
            "SELECT DISTINCT ?subject ?property WHERE {\n"
            f"  ?subject ?property <{iri}> .\n"
            "}\nORDER BY ?property ?subject\n")


def _sparql_href(query: str) -> str:
    return "/sparql?" + urlencode({"query": query})
