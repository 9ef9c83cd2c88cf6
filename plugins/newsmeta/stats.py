"""Measure newsmeta on an archive: `python -m newsmeta.stats [content/news seeds ...]`.

Reads Markdown articles (Pelican headers, Date:) and raw seeds (through the seeds
reader's parser and date inference) without building the site, and prints how many
quotations were found and attributed and how many in-text dates were normalised.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import re
import sys
from pathlib import Path

from seeds.dates import infer_date
from seeds.reader import decode, parse_seed

from .annotate import analyse_text

_DATE = re.compile(r"^Date:\s*(\d{4}-\d{2}-\d{2})", re.M)


def read(path: Path) -> tuple[str, dt.date | None]:
    if path.suffix == ".txt":
        seed = parse_seed(decode(path.read_bytes(), str(path)), str(path))
        body = "\n".join(seed["paragraphs"])
        m = _DATE.search("\n".join(f"{k.title()}: {v}" for k, v in seed["header"].items()))
        pub = dt.date.fromisoformat(m.group(1)) if m else infer_date("\n".join([seed["title"], body]))
        return body, pub
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    m = _DATE.search(head)
    return body, dt.date.fromisoformat(m.group(1)) if m else None


def measure(paths: list[Path]) -> dict:
    c: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    for path in paths:
        body, pub = read(path)
        meta = analyse_text(body, pub)
        c["articles"] += 1
        c["words"] += meta.words
        c["quotes"] += len(meta.quotes)
        c["quotes_attributed"] += sum(q.attributed for q in meta.quotes)
        c["articles_with_quotes"] += bool(meta.quotes)
        for q in meta.quotes:
            kinds[f"quotes_{q.how or 'unattributed'}"] += 1
        c["dates"] += len(meta.dates)
        c["dates_normalised"] += sum(d.iso is not None for d in meta.dates)
        c["dates_relative"] += sum(d.relative and d.iso is not None for d in meta.dates)
        c["articles_with_dates"] += bool(meta.dates)
        for d in meta.dates:
            kinds[f"dates_{d.calendar}_{d.precision}"] += 1
    return {**c, **dict(sorted(kinds.items()))}


def files(args: list[str]) -> list[Path]:
    out = []
    for a in args:
        p = Path(a)
        cands = sorted(p.rglob("*")) if p.is_dir() else [p]
        out += [f for f in cands if f.suffix in (".md", ".txt") and f.name not in ("SOURCES.md", "README.md")]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=["content", "seeds"])
    args = ap.parse_args(argv)
    stats = measure(files(args.paths))
    width = max(map(len, stats))
    for k, v in stats.items():
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
