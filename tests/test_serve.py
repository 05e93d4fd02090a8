"""The linked-data server, started for real (``frus-kg serve`` in a subprocess on loopback).

Every answer is parsed back with a library: rdflib for RDF syntaxes and SPARQL result
formats, SPARQLWrapper as a SPARQL client, lxml for HTML, gzip + rdflib for dumps.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import httpx
import pytest
import rdflib
from lxml import html as lxml_html
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

from frus_kg.serve.conneg import negotiate, parse_accept
from frus_kg.serve.sparql import looks_like_update
from frus_kg.serve.testing import ServerProcess, build_sample_store, serve_command

BASE = "https://w3id.org/frus-kg/id/"
DOC = BASE + "document/frus1961-63v12/d112"
DRAFTER = BASE + "volume/frus1961-63v12/person/p_JEA1"
FRUS = rdflib.Namespace("https://w3id.org/frus-kg/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
RICO = rdflib.Namespace("https://www.ica.org/standards/RiC/ontology#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
TIMEOUT = 2.0
LIMIT = 500
RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def server_store(sample_dumps, tmp_path_factory) -> Path:
    """The sample in a store of its own (the session's store is locked by this process)."""
    return build_sample_store(tmp_path_factory.mktemp("serve") / "store", sample_dumps)


@pytest.fixture(scope="module")
def server(server_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-run")
    with ServerProcess(server_store, log=folder / "server.log",
                       extra=["--timeout", str(TIMEOUT), "--limit", str(LIMIT), "--workers", "2",
                              "--cache", str(folder / "cache")]) as srv:
        yield srv


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def _graph(response: httpx.Response, media: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=response.content, format=RDF_PARSERS[media], publicID=BASE)
    return g


# --- content negotiation -----------------------------------------------------------

def test_accept_parsing():
    assert parse_accept(None) == [("*/*", 1.0)]
    offers = ["text/turtle", "text/html"]
    assert negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", offers) == "text/html"
    assert negotiate("*/*", offers) == "text/turtle"
    assert negotiate(None, offers) == "text/turtle"
    assert negotiate("text/*;q=0.5, text/html;q=0.1", offers) == "text/turtle"
    assert negotiate("*/*, text/turtle;q=0", offers) == "text/html"
    assert negotiate("image/png", offers) is None
    assert negotiate("text/html;q=0", ["text/html"]) is None


@pytest.mark.parametrize("media", list(RDF_PARSERS))
def test_document_in_each_rdf_media_type(http, media):
    r = http.get("/document/frus1961-63v12/d112", headers={"Accept": media})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    assert r.headers["content-location"].startswith("/document/frus1961-63v12/d112?format=")
    g = _graph(r, media)
    doc = rdflib.URIRef(DOC)
    assert (doc, rdflib.RDF.type, FRUS.Document) in g
    # one level into the document's own nodes: its roles and its date
    drafter_role = rdflib.URIRef(DOC + "/role/drafter/1")
    assert (doc, FRUS.hasAgentInRole, drafter_role) in g
    assert (drafter_role, PROV.agent, rdflib.URIRef(DRAFTER)) in g
    assert (rdflib.URIRef(DOC + "/date"), RICO.expressedDate, None) in g
    # ... but not two levels (a footnote's citations are the footnote's own)
    assert (rdflib.URIRef(DOC + "/note/1/citation/1"), None, None) not in g


def test_description_has_no_duplicates(http):
    """Oxigraph's union default graph keeps one copy per graph: the server deduplicates."""
    r = http.get("/vocab/role/drafter", headers={"Accept": "application/n-triples"})
    lines = [ln for ln in r.text.splitlines() if ln.strip()]
    assert lines and len(lines) == len(set(lines))
    g = _graph(r, "application/n-triples")
    assert (rdflib.URIRef("https://w3id.org/frus-kg/vocab/role/drafter"), rdflib.namespace.SKOS.prefLabel,
            rdflib.Literal("Drafter", lang="en")) in g


def test_default_and_format_parameter(http):
    assert http.get("/document/frus1961-63v12/d112").headers["content-type"].startswith("text/turtle")
    r = http.get("/document/frus1961-63v12/d112?format=jsonld", headers={"Accept": "text/html"})
    assert r.headers["content-type"] == "application/ld+json"
    assert (rdflib.URIRef(DOC), rdflib.RDF.type, FRUS.Document) in _graph(r, "application/ld+json")
    assert http.get("/document/frus1961-63v12/d112?format=pdf").status_code == 400


def test_not_acceptable(http):
    r = http.get("/document/frus1961-63v12/d112", headers={"Accept": "image/png, application/pdf"})
    assert r.status_code == 406
    assert r.headers["vary"] == "Accept"
    assert "text/turtle" in r.text


def test_unknown_iri_is_404(http):
    for path in ("/document/frus1961-63v12/d99999", "/nothing/here", "/vocab/role/nobody",
                 "/document/frus1961-63v10/d211"):   # cited by d112, but not in the store
        for accept in ("text/turtle", "text/html"):
            r = http.get(path, headers={"Accept": accept})
            assert r.status_code == 404, (path, accept)
    r = http.get("/document/frus1961-63v10/d211", headers={"Accept": "text/plain"})
    assert "nothing describes it" in r.text


def test_percent_encoded_path(http):
    # '~' and '-' may arrive escaped; they name the same IRI
    r = http.get("/document/frus1961%2D63v12/d112", headers={"Accept": "text/turtle"})
    assert r.status_code == 200


def test_every_kind_of_iri_resolves(http):
    paths = ["/volume/frus1961-63v12", "/volume/frus1961-63v12/page/254", DRAFTER[len(BASE) - 1:],
             "/organization/embassy-in-colombia", "/place/washington",
             "/recordset/nara/rg59/central-files/737.00/5-1861", "/graph/frus1961-63v12",
             "/document/frus1961-63v12/d112/role/drafter/1", "/document/frus1961-63v12/d112/note/1",
             "/vocab/role", "/vocab/classification/confidential"]
    for path in paths:
        r = http.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200, path
        g = _graph(r, "text/turtle")
        subject = rdflib.URIRef((BASE + path[1:]) if not path.startswith("/vocab/")
                                else "https://w3id.org/frus-kg/vocab/" + path[len("/vocab/"):])
        assert (subject, None, None) in g, path


# --- HTML pages ------------------------------------------------------------------

def test_document_page(http):
    r = http.get("/document/frus1961-63v12/d112", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = lxml_html.fromstring(r.text)
    assert page.findtext(".//h1") == "Telegram From the Department of State to the Embassy in Colombia"
    assert {s.text for s in page.xpath(".//p[@class='types']/span")} >= {"frus:Document", "rico:Record"}
    hsg = page.get_element_by_id("hsg")
    assert hsg.get("href") == "https://history.state.gov/historicaldocuments/frus1961-63v12/d112"
    drafter = page.xpath(".//*[@data-role='drafter']//*[@data-property='prov:agent']/td//a")
    assert [a.get("href") for a in drafter] == ["/volume/frus1961-63v12/person/p_JEA1"]
    assert page.xpath(".//*[@data-node='role/drafter/1']") and page.xpath(".//*[@data-node='date']")
    sparql_link = page.get_element_by_id("open-sparql").get("href")
    q = httpx.URL(sparql_link).params["query"]
    assert f"<{DOC}>" in q
    # the query it opens shows the resource
    answer = http.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    values = {b["value"]["value"] for b in answer.json()["results"]["bindings"]}
    assert "https://history.state.gov/historicaldocuments/frus1961-63v12/d112" in values
    # alternates
    assert {a.text for a in page.xpath(".//a[@rel='alternate']")} == {"Turtle", "N-Triples", "JSON-LD", "RDF/XML"}


def test_person_page_lists_incoming_links(http):
    r = http.get(DRAFTER[len(BASE) - 1:], headers={"Accept": "text/html"})
    page = lxml_html.fromstring(r.text)
    assert page.findtext(".//h1") == "Jamison, Edward A."
    drafted = page.xpath(".//*[@data-incoming='role:drafter']")
    assert drafted and drafted[0].findtext("h3").startswith("Documents drafted by Jamison, Edward A.")
    hrefs = [a.get("href") for a in drafted[0].xpath(".//li//a")]
    assert "/document/frus1961-63v12/d112" in hrefs
    assert hrefs == sorted(set(hrefs), key=hrefs.index)  # each document once
    assert page.get_element_by_id("hsg").get("href").endswith("/frus1961-63v12/persons#p_JEA1")


def test_home_page_and_base_iri(http):
    r = http.get("/", headers={"Accept": "text/html"})
    page = lxml_html.fromstring(r.text)
    assert len(page.xpath(".//*[@id='volumes']/li")) == 5
    r = http.get("/", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/void?format=ttl"


# --- SPARQL ------------------------------------------------------------------------

COUNT_DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a frus:Document }"


@pytest.mark.parametrize("media,fmt", [("application/sparql-results+json", "json"),
                                       ("application/sparql-results+xml", "xml"),
                                       ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_sparql_result_formats(http, media, fmt):
    q = "SELECT ?doc ?title WHERE { ?doc a frus:Document ; rico:title ?title } ORDER BY ?doc LIMIT 5"
    for r in (http.get("/sparql", params={"query": q}, headers={"Accept": media}),
              http.post("/sparql", data={"query": q}, headers={"Accept": media}),
              http.post("/sparql", content=q.encode(), headers={"Accept": media,
                                                                "Content-Type": "application/sparql-query"})):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        result = Result.parse(io.BytesIO(r.content), format=fmt)
        rows = list(result)
        assert len(rows) == 5
        assert [str(v) for v in result.vars] == ["doc", "title"]
        assert all(str(row[0]).startswith(BASE + "document/") for row in rows)


def test_sparql_literals_round_trip(http):
    q = 'SELECT ?a ?b ?c WHERE { BIND("x,\\"y\\"\\ttab"@en AS ?a) BIND(3 AS ?b) BIND(BNODE() AS ?c) }'
    for media, fmt in (("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
                       ("text/tab-separated-values", "tsv")):
        row = list(Result.parse(io.BytesIO(http.get("/sparql", params={"query": q},
                                                    headers={"Accept": media}).content), format=fmt))[0]
        assert row[0] == rdflib.Literal('x,"y"\ttab', lang="en"), fmt
        assert row[1] == rdflib.Literal(3), fmt
        assert isinstance(row[2], rdflib.BNode), fmt
    csv_row = list(Result.parse(io.BytesIO(http.get("/sparql", params={"query": q},
                                                    headers={"Accept": "text/csv"}).content), format="csv"))[0]
    assert str(csv_row[0]) == 'x,"y"\ttab'


def test_sparqlwrapper_select_ask_construct(server):
    endpoint = server.url + "sparql"
    for method in ("GET", "POST"):
        sw = SPARQLWrapper(endpoint)
        sw.setMethod(method)
        sw.setQuery("PREFIX frus: <https://w3id.org/frus-kg/ontology#> " + COUNT_DOCS)
        sw.setReturnFormat(JSON)
        assert sw.query().convert()["results"]["bindings"][0]["n"]["value"] == "86"
        sw.setReturnFormat(XML)
        doc = sw.query().convert()
        assert doc.getElementsByTagName("literal")[0].firstChild.data == "86"
        for fmt in (CSV, TSV):
            sw.setReturnFormat(fmt)
            assert sw.query().convert().decode().splitlines()[1] == "86"
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(f"ASK {{ <{DOC}> a <https://w3id.org/frus-kg/ontology#Document> }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    construct = f"CONSTRUCT {{ <{DOC}> ?p ?o }} WHERE {{ <{DOC}> ?p ?o }}"
    sw.setQuery(construct)
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert (rdflib.URIRef(DOC), rdflib.RDF.type, FRUS.Document) in g
    sw.setReturnFormat(JSONLD)
    g = sw.query().convert()
    assert (rdflib.URIRef(DOC), rdflib.RDF.type, FRUS.Document) in g
    sw.setQuery(f"DESCRIBE <{DOC}>")
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert (rdflib.URIRef(DOC), FRUS.documentNumber, rdflib.Literal("112")) in g


def test_construct_media_types(http):
    q = f"CONSTRUCT {{ <{DOC}> ?p ?o }} WHERE {{ <{DOC}> ?p ?o }}"
    for media in RDF_PARSERS:
        r = http.get("/sparql", params={"query": q}, headers={"Accept": media})
        assert r.headers["content-type"].split(";")[0] == media
        assert (rdflib.URIRef(DOC), rdflib.RDF.type, FRUS.Document) in _graph(r, media)
    r = http.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    r = http.get("/sparql", params={"query": COUNT_DOCS}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_default_graph_uri(http):
    q = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/frus-kg/ontology#Document> }"
    r = http.get("/sparql", params={"query": q, "default-graph-uri": BASE + "graph/frus1961-63v12"},
                 headers={"Accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "57"


def test_updates_are_refused(http, server):
    update = f'INSERT DATA {{ <{DOC}> <http://example.org/p> "x" }}'
    assert http.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
                     ).status_code == 403
    assert http.post("/sparql", data={"update": update}).status_code == 403
    assert http.get("/sparql", params={"update": update}).status_code == 403
    assert http.get("/sparql", params={"query": update}).status_code == 403
    assert http.get("/sparql", params={"query": "PREFIX ex: <http://example.org/#>\n# c\nDELETE WHERE "
                                                "{ ?s ?p ?o }"}).status_code == 403
    sw = SPARQLWrapper(server.url + "sparql")
    sw.setMethod("POST")
    sw.setQuery(update)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    ask = f'ASK {{ <{DOC}> <http://example.org/p> "x" }}'
    assert http.get("/sparql", params={"query": ask}, headers={"Accept": "application/json"}
                    ).json()["boolean"] is False
    assert looks_like_update("  # comment\nWITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not looks_like_update("PREFIX x: <http://e/#> SELECT * WHERE { ?s x:delete ?o }")


def test_any_media_type_gets_sparql_results(http):
    for accept in ("*/*", None):
        headers = {"Accept": accept} if accept else {}
        r = http.get("/sparql", params={"query": COUNT_DOCS}, headers=headers)
        assert r.headers["content-type"] == "application/sparql-results+json"
        r = http.get("/sparql", params={"query": f"DESCRIBE <{DOC}>"}, headers=headers)
        assert r.headers["content-type"].startswith("text/turtle")


def test_bad_queries(http):
    r = http.get("/sparql", params={"query": "SELEKT nothing"})
    assert r.status_code == 400 and "syntax" in r.text.lower()
    assert http.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


def test_result_limit(http):
    r = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                 headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == LIMIT
    assert r.headers["x-result-truncated"] == "true" and r.headers["x-result-limit"] == str(LIMIT)
    r = http.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
                 headers={"Accept": "application/n-triples"})
    assert len(r.text.splitlines()) == LIMIT and r.headers["x-result-truncated"] == "true"


def test_query_over_the_time_limit_is_stopped(http):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.perf_counter()
    r = http.get("/sparql", params={"query": slow}, headers={"Accept": "application/sparql-results+json"})
    took = time.perf_counter() - started
    assert r.status_code == 503 and "time limit" in r.text
    assert TIMEOUT - 0.1 <= took < TIMEOUT + 3, took
    # the worker was replaced: queries still run, both workers at once
    for _ in range(4):
        r = http.get("/sparql", params={"query": COUNT_DOCS}, headers={"Accept": "application/json"})
        assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "86"
    # a resource page never waits for the SPARQL workers
    assert http.get("/document/frus1961-63v12/d112").status_code == 200


def test_sparql_form(http):
    r = http.get("/sparql", headers={"Accept": "text/html"})
    page = lxml_html.fromstring(r.text)
    options = {o.get("value"): o.text for o in page.xpath(".//*[@id='example']/option") if o.get("value")}
    assert options["volume-overview"] == "Volume overview" and len(options) >= 20
    r = http.get("/sparql", params={"example": "volume-overview"}, headers={"Accept": "text/html"})
    assert "# Title: Volume overview" in lxml_html.fromstring(r.text).get_element_by_id("query").text
    # answers for people: a table
    r = http.get("/sparql", params={"query": COUNT_DOCS, "format": "html"})
    cells = lxml_html.fromstring(r.text).xpath(".//table[@class='results']//td")
    assert [c.text_content() for c in cells] == ["86xsd:integer"]
    r = http.get("/sparql", params={"query": "SELEKT"}, headers={"Accept": "text/html"})
    assert r.status_code == 400 and lxml_html.fromstring(r.text).get_element_by_id("error") is not None
    # without a query and without HTML: the service description
    r = http.get("/sparql", headers={"Accept": "text/turtle"})
    g = _graph(r, "text/turtle")
    assert (None, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"),
            rdflib.URIRef(BASE + "sparql")) in g


# --- VoID and dumps ------------------------------------------------------------------

def _local(url: str) -> str:
    assert url.startswith(BASE)
    return "/" + url[len(BASE):]


def test_void_and_dumps(http):
    r = http.get("/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["vary"] == "Accept"
    g = _graph(r, "text/turtle")
    ds = rdflib.URIRef(BASE + "void#frus-kg")
    assert (ds, rdflib.RDF.type, VOID.Dataset) in g
    assert (ds, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")) in g
    assert (ds, DCT.license, rdflib.URIRef("http://creativecommons.org/publicdomain/zero/1.0/")) in g
    assert (ds, VOID.sparqlEndpoint, rdflib.URIRef(BASE + "sparql")) in g
    triples = int(g.value(ds, VOID.triples))
    dumps = sorted(str(o) for o in g.objects(ds, VOID.dataDump))
    assert [d.rsplit("/", 1)[1] for d in dumps] == ["frus-kg.nt.gz", "frus-kg.trig.gz", "frus-kg.ttl.gz"]
    subsets = list(g.objects(ds, VOID.subset))
    assert len(subsets) == 5
    # the counts are the store's: the whole N-Triples dump has exactly void:triples triples
    for url in dumps:
        r = http.get(_local(url))
        assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
        data = gzip.decompress(r.content)
        if url.endswith(".trig.gz"):
            ds_graph = rdflib.Dataset()
            ds_graph.parse(data=data, format="trig")
            assert len({c.identifier for c in ds_graph.graphs()} - {rdflib.URIRef("urn:x-rdflib:default")}) == 10
        else:
            parsed = rdflib.Graph().parse(data=data, format="nt" if url.endswith(".nt.gz") else "turtle")
            assert len(parsed) == triples, url
            if url.endswith(".nt.gz"):
                assert len(data.splitlines()) == triples  # each triple once
    vol = rdflib.URIRef(BASE + "void#frus1961-63v12")
    assert vol in subsets
    assert (vol, VOID.rootResource, rdflib.URIRef(BASE + "volume/frus1961-63v12")) in g
    nt = next(str(o) for o in g.objects(vol, VOID.dataDump) if str(o).endswith(".nt.gz"))
    vol_graph = rdflib.Graph().parse(data=gzip.decompress(http.get(_local(nt)).content), format="nt")
    assert len(vol_graph) == int(g.value(vol, VOID.triples))
    assert (rdflib.URIRef(DOC), rdflib.RDF.type, FRUS.Document) in vol_graph
    # other syntaxes of the description
    for media in ("application/ld+json", "application/rdf+xml", "application/n-triples"):
        r = http.get("/void", headers={"Accept": media})
        assert int(_graph(r, media).value(ds, VOID.triples)) == triples
    r = http.get("/void", headers={"Accept": "text/html"})
    assert lxml_html.fromstring(r.text).get_element_by_id("void-counts") is not None
    # the listing
    listing = http.get("/dumps/", headers={"Accept": "application/json"}).json()
    assert len(listing) == 18 and all(e["bytes"] for e in listing if e["name"].startswith("frus-kg."))
    page = lxml_html.fromstring(http.get("/dumps/", headers={"Accept": "text/html"}).text)
    assert len(page.xpath(".//*[@id='dumps']/tbody/tr")) == 18
    assert http.get("/dumps/nothing.ttl.gz").status_code == 404


# --- the command ---------------------------------------------------------------------

def test_command_errors(tmp_path, server):
    missing = subprocess.run([*serve_command(), "--store", str(tmp_path / "none")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")
    assert len(missing.stderr.strip().splitlines()) == 1
    port = httpx.URL(server.url).port
    busy = subprocess.run([*serve_command(), "--store", str(tmp_path), "--port", str(port)],
                          capture_output=True, text=True, timeout=60)
    assert busy.returncode in (1, 2) and "error:" in busy.stderr
    bad_base = subprocess.run([*serve_command(), "--store", str(tmp_path), "--base", "ftp://x/"],
                              capture_output=True, text=True, timeout=60)
    assert bad_base.returncode == 2


def test_help_documents_the_mapping():
    out = subprocess.run([sys.executable, "-m", "frus_kg.serve", "--help"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0
    assert "/document/frus1961-63v12/d112" in out.stdout and "--timeout" in out.stdout


def test_another_base(tmp_path):
    """A store built with --base http://example.org/frus/ is served with the same base."""
    base = "http://example.org/frus/"
    store = build_sample_store(tmp_path / "store", base=base)
    with ServerProcess(store, log=tmp_path / "server.log", extra=["--base", base, "--workers", "1",
                                                                   "--cache", str(tmp_path / "cache")]) as srv:
        r = httpx.get(srv.url + "document/frus1961-63v12/d112", headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        g = rdflib.Graph().parse(data=r.content, format="turtle")
        assert (rdflib.URIRef(base + "document/frus1961-63v12/d112"), rdflib.RDF.type, FRUS.Document) in g
        page = httpx.get(srv.url + "document/frus1961-63v12/d112", headers={"Accept": "text/html"}).text
        assert 'href="/volume/frus1961-63v12/person/p_JEA1"' in page
        assert httpx.get(srv.url + "vocab/role/drafter").status_code == 200
        void = rdflib.Graph().parse(data=httpx.get(srv.url + "void").content, format="turtle")
        assert (None, VOID.sparqlEndpoint, rdflib.URIRef(base + "sparql")) in void
