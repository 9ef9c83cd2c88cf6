"""Annotate the articles that miss the cache while Pelican is still reading the others.

Pelican reads (and converts the Markdown of) every article on one core before the build
may annotate them; on a cold build the other cores sat idle meanwhile, and annotating
then waited for the reading (10,000 articles: 16 s of reading, then 35 s of annotation
on two cores). Here each article is sent to a pool of forked workers as soon as it is
read, and the build collects the results when it annotates (``annotate(..., ahead=)``),
by the cache's key: an article whose title or body changed after it was sent is simply
annotated again there, so the results are those of annotating after the reading.

An article is taken when the next one is read, not when it is: other receivers of
``content_object_init`` (the sanitiser) change its body, in no set order, and by the
next article they have all run.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from .cache import AnnotationCache, content_key
from .registry import Annotator, Doc
from . import runner
from .runner import CHUNK, _freeze, _thaw, annotate_chunk, progress


class Ahead:
    """The misses among the articles read so far, annotated in ``workers`` processes."""

    def __init__(self, annotators: tuple[Annotator, ...], cache: AnnotationCache, base: str,
                 workers: int, chunk: int = CHUNK):
        self.annotators = annotators
        self.stored = {ann.name: cache.read(ann) for ann in annotators}
        self.base, self.workers, self.chunk = base, workers, chunk
        self._read: list = []  # articles read, maybe still being changed (see the module)
        self._hashed: dict[int, tuple[str, str, str]] = {}  # id(html) -> (title, html, key)
        self._misses: dict[tuple[Annotator, ...], list[tuple[str, Doc]]] = {}  # lacking -> (key, doc)
        self._seen: set[str] = set()  # keys taken as misses
        self._sent: list[tuple[list[str], tuple[Annotator, ...], list[Doc], Future]] = []
        self._out: dict[str, dict[str, bytes]] = {}  # key -> {annotator name: JSON line}
        self._pool: ProcessPoolExecutor | None = None

    def add(self, article) -> None:
        """One more article read (Pelican's: ``source_path``, ``title``, ``_content``),
        taken when the next one is."""
        self._take()
        self._read.append(article)

    def key(self, doc: Doc) -> str:
        """The cache's key of ``doc``, not hashed again if its title and body are the
        very strings taken here."""
        title, html, key = self._hashed.get(id(doc.html), (None, None, None))
        return key if doc.title is title and doc.html is html else content_key(doc)

    def _take(self) -> None:
        stores = list(self.stored.values())
        for article in self._read:
            title, html = getattr(article, "title", None), getattr(article, "_content", None)
            if not isinstance(title, str) or not isinstance(html, str):
                continue  # not a valid article: Pelican leaves it out
            key = content_key(Doc("", title, html))
            self._hashed[id(html)] = (title, html, key)
            if key in self._seen or all(key in s for s in stores):
                continue
            self._seen.add(key)
            lacking = tuple(ann for ann in self.annotators if key not in self.stored[ann.name])
            doc = Doc(os.path.relpath(article.source_path, self.base), title, html)
            self._misses.setdefault(lacking, []).append((key, doc))
        self._read.clear()
        if self._pool is None and len(self._seen) >= runner.PARALLEL_MIN:
            self._start()
        if self._pool is not None:
            self._send(full_only=True)

    def _start(self) -> None:
        # The first chunk is annotated here: it loads the models, which the forked
        # workers then share instead of each loading its own.
        lacking, items = next(iter(self._misses.items()))
        first, self._misses[lacking] = items[: self.chunk], items[self.chunk :]
        self._out.update(zip([k for k, _ in first], annotate_chunk(lacking, [d for _, d in first])))
        _freeze()  # the workers share the build's objects (see runner.frozen)
        # One core is this process's, reading; it annotates too once the reading is done.
        self._pool = ProcessPoolExecutor(max_workers=max(1, self.workers - 1),
                                         mp_context=multiprocessing.get_context("fork"))

    def _send(self, full_only: bool) -> None:
        for lacking, items in self._misses.items():
            while len(items) >= self.chunk or (items and not full_only):
                part, items[:] = items[: self.chunk], items[self.chunk :]
                docs = [d for _, d in part]
                self._sent.append(([k for k, _ in part], lacking, docs,
                                   self._pool.submit(annotate_chunk, lacking, docs)))

    def results(self) -> dict[str, dict[str, bytes]]:
        """{key: {annotator name: JSON line}} of every miss annotated ahead; none when
        too few articles missed the cache to start the pool (they are annotated the
        usual way). Ends the pool."""
        self._take()
        if self._pool is None:
            return {}
        self._send(full_only=False)
        out = self._out
        try:
            with progress(len(out) + sum(len(sent[0]) for sent in self._sent)) as bar:
                bar.update(len(out))
                # This process takes chunks from the end of the queue while the workers
                # take them from its front, until they meet.
                for keys, lacking, docs, future in reversed(self._sent):
                    if not future.cancel():
                        break
                    out.update(zip(keys, annotate_chunk(lacking, docs)))
                    bar.update(len(keys))
                for keys, _, _, future in self._sent:
                    if not future.cancelled():
                        out.update(zip(keys, future.result()))
                        bar.update(len(keys))
        finally:
            self.close()
        return out

    def close(self) -> None:
        """Stop the workers (a build that ends early leaves none behind)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            _thaw()

