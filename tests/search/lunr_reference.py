"""The reference the search index is held to: lunr.py's own Builder, tokeniser and pipeline.

``search.index`` computes lunr's BM25 weights without lunr's Builder (whose objects
cost ~1 GB at 10,000 articles); the tests build the same documents here, the way
lunr.py does it, and compare the files or the weights.
"""

from __future__ import annotations

from lunr.builder import Builder

from search.documents import SearchDoc
from search.index import FIELDS
from search.pipeline import functions, words
from search.shards import js_literal


def lunr_index(docs: list[SearchDoc], title_boost: float = 10, entity_boost: float = 2):
    """The lunr.Index that lunr.py's ``Builder.add`` and ``build`` make of ``docs``
    (document refs are their positions)."""
    builder = Builder()
    builder.pipeline.add(*functions())
    builder.ref("id")
    boosts = {"title": title_boost, "entities": entity_boost}
    for name in FIELDS:
        builder.field(name, boost=boosts.get(name, 1))
    for i, doc in enumerate(docs):
        record = {name: words(text) for name, text in doc.fields().items()}
        record["id"] = str(i)
        builder.add(record)
    return builder.build()


def delta_coded(scores) -> list[int]:
    """Flat [document delta, weight×1000, …] of (document, weight) pairs in document
    order: what a term shard holds for one field."""
    flat, last = [], 0
    for doc, weight in scores:
        flat += [doc - last, round(weight * 1000)]
        last = doc
    return flat


class LunrPostings:
    """A lunr.Index read as ``search.index.Index.records`` gives it, for
    ``shards.files``: per term, ``[term, per field [document delta, weight×1000, …]]``."""

    def __init__(self, index):
        self.index = index

    def records(self):
        by_number = {posting["_index"]: term for term, posting in self.index.inverted_index.items()}
        field_no = {name: i for i, name in enumerate(FIELDS)}
        raw: dict[str, list[list[tuple[int, float]]]] = {}
        for field_ref, vector in self.index.field_vectors.items():
            field, _, ref = str(field_ref).partition("/")
            elements = vector.elements
            for j in range(0, len(elements), 2):
                per_field = raw.setdefault(by_number[elements[j]], [[] for _ in FIELDS])
                per_field[field_no[field]].append((int(ref), elements[j + 1]))
        for term in sorted(raw):
            yield term, js_literal([term, [delta_coded(sorted(pairs)) for pairs in raw[term]]])
