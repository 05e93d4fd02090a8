"""The research queries in queries/ on the converted sample corpus.

Expected answers are never taken from the queries themselves.  They come from the TEI:
either from tests/fixtures/truth (what each sample document's markup says, recorded
independently of frus_kg), from data/sample/*.xml read here with lxml, or from facts read
in the sample and written down below with where they come from.  Every query also runs
on rdflib, a second SPARQL 1.1 engine, and must give the same rows there.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from lxml import etree
from pyoxigraph import QuerySolutions

from frus_kg.convert import convert_tei
from frus_kg.query import query_text, rows, run_query
from frus_kg.store import load_dump, open_store

from .conftest import FIXTURES, ROOT, SAMPLE

QUERIES = ROOT / "queries"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
RESEARCH = [p.stem for p in QUERY_FILES if p.stem != "document-summary"]
REQUIRED = ["documents-by-sender-and-year", "telegrams-drafted-by", "documents-in-decimal-file",
            "classification-counts-per-year", "conversations-with-participant",
            "documents-citing-document"]

TRUTH = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "truth").glob("*.json"))}
MANIFEST = {r["volume"]: r for r in csv.DictReader((SAMPLE / "MANIFEST.tsv").open(encoding="utf-8"),
                                                    delimiter="\t")}
DOC = "https://w3id.org/frus-kg/id/document/"
V12 = "frus1961-63v12"
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# The marking sentence of a source note: "Secret; Priority; Limit Distribution."
MARKING = re.compile(r"\.\s+(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|"
                     r"Unclassified|No classification marking)((?:;[^.;]+)*)\.")
PRECEDENCES = {"Flash", "Niact", "Operational Immediate", "Immediate", "Priority", "Routine"}
CENTRAL_FILE = re.compile(r"Central Files, (\d{3}\.[\w.-]+)/(\d{1,2}-\d{3,4})[.,;]")


# --- helpers ---------------------------------------------------------------------------------

def header(path: Path) -> list[str]:
    """The leading comment block of a query file."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def header_section(path: Path, name: str) -> list[str]:
    """The lines of one '# Name:' (or '# Name (...):') section of the header, heading included."""
    lines, out, inside = header(path), [], False
    for line in lines:
        if re.match(r"^# [A-Z][^:]*:", line):
            inside = re.match(rf"^# {name}\b[^:]*:", line) is not None
        if inside:
            out.append(line)
    return out


def header_variables(path: Path) -> list[str]:
    """Variables the header documents: lines '#   ?a ?b  meaning' (in the Variables section
    when there is one; document-summary.rq predates the sections)."""
    lines = header_section(path, "Variables") or header(path)
    found: list[str] = []
    for line in lines:
        m = re.match(r"^#\s+((?:\?\w+\s*)+)\s", line + " ")
        if m:
            found += [v[1:] for v in m.group(1).split()]
    return found


def with_values(text: str, head: str, data: str) -> str:
    """Replace the data of the query's 'VALUES {head} { ... }' block (a parameter)."""
    pattern = re.compile(re.escape(f"VALUES {head} {{") + r"[^}]*\}")
    new, n = pattern.subn(lambda _: f"VALUES {head} {{ {data} }}", text)
    assert n == 1, f"no single VALUES {head} block"
    return new


def query(name: str, **params: str) -> str:
    """The text of queries/{name}.rq with parameters set: head=data, e.g.
    query("telegrams-drafted-by", **{"?name": '"Jamison"'})."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    for head, data in params.items():
        text = with_values(text, head, data)
    return text


def ask(store, name: str, **params: str) -> list[dict[str, str]]:
    variables, table = rows(run_query(store, query(name, **params)))
    return [dict(zip(variables, row)) for row in table]


def key(iri: str) -> str:
    """frus1961-63v12/d112 for a document IRI."""
    assert iri.startswith(DOC), iri
    return iri[len(DOC):]


def truth_key(t: dict) -> str:
    return f"{t['volume']}/{t['doc_id']}"


def markings(t: dict) -> tuple[str | None, list[str]]:
    """Classification and the other markings (precedence, handling) of a source note."""
    m = MARKING.search(t["source_note"] or "")
    if not m:
        return None, []
    return m.group(1), [s.strip() for s in m.group(2).split(";") if s.strip()]


def day(t: dict) -> str | None:
    """The document's date to the day, as the markup gives it."""
    if t["date"] and len(t["date"]) >= 10:
        return t["date"][:10]
    lo, hi = t["doc_datetime_min"], t["doc_datetime_max"]
    if lo and hi and lo[:10] == hi[:10]:
        return lo[:10]
    return None


def words(name: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text, re.I) is not None


