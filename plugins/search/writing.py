"""Write the search folder: the cached index copied, or the index built and cached.

A function of plain data (the output folder, the index cache, the plugin's settings
and the articles' sources), so that it runs as well in the build process as in a
process of its own started afresh (search.background), which gets them pickled.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from build_report.stages import count, stage
from write_changed.files import write_if_changed

from . import docmemo, documents, index, shards
from .indexcache import IndexCache

#: Each article's :func:`~search.documents.source`, and a function giving its search
#: annotator's value (None without one): :meth:`search.spool.Spool.items`.
Inputs = Iterable[tuple[tuple, Callable[[], Any]]]


def write_index(target: Path, cache: IndexCache, conf: dict, inputs: Callable[[], Inputs]) -> int:
    """Write the search folder ``target``; the number of files. A cached index is
    copied; otherwise each file is made, written and appended to the cache in turn, so
    the whole index is never held at once. ``inputs`` is called only then (twice: see
    :func:`built`)."""
    written: list[str] = []
    folders: set[Path] = set()  # made already (a thousand files share a few folders)

    def output(files: Iterable[tuple[str, bytes | memoryview]]):
        """``files`` passed on, each written first (when its bytes changed)."""
        for rel, data in files:
            path = target / rel
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            write_if_changed(path, data)
            written.append(rel)
            yield rel, data

    with stage("search index"):
        files = cache.output_unchanged(target)
        if files is not None:
            count("search_output_unchanged")
            return files
        cached = cache.load()
        if cached is None:
            cache.save(output(built(conf, inputs, cache)))  # cached as they are written
        else:
            for _ in output(cached):
                pass
        _prune(target, written)
        cache.stamp(target, written)
        return len(written)


def _prune(target: Path, written: list[str]) -> None:
    """Remove the files of the index's folders (``d/``, ``t/``, ``f/``) that this index
    did not write: the last index's documents and shards beyond this one's (an article
    removed), which the folder of a build from scratch would not have. Nothing else is
    touched, wherever SEARCH_DIR points."""
    keep = set(written)
    for folder in sorted({rel.split("/", 1)[0] for rel in written if "/" in rel}):
        with os.scandir(target / folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False) and f"{folder}/{entry.name}" not in keep:
                    os.unlink(entry.path)


def built(conf: dict, inputs: Callable[[], Inputs], cache: IndexCache | None = None) -> Iterator[tuple[str, bytes]]:
    """The index files of the articles, (path, bytes), made one at a time. ``inputs``
    is read twice: first each document's URL and date, which give it its number
    (:func:`documents.order`); then each document, whose own file is made and whose
    terms go into the index at its number; only its facets are kept after (the index
    process held every document's text to its end: some 40 MB at 10,000 articles).
    With ``cache``, the documents the last index kept (``search.docmemo``) are taken
    from it, and this index's are kept for the next."""
    keys = [documents.source_order_key(src) for src, _value in inputs()]
    number = [0] * len(keys)
    for n, i in enumerate(documents.order(keys)):
        number[i] = n
    del keys
    idx = index.Index(index.boosts(conf["SEARCH_TITLE_BOOST"], conf["SEARCH_ENTITY_BOOST"]), len(number))
    kept = cache.kept() if cache is not None else None
    if kept is not None:
        idx.number_terms(kept.terms)
    docs: list = [None] * len(number)
    starts: list[int] = []  # where each document's postings begin
    doc_keys = bytearray()  # each document's key (docmemo.document_key)
    facets: dict = {}
    reused = 0
    try:
        for n, (src, value) in zip(number, inputs()):
            starts.append(idx.size)
            key = docmemo.document_key(src)
            doc_keys += key
            p = kept.find(key) if kept is not None else None
            if p is None:
                doc = documents.from_source(src, facets)
                idx.add_doc(doc, value(), n)  # each article's search terms parsed when taken, and dropped
                data = shards.doc_file(n, doc).encode("utf-8")
                doc = replace(doc, title="", text="")
            else:
                doc = documents.from_source(src, facets, texts=False)
                idx.add_kept(n, *kept.postings(p))
                data = kept.doc_file(p, n)
                reused += 1
            yield f"d/{n}.js", data
            docs[n] = doc
    finally:
        if kept is not None:
            kept.close()
    count("search_analyses_reused", idx.reused)
    count("search_documents_kept", reused)
    if kept is not None:  # its terms were all numbered: some may be no document's now
        from .postings import compact  # numpy, loaded only by builds that make an index

        compact(idx)
    if cache is not None:
        cache.keep(bytes(doc_keys), number, starts, idx)
    for rel, text in shards.index_files(docs, idx, conf["SEARCH_SHARD_BYTES"], conf["SEARCH_FACET_SHARD_DOCS"]):
        yield rel, text.encode("utf-8")
