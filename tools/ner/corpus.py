"""Reading the unlabelled SaudiNewsNet corpus (../shared/data/saudinewsnet) for the NER tools."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]
from arabic import iter_words, normalize  # noqa: E402
from tools.shared import shared_dir  # noqa: E402

DEFAULT = shared_dir("data", "saudinewsnet")


def articles(corpus: Path):
    for z in sorted(Path(corpus).glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                if not name.endswith(".json"):
                    continue
                for art in json.load(io.TextIOWrapper(zf.open(name), encoding="utf-8")):
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")


def sentences(corpus: Path):
    """Normalised word lists, one per line of every article."""
    for text in articles(corpus):
        for line in text.split("\n"):
            words = [normalize(w) for w in iter_words(line)]
            if words:
                yield words


def require(corpus: Path) -> Path:
    corpus = Path(corpus)
    if not corpus.is_dir() or not any(corpus.glob("*.zip")):
        sys.exit(f"corpus not found: {corpus} (the derived files are committed; rebuilding needs ../shared or $ARSHIF_SHARED)")
    return corpus
