"""HTML pages: a resource, the SPARQL form and its answers, the home, VoID and dumps pages.

Plain HTML with a little CSS, no script except the form's example menu (which also works
without script, as links).  Every value is escaped; IRIs the server serves link to their
page here, other IRIs link out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from urllib.parse import urlencode

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..vocab import DCTERMS, FRUS, PROV, RDF, RDFS, RICO, SCHEMA, SKOS, VOCAB, XSD
from .dataset import VOID_PREFIXES
from .describe import Describer, Description, Incoming, natural_key
from .examples import Example

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#fbfbfa}
header{background:#18324f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.4em;align-items:baseline;flex-wrap:wrap}
header a{color:#dfe9f5;text-decoration:none}header a.home{font-weight:700;color:#fff}
main{max-width:72em;margin:0 auto;padding:1em 1.2em 3em}
h1{font-size:1.5em;margin:.3em 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .4em;border-bottom:1px solid #d5dbe2}
h3{font-size:1em;margin:1.1em 0 .3em}
code,.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.86em;color:#46586b;word-break:break-all}
.types span{display:inline-block;background:#e4ecf5;border-radius:3px;padding:0 .45em;margin:0 .3em .2em 0;font-size:.9em}
.actions>a{margin-right:1.4em}.formats a{margin:0}
table{border-collapse:collapse;width:100%}
table.props>tbody>tr>th{text-align:left;vertical-align:top;width:14em;padding:.35em .6em .35em 0;font-weight:600;font-size:.92em}
table.props>tbody>tr>td{padding:.35em 0;border-top:1px solid #eceff2}
table.props>tbody>tr:first-child>td{border-top:0}
td ul{margin:0;padding-left:1.1em}
.node{border-left:3px solid #c9d6e4;margin:.3em 0 .5em;padding:.1em 0 .1em .7em;background:#f4f7fa}
.node table.props th{width:11em}
.lit{white-space:pre-wrap}.dt,.lang{color:#7b8794;font-size:.8em;margin-left:.3em}
.count{color:#7b8794;font-weight:400}
table.results th,table.results td{border:1px solid #d5dbe2;padding:.25em .5em;text-align:left;vertical-align:top;font-size:.92em}
table.results th{background:#eef2f6}
textarea{width:100%;min-height:18em;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
.form-row{margin:.5em 0;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
.notice{background:#fff4d6;border:1px solid #e8cf84;padding:.4em .7em}
.error{background:#fde4e1;border:1px solid #e3a59c;padding:.4em .7em;white-space:pre-wrap}
footer{color:#7b8794;font-size:.85em;max-width:72em;margin:0 auto;padding:0 1.2em 2em}
"""

_FIRST = [RDFS + "label", SKOS + "prefLabel", DCTERMS + "title", RICO + "title"]
_ROLE_HEADINGS = {
    "sender": "Documents sent by {x}",
    "recipient": "Documents addressed to {x}",
    "repeated-to": "Documents repeated to {x}",
    "drafter": "Documents drafted by {x}",
    "clearer": "Documents cleared by {x}",
    "approver": "Documents approved by {x}",
    "signer": "Documents signed by {x}",
    "participant": "Conversations and meetings with {x}",
}
_INVERSE = {
    SCHEMA + "mentions": "Documents that mention {x}",
    PROV + "wasAttributedTo": "Documents attributed to {x}",
    DCTERMS + "isPartOf": "Parts of {x}",
    FRUS + "listedIn": "Entries listed in {x}",
    RICO + "isOrWasIncludedIn": "Included in {x}",
    FRUS + "citesDocument": "Documents and footnotes citing {x}",
    FRUS + "citesRecordSet": "Citations of {x}",
    FRUS + "onPage": "Documents on {x}",
    RICO + "isAssociatedWithPlace": "Documents and events associated with {x}",
    RICO + "hasSender": "Documents sent by {x}",
    RICO + "hasAddressee": "Documents addressed to {x}",
    RICO + "hasReceiver": "Documents received by {x}",
    SKOS + "inScheme": "Concepts in {x}",
    FRUS + "role": "Agents in the role of {x}",
}


