"""`make bench`: arshif's full build against plain Pelican on the same real articles.

For each size it measures, in one run: plain Pelican (default theme, no plugins) cold
and warm, and arshif cold (empty caches), warm (nothing changed) and after editing one
article: a sentence added that names no one (the entity table and related articles
stay as they were: the common edit), then one that names a person the article did not
(the site's linking computed again); each several times, reporting the median. It
prints a table and writes it to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pelican

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import SHARED, all_articles, available, write_archive  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: The edits of one article, each measured on the build before it: a sentence that
#: names no one, then one that names a person the article did not.
EDITS = {"edit one": "وأضاف المتحدث في تعديل رقم {} أن العمل مستمر.",
         "edit, new name": "وقال الرئيس الأمريكي باراك أوباما في تعديل رقم {} إن العمل مستمر."}
OURS = ("cold", "warm", *EDITS)


def run_build(conf: Path, inputs: Path, out: Path, cache: Path, work: Path) -> dict:
    stats, times = work / "measure.json", work / "stages.json"
    times.unlink(missing_ok=True)
    env = dict(os.environ, ARSHIF_INPUTS=str(inputs), ARSHIF_CACHE=str(cache),
               ARSHIF_STAGE_TIMES=str(times), COLUMNS="200")
    cmd = [sys.executable, str(ROOT / "bench" / "measure.py"), str(stats), "--",
           "-s", str(conf), "-o", str(out), "-q"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({conf.name}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    result = json.loads(stats.read_text())
    stages = json.loads(times.read_text()) if times.exists() else {"seconds": {}, "counts": {}}
    result["stages"] = stages["seconds"]
    result["counts"] = stages["counts"]
    result["pages"] = sum(1 for _ in out.rglob("*.html"))
    return result


def median_of(runs: list[dict]) -> dict:
    m = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "pss_peak_mb", "maxrss_mb", "children_maxrss_mb", "pages")}
    m["own"] = statistics.median(sum(r["stages"].values()) for r in runs)
    m["stages"] = {k: statistics.median(r["stages"].get(k, 0.0) for r in runs)
                   for k in sorted({k for r in runs for k in r["stages"]})}
    m["counts"] = runs[-1]["counts"]
    m["rss_mb"] = m["maxrss_mb"] + m["children_maxrss_mb"]
    m["pages_per_s"] = m["pages"] / m["seconds"]
    return m


def bench_size(n: int, repeat: int, work: Path) -> dict[str, dict]:
    inputs = work / f"inputs-{n}"
    shutil.rmtree(inputs, ignore_errors=True)
    write_archive(all_articles()[:n], inputs)
    out, cache = work / f"out-{n}", work / f"cache-{n}"
    plain, ours = ROOT / "bench" / "plainconf.py", ROOT / "pelicanconf.py"
    results: dict[str, list] = {k: [] for k in ("plain cold", "plain warm", *OURS)}
    edited = sorted((inputs / "content").glob("*.md"))[0]
    original = edited.read_text(encoding="utf-8")
    for i in range(repeat):
        for label, conf in (("plain", plain), ("ours", ours)):
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            cold = run_build(conf, inputs, out, cache, work)
            warm = run_build(conf, inputs, out, cache, work)
            if label == "plain":
                results["plain cold"].append(cold)
                results["plain warm"].append(warm)
                continue
            results["cold"].append(cold)
            results["warm"].append(warm)
            try:
                for name, sentence in EDITS.items():
                    edited.write_text(original + "\n" + sentence.format(i + 1) + "\n", encoding="utf-8")
                    results[name].append(run_build(conf, inputs, out, cache, work))
            finally:
                edited.write_text(original, encoding="utf-8")
        print(f"  size {n}: round {i + 1}/{repeat} done", file=sys.stderr)
    return {k: median_of(v) for k, v in results.items()}


def table(all_results: dict[int, dict[str, dict]], repeat: int) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"Pelican {pelican.__version__}. Median of {repeat} runs per row. Cold: output and caches "
        "emptied (the tagger's word table, compiled once per installation, kept).",
        "",
        "| articles | build | wall s | pages | pages/s | pages/s vs plain | own stages s | own / plain wall (same kind) | peak MB | vs plain peak | peak RSS MB | cache hits / misses |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, res in all_results.items():
        plain_cold, plain_warm = res["plain cold"], res["plain warm"]
        for name, r in res.items():
            base = plain_cold if name in ("cold", "plain cold") else plain_warm
            c = r["counts"]
            hits = f"{c.get('cache_hit', 0)} / {c.get('cache_miss', 0)}" if c else "–"
            lines.append(
                f"| {n:,} | {name} | {r['seconds']:.2f} | {r['pages']:,} | {r['pages_per_s']:.0f} | "
                f"{r['pages_per_s'] / base['pages_per_s']:.2f}× | {r['own']:.2f} | "
                f"{r['own'] / base['seconds']:.2f}× | {r['pss_peak_mb']:.0f} | "
                f"{r['pss_peak_mb'] / plain_cold['pss_peak_mb']:.2f}× | {r['rss_mb']:.0f} | {hits} |"
            )
    lines += ["", "Plain rows and ratios: a cold build against plain Pelican's cold one, a warm build "
              "and the build after an edit against its warm one (pages per second and own stages); "
              "peaks against plain Pelican's cold peak.", "", "Peak MB: the largest proportional set size (PSS) of the build's process tree, "
              "sampled every 0.1 s (memory forked processes share counted once, and a new "
              "process still sharing its parent's memory, between vfork and exec, not counted "
              "again). Peak RSS MB: the "
              "main process's resident peak plus its largest child's, which counts shared pages "
              "again in every forked child.", "", "Own stages (median seconds):", ""]
    for n, res in all_results.items():
        for name in OURS:
            parts = ", ".join(f"{k} {v:.2f}" for k, v in res[name]["stages"].items())
            lines.append(f"- {n:,} {name}: {parts or 'none recorded'}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    if not available():
        print(f"make bench: skipped, the SaudiNewsNet corpus is not at {SHARED} "
              "(clone beside ../shared or set ARSHIF_SHARED); docs/benchmarks.md left as it is")
        return
    # The tagger's compiled word table belongs to the installation, like the virtualenv,
    # not to a build's caches: made here if missing, so that no timed build pays for it.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")])))
    subprocess.run([sys.executable, "-m", "entities.wordtable"], cwd=ROOT, env=env, check=True)
    with tempfile.TemporaryDirectory(prefix="arshif-bench-") as tmp:
        results = {n: bench_size(n, args.repeat, Path(tmp)) for n in args.sizes}
    text = table(results, args.repeat)
    print(text)
    header = "# Benchmarks\n\nWritten by `make bench` (bench/run.py); see the notes below the table.\n\n"
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    notes = old.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in old else "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + text + "\n<!-- notes -->" + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
