"""CoNLL reading and conlleval-style exact-span scoring for the entity tagger tools."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from entities.recognize import TYPES, spans


def read(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of ``token<TAB>tag`` lines separated by blank lines."""
    sents, toks, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if toks:
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            tok, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            toks.append(tok)
            tags.append(tag.strip() or "O")
    if toks:
        sents.append((toks, tags))
    return sents


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Score:
    def __init__(self):
        self.tp, self.gold, self.pred = Counter(), Counter(), Counter()

    def add(self, gold_tags: list[str], pred_tags: list[str]) -> None:
        g = set(spans(gold_tags))
        p = set(spans(pred_tags))
        for s in g:
            self.gold[s[2]] += 1
        for s in p:
            self.pred[s[2]] += 1
        for s in g & p:
            self.tp[s[2]] += 1

    @staticmethod
    def prf(tp: int, gold: int, pred: int) -> tuple[float, float, float]:
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def micro(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp[t] for t in TYPES), sum(self.gold[t] for t in TYPES), sum(self.pred[t] for t in TYPES))

    def report(self) -> str:
        lines = [f"{'type':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}"]
        for t in TYPES:
            p, r, f = self.prf(self.tp[t], self.gold[t], self.pred[t])
            lines.append(f"{t:<6} {p:7.4f} {r:7.4f} {f:7.4f} {self.gold[t]:6d} {self.pred[t]:6d}")
        p, r, f = self.micro()
        lines.append(f"{'all':<6} {p:7.4f} {r:7.4f} {f:7.4f} {sum(self.gold.values()):6d} {sum(self.pred.values()):6d}")
        lines.append(f"micro-F1 {f:.4f}")
        return "\n".join(lines)
