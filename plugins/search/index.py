"""The search index: each term's BM25 weights per field and document, as lunr.py gives them.

lunr.py's ``Builder`` keeps a dict entry, a posting and a ``Vector`` element of Python
objects for every (term, field, document): some 90 MB per thousand articles, over 1 GB
for a 10,000-article archive, all alive at once. This makes the same numbers — lunr's
BM25 (its ``k1``, ``b`` and ``idf``), rounded as its vectors are — from the analysed
fields kept as flat integer arrays, weighted with numpy a batch of terms at a time
while the shards are written (:mod:`search.postings`). A test holds the files it gives
to the ones lunr.py's own ``Builder.add`` and ``build`` give, byte for byte.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from itertools import repeat
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
    """Term frequencies and field lengths of the documents added, numbered as they
    are added or as given: one (term and field, document, frequency) triple of
    integers per posting."""

    def __init__(self, boosts: dict[str, float], documents: int = 0):
        """``documents``: how many will be added by number (:meth:`add_doc`), in any
        order; none: they are numbered as they are added."""
        self.boosts = [boosts.get(name, 1) for name in FIELDS]
        self.documents = documents
        self.reused = 0  # documents whose terms came from the search annotator (see add_doc)
        self.lengths = [array("I", bytes(4 * documents)) for _ in FIELDS]  # field -> length per document
        self.numbers: dict[str, int] = {}  # term -> its number, in the order first met
        # per posting: term number × len(FIELDS) + field, document, frequency
        self._postings = (array("I"), array("I"), array("I"))

    def add_doc(self, doc: SearchDoc, cached: dict | None = None, number: int | None = None) -> None:
        """Add ``doc``, as document ``number`` (or the next), with the search annotator's
        value ``cached`` when it is of the doc's text (:func:`analysis.usable`)."""
        if not analysis.usable(cached, doc.title, doc.text):
            cached = None
        self.reused += cached is not None
        self.add(field_terms(doc, cached), number)

    def add(self, analysed: dict[str, list[str]], number: int | None = None) -> None:
        if number is None:
            doc = self.documents
            self.documents += 1
            for lengths in self.lengths:
                lengths.append(0)
        else:
            doc = number
        numbers, width = self.numbers, len(FIELDS)
        for f, name in enumerate(FIELDS):
            words = analysed[name]
            self.lengths[f][doc] = len(words)
            counts = Counter(words)
            slots, docs, frequencies = self._postings
            slots.extend([numbers.setdefault(t, len(numbers)) * width + f for t in counts])
            docs.extend(repeat(doc, len(counts)))
            frequencies.extend(counts.values())

    def add_kept(self, number: int, slots: memoryview, frequencies: memoryview, lengths: tuple[int, ...]) -> None:
        """Add document ``number`` as a build before added it (``search.docmemo``): its
        postings' term and field slots and frequencies as raw ``array("I")`` bytes,
        against terms numbered as that build's were (:meth:`number_terms`)."""
        for per_field, length in zip(self.lengths, lengths):
            per_field[number] = length
        own_slots, docs, own_frequencies = self._postings
        own_slots.frombytes(slots)
        own_frequencies.frombytes(frequencies)
        docs.extend(repeat(number, len(own_slots) - len(docs)))

    def number_terms(self, terms: list[str]) -> None:
        """Number ``terms`` 0, 1, … as a build before did, whose documents are then
        added kept (:meth:`add_kept`); before any other."""
        if self.numbers:
            raise ValueError("terms are numbered before any document is added")
        self.numbers = dict(zip(terms, range(len(terms))))

    @property
    def size(self) -> int:
        """The postings added so far."""
        return len(self._postings[0])

    def postings(self) -> tuple[array, array, array]:
        """The postings' (term number × len(FIELDS) + field, document, frequency)
        arrays, in the order added."""
        return self._postings

    def records(self) -> Iterator[tuple[str, str]]:
        """(term, its shard record as a :func:`~search.shards.js_literal`) in term
        order (:func:`search.postings.records`); the postings are used up."""
        from .postings import records  # numpy, loaded only by builds that make an index

        return records(self)

    def take_postings(self) -> tuple[array, array, array]:
        """:meth:`postings`, taken: the index keeps none after."""
        postings, self._postings = self._postings, (array("I"), array("I"), array("I"))
        return postings

    @property
    def terms(self) -> set[str]:
        return set(self.numbers)


def build(docs: list[SearchDoc], title_boost: float = 10, entity_boost: float = 2,
          cached: Iterable[dict | None] = ()) -> Index:
    """The index of ``docs``, numbered by position; ``cached`` gives the search
    annotator's value of each doc in turn, or None (taken one at a time: a build never
    holds them all). ``reused`` counts the values that were of the doc's text."""
    index = Index(boosts(title_boost, entity_boost))
    values = iter(cached)
    for doc in docs:
        index.add_doc(doc, next(values, None))
    return index


def boosts(title_boost: float, entity_boost: float) -> dict[str, float]:
    """The fields' weights (the others' are 1)."""
    return {"title": title_boost, "entities": entity_boost}
