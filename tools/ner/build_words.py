"""List the commonest tokens of news for the tagger's compiled word table.

Counts the tokens the recogniser sees (``entities.recognize`` splits a text into runs
of word characters and single other characters) in the titles and bodies of the
SaudiNewsNet articles and writes the ``N`` commonest, most frequent first (ties by
the token), to plugins/entities/data/words.txt. ``entities.wordtable`` sums the
tagger's weights for these words once per installation.

The articles of the benchmark's archives up to ``--skip`` (bench/corpus.py draws them
in the order of their URL's SHA-1: the first 10,000) are left out of the count, so
that the benchmark at 1,000 and 10,000 articles is not measured on its own words.

Usage: python tools/ner/build_words.py [--words 40000] [--skip 10000] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "plugins")]
from corpus import all_articles  # noqa: E402  (bench/corpus.py: the benchmark's order)

from entities.recognize import _TOKEN_RE  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=40000)
    ap.add_argument("--skip", type=int, default=10000)
    ap.add_argument("--out", default=str(ROOT / "plugins/entities/data/words.txt"))
    args = ap.parse_args()
    articles = all_articles()  # exits with a clear message without ../shared
    counts: Counter[str] = Counter()
    for art in articles[args.skip :]:
        counts.update(_TOKEN_RE.findall(art["title"]))
        counts.update(_TOKEN_RE.findall(art["content"]))
    words = sorted(counts, key=lambda w: (-counts[w], w))[: args.words]
    Path(args.out).write_text("".join(w + "\n" for w in words), encoding="utf-8")
    covered = sum(counts[w] for w in words) / sum(counts.values())
    print(f"{len(words)} words from {len(articles) - args.skip} articles ({covered:.1%} of their tokens) -> {args.out}")


if __name__ == "__main__":
    main()
