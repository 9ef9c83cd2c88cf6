"""The relevance query set run through Pagefind on the same built site, for comparison.

    python bench/search_relevance.py [SITE]      (default: output/, built by `make html`)

Copies the site, indexes it with `python -m pagefind`, runs every query of
tests/search/queries.json with Pagefind's own pagefind.js in headless Chromium, and
prints recall@10 and MRR for arshif (plugins/search/cli.js) and for Pagefind, with the
per-kind breakdown.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from search.evaluate import evaluate, score  # noqa: E402

RUNNER = """<!doctype html><html lang="ar"><meta charset="utf-8"><body><script type="module">
const pf = await import("./pagefind/pagefind.js");
const out = [];
for (const q of %s) {
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  out.push(data.map((d) => d.url));
}
window.found = out;
</script></body></html>"""


def pagefind_results(site: Path, queries: list[str]) -> list[list[str]]:
    from search_bench import ARTICLES_GLOB, pagefind_run

    work = Path(tempfile.mkdtemp(prefix="arshif-pf-rel-"))
    try:
        copy = work / "site"
        shutil.copytree(site, copy)
        return pagefind_run(copy, RUNNER % json.dumps(queries, ensure_ascii=False), ARTICLES_GLOB)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def by_kind(result: dict) -> dict[str, float]:
    groups = defaultdict(list)
    for row in result["rows"]:
        groups[row["kind"]].append(row["recall"])
    return {k: sum(v) / len(v) for k, v in sorted(groups.items())}


def main(argv: list[str]) -> int:
    site = Path(argv[1]) if len(argv) > 1 else ROOT / "output"
    cases = json.loads((ROOT / "tests/search/queries.json").read_text(encoding="utf-8"))
    ours = evaluate(site, cases)
    theirs = score(cases, pagefind_results(site, [c["query"] for c in cases]))
    kinds_ours, kinds_theirs = by_kind(ours), by_kind(theirs)
    print("| engine | recall@10 | MRR | " + " | ".join(f"recall@10 {k}" for k in kinds_ours) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in kinds_ours) + " |")
    for name, res, kinds in (("arshif", ours, kinds_ours), ("Pagefind 1.5", theirs, kinds_theirs)):
        cells = " | ".join(f"{kinds.get(k, 0):.3f}" for k in kinds_ours)
        print(f"| {name} | {res['recall_at_10']:.3f} | {res['mrr']:.3f} | {cells} |")
    print()
    for row in theirs["rows"]:
        if row["recall"] < 1:
            print(f"Pagefind misses: {row['query']} ({row['kind']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
