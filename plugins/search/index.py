"""The search index: each term's BM25 weights per field and document, as lunr.py gives them.

lunr.py's ``Builder`` keeps a dict entry, a posting and a ``Vector`` element of Python
objects for every (term, field, document): some 90 MB per thousand articles, over 1 GB
for a 10,000-article archive, all alive at once. This makes the same numbers — lunr's
BM25 (its ``k1``, ``b`` and ``idf``), rounded as its vectors are — from the analysed
fields kept as compact integer arrays, one term at a time while the shards are written.
A test holds the files it gives to the ones lunr.py's own ``Builder.add`` and ``build``
give, byte for byte.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from typing import Iterable, Iterator

from lunr.builder import Builder

from . import analysis
from .documents import SearchDoc
from .pipeline import terms

FIELDS = ("title", "body", "entities", "source")
_LUNR = Builder()
K1, B = _LUNR._k1, _LUNR._b  # lunr.py's BM25 parameters


def field_terms(doc: SearchDoc, cached: dict | None = None) -> dict[str, list[str]]:
    """Index terms of each field; title and body from ``cached`` (the search annotator's
    value, checked :func:`analysis.usable` for this document) when given."""
    return {name: (cached[name].split() if cached and name in analysis.FIELDS else terms(text))
            for name, text in doc.fields().items()}


def idf(documents_with_term: int, document_count: int) -> float:
    """lunr.idf.idf, given the count it computes from a posting (documents per field, summed)."""
    x = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


class Index:
    """Term frequencies and field lengths of the documents added, numbered in order."""

    def __init__(self, boosts: dict[str, float]):
        self.boosts = [boosts.get(name, 1) for name in FIELDS]
        self.documents = 0
        self.reused = 0  # documents whose terms came from the search annotator (see build)
        self.lengths = [array("I") for _ in FIELDS]  # field -> length per document
        # term -> per field None or [document, frequency, document, frequency, …]
        self.frequencies: dict[str, list[array | None]] = {}

    def add(self, analysed: dict[str, list[str]]) -> None:
        doc = self.documents
        self.documents += 1
        for f, name in enumerate(FIELDS):
            words = analysed[name]
            self.lengths[f].append(len(words))
            for term, tf in Counter(words).items():
                slots = self.frequencies.get(term)
                if slots is None:
                    slots = self.frequencies[term] = [None] * len(FIELDS)
                if slots[f] is None:
                    slots[f] = array("I")
                slots[f].extend((doc, tf))

    def postings(self) -> Iterator[tuple[str, list[list[int]]]]:
        """(term, per field flat [document delta, weight×1000, …]) in term order, each
        term's frequencies freed once its weights are made."""
        average = [sum(lengths) / self.documents if self.documents else 0 for lengths in self.lengths]
        for term in sorted(self.frequencies):
            slots = self.frequencies.pop(term)
            weight = idf(sum(len(s) // 2 for s in slots if s is not None), self.documents)
            yield term, [delta_coded(self._scores(f, pairs, weight, average[f])) for f, pairs in enumerate(slots)]

    def _scores(self, f: int, pairs: array | None, weight: float, average: float) -> Iterator[tuple[int, float]]:
        """(document, score) of one term in field ``f``: lunr.Builder._create_field_vectors,
        operation for operation."""
        for j in range(0, len(pairs) if pairs is not None else 0, 2):
            doc, tf = pairs[j], pairs[j + 1]
            score = weight * ((K1 + 1) * tf) / (K1 * (1 - B + B * (self.lengths[f][doc] / average)) + tf)
            score *= self.boosts[f]
            yield doc, round(score, 3)


def delta_coded(scores) -> list[int]:
    """Flat [document delta, weight×1000, …] of (document, weight) pairs in document
    order: what a term shard holds for one field."""
    flat, last = [], 0
    for doc, weight in scores:
        flat += [doc - last, round(weight * 1000)]
        last = doc
    return flat


def build(docs: list[SearchDoc], title_boost: float = 10, entity_boost: float = 2,
          cached: Iterable[dict | None] = ()) -> Index:
    """The index of ``docs``, numbered by position; ``cached`` gives the search
    annotator's value of each doc in turn, or None (taken one at a time: a build never
    holds them all). ``reused`` counts the values that were of the doc's text."""
    index = Index({"title": title_boost, "entities": entity_boost})
    values = iter(cached)
    for doc in docs:
        value = next(values, None)
        if not analysis.usable(value, doc.title, doc.text):
            value = None
        index.reused += value is not None
        index.add(field_terms(doc, value))
    return index
