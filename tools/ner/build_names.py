"""Harvest person-name words from unlabelled news with trigger patterns.

A word that often follows a title (``الرئيس``، ``الشيخ``، ``اللاعب`` …, optionally with a
nationality adjective between: ``الرئيس الأمريكي باراك``) is likely a first name; the
word after such a first name is likely a surname. Words seen in that position at least
MIN times and in at least RATIO of all their occurrences are written to
plugins/entities/data/person_words.tsv (``word<TAB>hits<TAB>count``), a tagger feature.

Usage: python tools/ner/build_names.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tools" / "ner"), str(ROOT / "plugins")]
from corpus import DEFAULT, require, sentences  # noqa: E402

from arabic import normalize  # noqa: E402

TRIGGERS = {normalize(w) for w in """الرئيس الرئيسة السيد السيدة الشيخ الشيخة الأمير الأميرة الملك
الدكتور الدكتورة المهندس الوزير الوزيرة الفريق اللواء العميد العقيد المستشار الأستاذ السفير
الزميل الزميلة الكاتب الكاتبة المدرب اللاعب الفنان الفنانة النجم النجمة الشاعر المواطن المواطنة
المحامي الداعية الإمام المخرج المغرد""".split()}
MIN, RATIO = 3, 0.2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--out", default=str(ROOT / "plugins/entities/data/person_words.tsv"))
    args = ap.parse_args()
    corpus = require(args.corpus)
    counts: Counter[str] = Counter()
    first: Counter[str] = Counter()
    sentences_ = []
    for words in sentences(corpus):
        counts.update(words)
        sentences_.append(words)
    for words in sentences_:
        for i, w in enumerate(words[:-1]):
            if w not in TRIGGERS:
                continue
            j = i + 1
            nxt = words[j]
            if nxt.startswith("ال") and (nxt.endswith("ي") or nxt.endswith("يه")) and j + 1 < len(words):
                j += 1  # الرئيس الأمريكي باراك
            cand = words[j]
            if cand in TRIGGERS or not cand.isalpha() or len(cand) < 2:
                continue
            first[cand] += 1
    names = {w for w, n in first.items() if n >= MIN and n / counts[w] >= RATIO}
    last: Counter[str] = Counter()
    for words in sentences_:
        for i, w in enumerate(words[:-1]):
            if w in names:
                nxt = words[i + 1]
                if nxt.isalpha() and nxt not in TRIGGERS and len(nxt) >= 2:
                    last[nxt] += 1
    surnames = {w for w, n in last.items() if n >= MIN and n / counts[w] >= RATIO}
    out = Path(args.out)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(f"# word\thits\tcount\tkind  (tools/ner/build_names.py MIN={MIN} RATIO={RATIO})\n")
        for w in sorted(names | surnames):
            kind = "first" if w in names else "last"
            hits = first[w] if w in names else last[w]
            f.write(f"{w}\t{hits}\t{counts[w]}\t{kind}\n")
    print(f"wrote {out}: {len(names)} first-name words, {len(surnames - names)} surname words", file=sys.stderr)


if __name__ == "__main__":
    main()
