"""K-fold cross-validation of the tagger on a CoNLL file: `make cv-ner`.

Contiguous folds (the corpus is ordered by story, so a random split would put halves of
one story on both sides). Each fold trains a fresh model on the rest and scores the
full annotator (CRF + curated names) on the fold.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tools" / "ner")]

import conll  # noqa: E402
from entities.recognize import Annotator  # noqa: E402
from evaluate import evaluate  # noqa: E402
from train import train, train_two_pass  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "data/ner/anercorp_dev.conll"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", type=int, default=None, help="run one fold (0-based)")
    ap.add_argument("--c1", type=float, default=None)
    ap.add_argument("--c2", type=float, default=None)
    ap.add_argument("--one-pass", action="store_true")
    ap.add_argument("--keep", default=None, help="keep the fold models in this folder")
    args = ap.parse_args()
    sents = conll.read(args.data)
    n = len(sents)
    total = conll.Score()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None}
    for k in range(args.folds):
        if args.only is not None and k != args.only:
            continue
        a, b = n * k // args.folds, n * (k + 1) // args.folds
        with tempfile.TemporaryDirectory() as tmp:
            if args.keep:
                tmp = args.keep
                Path(tmp).mkdir(parents=True, exist_ok=True)
            model, model2 = Path(tmp) / f"fold{k}.crfsuite", Path(tmp) / f"fold{k}-2.crfsuite"
            if args.one_pass:
                train(sents[:a] + sents[b:], model, params)
                s = evaluate(sents[a:b], Annotator(model))
            else:
                train_two_pass(sents[:a] + sents[b:], model, model2, params)
                s = evaluate(sents[a:b], Annotator(model, model2))
        print(f"fold {k}: sentences {a}-{b}: micro-F1 {s.micro()[2]:.4f}", flush=True)
        for attr in ("tp", "gold", "pred"):
            getattr(total, attr).update(getattr(s, attr))
    print(total.report())


if __name__ == "__main__":
    main()
