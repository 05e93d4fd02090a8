"""The dataset as a whole: its VoID + DCAT description and its dumps.

Figures are computed from the store the first time they are asked for and kept, in
memory and in the cache folder, under a fingerprint of the store's graphs (their names
and sizes): the server opens the store read-only, so they cannot go stale while it runs,
and a store loaded again gets a new fingerprint.

Dumps are made on first request, gzipped, into the cache folder, through a temporary
file renamed into place when complete (two requests for the same dump make it once).
Turtle and N-Triples dumps hold the union of the graphs they cover with every triple
once (Oxigraph keeps one copy per graph: a triple is written from the first graph, in
name order, that holds it); TriG dumps keep each named graph.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from .. import __version__
from ..iris import HSG
from ..store import graph_counts
from ..vocab import DCTERMS, FOAF, FRUS, PREFIXES, RDF, RDFS, VOID, XSD
from ..write import atomic_path

DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
IANA = "https://www.iana.org/assignments/media-types/"
VOID_PREFIXES = {**PREFIXES, "void": VOID, "dcat": DCAT, "sd": SD}

DUMP_FORMATS = {  # extension -> (pyoxigraph format, media type, label)
    "ttl": (RdfFormat.TURTLE, "text/turtle", "Turtle"),
    "nt": (RdfFormat.N_TRIPLES, "application/n-triples", "N-Triples"),
    "trig": (RdfFormat.TRIG, "application/trig", "TriG"),
}
WHOLE = "frus-kg"   # the name of the whole-graph dumps: frus-kg.ttl.gz, …


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(XSD + "integer"))


@dataclass(slots=True)
class Volume:
    id: str
    iri: str
    title: str
    graphs: list[str]


class Dataset:
    def __init__(self, store: Store, base: str, cache_dir: Path) -> None:
        self.store, self.base, self.cache_dir = store, base, Path(cache_dir)
        self._lock = threading.Lock()
        self._dump_locks: dict[str, threading.Lock] = {}
        self._graphs: dict[str, int] | None = None
        self._volumes: dict[str, Volume] | None = None
        self._stats: dict | None = None

    # --- what the store holds ------------------------------------------------------

    def graphs(self) -> dict[str, int]:
        """Triples per named graph (computed once)."""
        with self._lock:
            if self._graphs is None:
                self._graphs = dict(sorted(graph_counts(self.store).items()))
            return self._graphs

    def fingerprint(self) -> str:
        text = json.dumps(self.graphs(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def folder(self) -> Path:
        return self.cache_dir / self.fingerprint()

    def volumes(self) -> dict[str, Volume]:
        """Volumes described in the store, each with the graphs named after it."""
        graphs = list(self.graphs())
        with self._lock:
            if self._volumes is None:
                found: dict[str, Volume] = {}
                rdf_type, volume_cls = _n(RDF + "type"), _n(FRUS + "Volume")
                for q in self.store.quads_for_pattern(None, rdf_type, volume_cls, None):
                    iri = q.subject.value
                    if not iri.startswith(self.base + "volume/") or iri in (v.iri for v in found.values()):
                        continue
                    vid = next((x.object.value for x in self.store.quads_for_pattern(
                        q.subject, _n(FRUS + "volumeId"), None, None)), None)
                    if vid is None or "/" in vid:
                        continue
                    title = next((x.object.value for x in self.store.quads_for_pattern(
                        q.subject, _n(RDFS + "label"), None, None)), vid)
                    prefix = self.base + "graph/" + vid
                    own = [g for g in graphs if g == prefix or g.startswith(prefix + "/")]
                    if own:
                        found[vid] = Volume(vid, iri, title, own)
                self._volumes = dict(sorted(found.items()))
            return self._volumes

    # --- dumps ---------------------------------------------------------------------

    def dump_names(self) -> list[str]:
        names = [f"{WHOLE}.{ext}.gz" for ext in DUMP_FORMATS]
        for vid in self.volumes():
            names += [f"{vid}.{ext}.gz" for ext in DUMP_FORMATS]
        return names

    def dump_parts(self, name: str) -> tuple[list[str], str] | None:
        """The graphs a dump covers and its format, or None for a name we do not serve."""
        stem, dot, rest = name.partition(".")
        ext = rest[:-3] if rest.endswith(".gz") else None
        if not dot or ext not in DUMP_FORMATS:
            return None
        if stem == WHOLE:
            return list(self.graphs()), ext
        volume = self.volumes().get(stem)
        return (volume.graphs, ext) if volume else None

    def dump_path(self, name: str) -> Path | None:
        """The dump file, made now if it is not in the cache yet (blocking)."""
        parts = self.dump_parts(name)
        if parts is None:
            return None
        graphs, ext = parts
        target = self.folder() / "dumps" / name
        with self._lock:
            lock = self._dump_locks.setdefault(name, threading.Lock())
        with lock:
            if not target.exists():
                self._write_dump(target, graphs, ext)
        return target

    def _write_dump(self, target: Path, graphs: list[str], ext: str) -> None:
        fmt = DUMP_FORMATS[ext][0]
        with atomic_path(target) as tmp, open(tmp, "wb") as raw, \
                gzip.GzipFile(filename=target.name[:-3], mode="wb", fileobj=raw, mtime=0) as gz:
            if fmt == RdfFormat.TRIG:
                serialize(self._quads(graphs), gz, fmt, prefixes=PREFIXES)
            else:
                serialize(self._union(graphs), gz, fmt, prefixes=PREFIXES if ext == "ttl" else None)

    def _quads(self, graphs: list[str]) -> Iterator[Quad]:
        for g in graphs:
            yield from self.store.quads_for_pattern(None, None, None, _n(g))

    def _union(self, graphs: list[str]) -> Iterator[Triple]:
        """The triples of these graphs, each once: from the first graph that holds it."""
        order = {g: i for i, g in enumerate(graphs)}
        for i, g in enumerate(graphs):
            subject, earliest = None, {}
            for q in self.store.quads_for_pattern(None, None, None, _n(g)):
                if i:  # is it in an earlier graph of this dump?  (one look-up per subject:
                    # a graph is read subject by subject)
                    if q.subject != subject:
                        subject, earliest = q.subject, {}
                        for o in self.store.quads_for_pattern(subject, None, None, None):
                            k = (o.predicate, o.object)
                            gi = order.get(getattr(o.graph_name, "value", None), i)
                            if gi < earliest.get(k, i):
                                earliest[k] = gi
                    if earliest.get((q.predicate, q.object), i) < i:
                        continue
                yield q.triple

    # --- figures -------------------------------------------------------------------

    def stats(self) -> dict:
        """Counts for the VoID description (computed once per store, then cached)."""
        with self._lock:
            if self._stats is not None:
                return self._stats
        path = self.folder() / "stats.json"
        try:
            stats = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stats = self._compute_stats()
            try:
                with atomic_path(path) as tmp:
                    tmp.write_text(json.dumps(stats, indent=1), encoding="utf-8")
            except OSError:
                pass  # a read-only cache folder only costs a recount next time
        with self._lock:
            self._stats = stats
        return stats

    def _select(self, text: str) -> list:
        """Over the data graphs only (the loader's bookkeeping graph is not published)."""
        return list(self.store.query(text, default_graph=[_n(g) for g in self.graphs()]))

    def _compute_stats(self) -> dict:
        props = {r["p"].value: int(r["n"].value) for r in self._select(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p")}
        classes = {r["c"].value: int(r["n"].value) for r in self._select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
        one = lambda text: int(self._select(text)[0]["n"].value)  # noqa: E731
        base = str(Literal(self.base))
        modified = self._select("PREFIX prov: <http://www.w3.org/ns/prov#> "
                                "SELECT (MAX(?t) AS ?m) WHERE { ?a prov:endedAtTime ?t }")
        example = self._select(f"SELECT ?d WHERE {{ ?d a <{FRUS}Document> }} ORDER BY ?d LIMIT 1")
        return {
            "triples": sum(props.values()),
            "quads": sum(self.graphs().values()),
            "graphs": self.graphs(),
            "properties": props,
            "classes": classes,
            "entities": one(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o "
                            f"FILTER (isIRI(?s) && STRSTARTS(STR(?s), {base})) }}"),
            "distinctSubjects": one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
            "distinctObjects": one("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
            "modified": modified[0]["m"].value if modified and modified[0]["m"] is not None else None,
            "example": example[0]["d"].value if example else None,
        }

    def void_triples(self) -> list[Triple]:
        """The VoID + DCAT description of the dataset, its volumes, dumps and endpoint."""
        stats = self.stats()
        base = self.base
        doc, ds, service = _n(base + "void"), _n(base + "void#frus-kg"), _n(base + "void#sparql")
        endpoint = _n(base + "sparql")
        a = _n(RDF + "type")
        out: list[Triple] = []

        def add(s, p: str, o) -> None:
            out.append(Triple(s, _n(p), o))

        add(doc, RDF + "type", _n(VOID + "DatasetDescription"))
        add(doc, DCTERMS + "title", Literal("VoID and DCAT description of frus-kg", language="en"))
        add(doc, FOAF + "primaryTopic", ds)
        for cls in (VOID + "Dataset", DCAT + "Dataset"):
            out.append(Triple(ds, a, _n(cls)))
        add(ds, DCTERMS + "title", Literal("Foreign Relations of the United States as linked data (frus-kg)",
                                           language="en"))
        add(ds, DCTERMS + "description", Literal(
            "The documents of the Foreign Relations of the United States series (Office of the "
            "Historian, US Department of State) as RDF: documents, their senders, recipients, "
            "drafters and other agents in roles, dates, places, footnotes, classifications and "
            "archival sources, one named graph per volume.", language="en"))
        add(ds, DCTERMS + "license", _n(CC0))
        add(ds, DCTERMS + "source", _n(HSG))
        add(ds, DCTERMS + "creator", Literal(f"frus-kg {__version__}"))
        if stats.get("modified"):
            add(ds, DCTERMS + "modified", Literal(stats["modified"], datatype=_n(XSD + "dateTime")))
        for kw in ("FRUS", "Foreign Relations of the United States", "diplomatic history", "archives"):
            add(ds, DCAT + "keyword", Literal(kw, language="en"))
        add(ds, DCAT + "landingPage", _n(base))
        add(ds, VOID + "uriSpace", Literal(base))
        add(ds, VOID + "sparqlEndpoint", endpoint)
        add(ds, VOID + "triples", _int(stats["triples"]))
        add(ds, VOID + "entities", _int(stats["entities"]))
        add(ds, VOID + "distinctSubjects", _int(stats["distinctSubjects"]))
        add(ds, VOID + "distinctObjects", _int(stats["distinctObjects"]))
        add(ds, VOID + "properties", _int(len(stats["properties"])))
        add(ds, VOID + "classes", _int(len(stats["classes"])))
        if stats.get("example"):
            add(ds, VOID + "exampleResource", _n(stats["example"]))
        for ns in sorted({PREFIXES[k] for k in ("frus", "rico", "prov", "skos", "dcterms", "schema",
                                                "foaf", "org", "rdfs")}):
            add(ds, VOID + "vocabulary", _n(ns))
        for cls, n in sorted(stats["classes"].items()):
            part = BlankNode()
            add(ds, VOID + "classPartition", part)
            add(part, VOID + "class", _n(cls))
            add(part, VOID + "entities", _int(n))
        for prop, n in sorted(stats["properties"].items()):
            part = BlankNode()
            add(ds, VOID + "propertyPartition", part)
            add(part, VOID + "property", _n(prop))
            add(part, VOID + "triples", _int(n))
        self._dumps(out, ds, WHOLE, "the whole dataset")

        # the endpoint, as a DCAT data service and a SPARQL service description
        for cls in (DCAT + "DataService", SD + "Service"):
            out.append(Triple(service, a, _n(cls)))
        add(service, DCTERMS + "title", Literal("frus-kg SPARQL endpoint", language="en"))
        add(service, DCAT + "endpointURL", endpoint)
        add(service, SD + "endpoint", endpoint)
        add(service, DCAT + "servesDataset", ds)
        add(service, DCTERMS + "conformsTo", _n("https://www.w3.org/TR/sparql11-protocol/"))
        add(service, SD + "supportedLanguage", _n(SD + "SPARQL11Query"))
        add(service, SD + "feature", _n(SD + "UnionDefaultGraph"))
        add(service, DCTERMS + "license", _n(CC0))
        dist = _n(base + "void#sparql-distribution")
        add(ds, DCAT + "distribution", dist)
        out.append(Triple(dist, a, _n(DCAT + "Distribution")))
        add(dist, DCTERMS + "title", Literal("SPARQL 1.1 endpoint", language="en"))
        add(dist, DCAT + "accessURL", endpoint)
        add(dist, DCAT + "accessService", service)
        add(dist, DCTERMS + "license", _n(CC0))

        graphs = stats["graphs"]
        for vid, vol in self.volumes().items():
            sub = _n(f"{base}void#{vid}")
            add(ds, VOID + "subset", sub)
            for cls in (VOID + "Dataset", DCAT + "Dataset"):
                out.append(Triple(sub, a, _n(cls)))
            add(sub, DCTERMS + "title", Literal(vol.title))
            add(sub, DCTERMS + "license", _n(CC0))
            add(sub, DCTERMS + "source", _n(HSG + vid))
            add(sub, VOID + "rootResource", _n(vol.iri))
            add(sub, VOID + "triples", _int(sum(graphs.get(g, 0) for g in vol.graphs)))
            add(sub, VOID + "sparqlEndpoint", endpoint)
            for g in vol.graphs:
                add(sub, SD + "namedGraph", _n(g))
            self._dumps(out, sub, vid, vol.title)
        return out

    def _dumps(self, out: list[Triple], dataset: NamedNode, stem: str, what: str) -> None:
        a = _n(RDF + "type")
        for ext, (_, media, label) in DUMP_FORMATS.items():
            name = f"{stem}.{ext}.gz"
            url = _n(f"{self.base}dumps/{name}")
            dist = _n(f"{self.base}void#dump-{name}")
            out.append(Triple(dataset, _n(VOID + "dataDump"), url))
            out.append(Triple(dataset, _n(DCAT + "distribution"), dist))
            out.append(Triple(dist, a, _n(DCAT + "Distribution")))
            out.append(Triple(dist, _n(DCTERMS + "title"), Literal(f"{label} dump of {what}, gzipped")))
            out.append(Triple(dist, _n(DCAT + "downloadURL"), url))
            out.append(Triple(dist, _n(DCAT + "mediaType"), _n(IANA + media)))
            out.append(Triple(dist, _n(DCAT + "compressFormat"), _n(IANA + "application/gzip")))
            out.append(Triple(dist, _n(DCTERMS + "license"), _n(CC0)))

