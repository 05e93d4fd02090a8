"""frus-kg benchmark: conversion, the naive rdflib/pyshacl path, validation, loading.

    python bench/run.py [--documents 20000] [--per-volume 1000] [--workdir DIR] [--json]

Builds a synthetic corpus by replicating the real TEI excerpts (bench/corpus.py), then
measures and prints each figure beside its target.  Nothing here asserts a timing:
a MISS is printed, not raised.  See bench/README.md for what each line means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import build_corpus, default_sources  # noqa: E402

PYTHON = sys.executable
TARGETS = {
    "conversion_docs_per_s": 1000.0,
    "conversion_vs_naive": 10.0,
    "validation_triples_per_s": 30000.0,
    "volume_peak_rss_mb": 400.0,
    "load_triples_per_s": 150000.0,
}

# A child process that converts one volume and reports its own peak RSS.
_RSS_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from frus_kg.convert import convert_tei
src, out, fmt = sys.argv[1:4]
t = time.perf_counter()
r = convert_tei(Path(src), Path(out), fmt)
print(json.dumps({"seconds": time.perf_counter() - t, "documents": r.documents, "triples": r.triples,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def timed(fn: Callable, *args, **kwargs):
    cpu = time.process_time()
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start, time.process_time() - cpu


def _cpu_ours() -> float:
    """CPU seconds used by this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _cpu_busy() -> float:
    """CPU seconds the whole machine has been busy (all processes), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class Phases:
    """Wall time, our CPU, other processes' CPU and our peak RSS, per phase of the run.

    Other processes share the 2 CPUs; ``other_cores`` (their average use during the
    phase) says how far a figure is from what the machine gives when idle.
    """

    def __init__(self) -> None:
        self.rows: list[dict] = []

    @contextmanager
    def __call__(self, name: str):
        log(name)
        wall, ours, busy = time.perf_counter(), _cpu_ours(), _cpu_busy()
        yield
        wall = time.perf_counter() - wall
        ours = _cpu_ours() - ours
        other = max(0.0, _cpu_busy() - busy - ours)
        self.rows.append({"phase": name, "seconds": round(wall, 2), "our_cpu_s": round(ours, 2),
                          "other_cores": round(other / wall, 2) if wall else 0.0,
                          "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})


    def attach(self, figures: dict, unit: str) -> dict:
        """Add the last phase's CPU use to ``figures``: a rate per CPU-second, others' load."""
        row = self.rows[-1]
        figures["our_cpu_s"] = row["our_cpu_s"]
        figures["other_cores"] = row["other_cores"]
        figures[f"{unit}_per_cpu_s"] = round(rate(figures[unit], row["our_cpu_s"]))
        return figures


def rate(n: float, seconds: float) -> float:
    return n / seconds if seconds > 0 else 0.0


# --- conversion ----------------------------------------------------------------------------


def convert_all(volumes: list[Path], outdir: Path, fmt: str) -> dict:
    """convert_tei over every volume, one after the other, in this process."""
    from frus_kg.convert import convert_tei

    outdir.mkdir(parents=True, exist_ok=True)
    docs = triples = 0
    seconds = 0.0
    per_volume = []
    for path in volumes:
        result, s, _ = timed(convert_tei, path, outdir, fmt)
        docs += result.documents
        triples += result.triples
        seconds += s
        per_volume.append({"volume": result.volume_id, "documents": result.documents,
                           "triples": result.triples, "seconds": round(s, 3)})
    return {"format": fmt, "volumes": len(volumes), "documents": docs, "triples": triples,
            "seconds": round(seconds, 3), "documents_per_s": round(rate(docs, seconds), 1),
            "triples_per_s": round(rate(triples, seconds)), "per_volume": per_volume}


def convert_parallel(volumes: list[Path], outdir: Path, fmt: str) -> dict:
    """convert_many with one worker per CPU (what ``frus-kg convert`` does)."""
    from frus_kg.convert import convert_many

    jobs = os.cpu_count() or 1
    start = time.perf_counter()
    results = list(convert_many(volumes, outdir, fmt, jobs=jobs))
    seconds = time.perf_counter() - start
    bad = [str(r) for r in results if not hasattr(r, "documents")]
    docs = sum(r.documents for r in results if hasattr(r, "documents"))
    triples = sum(r.triples for r in results if hasattr(r, "triples"))
    return {"format": fmt, "jobs": jobs, "documents": docs, "triples": triples, "errors": bad,
            "seconds": round(seconds, 3), "documents_per_s": round(rate(docs, seconds), 1),
            "triples_per_s": round(rate(triples, seconds))}


def volume_rss(volume: Path, outdir: Path, fmt: str) -> dict:
    """Peak RSS of a fresh process converting one volume (its own ru_maxrss)."""
    out = subprocess.run([PYTHON, "-c", _RSS_CHILD, str(volume), str(outdir), fmt],
                         capture_output=True, text=True, check=True)
    child = json.loads(out.stdout.strip().splitlines()[-1])
    child["maxrss_mb"] = round(child.pop("maxrss_kb") / 1024, 1)
    child["format"] = fmt
    child["volume"] = volume.name
    child["bytes"] = volume.stat().st_size
    return child


# --- the naive path ---------------------------------------------------------------------------


def naive_convert(volume: Path, outdir: Path) -> tuple[int, int]:
    """The same model -> rdflib Graph (g.add of rdflib terms) -> rdflib Turtle.

    Only the volume graph (the provenance graph's 20 triples are left out of both sides
    of the comparison's cost, being negligible).
    """
    from rdflib import Graph

    from frus_kg.iris import Iris
    from frus_kg.mapping import Mapper
    from frus_kg.tei import open_volume
    from frus_kg.validate import to_rdflib
    from frus_kg.vocab import PREFIXES

    reader = open_volume(volume)
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    documents = 0

    def counted():
        nonlocal documents
        for doc in reader.documents():
            documents += 1
            yield doc

    for chunk in Mapper(Iris()).volume_graph(reader.volume, counted()):
        for t in chunk:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    outdir.mkdir(parents=True, exist_ok=True)
    graph.serialize(destination=str(outdir / f"{reader.volume.volume_id}.ttl"), format="turtle")
    return documents, len(graph)


def naive_validate(dumps: list[Path], shapes_file: Path) -> dict:
    """pyshacl.validate(data, shacl_graph=shapes) with its defaults, per rdflib-parsed dump."""
    from pyshacl import validate
    from rdflib import Graph

    shapes = Graph().parse(str(shapes_file), format="turtle")
    triples = 0
    conforms = True
    start = time.perf_counter()
    for dump in dumps:
        data = Graph().parse(str(dump), format="nt" if dump.suffix == ".nt" else "turtle")
        triples += len(data)
        ok, _, _ = validate(data, shacl_graph=shapes)
        conforms = conforms and bool(ok)
    seconds = time.perf_counter() - start
    return {"files": len(dumps), "triples": triples, "seconds": round(seconds, 3), "conforms": conforms,
            "triples_per_s": round(rate(triples, seconds))}


# --- validation -------------------------------------------------------------------------------


def cli_validate(folder: Path, report: Path | None = None) -> dict:
    """`frus-kg validate FOLDER --json` end to end, in a fresh process (parsing included)."""
    cmd = [str(Path(PYTHON).with_name("frus-kg")), "validate", str(folder), "--json"]
    if not Path(cmd[0]).exists():
        cmd = [PYTHON, "-m", "frus_kg.cli", "validate", str(folder), "--json"]
    if report is not None:
        cmd += ["--report", str(report)]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise RuntimeError(f"frus-kg validate failed ({out.returncode}): {out.stderr[-2000:]}")
    payload = json.loads(out.stdout)
    triples = sum(f["triples"] for f in payload["files"])
    return {"files": len(payload["files"]), "triples": triples, "seconds": round(seconds, 3),
            "conforms": payload["conforms"], "triples_per_s": round(rate(triples, seconds)),
            "violations": sum(len(f["violations"]) for f in payload["files"]), "_payload": payload}


def inprocess_validate(dumps: list[Path]) -> dict:
    """validate_files with one worker, in this process: our per-core rate."""
    from frus_kg.validate import validate_files

    start = time.perf_counter()
    reports = list(validate_files(dumps, workers=1))
    seconds = time.perf_counter() - start
    triples = sum(r.triples for r in reports)
    return {"files": len(reports), "triples": triples, "seconds": round(seconds, 3),
            "conforms": all(r.conforms for r in reports), "triples_per_s": round(rate(triples, seconds))}


def _render(graph, node) -> str:
    """A result's path or value, blank nodes spelled out (so two reports compare)."""
    from rdflib import BNode, Literal
    from rdflib.collection import Collection
    from rdflib.namespace import RDF, XSD

    if node is None:
        return "-"
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node)).n3()  # RDF 1.1: "x"^^xsd:string is "x"
    if not isinstance(node, BNode):
        return node.n3()
    if graph.value(node, RDF.first) is not None:
        return "(" + " ".join(_render(graph, x) for x in Collection(graph, node)) + ")"
    return "[" + "; ".join(sorted(f"{p.n3()} {_render(graph, o)}" for p, o in graph.predicate_objects(node))) + "]"


