"""Learn word clusters for the entity tagger from unlabelled news text.

Reads the SaudiNewsNet zips (../shared/data/saudinewsnet, 31k articles, 8.8M words),
normalises and tokenises with plugins/arabic, and writes
plugins/entities/data/clusters.tsv: ``word<TAB>count<TAB>c64<TAB>c256<TAB>c1024``.

Method (deterministic, numpy only): positive PMI between each of the V most frequent
words and its left/right neighbours among the C most frequent words, reduced to D
dimensions by an eigendecomposition of the context Gram matrix, rows L2-normalised,
then spherical k-means into 1024 clusters (k-means++ seeding with a fixed seed), whose
centroids are clustered again into 256 and 64: a three-level hierarchy like Brown
cluster prefixes. The counts double as a lexicon for clitic decisions.

Usage: python tools/ner/build_clusters.py [--corpus DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "ner"))
from corpus import DEFAULT, require, sentences  # noqa: E402

V, C, D = 40000, 1500, 100
K = (1024, 256, 64)
SEED = 1234


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int = 25) -> np.ndarray:
    n = x.shape[0]
    # k-means++ seeding on cosine distance.
    centers = [x[rng.integers(n)]]
    d = 1 - x @ centers[0]
    for _ in range(1, k):
        p = np.clip(d, 0, None) ** 2
        p = p / p.sum()
        c = x[rng.choice(n, p=p)]
        centers.append(c)
        d = np.minimum(d, 1 - x @ c)
    cen = np.stack(centers)
    for _ in range(iters):
        lab = np.argmax(x @ cen.T, axis=1)
        new = np.zeros_like(cen)
        np.add.at(new, lab, x)
        norms = np.linalg.norm(new, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        new[~empty] /= norms[~empty]
        new[empty] = cen[empty]
        cen = new
    return np.argmax(x @ cen.T, axis=1), cen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--out", default=str(ROOT / "plugins/entities/data/clusters.tsv"))
    args = ap.parse_args()
    corpus = require(args.corpus)

    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for words in sentences(corpus):
        counts.update(words)
        pairs.update(zip(words, words[1:]))
    print(f"{sum(counts.values())} tokens, {len(counts)} types", file=sys.stderr)
    vocab = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:V]]
    ctx = vocab[:C]
    vi = {w: i for i, w in enumerate(vocab)}
    ci = {w: i for i, w in enumerate(ctx)}
    m = np.zeros((len(vocab), 2 * C), dtype=np.float64)
    for (a, b), n in pairs.items():
        ia, ib = vi.get(a), vi.get(b)
        if ia is not None and b in ci:  # right neighbour of a
            m[ia, C + ci[b]] += n
        if ib is not None and a in ci:  # left neighbour of b
            m[ib, ci[a]] += n
    total = m.sum()
    row = m.sum(axis=1, keepdims=True)
    col = m.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((m * total) / (row * col))
    pmi[~np.isfinite(pmi)] = 0
    pmi = np.maximum(pmi, 0).astype(np.float32)
    gram = (pmi.T @ pmi).astype(np.float64)
    vals, vecs = np.linalg.eigh(gram)
    order = np.argsort(-vals)[:D]
    emb = pmi @ vecs[:, order].astype(np.float32)
    # Sign-fix for determinism across LAPACK builds.
    signs = np.sign(emb[np.abs(emb).argmax(axis=0), np.arange(D)])
    emb *= signs
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)

    rng = np.random.default_rng(SEED)
    lab0, cen0 = kmeans(emb, K[0], rng)
    levels = [lab0]
    cen = cen0
    for k in K[1:]:
        lab_c, cen = kmeans(cen / np.maximum(np.linalg.norm(cen, axis=1, keepdims=True), 1e-9), k, rng)
        levels.append(lab_c[levels[-1]] if len(levels) == 1 else lab_c[levels[-1]])
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(f"# word\tcount\tc{K[2]}\tc{K[1]}\tc{K[0]}  (tools/ner/build_clusters.py V={V} C={C} D={D} seed={SEED})\n")
        for i, w in enumerate(vocab):
            f.write(f"{w}\t{counts[w]}\t{levels[2][i]}\t{levels[1][i]}\t{levels[0][i]}\n")
    print(f"wrote {out} ({len(vocab)} words)", file=sys.stderr)


if __name__ == "__main__":
    main()
