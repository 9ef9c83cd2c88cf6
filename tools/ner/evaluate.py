"""Score the shipped annotator on a CoNLL file: `make eval-ner DATA=file.conll`.

Prints precision, recall and F1 per type (PERS LOC ORG MISC), exact spans as conlleval
counts them, and as the last line `micro-F1 <value>`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tools" / "ner")]

import conll  # noqa: E402
from entities.recognize import Annotator  # noqa: E402


def evaluate(sents, annotator: Annotator) -> conll.Score:
    score = conll.Score()
    pred = annotator.tag_document([toks for toks, _ in sents])
    for (_toks, gold), p in zip(sents, pred):
        score.add(gold, p)
    return score


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--model", default=None)
    ap.add_argument("--model2", default=None)
    args = ap.parse_args()
    sents = conll.read(args.data)
    print(f"{args.data}: {len(sents)} sentences, {sum(len(t) for t, _ in sents)} tokens")
    print(evaluate(sents, Annotator(args.model, args.model2)).report())


if __name__ == "__main__":
    main()