def result_signatures(report) -> set[tuple[str, ...]]:
    """(focus, path, value, component, severity, message) of every result of a report graph."""
    from rdflib.namespace import SH

    out = set()
    for r in report.subjects(SH.resultSeverity, None):
        v = lambda p: report.value(r, p)  # noqa: E731
        out.add((_render(report, v(SH.focusNode)), _render(report, v(SH.resultPath)),
                 _render(report, v(SH.value)), str(v(SH.sourceConstraintComponent)),
                 str(v(SH.resultSeverity)).rsplit("#", 1)[-1], str(v(SH.resultMessage))))
    return out


BREAKS = [
    # (what, predicate IRI, subject must contain, how): remove a required triple, or retype a value
    ("a document without dcterms:isPartOf", "<http://purl.org/dc/terms/isPartOf>", "/document/", "drop"),
    ("a footnote without frus:noteNumber", "<https://w3id.org/frus-kg/ontology#noteNumber>", "/note/", "drop"),
    ("a date whose rico:beginningDate is a plain string",
     "<https://www.ica.org/standards/RiC/ontology#beginningDate>", "/date", "retype"),
]


def break_dump(source: Path, target: Path) -> list[dict]:
    """Copy an N-Triples dump, breaking the first triple matching each of BREAKS."""
    done: dict[int, dict] = {}
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as out:
        for line in src:
            parts = line.split(" ", 2)
            hit = None
            if len(parts) == 3:
                for i, (what, pred, subj, how) in enumerate(BREAKS):
                    if i not in done and parts[1] == pred and subj in parts[0]:
                        hit = i
                        break
            if hit is None:
                out.write(line)
                continue
            what, pred, subj, how = BREAKS[hit]
            done[hit] = {"break": what, "subject": parts[0].strip("<>")}
            if how == "retype":
                obj = parts[2].rsplit("^^", 1)[0] if "^^" in parts[2] else parts[2].rstrip(" .\n")
                out.write(f"{parts[0]} {parts[1]} {obj}^^<http://www.w3.org/2001/XMLSchema#string> .\n")
    return [done[i] for i in sorted(done)]


