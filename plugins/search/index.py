"""Build the lunr index (lunr.py) over search documents with the Arabic pipeline."""

from __future__ import annotations

from collections import defaultdict

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.index import Index

from . import analysis
from .documents import SearchDoc
from .pipeline import functions, terms

FIELDS = ("title", "body", "entities", "source")
NO_METADATA: dict = {}  # shared by every posting; lunr writes to it only for whitelisted metadata (none)


def field_terms(doc: SearchDoc, cached: dict | None = None) -> dict[str, list[str]]:
    """Index terms of each field; title and body from ``cached`` (the search annotator's
    value) when its checksum matches this document's text."""
    fields = doc.fields()
    reuse = analysis.usable(cached, doc.title, doc.text)
    return {name: (cached[name].split() if reuse and name in analysis.FIELDS else terms(text))
            for name, text in fields.items()}


def add_terms(builder: Builder, ref: str, analysed: dict[str, list[str]]) -> None:
    """lunr.py 0.8's ``Builder.add`` for text already through the pipeline.

    The same bookkeeping (term frequencies, field lengths, postings) without lunr's
    tokeniser and pipeline, whose Token objects cost more than the analysis itself.
    A test holds the index it gives to the one ``Builder.add`` gives. With no metadata
    whitelisted, ``Builder.add`` gives every (term, field, document) posting its own
    empty ``defaultdict(list)``; here they share one empty dict (millions of postings in
    a large archive: hundreds of MB).
    """
    builder._documents[ref] = {}
    builder.document_count += 1
    for field_name in builder._fields:
        field_ref = str(FieldRef(ref, field_name))
        frequencies: dict[str, int] = defaultdict(int)
        builder.field_term_frequencies[field_ref] = frequencies
        builder.field_lengths[field_ref] = len(analysed[field_name])
        for term in analysed[field_name]:
            frequencies[term] += 1
            posting = builder.inverted_index.get(term)
            if posting is None:
                posting = {name: {} for name in builder._fields}
                posting["_index"] = builder.term_index
                builder.term_index += 1
                builder.inverted_index[term] = posting
            posting[field_name][ref] = NO_METADATA


def new_builder(title_boost: float = 10, entity_boost: float = 2) -> Builder:
    fns = functions()
    builder = Builder()
    builder.pipeline.add(*fns)
    builder.search_pipeline.add(*fns)
    builder.ref("id")
    boosts = {"title": title_boost, "entities": entity_boost}
    for name in FIELDS:
        builder.field(name, boost=boosts.get(name, 1))
    return builder


def build(docs: list[SearchDoc], title_boost: float = 10, entity_boost: float = 2,
          cached: list[dict | None] | None = None):
    """A lunr.Index whose document refs are the positions of ``docs`` ("0", "1", …);
    ``cached[i]`` is the search annotator's value for ``docs[i]``, if any.

    It is ``Builder.build`` less the token set (a trie of every term, for lunr's own
    wildcard queries), which the shard files do not carry: a tenth of the build time.
    """
    builder = new_builder(title_boost, entity_boost)
    for i, doc in enumerate(docs):
        add_terms(builder, str(i), field_terms(doc, cached[i] if cached else None))
    builder._calculate_average_field_lengths()
    builder._create_field_vectors()
    return Index(builder.inverted_index, builder.field_vectors, None, list(builder._fields), builder.search_pipeline)
