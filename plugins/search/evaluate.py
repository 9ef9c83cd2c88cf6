"""Relevance of the search over a built site: recall@10 and MRR of a query set.

    python -m search.evaluate [--dir output] [--queries tests/search/queries.json] [-v]

Queries run through the browser's own search code under Node (plugins/search/cli.js).
A query set is a JSON list of {"query", "kind", "expected": [article slugs]}.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

CLI = Path(__file__).resolve().parent / "cli.js"


def run_queries(site: Path, queries: list[str], limit: int = 10) -> list[dict]:
    """[{query, urls, ms, warm_ms}] from one Node process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
        json.dump(queries, fh, ensure_ascii=False)
    try:
        proc = subprocess.run(
            ["node", str(CLI), "--dir", str(site), "--limit", str(limit), "--batch", fh.name],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(fh.name).unlink()
    return json.loads(proc.stdout)


def slug_of(url: str) -> str:
    return unquote(url).rsplit("/", 1)[-1].removesuffix(".html")


def evaluate(site: Path, cases: list[dict], k: int = 10) -> dict:
    runs = run_queries(site, [c["query"] for c in cases], k)
    return score(cases, [run["urls"] for run in runs], k)


def score(cases: list[dict], results: list[list[str]], k: int = 10) -> dict:
    """recall@k and MRR of ranked result URLs (one list per case) against the cases."""
    rows = []
    for case, urls in zip(cases, results):
        got = [slug_of(u) for u in urls]
        expected = case["expected"]
        found = [e for e in expected if e in got[:k]]
        ranks = [got.index(e) + 1 for e in expected if e in got]
        rows.append(
            {
                "query": case["query"],
                "kind": case.get("kind", ""),
                "recall": len(found) / len(expected),
                "rr": 1 / min(ranks) if ranks else 0.0,
                "missing": [e for e in expected if e not in found],
                "got": got,
            }
        )
    n = len(rows)
    return {
        "queries": n,
        "recall_at_10": sum(r["recall"] for r in rows) / n,
        "mrr": sum(r["rr"] for r in rows) / n,
        "rows": rows,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="output")
    parser.add_argument("--queries", default="tests/search/queries.json")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    cases = json.loads(Path(args.queries).read_text(encoding="utf-8"))
    result = evaluate(Path(args.dir), cases)
    if args.verbose:
        for r in result["rows"]:
            if r["recall"] < 1:
                print(f"  {r['query']!r} recall {r['recall']:.2f} missing {r['missing']} got {r['got'][:5]}")
    print(f"queries: {result['queries']}")
    print(f"recall@10: {result['recall_at_10']:.3f}")
    print(f"MRR: {result['mrr']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