def equivalence_check(dumps: list[Path], workdir: Path, shapes_file: Path) -> dict:
    """`frus-kg validate` over the dumps (one broken) vs one whole-graph pyshacl run over their union."""
    from pyshacl import validate
    from rdflib import Graph

    check = workdir / "check"
    shutil.rmtree(check, ignore_errors=True)
    check.mkdir(parents=True)
    volumes = [d for d in dumps if ".provenance." not in d.name]
    victim = volumes[0]
    for d in dumps:
        if d != victim:
            shutil.copyfile(d, check / d.name)
    breaks = break_dump(victim, check / victim.name)
    files = sorted(check.glob("*.nt"))

    report_file = workdir / "check-report.ttl"
    ours = cli_validate(check, report_file)
    ours_report = Graph().parse(str(report_file), format="turtle")
    ours_sigs = result_signatures(ours_report)

    start = time.perf_counter()
    union = Graph()
    for f in files:
        union.parse(str(f), format="nt")
    conforms, whole_report, _ = validate(union, shacl_graph=Graph().parse(str(shapes_file), format="turtle"))
    whole_seconds = time.perf_counter() - start
    whole_sigs = result_signatures(whole_report)

    only_ours = sorted(ours_sigs - whole_sigs)
    only_whole = sorted(whole_sigs - ours_sigs)
    focus_paths = sorted({(s[0], s[1]) for s in ours_sigs})
    return {
        "files": len(files), "triples": len(union), "broken_file": victim.name, "breaks": breaks,
        "ours": {"conforms": ours["conforms"], "results": len(ours_sigs), "seconds": ours["seconds"]},
        "whole_graph": {"conforms": bool(conforms), "results": len(whole_sigs),
                        "seconds": round(whole_seconds, 3)},
        "same": not only_ours and not only_whole and len(ours_sigs) > 0,
        "focus_paths": [list(fp) for fp in focus_paths[:20]],
        "only_ours": [list(s) for s in only_ours[:20]], "only_whole_graph": [list(s) for s in only_whole[:20]],
    }


