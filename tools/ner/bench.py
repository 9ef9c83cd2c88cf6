"""Tagger speed: `make bench-ner` prints tokens per second on the demo articles.

One process, one core, no annotation cache (cold): the model is loaded once (timed
apart), then every article body of content/news/*.md is recognised, a chunk of
articles at a time as in a build. Falls back to
../shared/data/news when content/news is absent, saying so.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from arabic import tokenize  # noqa: E402
from annotations.runner import CHUNK  # noqa: E402
from tools.shared import shared_dir  # noqa: E402


def bodies(folder: Path) -> list[str]:
    out = []
    for p in sorted(folder.glob("*.md")):
        if p.name in ("SOURCES.md", "README.md"):
            continue
        text = p.read_text(encoding="utf-8")
        head, _, body = text.partition("\n\n")
        title = next((line[6:].strip() for line in head.splitlines() if line.startswith("Title:")), "")
        out.append(title + "\n" + body)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(ROOT / "content/news"))
    args = ap.parse_args()
    folder = Path(args.dir)
    if not any(folder.glob("*.md")):
        alt = shared_dir("data", "news")
        if not any(alt.glob("*.md")):
            sys.exit(f"no articles in {folder} (nor in {alt}): nothing to measure")
        print(f"{folder} has no articles; measuring {alt} instead")
        folder = alt
    texts = bodies(folder)
    t0 = time.perf_counter()
    from entities.recognize import Annotator

    ann = Annotator()
    t1 = time.perf_counter()
    tokens = mentions = 0
    for t in texts:
        tokens += len(tokenize(t))
    t2, c2 = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), CHUNK):  # as the build does: a chunk of articles at once
        mentions += sum(map(len, ann.recognize_all(texts[i : i + CHUNK])))
    t3, c3 = time.perf_counter(), time.process_time()
    print(f"{len(texts)} articles, {tokens} word tokens, {mentions} mentions")
    print(f"model load {t1 - t0:.2f} s; tagging {t3 - t2:.2f} s wall, {c3 - c2:.2f} s CPU (two-pass: {ann.model2 is not None})")
    print(f"wall-clock tokens/s {tokens / (t3 - t2):.0f} (lower when other processes share the core)")
    print(f"tokens/s {tokens / (c3 - c2):.0f} (per CPU-second)")


if __name__ == "__main__":
    main()
