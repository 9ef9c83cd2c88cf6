"""Benchmark: arshif search against Pagefind on synthetic archives of real Arabic text.

    python bench/search_bench.py [--sizes 1000 10000] [--keep DIR]

For each size, N articles are made from real sentences of SaudiNewsNet
(../shared/data/saudinewsnet, skipped with a message when absent), built with
Pelican (search plugin on), then indexed by Pagefind (`python -m pagefind`) on the
same output. Printed per size: index build seconds, index bytes raw and gzip, bytes
a reader downloads before the first result (median over typical queries, measured in
headless Chromium from the files it requested), query time in Node (ours) and in the
browser (both), and Pagefind's figures as ratios to ours.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import SHARED as SNN  # noqa: E402
from corpus import all_articles  # noqa: E402

QUERIES = [
    "السعودية",
    "وزير الخارجية",
    "أسعار النفط",
    "الهلال",
    "داعش",
    "الرياض",
    "الانتخابات البلدية",
    "التعليم",
    "الحوثيين",
    "كاس العالم",
]
SOURCES = {
    "aawsat": "Al-Sharq Al-Awsat",
    "okaz": "Okaz",
    "alriyadh": "Al-Riyadh",
    "alwatan": "Al-Watan",
    "almadina": "Al-Madina",
    "aljazirah": "Al-Jazirah",
}
# Pagefind indexes the article pages only, like arshif (not listings, tags, archives).
ARTICLES_GLOB = "articles/*.html"
SENTENCE = re.compile(r"[^.!؟\n]{30,300}[.!؟]")


def load_pool() -> tuple[list[str], list[str]]:
    """Real titles and sentences of the SaudiNewsNet corpus (bench/corpus.py reads it)."""
    titles, sentences = [], []
    for art in all_articles():
        if 10 < len(art["title"]) < 150:
            titles.append(art["title"])
        sentences += [s.strip() for s in SENTENCE.findall(art["content"])]
    return titles, sentences


def make_content(folder: Path, n: int, titles: list[str], sentences: list[str]) -> None:
    rng = random.Random(n)
    folder.mkdir(parents=True)
    codes = sorted(SOURCES)
    for i in range(n):
        body = []
        for _ in range(rng.randint(3, 6)):
            body.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))))
        date = f"{2014 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        code = codes[i % len(codes)]
        text = (
            f"Title: {rng.choice(titles)}\nDate: {date}\nSource: {SOURCES[code]}\nSource_id: {code}\n"
            f"Slug: bench-{i:05d}\nLang: ar\n\n" + "\n\n".join(body) + "\n"
        )
        (folder / f"bench-{i:05d}.md").write_text(text, encoding="utf-8")


def pelican_conf(work: Path) -> Path:
    conf = work / "benchconf.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa\n"
        f"PATH = {str(work)!r}\n"
        "ARTICLE_PATHS = ['content']\nPAGE_PATHS = []\nARTICLE_EXCLUDES = []\n"
        f"NPM_ASSETS_ROOT = {str(ROOT)!r}\n"

        "CACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n",
        encoding="utf-8",
    )
    return conf


def dir_bytes(folder: Path) -> tuple[int, int]:
    raw = gz = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            gz += served_size(data)
    return raw, gz


def served_size(data: bytes) -> int:
    """Bytes on the wire with gzip: files Pagefind already compressed count as they are."""
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-cache",
    ):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def serve(folder: Path):
    """A static server on 127.0.0.1 that records the paths it is asked for.

    Counting on the server sees every request, including those Pagefind makes from
    its Web Worker, which the page's resource timing does not list.
    """
    import functools
    import http.server
    import threading

    requested: list[str] = []

    class Recording(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            requested.append(unquote(urlparse(self.path).path).lstrip("/"))
            super().do_GET()

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Recording, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}", requested


def pagefind_run(site: Path, runner_html: str, glob: str = "**/*.html", timeout: int = 300):
    """Index ``site`` with Pagefind, open ``runner_html`` there in Chromium, return its ``window.found``."""
    from selenium.webdriver.support.ui import WebDriverWait

    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", glob]
    subprocess.run(cmd, check=True, capture_output=True)
    (site / "pf-run.html").write_text(runner_html, encoding="utf-8")
    httpd, base, _ = serve(site)
    driver = browser()
    try:
        driver.get(f"{base}/pf-run.html")
        WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return window.found !== undefined"))
        return driver.execute_script("return window.found")
    finally:
        driver.quit()
        httpd.shutdown()


PAGEFIND_PAGE = """<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><body><script type="module">
const q = new URLSearchParams(location.search).get("q");
const t0 = performance.now();
const pf = await import("./pagefind/pagefind.js");
const r = await pf.search(q);
const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
window.benchMs = performance.now() - t0;
const t1 = performance.now();
const again = await pf.search(q);
await Promise.all(again.results.slice(0, 10).map((x) => x.data()));
window.benchWarmMs = performance.now() - t1;
window.benchCount = r.results.length;
window.benchDone = true;
</script></body></html>"""


def bytes_of(paths: list[str], site: Path, keep) -> int:
    return sum(served_size((site / rel).read_bytes()) for rel in sorted(set(paths)) if keep(rel))


def measure_browser(site: Path) -> dict:
    """Bytes before first result and browser query ms, for both engines, per query."""
    from selenium.webdriver.support.ui import WebDriverWait

    (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    httpd, base, requested = serve(site)
    driver = browser()
    ours, theirs = [], []
    try:
        for q in QUERIES:
            requested.clear()
            driver.get(f"{base}/search.html?q={quote(q)}")
            WebDriverWait(driver, 60).until(
                lambda d: d.execute_script("return document.getElementById('search').dataset.state") in ("results", "done", "error")
            )
            # What was fetched up to the first results (the facets load after them).
            first = bytes_of(
                list(requested),
                site,
                lambda r: r.startswith(("search/", "theme/js/")) and not r.startswith(("search/f/", "search/facets")),
            )
            driver.execute_script("window.t0 = performance.now()")
            ms = driver.execute_script(
                "const e = new arshifSearch.Engine((p) => new Promise((ok, no) => {"
                " const s = document.createElement('script'); s.src = document.getElementById('search').dataset.index + p;"
                " s.onload = ok; s.onerror = no; document.head.appendChild(s); }));"
                "window.arshifSearchData = e.receive;"
                "const t = performance.now(); return e.search(arguments[0]).then(r => Promise.all(r.results.slice(0, 10).map(x => e.doc(x.id)))).then(() => performance.now() - t);",
                q,
            )
            ours.append({"query": q, "bytes": first, "ms": ms})
            requested.clear()
            driver.get(f"{base}/pagefind-bench.html?q={quote(q)}")
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.benchMs !== undefined"))
            first_paths = list(requested)  # before the second (warm) search
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.benchDone === true"))
            pf_bytes = bytes_of(first_paths, site, lambda r: r.startswith("pagefind/"))
            theirs.append(
                {
                    "query": q,
                    "bytes": pf_bytes,
                    "ms": driver.execute_script("return window.benchMs"),
                    "warm_ms": driver.execute_script("return window.benchWarmMs"),
                    "count": driver.execute_script("return window.benchCount"),
                }
            )
    finally:
        driver.quit()
        httpd.shutdown()
    return {"ours": ours, "pagefind": theirs}


def node_times(site: Path) -> list[dict]:
    from search.evaluate import run_queries

    return run_queries(site, QUERIES)


def run_size(n: int, work: Path, pool) -> dict:
    content = work / "content"
    make_content(content, n, *pool)
    out = work / "output"
    times = work / "stages.json"
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", "-q", "-s", str(pelican_conf(work)), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT / "plugins"),
            "ARSHIF_STAGE_TIMES": str(times),
            "ARSHIF_CACHE": str(work / "cache"),
        },
    )
    total = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(proc.stdout[-3000:] + proc.stderr[-3000:])
    index_s = json.loads(times.read_text())["seconds"]["search index"]
    raw, gz = dir_bytes(out / "search")
    started = time.perf_counter()
    pf = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out), "--glob", ARTICLES_GLOB], capture_output=True, text=True
    )
    pf_s = time.perf_counter() - started
    if pf.returncode:
        raise SystemExit(pf.stdout[-3000:] + pf.stderr[-3000:])
    pf_raw, pf_gz = dir_bytes(out / "pagefind")
    measured = measure_browser(out)
    node = node_times(out)
    return {
        "n": n,
        "pelican_s": total,
        "index_s": index_s,
        "raw": raw,
        "gzip": gz,
        "pf_s": pf_s,
        "pf_raw": pf_raw,
        "pf_gzip": pf_gz,
        "first_bytes": statistics.median(r["bytes"] for r in measured["ours"]),
        "first_bytes_max": max(r["bytes"] for r in measured["ours"]),
        "pf_first_bytes": statistics.median(r["bytes"] for r in measured["pagefind"]),
        "pf_first_bytes_max": max(r["bytes"] for r in measured["pagefind"]),
        "browser_ms": statistics.median(r["ms"] for r in measured["ours"]),
        "pf_browser_ms": statistics.median(r["ms"] for r in measured["pagefind"]),
        "node_cold_ms": statistics.median(r["ms"] for r in node),
        "node_warm_ms": statistics.median(r["warm_ms"] for r in node),
        "node_max_ms": max(r["ms"] for r in node),
        "detail": measured,
    }


def kb(b: float) -> str:
    return f"{b / 1024:,.0f} KB" if b < 10 * 1024 * 1024 else f"{b / 1048576:,.1f} MB"


def table(rows: list[dict]) -> str:
    lines = [
        "| articles | engine | index build | index raw | index gzip | before 1st result (median / max) | query ms, Node cold / warm | query ms, browser |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | arshif | {r['index_s']:.1f} s (Pelican total {r['pelican_s']:.1f} s) | {kb(r['raw'])} | {kb(r['gzip'])} "
            f"| {kb(r['first_bytes'])} / {kb(r['first_bytes_max'])} | {r['node_cold_ms']:.1f} / {r['node_warm_ms']:.1f} | {r['browser_ms']:.0f} |"
        )
        lines.append(
            f"| {r['n']:,} | Pagefind 1.5 | {r['pf_s']:.1f} s | {kb(r['pf_raw'])} | {kb(r['pf_gzip'])} "
            f"| {kb(r['pf_first_bytes'])} / {kb(r['pf_first_bytes_max'])} | n/a | {r['pf_browser_ms']:.0f} |"
        )
        lines.append(
            f"| {r['n']:,} | Pagefind ÷ arshif | {r['pf_s'] / r['index_s']:.2f}× | {r['pf_raw'] / r['raw']:.2f}× | {r['pf_gzip'] / r['gzip']:.2f}× "
            f"| {r['pf_first_bytes'] / r['first_bytes']:.2f}× | | {r['pf_browser_ms'] / r['browser_ms']:.2f}× |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="keep the built archives under this folder")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if not SNN.is_dir():
        print(f"bench-search: skipped, {SNN} is absent (the SaudiNewsNet corpus lives in ../shared).")
        return 0
    if not Path("/usr/bin/chromium").exists():
        print("bench-search: needs Debian chromium for the byte counts; run `make browser` first.")
        return 1
    pool = load_pool()
    print(f"sentence pool: {len(pool[1]):,} sentences, {len(pool[0]):,} titles", flush=True)
    rows = []
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"arshif-bench-{n}-"))
        try:
            row = run_size(n, work, pool)
            rows.append(row)
            print(table([row]).splitlines()[-3:][0], flush=True)
        finally:
            if args.keep:
                dest = args.keep / str(n)
                shutil.rmtree(dest, ignore_errors=True)
                shutil.move(str(work), dest)
            else:
                shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