# --- load -------------------------------------------------------------------------------------


def load_all(dumps: list[Path], store_dir: Path) -> dict:
    from frus_kg.store import load_dump, open_store

    shutil.rmtree(store_dir, ignore_errors=True)
    store = open_store(store_dir)

    def load_pass() -> tuple[int, float]:
        start = time.perf_counter()
        triples = sum(sum(load_dump(store, d).graphs.values()) for d in dumps)
        return triples, time.perf_counter() - start

    triples, seconds = load_pass()
    count_first = len(store)
    again, seconds_again = load_pass()
    count_again = len(store)
    store.flush()
    return {"files": len(dumps), "triples": triples, "seconds": round(seconds, 3),
            "triples_per_s": round(rate(triples, seconds)), "store_quads": count_first,
            "reload_seconds": round(seconds_again, 3), "reload_triples_per_s": round(rate(again, seconds_again)),
            "store_quads_after_reload": count_again, "no_duplicates": count_first == count_again,
            "duplicate_statements_in_dumps": triples - count_first}


# --- the run ----------------------------------------------------------------------------------


def target(name: str, measured: float, goal: float, unit: str, higher: bool = True, note: str = "") -> dict:
    ok = measured >= goal if higher else measured <= goal
    return {"name": name, "measured": measured, "target": goal, "unit": unit,
            "comparison": ">=" if higher else "<=", "pass": ok, "note": note}


def check(name: str, ok: bool, note: str = "") -> dict:
    return {"name": name, "measured": "yes" if ok else "no", "target": "yes", "unit": "",
            "comparison": "=", "pass": ok, "note": note}