@functools.lru_cache(maxsize=None)
def tei(volume: str) -> etree._Element:
    return etree.parse(str(SAMPLE / f"{volume}.excerpt.xml")).getroot()


def document_divs(root: etree._Element):
    return [d for d in root.iter(f"{T}div") if d.get("type") == "document"]


# --- every query: parses, runs, says what it returns ---------------------------------------------

def test_the_research_queries_are_there() -> None:
    assert len(RESEARCH) >= 12
    assert set(REQUIRED) <= set(RESEARCH)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_parses_and_runs_with_its_own_prefixes(sample_store, path: Path) -> None:
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    prepareQuery(text)  # a second SPARQL 1.1 parser
    # No prefixes given: every prefix the query uses must be declared in it.
    results = sample_store.query(text, use_default_graph_as_union=True)
    assert isinstance(results, QuerySolutions)
    assert list(results) is not None


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_header_names_the_variables_returned(sample_store, path: Path) -> None:
    variables, _ = rows(run_query(sample_store, path.read_text(encoding="utf-8")))
    assert header_variables(path) == variables


@pytest.mark.parametrize("name", RESEARCH)
def test_header_gives_question_parameters_and_example(name: str) -> None:
    path = QUERIES / f"{name}.rq"
    text = path.read_text(encoding="utf-8")
    assert header_section(path, "Title") and header_section(path, "Question")
    example = "\n".join(header_section(path, "Example"))
    assert f"frus-kg query {name} " in example or f"queries/{name}.rq" in example
    parameters = "\n".join(header_section(path, "Parameters"))
    body = text[len("\n".join(header(path))):]
    params = {v for head in re.findall(r"VALUES\s+(\?\w+|\([^)]*\))\s*\{", body)
              for v in re.findall(r"\?\w+", head)}
    if params:
        for var in params:
            assert var in parameters, f"{var} is a parameter the header does not document"
    else:
        assert "none" in parameters


def _sed_examples(path: Path) -> list[tuple[str, str]]:
    example = "\n".join(line[1:] for line in header_section(path, "Example"))
    example = re.sub(r"\\\n\s*", " ", example)          # shell line continuations
    return re.findall(r"sed '([^']+)'\s+(queries/[\w-]+\.rq)", example)


SED_EXAMPLES = [(p.stem, expr) for p in QUERY_FILES for expr, target in _sed_examples(p)
                if target == f"queries/{p.name}"]


@pytest.mark.parametrize(("name", "expression"), SED_EXAMPLES, ids=[n for n, _ in SED_EXAMPLES])
def test_header_examples_that_edit_a_parameter_work(sample_store, name: str, expression: str) -> None:
    """The documented way to set a parameter (sed on the VALUES line) changes the query, which
    then answers something on the sample."""
    original = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    edited = subprocess.run(["sed", expression, str(QUERIES / f"{name}.rq")], check=True,
                            capture_output=True, text=True).stdout
    assert edited != original
    assert list(rows(run_query(sample_store, edited))[1])


def test_query_names_resolve_as_the_cli_does() -> None:
    for path in QUERY_FILES:
        assert query_text(path.stem) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_readme_lists_the_query_its_question_and_variables(path: Path) -> None:
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    line = next((ln for ln in readme.splitlines() if ln.startswith(f"| `{path.name}` |")), None)
    assert line, f"{path.name} is not in queries/README.md"
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[1].endswith("?") or cells[1].endswith(")."), "the question is missing"
    assert re.findall(r"\?(\w+)", cells[2]) == header_variables(path)


# --- the same answers on another engine ---------------------------------------------------------

@pytest.fixture(scope="module")
def rdflib_dataset(sample_dumps):
    """The sample dumps in rdflib, one named graph per dump, the default graph their union."""
    from rdflib import Dataset, URIRef

    ds = Dataset(default_union=True)
    for dump in sample_dumps:
        ds.graph(URIRef(dump.resolve().as_uri())).parse(str(dump), format="turtle")
    return ds


def _cell(value) -> str:
    # Lists joined by GROUP_CONCAT have no defined order.
    return " | ".join(sorted(str(value).split(" | "))) if value is not None else ""


