"""Which spelling variants each Arabic search stemmer unites, on tests/search/vectors.json.

    python bench/search_stemmers.py

For every variant group of the shared vectors (a canonical word and the forms a
reader may type), a variant counts as right when searching for it finds the
canonical word:
- arshif: the variant's terms share one with the canonical word's (arabic/analyzer.py);
- lunr.ar (lunr-languages, npm): its trimmer, stop-word filter and stemmer give the
  same stem;
- Pagefind 1.5: a one-page-per-word site indexed by `python -m pagefind`, searched
  in headless Chromium through pagefind.js; right when the canonical page is found.
For the "distinct" pairs, a stemmer is wrong when it unites the two words.
Prints a Markdown table (used in docs/search.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from arabic.analyzer import analyze  # noqa: E402

VECTORS = json.loads((ROOT / "tests/search/vectors.json").read_text(encoding="utf-8"))

LUNR_AR = """
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support.js")(lunr);
require("lunr-languages/lunr.ar.js")(lunr);
const p = new lunr.Pipeline();
p.add(lunr.ar.trimmer, lunr.ar.stopWordFilter, lunr.ar.stemmer);
const words = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(words.map((w) => p.runString(w))));
"""

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{n}</title></head>
<body><main data-pagefind-body><p>{word}</p></main></body></html>"""

RUNNER = """<!doctype html><html lang="ar"><meta charset="utf-8"><body><script type="module">
const pf = await import("./pagefind/pagefind.js");
const words = %s;
const out = {};
for (const w of words) {
  const r = await pf.search(w);
  const data = await Promise.all(r.results.map((x) => x.data()));
  out[w] = data.map((d) => d.meta.title);
}
window.found = out;
</script></body></html>"""


def all_words() -> list[str]:
    words = []
    for group in VECTORS["groups"]:
        words += group
    for pair in VECTORS["distinct"]:
        words += pair
    return sorted(set(words))


def lunr_ar(words: list[str]) -> dict[str, set[str]]:
    proc = subprocess.run(
        ["node", "-e", LUNR_AR], cwd=ROOT, input=json.dumps(words), capture_output=True, text=True, check=True
    )
    return {w: set(stems) for w, stems in zip(words, json.loads(proc.stdout))}


def pagefind(words: list[str]) -> dict[str, set[str]]:
    """word -> the words whose pages a Pagefind search for it returns."""
    from search_bench import pagefind_run

    site = Path(tempfile.mkdtemp(prefix="arshif-pf-stem-"))
    try:
        for n, word in enumerate(words):
            (site / f"w{n}.html").write_text(PAGE.format(n=n, word=word), encoding="utf-8")
        found = pagefind_run(site, RUNNER % json.dumps(words, ensure_ascii=False))
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return {w: {words[int(t)] for t in titles} for w, titles in found.items()}


def main() -> int:
    words = all_words()
    ours = {w: set(analyze(w)) for w in words}
    lunr = lunr_ar(words)
    pf = pagefind(words)
    unite = {
        "arshif": lambda a, b: bool(ours[a] & ours[b]),
        "lunr.ar": lambda a, b: bool(lunr[a] & lunr[b]),
        "Pagefind": lambda a, b: b in pf[a],
    }
    names = list(unite)
    totals = {n: 0 for n in names}
    count = 0
    print("| canonical | " + " | ".join(f"{n}: variants found" for n in names) + " |")
    print("| --- | " + " | ".join("---" for _ in names) + " |")
    for group in VECTORS["groups"]:
        head, variants = group[0], group[1:]
        cells = []
        for n in names:
            ok = [v for v in variants if unite[n](v, head)]
            totals[n] += len(ok)
            missed = [v for v in variants if v not in ok]
            cells.append(f"{len(ok)}/{len(variants)}" + (f" (not {'، '.join(missed)})" if missed else ""))
        count += len(variants)
        print(f"| {head} | " + " | ".join(cells) + " |")
    print("| **all** | " + " | ".join(f"**{totals[n]}/{count}**" for n in names) + " |")
    print()
    print("| distinct pair | " + " | ".join(names) + " |")
    print("| --- | " + " | ".join("---" for _ in names) + " |")
    for a, b in VECTORS["distinct"]:
        print(f"| {a} / {b} | " + " | ".join("united (wrong)" if unite[n](a, b) else "apart" for n in names) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