def run(args: argparse.Namespace) -> dict:
    from frus_kg.resources import shapes_path

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="frus-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    shapes_file = shapes_path()
    sources = default_sources()
    phases = Phases()
    result: dict = {"environment": {
        "python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
        "loadavg_start": list(os.getloadavg()), "workdir": str(workdir),
        "sources": [str(s) for s in sources], "versions": _versions()}}

    # corpus ----------------------------------------------------------------------------------
    with phases(f"build the corpus ({args.documents} documents)"):
        shutil.rmtree(workdir / "tei", ignore_errors=True)
        volumes, seconds, _ = timed(build_corpus, workdir / "tei", args.documents, args.per_volume, sources)
    paths = [Path(v.path) for v in volumes]
    result["corpus"] = {"volumes": len(volumes), "documents": sum(v.documents for v in volumes),
                        "bytes": sum(v.bytes for v in volumes), "seconds": round(seconds, 2),
                        "by_source": _by_source(volumes)}

    # conversion ------------------------------------------------------------------------------
    conv = result["conversion"] = {}
    for fmt in ("nt", "ttl"):
        with phases(f"convert_tei to {fmt}, one process"):
            shutil.rmtree(workdir / f"dumps-{fmt}", ignore_errors=True)
            conv[fmt] = convert_all(paths, workdir / f"dumps-{fmt}", fmt)
        phases.attach(conv[fmt], "documents")
    with phases("convert_many to ttl, one worker per CPU"):
        conv["parallel_ttl"] = convert_parallel(paths, workdir / "dumps-parallel", "ttl")
        shutil.rmtree(workdir / "dumps-parallel", ignore_errors=True)
    phases.attach(conv["parallel_ttl"], "documents")
    largest = max(volumes, key=lambda v: v.bytes)
    with phases(f"peak RSS converting the largest volume ({largest.volume_id})"):
        conv["largest_volume_rss"] = [volume_rss(Path(largest.path), workdir / "rss", fmt) for fmt in ("nt", "ttl")]
        shutil.rmtree(workdir / "rss", ignore_errors=True)

    # the naive path, on a subset: the first N/volumes documents of every volume -------------------
    per = max(1, args.naive_documents // len(volumes))
    with phases(f"subset ({per} documents of each volume): ours, then naive conversion"):
        subset_dir = workdir / "subset-tei"
        shutil.rmtree(subset_dir, ignore_errors=True)
        subset = build_corpus(subset_dir, per * len(volumes), per, sources)
        subset_paths = [Path(v.path) for v in subset]
        assert [v.source for v in subset] == [v.source for v in volumes], "subset must mirror the corpus"
        ours_sub = convert_all(subset_paths, workdir / "subset-ours", "ttl")
        naive_docs = naive_triples = 0
        start = time.perf_counter()
        for p in subset_paths:
            d, t = naive_convert(p, workdir / "subset-naive")
            naive_docs += d
            naive_triples += t
        naive_seconds = time.perf_counter() - start
    naive_conv = {"documents": naive_docs, "triples": naive_triples, "seconds": round(naive_seconds, 3),
                  "documents_per_s": round(rate(naive_docs, naive_seconds), 1),
                  "triples_per_s": round(rate(naive_triples, naive_seconds))}
    subset_dumps = sorted((workdir / "subset-ours").glob("*.ttl"))
    with phases("subset: naive validation (pyshacl defaults, rdflib-parsed)"):
        naive_val = naive_validate(subset_dumps, shapes_file)
    with phases("subset: frus-kg validate, then one in-process worker"):
        ours_val_sub = cli_validate(workdir / "subset-ours")
        ours_val_sub.pop("_payload")
        ours_val_sub_1 = inprocess_validate(subset_dumps)
    result["naive"] = {
        "subset": f"first {per} documents of each of the {len(volumes)} volumes",
        "documents": naive_docs,
        "conversion": {"ours_ttl": {k: v for k, v in ours_sub.items() if k != "per_volume"},
                       "naive_rdflib_ttl": naive_conv,
                       "ratio_documents_per_s": round(rate(ours_sub["documents_per_s"], naive_conv["documents_per_s"]), 2)},
        "validation": {"ours_cli": ours_val_sub, "ours_one_process": ours_val_sub_1, "naive_pyshacl": naive_val,
                       "ratio_cli": round(rate(ours_val_sub["triples_per_s"], naive_val["triples_per_s"]), 2),
                       "ratio_one_process": round(rate(ours_val_sub_1["triples_per_s"], naive_val["triples_per_s"]), 2)},
    }

    # validation ------------------------------------------------------------------------------
    val = result["validation"] = {}
    for fmt in ("nt", "ttl"):
        with phases(f"frus-kg validate over the {fmt} dumps"):
            v = cli_validate(workdir / f"dumps-{fmt}")
        v.pop("_payload")
        val[fmt] = phases.attach(v, "triples")
    with phases("equivalence: broken dump, frus-kg validate vs whole-graph pyshacl"):
        subset_nt = workdir / "subset-nt"
        convert_all(subset_paths, subset_nt, "nt")
        val["equivalence"] = equivalence_check(sorted(subset_nt.glob("*.nt")), workdir, shapes_file)

    # load ------------------------------------------------------------------------------------
    with phases("load the N-Triples dumps into a fresh on-disk store, then reload"):
        nt_dumps = sorted((workdir / "dumps-nt").glob("*.nt"))
        result["load"] = load_all(nt_dumps, workdir / "store")
    result["load"]["other_cores"] = phases.rows[-1]["other_cores"]

    # peak RSS of the whole run ---------------------------------------------------------------
    result["peak_rss_mb"] = {
        "bench_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "largest_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
    result["environment"]["loadavg_end"] = list(os.getloadavg())
    result["phases"] = phases.rows

    # targets ---------------------------------------------------------------------------------
    t = result["targets"] = []
    for fmt, label in (("nt", "N-Triples"), ("ttl", "Turtle")):
        t.append(target(f"conversion {label}, convert_tei one process", conv[fmt]["documents_per_s"],
                        TARGETS["conversion_docs_per_s"], "documents/s"))
    t.append(target(f"conversion Turtle, {conv['parallel_ttl']['jobs']} worker processes",
                    conv["parallel_ttl"]["documents_per_s"], TARGETS["conversion_docs_per_s"], "documents/s",
                    note="frus-kg convert's default"))
    t.append(target("conversion vs naive rdflib path (same documents)",
                    result["naive"]["conversion"]["ratio_documents_per_s"], TARGETS["conversion_vs_naive"], "x"))
    for fmt, label in (("nt", "N-Triples"), ("ttl", "Turtle")):
        t.append(target(f"validation end to end, {label} dumps", val[fmt]["triples_per_s"],
                        TARGETS["validation_triples_per_s"], "triples/s"))
    t.append(check("validation finds the whole-graph pyshacl violations", val["equivalence"]["same"],
                   f"{val['equivalence']['ours']['results']} vs {val['equivalence']['whole_graph']['results']} results"))
    rss = max(r["maxrss_mb"] for r in conv["largest_volume_rss"])
    t.append(target(f"peak RSS converting the largest volume ({largest.bytes / 2**20:.0f} MiB TEI)", rss,
                    TARGETS["volume_peak_rss_mb"], "MB", higher=False))
    t.append(target("embedded load (N-Triples)", result["load"]["triples_per_s"], TARGETS["load_triples_per_s"],
                    "triples/s"))
    t.append(check("reload does not duplicate", result["load"]["no_duplicates"],
                   f"{result['load']['store_quads']} -> {result['load']['store_quads_after_reload']} quads"))
    if not args.workdir and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _versions() -> dict:
    from importlib.metadata import version

    out = {}
    for pkg in ("frus-kg", "rdflib", "pyshacl", "pyoxigraph", "lxml"):
        try:
            out[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            out[pkg] = "?"
    return out


def _by_source(volumes) -> dict:
    out: dict[str, dict] = {}
    for v in volumes:
        entry = out.setdefault(v.source_volume, {"volumes": 0, "documents": 0})
        entry["volumes"] += 1
        entry["documents"] += v.documents
    return out


# --- printing ---------------------------------------------------------------------------------


def _n(x) -> str:
    if isinstance(x, float) and x < 100:
        return f"{x:,.2f}"
    if isinstance(x, (int, float)):
        return f"{x:,.0f}"
    return str(x)


def render(r: dict) -> str:
    env, corpus, conv, naive, val, load = (r["environment"], r["corpus"], r["conversion"], r["naive"],
                                           r["validation"], r["load"])
    lines = [
        "frus-kg benchmark",
        f"  machine: {env['cpus']} CPUs, Python {env['python']}; load average {env['loadavg_start'][0]:.2f} "
        f"at start, {env['loadavg_end'][0]:.2f} at end (other processes share the CPUs: rates are noisy)",
        "  versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()),
        f"  corpus: {corpus['documents']:,} documents in {corpus['volumes']} volumes, "
        f"{corpus['bytes'] / 2**20:,.0f} MiB TEI, built in {corpus['seconds']}s from "
        + ", ".join(f"{k} ({v['documents']:,} docs)" for k, v in corpus["by_source"].items()),
        "",
        "conversion (convert_tei over all volumes)",
    ]
    for key, label in (("nt", "N-Triples, 1 process"), ("ttl", "Turtle, 1 process"),
                       ("parallel_ttl", f"Turtle, {conv['parallel_ttl']['jobs']} processes")):
        c = conv[key]
        lines.append(f"  {label:<24} {c['documents']:>8,} docs {c['triples']:>11,} triples {c['seconds']:>8.2f}s"
                     f" {c['documents_per_s']:>9,.0f} docs/s {c['triples_per_s']:>10,} triples/s"
                     f"  [{c['documents_per_cpu_s']:,} docs per CPU-s; others used {c['other_cores']} cores]")
    for rss in conv["largest_volume_rss"]:
        lines.append(f"  largest volume {rss['volume']} ({rss['bytes'] / 2**20:.0f} MiB) to {rss['format']}: "
                     f"peak RSS {rss['maxrss_mb']} MB, {rss['documents']:,} docs in {rss['seconds']:.2f}s")
    nc = naive["conversion"]
    nv = naive["validation"]
    lines += [
        "",
        f"naive path, same documents: {naive['subset']} ({naive['documents']:,} documents)",
        f"  conversion ours (pyoxigraph Turtle)      {nc['ours_ttl']['documents_per_s']:>9,.0f} docs/s"
        f" {nc['ours_ttl']['triples_per_s']:>10,} triples/s",
        f"  conversion naive (rdflib g.add + Turtle) {nc['naive_rdflib_ttl']['documents_per_s']:>9,.0f} docs/s"
        f" {nc['naive_rdflib_ttl']['triples_per_s']:>10,} triples/s   ours/naive = {nc['ratio_documents_per_s']}x",
        f"  validation ours, frus-kg validate         {nv['ours_cli']['triples_per_s']:>10,} triples/s"
        f" ({nv['ours_cli']['triples']:,} triples in {nv['ours_cli']['seconds']}s, end to end)",
        f"  validation ours, one process              {nv['ours_one_process']['triples_per_s']:>10,} triples/s",
        f"  validation naive, pyshacl defaults        {nv['naive_pyshacl']['triples_per_s']:>10,} triples/s"
        f" ({nv['naive_pyshacl']['seconds']}s)   ours/naive = {nv['ratio_cli']}x end to end,"
        f" {nv['ratio_one_process']}x per process",
        "",
        "validation (frus-kg validate over all dumps, end to end)",
    ]
    for fmt in ("nt", "ttl"):
        v = val[fmt]
        lines.append(f"  {fmt:<4} {v['files']:>3} files {v['triples']:>11,} triples {v['seconds']:>8.2f}s"
                     f" {v['triples_per_s']:>10,} triples/s  conforms={v['conforms']}"
                     f"  [{v['triples_per_cpu_s']:,} triples per CPU-s; others used {v['other_cores']} cores]")
    eq = val["equivalence"]
    lines.append(f"  equivalence on a broken copy of {eq['broken_file']} ({eq['files']} subset dumps, "
                 f"{eq['triples']:,} triples): " + "; ".join(b["break"] for b in eq["breaks"]))
    lines.append(f"    frus-kg validate: {eq['ours']['results']} results in {eq['ours']['seconds']}s; whole-graph "
                 f"pyshacl: {eq['whole_graph']['results']} results in {eq['whole_graph']['seconds']}s; "
                 f"same: {eq['same']}")
    for fp in eq["focus_paths"][:6]:
        lines.append(f"    {fp[0]}  {fp[1]}")
    for s in eq["only_ours"][:5]:
        lines.append(f"    only in frus-kg validate: {s}")
    for s in eq["only_whole_graph"][:5]:
        lines.append(f"    only in the whole-graph run: {s}")
    lines += [
        "",
        f"load (frus_kg.store.load_dump into a fresh on-disk store, N-Triples dumps;"
        f" others used {load['other_cores']} cores)",
        f"  first load {load['triples']:>11,} triples {load['seconds']:>7.2f}s {load['triples_per_s']:>10,} triples/s",
        f"  reload     {load['triples']:>11,} triples {load['reload_seconds']:>7.2f}s "
        f"{load['reload_triples_per_s']:>10,} triples/s; store {load['store_quads']:,} -> "
        f"{load['store_quads_after_reload']:,} quads"
        + (f" (the dumps hold {load['duplicate_statements_in_dumps']:,} repeated statements)"
           if load["duplicate_statements_in_dumps"] else ""),
        "",
        "phases (wall s, CPU s used by the bench and its children, average cores used by OTHER processes,"
        " bench peak RSS so far)",
        *(f"  {p['phase'][:64]:<64} {p['seconds']:>7.1f}s cpu {p['our_cpu_s']:>7.1f}s others {p['other_cores']:>4.2f}"
          f" rss {p['rss_mb']:>7.1f} MB" for p in r["phases"]),
        "",
        f"peak RSS: bench process {r['peak_rss_mb']['bench_process']} MB, "
        f"largest child process {r['peak_rss_mb']['largest_child']} MB",
        "",
        "targets",
    ]
    width = max(len(t["name"]) for t in r["targets"])
    for t in r["targets"]:
        lines.append(f"  {'PASS' if t['pass'] else 'MISS'}  {t['name']:<{width}}  {_n(t['measured']):>10} "
                     f"{t['comparison']} {_n(t['target'])} {t['unit']}" + (f"  ({t['note']})" if t["note"] else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20000, help="documents in the corpus (default 20000)")
    parser.add_argument("--per-volume", type=int, default=1000, help="documents per volume (default 1000)")
    parser.add_argument("--naive-documents", type=int, default=2000,
                        help="documents of the subset the naive path runs on (default 2000)")
    parser.add_argument("--workdir", help="where the corpus, dumps and store go (kept); default a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workdir")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--save", metavar="FILE", help="also write the results as JSON to FILE")
    args = parser.parse_args(argv)
    result = run(args)
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
