"""Annotate the articles that miss the cache while Pelican is still reading the others.

Pelican reads (and converts the Markdown of) every article on one core before the build
may annotate them; on a cold build the other cores sat idle meanwhile, and annotating
then waited for the reading (10,000 articles: 13-16 s of reading, then 35-38 s of
annotation on two cores). Here the misses are cut into chunks as they are read and fed
to a pool of forked workers, one fewer than the cores (the build process reads), a few
chunks per worker at a time; once the reading is done the build process annotates
chunks too, from the end of the queue. The build collects the results when it
annotates (``annotate(..., ahead=)``), by the cache's key: an article whose title or
body changed after it was taken is simply annotated again there, so the results are
those of annotating after the reading.

A build whose cache already holds values of each of these annotators (an edit, a day's
new articles) misses few: its first miss starts one worker, which loads the models while
the build reads on, and the build process does not load them at all unless hundreds of
misses are left once the reading is done (``HELP_FROM``). Such a build used to fork its
worker, and wait for it to load the models, only after the reading (an edit at 1,000
articles: 0.26 s of a 1.2 s build).

An article is taken when the next one is read, not when it is: other receivers of
``content_object_init`` (the sanitiser) change its body, in no set order, and by the
next article they have all run.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from . import runner
from .cache import AnnotationCache, content_key, text_key
from .registry import Annotator, Doc, source_names
from .runner import CHUNK, _freeze, _thaw, annotate_chunk, progress

#: Chunks sent ahead per worker (~0.1 s of work each): enough to keep it busy between
#: two articles read, or while this process annotates a chunk itself.
IN_FLIGHT = 3
#: Misses left after the reading of a build with a cache (see the module) from which
#: this process loads the models and annotates too (~1 s of a worker's work).
HELP_FROM = 256


class Ahead:
    """The misses among the articles read so far, annotated in ``workers`` processes."""

    def __init__(self, annotators: tuple[Annotator, ...], cache: AnnotationCache, base: str,
                 workers: int, chunk: int = CHUNK):
        self.annotators = annotators
        self.stored = {ann.name: cache.read(ann) for ann in annotators}
        self._stores = list(self.stored.values())
        self.base, self.workers, self.chunk = base, workers, chunk
        self._read: list = []  # articles read, maybe still being changed (see the module)
        self._hashed: dict[int, tuple[str, str, str]] = {}  # id(html) -> (title, html, key)
        self._misses: dict[tuple[Annotator, ...], list[tuple[str, Doc]]] = {}  # lacking -> (key, doc)
        self._seen: set[str] = set()  # keys taken as misses
        self._chunks: deque[tuple[list[str], tuple[Annotator, ...], list[Doc]]] = deque()  # not sent
        self._sent: list[tuple[list[str], Future]] = []
        self._running: deque[Future] = deque()  # sent, maybe not done
        self._out: dict[str, dict[str, bytes]] = {}  # key -> {annotator name: JSON line}
        self._pool: ProcessPoolExecutor | None = None
        self._slots = 0  # chunks in flight at most, once the pool is started
        # A cache with values of every one of these annotators: few misses (see the
        # module). A new version of one (a new model) misses every article.
        self._few = all(self._stores)

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
        for article in self._read:
            title, html = getattr(article, "title", None), getattr(article, "_content", None)
            if not isinstance(title, str) or not isinstance(html, str):
                continue  # not a valid article: Pelican leaves it out
            key = text_key(title, html)
            self._hashed[id(html)] = (title, html, key)
            for stored in self._stores:
                if key not in stored:
                    break
            else:
                continue  # cached
            if key in self._seen:
                continue
            self._seen.add(key)
            lacking = tuple(ann for ann in self.annotators if key not in self.stored[ann.name])
            doc = Doc(source_names([article.source_path], self.base)[0], title, html)
            self._misses.setdefault(lacking, []).append((key, doc))
        self._read.clear()
        if self._pool is None and len(self._seen) >= (1 if self._few else runner.PARALLEL_MIN):
            self._start()
        if self._pool is not None:
            self._cut(full_only=True)
            self._feed()
            if self._few and len(self._running) < self._slots:  # the worker would wait: send what is taken
                self._cut(full_only=False)
                self._feed()

    def _start(self) -> None:
        if not self._few:
            # The first chunk is annotated here: it loads the models, which the forked
            # workers then share instead of each loading its own.
            self._cut(full_only=False)
            self._run_here(self._chunks.popleft())
        _freeze()  # the workers share the build's objects (see runner.frozen)
        # One core is this process's, reading; it annotates too once the reading is done
        # (with few misses, when hundreds are left: HELP_FROM).
        workers = max(1, self.workers - 1)
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        self._slots = IN_FLIGHT * workers

    def _cut(self, full_only: bool) -> None:
        """The misses taken so far into chunks (the last one short unless ``full_only``)."""
        for lacking, items in self._misses.items():
            while len(items) >= self.chunk or (items and not full_only):
                part, items[:] = items[: self.chunk], items[self.chunk :]
                self._chunks.append(([k for k, _ in part], lacking, [d for _, d in part]))

    def _feed(self) -> None:
        """Keep IN_FLIGHT chunks per worker sent: the rest stay here, so a build that
        fails before annotating leaves the workers little to finish."""
        while self._running and self._running[0].done():
            self._running.popleft()
        while self._chunks and len(self._running) < self._slots:
            keys, lacking, docs = self._chunks.popleft()
            future = self._pool.submit(annotate_chunk, lacking, docs)
            self._sent.append((keys, future))
            self._running.append(future)

    def _run_here(self, chunk) -> None:
        """Annotate ``chunk`` in this process."""
        keys, lacking, docs = chunk
        self._out.update(zip(keys, annotate_chunk(lacking, docs)))

    def results(self) -> dict[str, dict[str, bytes]]:
        """{key: {annotator name: JSON line}} of every miss annotated ahead; none when
        too few articles missed the cache to start the pool (they are annotated the
        usual way). Ends the pool."""
        self._take()
        if self._pool is None:
            return {}
        self._cut(full_only=False)
        out = self._out
        here = not self._few or sum(len(keys) for keys, _, _ in self._chunks) >= HELP_FROM
        try:
            with progress(len(self._seen)) as bar:
                # The workers take chunks from the front, this process from the end.
                while self._chunks:
                    bar.update(self._done() - bar.n)
                    self._feed()
                    if self._chunks and here:
                        self._run_here(self._chunks.pop())
                    elif self._chunks:
                        wait(self._running, return_when=FIRST_COMPLETED)
                for _, future in self._sent:
                    future.result()
                    bar.update(self._done() - bar.n)
        finally:
            self.close()
        for keys, future in self._sent:
            out.update(zip(keys, future.result()))
        return out

    def _done(self) -> int:
        """Misses annotated so far: by this process, and in the chunks the workers
        have finished (the bar counts them as they come, not once all are in)."""
        return len(self._out) + sum(len(keys) for keys, future in self._sent if future.done())

    def close(self) -> None:
        """Stop the workers (a build that ends early leaves none behind)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            _thaw()

