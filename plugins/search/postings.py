"""The postings of a search index weighted and written as shard records, with numpy.

:class:`search.index.Index` keeps one (term and field, document, frequency) triple of
integers per posting, in the order the documents were added (not always by number).
Here each term's postings are picked out a batch of terms at a time (so the index is
never sorted or copied whole), weighted as
lunr.py's ``Builder`` weights them (its BM25, operation for operation on IEEE doubles,
rounded as its vectors are) and written as the text of each term's record. At
10,000 articles the index and its term records took 9.5 s of Python loops over
every posting; 3.2 s so (the same bytes).
"""

from __future__ import annotations

import itertools
from typing import Iterator

import numpy as np

from .index import FIELDS, B, K1, Index, idf
from .shards import js_literal

#: Postings picked out of the index at a time (~30 bytes each), and weighted and
#: written out at a time (~250 bytes each while their text is made).
SCAN, BATCH = 1 << 16, 1 << 14


def records(index: Index) -> Iterator[tuple[str, str]]:
    """(term, its shard record ``[term, [per field flat [document delta,
    weight×1000, …]]]`` as a :func:`~search.shards.js_literal`) in term order,
    made a batch of whole terms at a time: each batch's postings are picked out of
    the flat arrays and sorted, so the index is never sorted or copied whole. The
    index's postings are used up."""
    width, n = len(FIELDS), index.documents
    numbers = list(index.numbers)  # the terms by number
    order = sorted(range(len(numbers)), key=numbers.__getitem__)
    words = [numbers[i] for i in order]  # the terms in term order
    rank = np.empty(len(numbers), dtype=np.uint32)  # a term's place in term order
    rank[order] = np.arange(len(numbers), dtype=np.uint32)
    del order
    slots, docs, frequencies = index.take_postings()
    slot = np.frombuffer(slots, dtype=np.uint32)
    ranks = np.repeat(rank, width)[slot]  # each posting's term's place
    del rank
    found = np.bincount(ranks, minlength=len(words))  # postings per term
    weights = Weights(np.array([idf(k, n) for k in found.tolist()], dtype=np.float64), index.lengths, index.boosts)
    doc, tf = np.frombuffer(docs, dtype=np.uint32), np.frombuffer(frequencies, dtype=np.uint32)
    ends = np.cumsum(found)  # postings of the terms up to each, in term order
    del found
    for first, last in _spans(ends, 0, len(words), SCAN):
        pick = np.flatnonzero((ranks >= first) & (ranks < last))
        key = ranks[pick] * width + slot[pick] % width
        order = np.argsort(key.astype(np.int64) * n + doc[pick], kind="stable")  # by term, field, document
        pick, key = pick[order], key[order]
        term, field, ds, tfs = key // width, key % width, doc[pick].astype(np.int64), tf[pick]
        at = int(ends[first - 1]) if first else 0
        for i, j in _spans(ends, first, last, BATCH):
            a, b = (int(ends[i - 1]) if i else 0) - at, int(ends[j - 1]) - at
            yield from _records(term[a:b], field[a:b], ds[a:b], tfs[a:b], weights, words)


def compact(index: Index) -> None:
    """Drop the terms that no posting has (a kept document's, ``search.docmemo``, that
    changed since), the others renumbered in the same order."""
    width = len(FIELDS)
    slot = np.frombuffer(index.postings()[0], dtype=np.uint32)  # written in place
    term = slot // width
    used = np.bincount(term, minlength=len(index.numbers)) > 0
    if used.all():
        return
    slot[:] = (np.cumsum(used, dtype=np.uint32) - 1)[term] * width + slot % width
    del slot
    index.numbers = {t: i for i, t in enumerate(itertools.compress(index.numbers, used.tolist()))}


def thousandths(scores):
    """``round(round(s, 3) * 1000)`` of each score (a numpy array), as lunr.py rounds a
    weight and the shards store it. ``rint(s * 1000)`` is the same number except where
    ``s * 1000`` lies within rounding error of a half (``round`` decides those on the
    exact decimal value): those few are rounded by Python."""
    scaled = scores * 1000
    out = np.rint(scaled).astype(np.int64)
    near_half = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    for i in near_half.tolist():
        out[i] = round(round(float(scores[i]), 3) * 1000)
    return out


class Weights:
    """lunr.py's BM25 weight of a posting, from each term's idf, the field lengths
    (``Index.lengths``: per field, per document) and the field boosts."""

    def __init__(self, idfs, lengths: list, boosts: list[float]):
        n = len(lengths[0]) if lengths else 0
        self.idfs = idfs
        self.lengths = np.array([per_doc.tolist() for per_doc in lengths], dtype=np.float64)
        self.average = np.array([sum(per_doc) / n if n else 0 for per_doc in lengths], dtype=np.float64)
        self.boosts = np.array(boosts, dtype=np.float64)

    def __call__(self, term, field, doc, tf):
        """lunr.Builder._create_field_vectors, operation for operation (IEEE doubles),
        on arrays of postings."""
        score = self.idfs[term] * ((K1 + 1) * tf) / (
            K1 * (1 - B + B * (self.lengths[field, doc] / self.average[field])) + tf)
        score *= self.boosts[field]
        return score


def _spans(ends, first: int, last: int, limit: int) -> Iterator[tuple[int, int]]:
    """Consecutive runs ``(i, j)`` of the terms first..last-1, each of at most ``limit``
    postings or of one term (``ends``: the postings up to each term, cumulated)."""
    i = first
    while i < last:
        before, j = (ends[i - 1] if i else 0), i + 1
        while j < last and ends[j] - before <= limit:
            j += 1
        yield i, j
        i = j


def _records(term, field, doc, tf, weights: Weights, words: list[str]) -> Iterator[tuple[str, str]]:
    """:meth:`Index.records` of a batch of whole terms: its postings' term (place in
    ``words``), field, document and frequency, ordered by term, field and document."""
    width = len(FIELDS)
    group = np.flatnonzero(np.diff(term * width + field, prepend=-1))  # where each (term, field) begins
    previous = np.concatenate(([0], doc[:-1]))
    previous[group] = 0
    flat = np.empty(2 * len(doc), dtype=np.int64)
    flat[0::2] = doc - previous
    flat[1::2] = thousandths(weights(term, field, doc, tf))
    text = list(map(str, flat.tolist()))
    bounds = group.tolist() + [len(doc)]
    # Each term's record has a slot per field: "[]", or its postings in that field.
    first = term[0] if len(term) else 0
    count = int(term[-1] - first + 1) if len(term) else 0
    slots = ["[]"] * (width * count)
    for i, a, b in zip(((term[group] - first) * width + field[group]).tolist(), bounds, bounds[1:]):
        slots[i] = f"[{','.join(text[2 * a:2 * b])}]"
    for t in range(count):
        word = words[first + t]
        yield word, f"[{js_literal(word)},[{','.join(slots[width * t:width * t + width])}]]"
