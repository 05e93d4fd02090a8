"""Serialising query answers, cut at a result limit.

pyoxigraph serialises a whole result set; the endpoint stops at its result limit, so
SELECT and ASK answers are written here in the four SPARQL 1.1 result formats (JSON,
XML, CSV, TSV), and graphs (CONSTRUCT, DESCRIBE, resource descriptions) go through
pyoxigraph's RDF serialisers.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from ..vocab import PREFIXES, XSD

XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# media type -> serialisation, in the server's order of preference
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
# ?format= / ?output= names on /sparql: the first type that fits the query's answer wins
# (so format=json is SPARQL JSON for SELECT and JSON-LD for CONSTRUCT, as clients expect)
SPARQL_FORMATS = {
    "json": ["application/sparql-results+json", "application/ld+json"],
    "xml": ["application/sparql-results+xml", "application/rdf+xml"],
    "csv": ["text/csv"], "tsv": ["text/tab-separated-values"],
    "ttl": ["text/turtle"], "turtle": ["text/turtle"], "n3": ["text/turtle"],
    "jsonld": ["application/ld+json"], "json-ld": ["application/ld+json"],
    "nt": ["application/n-triples"], "ntriples": ["application/n-triples"],
    "rdf": ["application/rdf+xml"], "rdfxml": ["application/rdf+xml"], "rdf+xml": ["application/rdf+xml"],
}
# short names for ?format= on resources and /void
FORMAT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json",
    "nt": "application/n-triples", "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml",
    "html": "text/html",
}
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def content_type(media: str) -> str:
    """The Content-Type header for a media type (UTF-8 said explicitly for text)."""
    if media.startswith("text/") or media in ("application/n-triples",):
        return f"{media}; charset=utf-8"
    return media


# --- terms ---------------------------------------------------------------------------

def term_json(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_text(value: str) -> str:
    return escape(_XML_INVALID.sub("\ufffd", value))


def term_xml(term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    if isinstance(term, Triple):
        return (f"<triple><subject>{term_xml(term.subject)}</subject><predicate>"
                f"{term_xml(term.predicate)}</predicate><object>{term_xml(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def term_csv(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return str(term)
    value = term.value
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


_TURTLE_SHORT = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "double": re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$"),
    XSD + "boolean": re.compile(r"^(?:true|false)$"),
}


def term_tsv(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):  # numbers and booleans in their Turtle short form
        short = _TURTLE_SHORT.get(term.datatype.value)
        if short is not None and short.match(term.value):
            return term.value
    # N-Triples syntax; a tab inside a literal is escaped so that it cannot split a row
    return str(term).replace("\t", "\\t")


# --- solutions -----------------------------------------------------------------------

def write_solutions(fmt: str, variables: list[str], rows: Iterable[list]) -> bytes:
    """SELECT answers; ``rows`` holds one term (or None) per variable."""
    out = io.StringIO()
    if fmt == "json":
        out.write('{"head":{"vars":' + json.dumps(variables) + '},"results":{"bindings":[')
        first = True
        for row in rows:
            binding = {v: term_json(t) for v, t in zip(variables, row) if t is not None}
            out.write(("" if first else ",") + json.dumps(binding, ensure_ascii=False))
            first = False
        out.write("]}}")
    elif fmt == "xml":
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                  "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
                  + "</head><results>")
        for row in rows:
            out.write("<result>")
            for v, t in zip(variables, row):
                if t is not None:
                    out.write(f"<binding name={quoteattr(v)}>{term_xml(t)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
    elif fmt == "csv":
        out.write(",".join(variables) + "\r\n")
        for row in rows:
            out.write(",".join(term_csv(t) for t in row) + "\r\n")
    elif fmt == "tsv":
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            out.write("\t".join(term_tsv(t) for t in row) + "\n")
    else:
        raise ValueError(f"unknown results format {fmt!r}")
    return out.getvalue().encode("utf-8")


def write_boolean(fmt: str, value: bool) -> bytes:
    text = "true" if value else "false"
    if fmt == "json":
        return ('{"head":{},"boolean":' + text + "}").encode()
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n").encode()
    if fmt == "csv":
        return f"_askResult\r\n{text}\r\n".encode()
    return f"?_askResult\n{text}\n".encode()


def write_graph(media: str, triples: Iterable[Triple]) -> bytes:
    """Triples in an RDF syntax (prefixes declared in Turtle and RDF/XML)."""
    fmt = GRAPH_TYPES[media]
    prefixes = PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return serialize(list(triples), format=fmt, prefixes=prefixes)
