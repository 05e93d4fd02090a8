"""Links as triples: the named graph ``{base}graph/links/wikidata``.

* The graph names itself (``<graph> a frus:LinkGraph``, its endpoint and the run's time), so
  a single-graph dump can be loaded into it.
* A **confirmed link** is the direct statement ``<ours> schema:sameAs <wd:Q…>`` — as for
  VIAF: a reference for the identity, without ``owl:sameAs`` (whose inferences would merge
  our record with everything Wikidata says, and a scored match can be wrong) and without
  ``skos:exactMatch`` (for concepts) — plus a ``frus:EntityLink`` node that qualifies it.
* An **unconfirmed candidate** (a bare name match, an event without dates, a tie) is only a
  ``frus:LinkCandidate`` node: no direct statement.

Both nodes carry ``frus:linkSource`` (ours), ``frus:linkTarget`` (the item),
``frus:linkMethod``, ``frus:linkScore`` (xsd:decimal), each piece of ``frus:linkEvidence``,
``dcterms:date`` (when the run decided, xsd:dateTime) and ``dcterms:source`` (the
endpoint).  A link node's IRI hashes (ours, item), so reruns name it alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime

from pyoxigraph import Literal, NamedNode, Triple

from ..iris import Iris
from ..mapping import DCT, FRUS, RDFS, SCHEMA, XSD, A
from .match import Decision
from .wikidata import entity

GRAPH_NAME = "links/wikidata"


def graph_iri(iris: Iris) -> str:
    return f"{iris.base}graph/{GRAPH_NAME}"


def link_iri(iris: Iris, resource: str, qid: str) -> str:
    digest = hashlib.sha256(f"{resource} {qid}".encode()).hexdigest()[:16]
    return f"{iris.base}link/wikidata/{digest}"


def link_triples(iris: Iris, decisions: Iterable[Decision], endpoint: str, when: datetime) -> Iterator[Triple]:
    """The graph's own description, then each decision (links and candidates)."""
    graph, source = NamedNode(graph_iri(iris)), NamedNode(endpoint)
    date = Literal(when.isoformat(timespec="seconds"), datatype=XSD("dateTime"))
    yield Triple(graph, A, FRUS("LinkGraph"))
    yield Triple(graph, RDFS("label"), Literal("Links to Wikidata", language="en"))
    yield Triple(graph, DCT("source"), source)
    yield Triple(graph, DCT("created"), date)
    for d in decisions:
        ours, item = NamedNode(d.resource), NamedNode(entity(d.qid))
        node = NamedNode(link_iri(iris, d.resource, d.qid))
        if d.confirmed:
            yield Triple(ours, SCHEMA("sameAs"), item)
        yield Triple(node, A, FRUS("EntityLink" if d.confirmed else "LinkCandidate"))
        yield Triple(node, FRUS("linkSource"), ours)
        yield Triple(node, FRUS("linkTarget"), item)
        yield Triple(node, FRUS("linkMethod"), Literal(d.method))
        yield Triple(node, FRUS("linkScore"), Literal(f"{d.score:.3f}", datatype=XSD("decimal")))
        for piece in d.evidence:
            yield Triple(node, FRUS("linkEvidence"), Literal(piece))
        yield Triple(node, DCT("date"), date)
        yield Triple(node, DCT("source"), source)
