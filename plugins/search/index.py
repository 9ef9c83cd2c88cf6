"""Build the lunr index (lunr.py) over search documents with the Arabic pipeline."""

from __future__ import annotations

from lunr.builder import Builder

from .documents import SearchDoc
from .pipeline import functions, words

FIELDS = ("title", "body", "entities", "source")


def build(docs: list[SearchDoc], title_boost: float = 10, entity_boost: float = 2):
    """A lunr.Index whose document refs are the positions of ``docs`` ("0", "1", …)."""
    fns = functions()
    builder = Builder()
    builder.pipeline.add(*fns)
    builder.search_pipeline.add(*fns)
    builder.ref("id")
    boosts = {"title": title_boost, "entities": entity_boost}
    for name in FIELDS:
        builder.field(name, boost=boosts.get(name, 1))
    for i, doc in enumerate(docs):
        record = {name: words(text) for name, text in doc.fields().items()}
        record["id"] = str(i)
        builder.add(record)
    return builder.build()