VARIANTS = [(name, {}) for name in RESEARCH] + [
    ("telegrams-drafted-by", {"?name": '"Jamison"'}),
    ("record-set-hierarchy", {"(?volumeId ?docId)": "(UNDEF UNDEF)"}),
    ("pages-of-document", {"(?volumeId ?docId)": "(UNDEF UNDEF)"}),
    ("documents-citing-document", {"(?targetVolume ?targetDoc)": f'("{V12}" "d127")'}),
    ("messages-with-precedence", {"?wanted": '"Niact"'}),
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own Dataset internals
@pytest.mark.parametrize(("name", "params"), VARIANTS,
                         ids=[f"{n}{'-' + '-'.join(p.values()) if p else ''}" for n, p in VARIANTS])
def test_same_rows_on_rdflib(sample_store, rdflib_dataset, name: str, params: dict) -> None:
    """Also catches a missing DISTINCT: rdflib's union graph has set semantics, Oxigraph's
    keeps one copy of a shared triple per volume graph, so duplicates would show."""
    text = query(name, **params)
    results = run_query(sample_store, text)
    variables = [v.value for v in results.variables]
    ours = sorted(tuple(_cell(None if s[v] is None else s[v].value) for v in variables) for s in results)
    theirs = sorted(tuple(_cell(r[v]) for v in variables) for r in rdflib_dataset.query(text))
    assert ours == theirs
    assert len(set(ours)) == len(ours), "duplicate rows"


# --- documents-by-sender-and-year ----------------------------------------------------------------

def test_documents_by_sender_and_year(sample_store) -> None:
    got = {(r["sender"], r["year"]): r for r in ask(sample_store, "documents-by-sender-and-year")}
    # Read in frus1961-63v12: "Telegram From the Embassy in Uruguay to the Department of
    # State" d20-d26 (August 1961); the Department of State sends d27, d112-d114, d117,
    # d121-d123, d126-d128 in 1961 and d129, d132-d134, d138 in 1962.
    assert got[("Embassy in Uruguay", "1961")]["documents"] == "7"
    assert got[("Department of State", "1961")]["documents"] == "11"
    assert got[("Department of State", "1962")]["documents"] == "5"
    # Berle (persons list "Berle, Adolf A.") writes d10 (April 25) and d16 (July 7, 1961).
    berle = got[("Berle, Adolf A.", "1961")]
    assert berle["documents"] == "2" and berle["namesAsPrinted"] == "Berle"
    assert berle["senderAgent"].endswith(f"/volume/{V12}/person/p_BAA2")
    # frus1901: "Mr. Lord to Mr. Hay" d1 (January 12) and d3 (July 5, 1901); Lord is in no
    # persons list, so he is grouped by name and has no single agent IRI.
    assert got[("Lord", "1901")]["documents"] == "2" and got[("Lord", "1901")]["senderAgent"] == ""


def test_documents_by_sender_and_year_match_the_markup_for_offices(sample_store) -> None:
    expected = Counter()
    for t in TRUTH.values():
        for sender in {a["text"] for a in t["from"] if a["kind"] == "institution"}:
            if day(t):
                expected[(sender, day(t)[:4])] += 1
    got = {(r["sender"], r["year"]): int(r["documents"])
           for r in ask(sample_store, "documents-by-sender-and-year") if "/organization/" in r["senderAgent"]}
    assert got == dict(expected)


# --- telegrams-drafted-by --------------------------------------------------------------------------

# Source notes of frus1961-63v12: "Drafted by ... Jamison" on these telegrams and circular
# telegrams (d118, also drafted by him, is a memorandum).
JAMISON_TELEGRAMS = {f"{V12}/d{n}" for n in (27, 112, 117, 121, 122, 123, 126, 128, 129, 132, 133, 134)}


def test_telegrams_drafted_by_berle_none_in_the_sample(sample_store) -> None:
    # Berle drafted no telegram in the sample: he cleared d112 ("cleared by Chairman of the
    # Task Force on Latin America Adolph A. Berle") and d113 ("cleared by Jamison and Berle").
    assert ask(sample_store, "telegrams-drafted-by") == []
    cleared = ask(sample_store, "telegrams-drafted-by",
                  **{"?roleWanted": "<https://w3id.org/frus-kg/vocab/role/clearer>"})
    assert {key(r["doc"]): r["drafter"] for r in cleared} == {f"{V12}/d112": "Adolph A. Berle",
                                                                f"{V12}/d113": "Berle"}


@pytest.mark.parametrize("name", ['"Jamison"', '"Edward A. Jamison"', '"jamison, edward a."'])
def test_telegrams_drafted_by_jamison(sample_store, name: str) -> None:
    got = ask(sample_store, "telegrams-drafted-by", **{"?name": name})
    assert {key(r["doc"]) for r in got} == JAMISON_TELEGRAMS
    d112 = next(r for r in got if key(r["doc"]) == f"{V12}/d112")
    assert (d112["drafter"], d112["form"], d112["date"]) == ("Edward A. Jamison", "Telegram", "1961-05-18")
    assert (d112["sender"], d112["recipient"]) == ("Department of State", "Embassy in Colombia")
    assert next(r for r in got if key(r["doc"]) == f"{V12}/d117")["form"] == "Circular telegram"


def test_telegrams_drafted_by_matches_whole_words_only(sample_store) -> None:
    assert ask(sample_store, "telegrams-drafted-by", **{"?name": '"Jami"'}) == []
    # "Berle" must not match the approver of d112, "Wymberley DeR. Coerr".
    approved = ask(sample_store, "telegrams-drafted-by",
                   **{"?roleWanted": "<https://w3id.org/frus-kg/vocab/role/approver>"})
    assert approved == []


# --- documents-in-decimal-file -----------------------------------------------------------------------

def _filed(decimal: str) -> dict[str, str]:
    out = {}
    for t in TRUTH.values():
        m = CENTRAL_FILE.search(t["source_note"] or "")
        if m and m.group(1).lower() == decimal.lower():
            out[truth_key(t)] = f"{m.group(1)}/{m.group(2)}"
    return out


def test_documents_in_decimal_file_737_00(sample_store) -> None:
    got = {key(r["doc"]): r for r in ask(sample_store, "documents-in-decimal-file")}
    # "Department of State, Central Files, 737.00/..." in these source notes.
    assert set(got) == {f"{V12}/d{n}" for n in (111, 112, 113, 114, 118, 119, 120, 124, 126, 127,
                                                132, 133, 134)}
    assert {k: r["file"] for k, r in got.items()} == _filed("737.00")
    assert got[f"{V12}/d112"]["fileDate"] == "1961-05-18"   # 737.00/5-1861
    assert got[f"{V12}/d126"]["fileDate"] == "1961-12-29"   # 737.00/12-2961, dated December 20
    assert {r["decimalFile"] for r in got.values()} == {"737.00"}


@pytest.mark.parametrize("decimal", ["371.8", "371.04", "711.11-ke"])
def test_documents_in_other_decimal_files(sample_store, decimal: str) -> None:
    got = ask(sample_store, "documents-in-decimal-file", **{"?decimalFile": f'"{decimal}"'})
    assert {key(r["doc"]): r["file"] for r in got} == _filed(decimal) != {}


def test_documents_in_a_file_unit_or_a_lot_file(sample_store) -> None:
    unit = ask(sample_store, "documents-in-decimal-file", **{"?decimalFile": '"737.00/5-1861"'})
    assert {key(r["doc"]) for r in unit} == {f"{V12}/d112", f"{V12}/d113"}
    # "Department of State, Conference Files: Lot 65 D 366, CF 1957 / CF 2016": d115, d116, d125.
    lot = ask(sample_store, "documents-in-decimal-file", **{"?decimalFile": '"Lot 65 D 366"'})
    assert {key(r["doc"]): r["file"] for r in lot} == {f"{V12}/d115": "CF 1957", f"{V12}/d116": "CF 1957",
                                                       f"{V12}/d125": "CF 2016"}


# --- classification-counts-per-year ------------------------------------------------------------------

def test_classification_counts_per_year_match_the_source_notes(sample_store) -> None:
    expected = Counter()
    for t in TRUTH.values():
        classification, _ = markings(t)
        if classification:
            expected[((t["date"] or t["doc_datetime_min"])[:4], classification)] += 1
    got = {(r["year"], r["classification"]): int(r["documents"])
           for r in ask(sample_store, "classification-counts-per-year")}
    assert got == dict(expected)
    # Counted by hand in frus1961-63v12: Secret in 1961 are d4, d10, d11, d14, d15, d22, d23,
    # d113 and d124; the only Secret of 1962 is d137.  All four frus1952-54Guat
    # documents with a source note are Secret (January 1952).
    assert got[("1961", "Secret")] == 9
    assert got[("1962", "Secret")] == 1
    assert got[("1961", "Confidential")] == 23
    assert got[("1952", "Secret")] == 4


# --- conversations-with-participant -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Goodwin", "Woodward", "Berle", "Jamison"])
def test_conversations_with_participant_match_the_participants_lists(sample_store, name: str) -> None:
    expected = {truth_key(t) for t in TRUTH.values()
                if any(words(name, p["text"]) for p in t["participants"])}
    got = ask(sample_store, "conversations-with-participant", **{"?name": f'"{name}"'})
    assert {key(r["doc"]) for r in got} == expected != set()


def test_conversations_with_goodwin(sample_store) -> None:
    got = {key(r["doc"]): r for r in ask(sample_store, "conversations-with-participant")}
    assert set(got) == {f"{V12}/d124", f"{V12}/d125", f"{V12}/d135"}
    d135 = got[f"{V12}/d135"]
    # PARTICIPANTS of d135: The Secretary; ARA—Mr. Goodwin; RPA—Mr. Jamison; RPA—Mr. Bowdler;
    # Ambassador del Carril; Dr. Oscar H. Camilion; Mr. Ortiz de Rozas (seven people).
    assert d135["asPrinted"] == "ARA—Mr. Goodwin"
    assert d135["participants"] == "7"
    assert (d135["date"], d135["when"]) == ("1962-01-18", "1962-01-18T16:13:00")
    assert d135["form"] == "Memorandum of conversation"
    assert got[f"{V12}/d124"]["place"] == "Caracas"   # dateline "Caracas, December 16, 1961"


# --- documents-citing-document -------------------------------------------------------------------------

def _tei_citations() -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(target volume, target document) -> {(citing doc, citing note number or "")}, from the
    <ref>s of the sample; a body link only counts when no footnote makes the same link."""
    links: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for volume in MANIFEST:
        for div in document_divs(tei(volume)):
            citing = f"{volume}/{div.get(XML_ID)}"
            body, noted = set(), set()
            for ref in div.iter(f"{T}ref"):
                other, _, frag = (ref.get("target") or "").partition("#")
                m = re.match(r"^(d\d+)(?:fn\w+)?$", frag)
                if not m:
                    continue
                target = (other or volume, m.group(1))
                note = next(ref.iterancestors(f"{T}note"), None)
                if note is None:
                    body.add(target)
                else:
                    noted.add(target)
                    links[target].add((citing, note.get("n")))
            for target in body - noted:
                links[target].add((citing, ""))
    return links


TEI_CITATIONS = _tei_citations()


def test_documents_citing_frus1961_63v10_d171(sample_store) -> None:
    # frus1961-63v12 d109 (an editorial note) links to frus1961-63v10#d171 in its text.
    [row] = ask(sample_store, "documents-citing-document")
    assert key(row["citing"]) == f"{V12}/d109"
    assert (row["footnote"], row["noteNumber"], row["citedNote"]) == ("", "", "")
    assert key(row["target"]) == "frus1961-63v10/d171"
    assert row["targetInStore"] == "false"


def test_documents_citing_a_footnote(sample_store) -> None:
    # "#d127fn3" is cited in footnote 2 of d129 and footnote 2 of d132.
    got = ask(sample_store, "documents-citing-document", **{"(?targetVolume ?targetDoc)": f'("{V12}" "d127")'})
    assert {(key(r["citing"]), r["noteNumber"]) for r in got} == {(f"{V12}/d129", "2"), (f"{V12}/d132", "2")}
    assert {r["citedNote"] for r in got} == {f"{DOC}{V12}/d127/note/3"}
    assert {r["targetInStore"] for r in got} == {"true"}


@pytest.mark.parametrize("target", sorted(TEI_CITATIONS), ids="#".join)
def test_documents_citing_document_match_every_ref(sample_store, target: tuple[str, str]) -> None:
    got = ask(sample_store, "documents-citing-document",
              **{"(?targetVolume ?targetDoc)": '("{}" "{}")'.format(*target)})
    assert {(key(r["citing"]), r["noteNumber"]) for r in got} == TEI_CITATIONS[target]
    assert {key(r["target"]) for r in got} == {"/".join(target)}
    in_store = any(f"{v}/{d.get(XML_ID)}" == "/".join(target)
                   for v in MANIFEST if v == target[0] for d in document_divs(tei(v)))
    assert {r["targetInStore"] for r in got} == {"true" if in_store else "false"}


# --- record-set-hierarchy ------------------------------------------------------------------------------

def _chain(rows_: list[dict]) -> list[tuple[str, str, str, str]]:
    return [(r["step"], r["level"], r["label"], r["identifier"]) for r in rows_]


def test_record_set_hierarchy_of_a_central_file(sample_store) -> None:
    # d112: "Source: Department of State, Central Files, 737.00/5-1861."
    got = ask(sample_store, "record-set-hierarchy")
    assert {key(r["doc"]) for r in got} == {f"{V12}/d112"}
    assert _chain(got) == [
        ("1", "File", "737.00/5-1861", "737.00/5-1861"),
        ("2", "Decimal file", "737.00", "737.00"),
        ("3", "Series", "Central Files", ""),
        ("4", "Record group", "General Records of the Department of State (RG 59)", "RG 59"),
        ("5", "Repository", "National Archives", ""),
    ]


def test_record_set_hierarchy_of_a_cia_folder(sample_store) -> None:
    # frus1952-54Guat d2: "Source: Central Intelligence Agency, Job 79–01025A, Box 151, Folder 4."
    got = ask(sample_store, "record-set-hierarchy", **{"(?volumeId ?docId)": '("frus1952-54Guat" "d2")'})
    assert [(r["level"], r["identifier"]) for r in got] == [
        ("Folder", "Folder 4"), ("Box", "Box 151"), ("Job", "Job 79–01025A"), ("Repository", "")]
    assert got[-1]["label"] == "Central Intelligence Agency"


def test_record_set_hierarchy_of_every_document(sample_store) -> None:
    got = ask(sample_store, "record-set-hierarchy", **{"(?volumeId ?docId)": "(UNDEF UNDEF)"})
    chains = defaultdict(list)
    for r in got:
        chains[(key(r["doc"]), r["file"])].append(r)
    for chain in chains.values():
        assert [int(r["step"]) for r in chain] == list(range(1, len(chain) + 1))
        assert chain[-1]["level"] == "Repository" and "Repository" not in [r["level"] for r in chain[:-1]]
    central = {}
    for t in TRUTH.values():
        m = CENTRAL_FILE.match((t["source_note"] or "").replace("Source: Department of State, ", "", 1))
        if m:
            central[truth_key(t)] = (f"{m.group(1)}/{m.group(2)}", m.group(1))
    assert len(central) == 30      # d17-d26 (371.8), d111-d138 of frus1961-63v12
    for doc, (file, decimal) in central.items():
        chain = chains[(doc, file)]
        assert _chain(chain)[:2] == [("1", "File", file, file), ("2", "Decimal file", decimal, decimal)], doc
        assert [r["label"] for r in chain[2:]] == ["Central Files",
                                                   "General Records of the Department of State (RG 59)",
                                                   "National Archives"], doc


# --- documents-by-form ---------------------------------------------------------------------------------

def test_documents_by_form(sample_store) -> None:
    got = ask(sample_store, "documents-by-form")
    per_volume = Counter()
    for r in got:
        per_volume[r["volume"]] += int(r["documents"])
    assert dict(per_volume) == {v: int(m["documents"]) for v, m in MANIFEST.items()}
    v12 = {r["form"]: r for r in got if r["volume"] == V12}
    titles = [t["title"] for t in TRUTH.values() if t["volume"] == V12]
    assert int(v12["Telegram"]["documents"]) == sum(t.startswith("Telegram") for t in titles) == 22
    assert int(v12["Circular telegram"]["documents"]) == sum(t.startswith("Circular Telegram") for t in titles)
    assert int(v12["Memorandum of conversation"]["documents"]) == titles.count("Memorandum of Conversation")
    assert int(v12["Editorial note"]["documents"]) == titles.count("Editorial Note")
    assert v12["Editorial note"]["earliest"] == ""       # editorial notes have no dateline
    # frus1961-63v12 telegrams run from d111 (May 6, 1961) to d138 (January 24, 1962).
    assert (v12["Telegram"]["earliest"], v12["Telegram"]["latest"]) == ("1961-05-06", "1962-01-24")
    # frus1969-76v01: the Nixon article (October 1967) has no day; the Kissinger essay
    # ("dated 1969-04-01") does, and a missing date must not blank the range.
    article = next(r for r in got if r["volume"] == "frus1969-76v01" and r["form"] == "Article")
    assert (article["documents"], article["earliest"], article["latest"]) == ("2", "1969-04-01", "1969-04-01")


# --- undated-or-inferred-dates -----------------------------------------------------------------------

def test_undated_and_not_to_the_day_documents(sample_store) -> None:
    got = {key(r["doc"]): r for r in ask(sample_store, "undated-or-inferred-dates")}
    undated = {truth_key(t) for t in TRUTH.values() if not t["date"] and not t["doc_datetime_min"]}
    not_to_the_day = {truth_key(t) for t in TRUTH.values() if (t["date"] or t["doc_datetime_min"]) and not day(t)}
    assert {k for k, r in got.items() if r["status"] == "undated"} == undated
    assert {k for k, r in got.items() if r["status"] == "not to the day"} == not_to_the_day
    assert set(got) == undated | not_to_the_day        # the sample has no date inferred from a file
    nixon = got["frus1969-76v01/d3"]                    # dateline "October 1967"
    assert (nixon["expressed"], nixon["dateSource"]) == ("October 1967", "Dateline")
    assert nixon["earliest"].startswith("1967-10-01") and nixon["latest"].startswith("1967-10-31")


def test_inferred_date_is_reported_with_its_file(tmp_path) -> None:
    """d112 without its dateline is dated by its file, 737.00/5-1861, as May 18, 1961."""
    tree = etree.parse(str(SAMPLE / f"{V12}.excerpt.xml"))
    for div in document_divs(tree.getroot()):
        if div.get(XML_ID) not in ("d112", "d113"):
            div.getparent().remove(div)
        elif div.get(XML_ID) == "d112":
            for dateline in list(div.iter(f"{T}dateline")):
                dateline.getparent().remove(dateline)
    source = tmp_path / f"{V12}.xml"
    tree.write(str(source), xml_declaration=True, encoding="UTF-8")
    store = open_store(tmp_path / "store")
    for dump in convert_tei(source, tmp_path / "dumps", "ttl").outputs:
        load_dump(store, Path(dump))
    [row] = ask(store, "undated-or-inferred-dates")
    assert key(row["doc"]) == f"{V12}/d112"
    assert (row["status"], row["file"], row["date"]) == ("inferred from file", "737.00/5-1861", "1961-05-18")
    assert row["dateSource"] == "Inferred from the date suffix of a decimal file"


# --- messages-with-precedence and handling-caveats --------------------------------------------------

def test_messages_with_precedence_match_the_source_notes(sample_store) -> None:
    expected = {}
    for t in TRUTH.values():
        classification, rest = markings(t)
        precedence = [m for m in rest if m in PRECEDENCES]
        if precedence:
            handling = [m.strip("[]").lower() for m in rest if m not in PRECEDENCES]
            expected[truth_key(t)] = (" | ".join(precedence), classification, " | ".join(sorted(handling)))
    got = {key(r["doc"]): (r["precedence"], r["classification"], r["handling"].lower())
           for r in ask(sample_store, "messages-with-precedence")}
    assert got == expected
    # "Confidential; Niact." and the like in frus1961-63v12.
    niact = ask(sample_store, "messages-with-precedence", **{"?wanted": '"niact"'})
    assert {key(r["doc"]) for r in niact} == {f"{V12}/d{n}" for n in (20, 23, 26, 27, 121, 122, 130, 133,
                                                                       134, 137, 138)}
    d20 = next(r for r in niact if key(r["doc"]) == f"{V12}/d20")
    assert (d20["handling"], d20["sender"], d20["recipient"]) == ("Eyes Only", "Embassy in Uruguay",
                                                                 "Department of State")


def test_handling_caveats_match_the_source_notes(sample_store) -> None:
    expected = set()
    for t in TRUTH.values():
        _, rest = markings(t)
        expected |= {(m.strip("[]").lower(), truth_key(t)) for m in rest if m not in PRECEDENCES}
    got = ask(sample_store, "handling-caveats")
    assert {(r["caveat"].lower(), key(r["doc"])) for r in got} == expected
    limit = ask(sample_store, "handling-caveats", **{"?wanted": '"Limit Distribution"'})
    # d113 "Secret; Priority; Limit Distribution", d138 "Confidential; Niact; Limit Distribution".
    assert {key(r["doc"]): (r["classification"], r["precedence"]) for r in limit} == {
        f"{V12}/d113": ("Secret", "Priority"), f"{V12}/d138": ("Confidential", "Niact")}


# --- person-mentions, person-roles, correspondence-between -------------------------------------------

def test_person_mentions_match_the_markup(sample_store) -> None:
    expected = Counter()
    for t in TRUTH.values():
        for pid in set(t["persons_mentioned"]):
            expected[(t["volume"], pid)] += 1
    got = ask(sample_store, "person-mentions")
    assert {(r["volume"], r["person"].rsplit("/", 1)[1]): int(r["documents"]) for r in got} == dict(expected)
    top = got[0]
    assert (top["name"], top["volume"], top["documents"]) == ("Castro Ruz, Fidel", V12, "25")
    assert [int(r["documents"]) for r in got] == sorted((int(r["documents"]) for r in got), reverse=True)
    one = ask(sample_store, "person-mentions", **{"?volumeId": '"frus1952-54Guat"'})
    assert one and {r["volume"] for r in one} == {"frus1952-54Guat"}


def test_person_roles_of_berle(sample_store) -> None:
    got = {(key(r["doc"]), r["role"], r["asPrinted"]) for r in ask(sample_store, "person-roles")}
    # frus1961-63v12: PARTICIPANTS of d4 "Adolf A. Berle, Jr., Chairman"; d10 and d16 are
    # from Berle (persName type="from") and signed "A. A. Berle" / "Adolf A. Berle"; the
    # source notes of d112 and d113 say he cleared them.
    assert got == {
        (f"{V12}/d4", "Participant", "Adolf A. Berle, Jr."),
        (f"{V12}/d10", "Sender", "Berle"), (f"{V12}/d10", "Signer", "A. A. Berle"),
        (f"{V12}/d16", "Sender", "Berle"), (f"{V12}/d16", "Signer", "Adolf A. Berle"),
        (f"{V12}/d112", "Clearer", "Adolph A. Berle"), (f"{V12}/d113", "Clearer", "Berle"),
    }


def test_correspondence_between(sample_store) -> None:
    expected = {truth_key(t) for t in TRUTH.values()
                if "Embassy in Uruguay" in {a["text"] for a in t["from"]}
                and "Department of State" in {a["text"] for a in t["to"]}}
    got = ask(sample_store, "correspondence-between")
    assert {key(r["doc"]) for r in got} == expected == {f"{V12}/d{n}" for n in range(20, 27)}
    # d136 from Rusk at Punta del Este went to the Department, "Repeated to Buenos Aires,
    # Rio de Janeiro, Santiago, Mexico City, Port-au-Prince, and USUN".
    rusk = ask(sample_store, "correspondence-between", **{"(?fromName ?toName)": '("Rusk" "USUN")'})
    assert {key(r["doc"]) for r in rusk} == {f"{V12}/d136"}


# --- pages, footnotes, volumes ---------------------------------------------------------------------

def test_pages_of_every_document_match_the_markup(sample_store) -> None:
    got = defaultdict(list)
    for r in ask(sample_store, "pages-of-document", **{"(?volumeId ?docId)": "(UNDEF UNDEF)"}):
        got[key(r["doc"])].append(r)
    assert set(got) == {truth_key(t) for t in TRUTH.values() if t["pages"]}
    for t in TRUTH.values():
        pages = got[truth_key(t)]
        if truth_key(t) == f"{V12}/d1":
            # <pb n="1"/> stands just before <body>, so d1 starts on page 1 (the truth
            # record only looks inside <body>).
            t = {**t, "pages": ["1", *t["pages"]]}
        assert [r["pageNumber"] for r in pages] == t["pages"], truth_key(t)
        assert {(r["pageStart"], r["pageEnd"]) for r in pages} == {(t["pages"][0], t["pages"][-1])}
        assert all(r["pageUrl"] == f"https://history.state.gov/historicaldocuments/{t['volume']}/pg_{r['pageNumber']}"
                   for r in pages)


def test_pages_of_d124_shared_with_d125(sample_store) -> None:
    got = ask(sample_store, "pages-of-document", **{"(?volumeId ?docId)": f'("{V12}" "d124")'})
    # d124 runs over pages 271-274; d125 starts on page 274.
    assert [(r["pageNumber"], r["sharedWith"]) for r in got] == [("271", ""), ("272", ""), ("273", ""),
                                                                   ("274", "125")]


def test_footnotes_with_citations(sample_store) -> None:
    got = {(key(r["doc"]), r["noteNumber"]): r
           for r in ask(sample_store, "footnotes-with-citations", **{"(?volumeId ?docId)": f'("{V12}" UNDEF)'})}
    # d112 footnote 2: "... (Ibid., 737.00/5-861) The text is printed in Foreign Relations,
    # 1961-1963, vol. X, Document 211" with <ref target="frus1961-63v10#d211">.
    d112 = got[(f"{V12}/d112", "2")]
    assert (d112["citations"], d112["recordSets"], d112["citationCount"]) == ("Ibid., 737.00/5-861",
                                                                              "737.00/5-861", "1")
    assert d112["citedDocuments"] == f"{DOC}frus1961-63v10/d211"
    # d113 footnote 3: "See footnote 1, Document 112." (<ref target="#d112fn1">)
    d113 = got[(f"{V12}/d113", "3")]
    assert (d113["citations"], d113["otherLinks"], d113["citationCount"]) == ("", f"{DOC}{V12}/d112/note/1", "0")
    # Every footnote <ref> to a document of the sample's TEI is there.
    for target, citing in TEI_CITATIONS.items():
        for doc, note in citing:
            if doc.startswith(V12) and note:
                assert f"{DOC}{target[0]}/{target[1]}" in got[(doc, note)]["citedDocuments"] + \
                    got[(doc, note)]["otherLinks"], (doc, note, target)


def test_volume_overview(sample_store) -> None:
    got = {r["volume"]: r for r in ask(sample_store, "volume-overview")}
    assert set(got) == set(MANIFEST)
    for volume, row in got.items():
        truths = [t for t in TRUTH.values() if t["volume"] == volume]
        days = sorted(d for d in map(day, truths) if d)
        assert int(row["documents"]) == int(MANIFEST[volume]["documents"])
        assert int(row["dated"]) == len(days)
        assert (row["earliest"], row["latest"]) == (days[0], days[-1])
        root = tei(volume)
        notes = sum(1 for div in document_divs(root) for _ in div.iter(f"{T}note"))
        assert int(row["footnotes"]) == notes
        for section, tag, column in (("persons", "persName", "persons"), ("terms", "term", "terms")):
            lists = [d for d in root.iter(f"{T}div") if d.get(XML_ID) == section]
            entries = [i for d in lists for i in d.iter(f"{T}item")
                       if any(e.get(XML_ID) for e in i.iter(f"{T}{tag}"))]
            assert int(row[column]) == len(entries), (volume, section)