def curie(iri: str) -> str:
    best = ""
    for prefix, ns in VOID_PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(VOID_PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(VOID_PREFIXES[best]):]}" if best else iri


def page(title: str, body: str, *, head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} — frus-kg</title><style>{CSS}</style>{head}</head><body>"
            '<header><a class="home" href="/">frus-kg</a><a href="/sparql">SPARQL</a>'
            '<a href="/void">Dataset (VoID)</a><a href="/dumps/">Dumps</a></header>'
            f"<main>{body}</main>"
            '<footer>Data: <a href="https://history.state.gov/historicaldocuments">Foreign Relations of '
            'the United States</a>, Office of the Historian; published under '
            '<a href="http://creativecommons.org/publicdomain/zero/1.0/">CC0</a>.</footer>'
            "</body></html>")


class Renderer:
    def __init__(self, describer: Describer) -> None:
        self.d = describer

    # --- terms ---------------------------------------------------------------------

    def short(self, iri: str) -> str:
        """A readable name for an IRI with no label: its path under the base, or a CURIE."""
        if iri.startswith(self.d.base):
            return iri[len(self.d.base):]
        if iri.startswith(VOCAB):
            return iri[len(VOCAB):]
        return curie(iri)

    def link(self, iri: str, text: str | None = None, *, rel: str | None = None) -> str:
        label = text if text is not None else (self.d.label(iri) or self.short(iri))
        local = self.d.local_path(iri)
        rel_attr = f' rel="{rel}"' if rel else ""
        if local is not None:
            return f'<a href="{escape(local)}"{rel_attr} title="{escape(iri)}">{escape(label)}</a>'
        return f'<a href="{escape(iri)}" class="external"{rel_attr}>{escape(label)}</a>'

    def term(self, t) -> str:
        if isinstance(t, NamedNode):
            return self.link(t.value)
        if isinstance(t, BlankNode):
            return f"<code>_:{escape(t.value)}</code>"
        if isinstance(t, Literal):
            out = f'<span class="lit">{escape(t.value)}</span>'
            if t.language:
                out += f'<span class="lang">@{escape(t.language)}</span>'
            elif t.datatype.value != XSD + "string":
                out += f'<span class="dt">{escape(curie(t.datatype.value))}</span>'
            return out
        if isinstance(t, Triple):
            return f"<code>{escape(str(t))}</code>"
        return escape(str(t))

    # --- a resource ----------------------------------------------------------------

    def _props(self, triples: list[Triple], local: dict[str, list[Triple]], skip_types: bool) -> str:
        local = dict(local)  # a node shown in full once; later mentions link to it
        by_pred: dict[str, list] = {}
        for t in triples:
            if skip_types and t.predicate.value == RDF + "type":
                continue
            by_pred.setdefault(t.predicate.value, []).append(t.object)
        order = sorted(by_pred, key=lambda p: (_FIRST.index(p) if p in _FIRST else len(_FIRST), curie(p)))
        rows = []
        for p in order:
            values = sorted(by_pred[p], key=lambda o: natural_key(o.value if hasattr(o, "value") else str(o)))
            cells = [self._value(o, local) for o in values]
            cell = cells[0] if len(cells) == 1 else "<ul>" + "".join(f"<li>{c}</li>" for c in cells) + "</ul>"
            rows.append(f'<tr data-property="{escape(curie(p))}"><th><a href="{escape(p)}" class="external" '
                        f'title="{escape(p)}">{escape(curie(p))}</a></th><td>{cell}</td></tr>')
        return '<table class="props"><tbody>' + "".join(rows) + "</tbody></table>"

    def _tail(self, iri: str) -> str:
        doc = self.d.document_of(iri)
        return iri[len(doc) + 1:] if doc and iri != doc else self.short(iri)

    def _value(self, o, local: dict[str, list[Triple]]) -> str:
        key = str(o) if isinstance(o, BlankNode) else getattr(o, "value", None)
        if key in local and local[key]:
            inner = local.pop(key)
            role = next((t.object.value for t in inner if t.predicate.value == FRUS + "role"), "")
            role_attr = f' data-role="{escape(role.rsplit("/", 1)[-1])}"' if role else ""
            head = self.term(o)
            if isinstance(o, NamedNode):  # a node inside this resource: its tail is enough
                head = self.link(o.value, self._tail(o.value))
            return (f'<div class="node" data-node="{escape(self._tail(key))}"{role_attr}>{head}'
                    f"{self._props(inner, {}, skip_types=False)}</div>")
        return self.term(o)

    def resource(self, desc: Description, incoming: list[Incoming], incoming_total: int,
                 alternates: list[tuple[str, str]], sparql_href: str, incoming_href: str) -> str:
        iri = desc.iri
        label = self.d.label(iri) or self.short(iri)
        types = self.d.types(desc.triples)
        hsg = self.d.hsg_link(iri, desc.triples)
        parts = [f"<h1>{escape(label)}</h1>",
                 f'<div class="iri" id="iri">{escape(iri)}</div>',
                 '<p class="types">' + "".join(f'<span title="{escape(t)}">{escape(curie(t))}</span>'
                                               for t in types) + "</p>"]
        actions = []
        if hsg:
            actions.append(f'<a id="hsg" href="{escape(hsg)}" class="external">Read on history.state.gov</a>')
        actions.append(f'<a id="open-sparql" href="{escape(sparql_href)}">Open in SPARQL</a>')
        actions.append('<span class="formats">As data: ' + ", ".join(
            f'<a href="{escape(href)}" rel="alternate">{escape(name)}</a>' for name, href in alternates)
            + "</span>")
        parts.append('<p class="actions">' + "".join(actions) + "</p>")
        parts.append('<section id="properties"><h2>Description</h2>'
                     + self._props(desc.triples, desc.local, skip_types=True) + "</section>")
        parts.append(self._incoming(iri, label, incoming, incoming_total, incoming_href))
        return page(label, "".join(parts),
                    head="".join(f'<link rel="alternate" href="{escape(h)}" title="{escape(n)}">'
                                 for n, h in alternates))

    def _incoming(self, iri: str, label: str, links: list[Incoming], total: int, href: str) -> str:
        if not links:
            return '<section id="incoming"><h2>Links to this resource</h2><p>None.</p></section>'
        groups: dict[tuple[str, str], list[Incoming]] = {}
        for link in links:
            if link.role is not None:
                key = ("role", link.role)
            else:
                key = ("property", link.predicate.value)
            groups.setdefault(key, []).append(link)
        out = ['<section id="incoming"><h2>Links to this resource '
               f'<span class="count">({total if total < 10_000 else "10,000+"})</span></h2>']
        if total > len(links):
            out.append(f'<p class="notice">The first {len(links)} are shown; '
                       f'<a href="{escape(href)}">all of them in SPARQL</a>.</p>')
        ordered = sorted(groups, key=lambda k: (k[0] != "role", list(_ROLE_HEADINGS).index(k[1].rsplit("/", 1)[-1])
                                                if k[0] == "role" and k[1].rsplit("/", 1)[-1] in _ROLE_HEADINGS
                                                else 99, curie(k[1])))
        for kind, what in ordered:
            items = groups[(kind, what)]
            if kind == "role":
                slug = what.rsplit("/", 1)[-1]
                template = _ROLE_HEADINGS.get(slug, "Documents in which {x} is " + (self.d.label(what) or slug))
                heading, data = template.format(x=label), f"role:{slug}"
                entries = {}
                for link in items:
                    entries.setdefault(link.document, link)
                rendered = [self.link(doc) for doc in sorted(entries, key=natural_key)]
            else:
                template = _INVERSE.get(what, "Linked by " + curie(what))
                heading, data = template.format(x=label), curie(what)
                rendered = [self._incoming_item(link) for link in
                            sorted(items, key=lambda ln: natural_key(str(ln.subject)))]
            out.append(f'<div class="incoming" data-incoming="{escape(data)}"><h3>{escape(heading)} '
                       f'<span class="count">({len(rendered)}{"+" if total > len(links) else ""}; '
                       f'{escape(curie(what)) if kind == "property" else "as " + escape(self.d.label(what) or what)})'
                       "</span></h3><ul>" + "".join(f"<li>{r}</li>" for r in rendered) + "</ul></div>")
        out.append("</section>")
        return "".join(out)

    def _incoming_item(self, link: Incoming) -> str:
        s = link.subject
        if isinstance(s, BlankNode):
            return f"<code>_:{escape(s.value)}</code>"
        if link.document and link.document != s.value:
            tail = s.value[len(link.document) + 1:]
            return f"{self.link(link.document)} › {self.link(s.value, tail)}"
        return self.link(s.value)

    # --- SPARQL --------------------------------------------------------------------

    def sparql_form(self, examples: Iterable[Example], query: str, *, fmt: str = "html",
                    results: str = "", timeout: float, limit: int) -> str:
        examples = list(examples)
        options = "".join(f'<option value="{escape(e.name)}">{escape(e.title)}</option>' for e in examples)
        texts = json.dumps({e.name: e.text for e in examples}).replace("</", "<\\/")
        formats = [("html", "Table (HTML)"), ("json", "SPARQL JSON"), ("xml", "SPARQL XML"),
                   ("csv", "CSV"), ("tsv", "TSV"), ("ttl", "Turtle (CONSTRUCT/DESCRIBE)"),
                   ("jsonld", "JSON-LD (CONSTRUCT/DESCRIBE)")]
        fmt_options = "".join(f'<option value="{v}"{" selected" if v == fmt else ""}>{escape(n)}</option>'
                              for v, n in formats)
        listing = "".join(f'<li><a href="/sparql?{escape(urlencode({"example": e.name}))}">{escape(e.title)}</a>'
                          f" — {escape(e.question)}</li>" for e in examples)
        body = (
            "<h1>SPARQL</h1>"
            "<p>SPARQL 1.1 queries over the union of all graphs (each volume is a named graph; "
            "use <code>GRAPH</code> or <code>default-graph-uri</code> to pick some). "
            f"Read-only; queries stop after {timeout:g} s and answers stop at {limit:,} rows. "
            "The prefixes frus, fv, rico, prov, org, foaf, skos, dcterms, schema, rdf, rdfs, xsd, owl "
            "and sem are declared for you.</p>"
            '<form id="sparql-form" method="get" action="/sparql">'
            '<div class="form-row"><label for="example">Example query:</label>'
            f'<select id="example"><option value="">—</option>{options}</select></div>'
            f'<textarea id="query" name="query" spellcheck="false">{escape(query)}</textarea>'
            f'<div class="form-row"><label for="format">Answer as</label><select id="format" name="format">'
            f"{fmt_options}</select>"
            '<button id="run" type="submit">Run query</button></div></form>'
            f'<div id="results">{results}</div>'
            f"<h2>Example queries</h2><ul>{listing}</ul>"
            f"<script>const EXAMPLES={texts};"
            "document.getElementById('example').addEventListener('change',e=>{"
            "const t=EXAMPLES[e.target.value];if(t!==undefined){document.getElementById('query').value=t;}});"
            "</script>")
        return page("SPARQL", body)

    def solutions_table(self, data: dict, seconds: float, truncated: bool, limit: int) -> str:
        if "boolean" in data:
            return f'<p id="answer">Answer: <strong>{"yes" if data["boolean"] else "no"}</strong></p>'
        variables = data["head"]["vars"]
        rows = data["results"]["bindings"]
        note = (f'<p class="notice">Cut at the result limit of {limit:,} rows.</p>' if truncated else "")
        head = "".join(f"<th>?{escape(v)}</th>" for v in variables)
        body = []
        for row in rows:
            cells = []
            for v in variables:
                b = row.get(v)
                cells.append("<td>" + ("" if b is None else self._binding(b)) + "</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (f'<p class="count" id="answer">{len(rows)} row{"s" if len(rows) != 1 else ""} in {seconds:.3f} s</p>'
                f'{note}<table class="results"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')

    def _binding(self, b: dict) -> str:
        if b["type"] == "uri":
            return self.link(b["value"], self.short(b["value"]))
        if b["type"] == "bnode":
            return f"<code>_:{escape(b['value'])}</code>"
        if b["type"] == "triple":
            return f"<code>{escape(json.dumps(b['value']))}</code>"
        out = f'<span class="lit">{escape(b["value"])}</span>'
        if "xml:lang" in b:
            out += f'<span class="lang">@{escape(b["xml:lang"])}</span>'
        elif "datatype" in b:
            out += f'<span class="dt">{escape(curie(b["datatype"]))}</span>'
        return out

    # --- other pages ---------------------------------------------------------------

    def home(self, volumes, examples: Iterable[Example]) -> str:
        vols = "".join(f"<li>{self.link(v.iri, v.title)} <code>{escape(v.id)}</code></li>" for v in volumes)
        ex = "".join(f'<li><a href="/sparql?{escape(urlencode({"example": e.name}))}">{escape(e.title)}</a></li>'
                     for e in examples)
        body = ("<h1>Foreign Relations of the United States — linked data</h1>"
                f'<p>Every resource has an IRI under <code>{escape(self.d.base)}</code>, served here at the same '
                "path, as HTML or RDF (Turtle, N-Triples, JSON-LD, RDF/XML) by content negotiation.</p>"
                f'<h2>Volumes</h2><ul id="volumes">{vols or "<li>none loaded</li>"}</ul>'
                '<h2>Data</h2><ul><li><a href="/sparql">SPARQL endpoint</a></li>'
                '<li><a href="/void">Dataset description (VoID, DCAT)</a></li>'
                '<li><a href="/dumps/">Dumps</a> (Turtle, N-Triples, TriG; whole and per volume)</li></ul>'
                f"<h2>Example queries</h2><ul>{ex}</ul>")
        return page("Home", body)

    def void(self, stats: dict, turtle: str) -> str:
        rows = [("Triples (distinct)", stats["triples"]), ("Statements in the store (per graph)", stats["quads"]),
                ("Entities under the base", stats["entities"]), ("Distinct subjects", stats["distinctSubjects"]),
                ("Distinct objects", stats["distinctObjects"]), ("Properties", len(stats["properties"])),
                ("Classes", len(stats["classes"])), ("Named graphs", len(stats["graphs"]))]
        table = "".join(f"<tr><th>{escape(k)}</th><td>{v:,}</td></tr>" for k, v in rows)
        body = ("<h1>Dataset description</h1><p>VoID and DCAT, computed from the store. As RDF: "
                '<a href="/void?format=ttl">Turtle</a> · <a href="/void?format=nt">N-Triples</a> · '
                '<a href="/void?format=jsonld">JSON-LD</a> · <a href="/void?format=rdf">RDF/XML</a>.</p>'
                f'<table class="props" id="void-counts"><tbody>{table}</tbody></table>'
                f"<h2>Turtle</h2><pre>{escape(turtle)}</pre>")
        return page("Dataset description", body)

    def dumps(self, entries: list[tuple[str, str, int | None]]) -> str:
        rows = "".join(f'<tr><td><a href="/dumps/{escape(n)}">{escape(n)}</a></td><td>{escape(what)}</td>'
                       f'<td>{"" if size is None else f"{size:,} bytes"}</td></tr>' for n, what, size in entries)
        body = ("<h1>Dumps</h1><p>Gzipped Turtle, N-Triples and TriG of the whole dataset and of each volume "
                "(TriG keeps the named graphs; Turtle and N-Triples hold their union, each triple once). "
                "A dump is made the first time it is asked for. Licence: CC0.</p>"
                f'<table class="results" id="dumps"><thead><tr><th>file</th><th>content</th><th>size</th></tr>'
                f"</thead><tbody>{rows}</tbody></table>")
        return page("Dumps", body)

    def error(self, status: int, title: str, message: str, extra: str = "") -> str:
        return page(title, f"<h1>{status} {escape(title)}</h1><p>{escape(message)}</p>{extra}")
