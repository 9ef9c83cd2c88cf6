"""Write the lunr index and the result metadata as sharded JavaScript files.

Browsers refuse fetch/XHR from ``file://``, but run ``<script>`` elements, so every
file is a script that hands its payload to ``arshifSearchData(kind, key, payload)``
(defined by ``search.js``), which loads them on demand by inserting script elements.

Layout under SEARCH_DIR (default ``search/``):

``manifest.js``  fields, pipeline labels, document count, the first term of each
                 term shard, facet shard size; the only index file every query needs
``t/<n>.js``     term shards: contiguous ranges of the sorted term list, each about
                 SEARCH_SHARD_BYTES long; a term's postings, per field, as delta-coded
                 document numbers and lunr.py's BM25 weights in thousandths
``d/<n>.js``     one document: title, URL, date, sources, plain text (for the snippet)
``facets.js``    the facet values: years, sources, entities with their types
``f/<n>.js``     facet values of documents n·SEARCH_FACET_SHARD_DOCS onwards

Everything is sorted and has no timestamps: two builds give the same bytes.
"""

from __future__ import annotations

import json
from typing import Iterator

from arabic.analyzer import PIPELINE

from .documents import SearchDoc
from .index import FIELDS, Index

FORMAT_VERSION = 1


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def js_literal(value) -> str:
    """JSON that is also safe inside HTML and in any JavaScript parser."""
    text = _JSON(value)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script(kind: str, key, payload) -> str:
    return script_of_literal(kind, key, js_literal(payload))


def script_of_literal(kind: str, key, payload_literal: str) -> str:
    """:func:`script` for a payload already turned into its :func:`js_literal`."""
    return f"arshifSearchData({js_literal(kind)},{js_literal(key)},{payload_literal});\n"


def term_shards(index: Index, shard_bytes: int) -> Iterator[list[tuple[str, str]]]:
    """Sorted (term, literal of [term, postings]) records packed into shards of about
    ``shard_bytes``, one shard at a time; each literal is made once, to measure it and
    to write it."""
    shard: list[tuple[str, str]] = []
    size = 0
    for term, literal in index.records():
        length = len(literal.encode("utf-8"))
        if shard and size + length > shard_bytes:
            yield shard
            shard, size = [], 0
        shard.append((term, literal))
        size += length
    if shard:
        yield shard


def facet_values(docs: list[SearchDoc]):
    """The sorted facet dictionary and each document's value numbers."""
    values = {}
    for doc in docs:
        if doc.year:
            values[("year", doc.year)] = ["year", doc.year, doc.year, "", ""]
        for f in doc.sources + doc.entities:
            values.setdefault((f.kind, f.key), [f.kind, f.key, f.label, f.url, f.type])
    keys = sorted(values)
    number = {k: i for i, k in enumerate(keys)}
    per_doc = []
    for doc in docs:
        mine = {number[("year", doc.year)]} if doc.year else set()
        mine |= {number[(f.kind, f.key)] for f in doc.sources + doc.entities}
        per_doc.append(sorted(mine))
    return [values[k] for k in keys], per_doc


def files(docs: list[SearchDoc], index: Index, shard_bytes: int = 16000,
          facet_shard_docs: int = 1000) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every file of the search directory (``index`` of
    ``docs``, used up here), one at a time and always in the same order."""
    for n, doc in enumerate(docs):
        yield f"d/{n}.js", doc_file(n, doc)
    yield from index_files(docs, index, shard_bytes, facet_shard_docs)


def doc_file(n: int, doc: SearchDoc) -> str:
    """The text of document ``n``'s file: what a result shows of it."""
    return script("doc", n, {"title": doc.title, "url": doc.url, "date": doc.date,
                             "sources": [s.label for s in doc.sources], "text": doc.text})


def renumbered(doc_file_bytes: bytes, old: int, new: int) -> bytes:
    """Document ``old``'s file (:func:`doc_file`, encoded) as document ``new``'s."""
    head = _doc_head(old)
    if not doc_file_bytes.startswith(head):
        raise ValueError(f"not the file of document {old}")
    return _doc_head(new) + doc_file_bytes[len(head) :]


def _doc_head(n: int) -> bytes:
    """What document ``n``'s file begins with, up to its payload."""
    return script_of_literal("doc", n, "").encode()[: -len(");\n")]


def index_files(docs: list[SearchDoc], index: Index, shard_bytes: int = 16000,
                facet_shard_docs: int = 1000) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every file but the documents' (:func:`doc_file`):
    the term shards, the facets and the manifest, one at a time (the build writes and
    caches each before the next is made, never holding the whole index: at 10,000
    articles some 60 MB of text, twice over as text and as bytes). Of ``docs`` only
    their number, dates, sources and entities are read."""
    firsts = []
    for n, shard in enumerate(term_shards(index, shard_bytes)):
        firsts.append(shard[0][0])
        yield f"t/{n}.js", script_of_literal("terms", n, f"[{','.join(lit for _t, lit in shard)}]")
    values, per_doc = facet_values(docs)
    yield "facets.js", script("facets", 0, values)
    for n, start in enumerate(range(0, len(docs), facet_shard_docs)):
        yield f"f/{n}.js", script("facetdocs", n, per_doc[start : start + facet_shard_docs])
    yield "manifest.js", script(
        "manifest",
        0,
        {
            "version": FORMAT_VERSION,
            "fields": list(FIELDS),
            "pipeline": [label for label, _ in PIPELINE],
            "docs": len(docs),
            "shards": firsts,  # first terms
            "facetShardDocs": facet_shard_docs,
            "facetShards": len(range(0, len(docs), facet_shard_docs)),
        },
    )
