"""Annotate many documents: cache first, then the misses in parallel (processes or Dask).

Results do not depend on where they were computed: annotators are pure functions of
the document, and results are put back in document order.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .cache import AnnotationCache, content_key
from .registry import Annotations, Annotator, Doc, json_line

if TYPE_CHECKING:
    from .ahead import Ahead

logger = logging.getLogger(__name__)
#: Below this many misses a pool costs more than it saves (see pooled).
PARALLEL_MIN = 64
#: Workers are forked processes (Linux, BSD); elsewhere everything runs in this process.
FORK = "fork" in multiprocessing.get_all_start_methods()
CHUNK = 16


def pooled(misses: int, workers: int) -> bool:
    """Whether ``misses`` items are worth a pool of ``workers`` forked processes."""
    return FORK and workers > 1 and misses >= PARALLEL_MIN


_FROZEN = [0]  # depth of nested frozen() blocks


@contextmanager
def frozen():
    """The objects made before this block are left alone by the garbage collector
    until it ends. Processes forked inside share them for good (their collector would
    otherwise write to, and so copy, every page holding them); and collections made
    while annotating do not walk the whole build (at 30,000 articles a full collection
    of the build's objects takes seconds). A nested block freezes what was made since;
    the outermost one's end thaws all, unless a build holds them (:func:`hold_frozen`)."""
    _freeze()
    try:
        yield
    finally:
        _thaw()


def _freeze() -> None:
    """Freeze what exists now, one level deeper (frozen blocks and the build's hold)."""
    gc.freeze()
    _FROZEN[0] += 1


def _thaw() -> bool:
    """One level out; the last one thaws everything (True then). Within the build's
    hold, what the block made is frozen too: it is the build's (the entity table, the
    articles' links and metadata), and a full pass set off after the block walked all
    of it (10,000 articles, nothing changed: 0.12 s of one in news metadata)."""
    _FROZEN[0] -= 1
    if _FROZEN[0]:
        if _HELD[0]:
            gc.freeze()
        return False
    gc.unfreeze()
    return True


_HELD = [False]  # frozen from the first annotation to the next build


def hold_frozen(*_signal_args) -> None:
    """Freeze the build's objects from its first annotation on, until the next build
    (``article_generator_pretaxonomy``). The articles, their annotations and entities
    live as long as the build, and the collector's full passes walked them again and
    again while the build linked and wrote (10,000 articles, nothing changed: 2.3-2.6 s
    of full passes, 1.1-1.4 s so; the longest 0.85 -> 0.11 s); each :func:`frozen`
    block's end now leaves them frozen. They are not thawed when the build ends, which
    would only set off one more full pass before the process exits: a next build in the
    same process (``pelican --autoreload``, tests) thaws them and collects the garbage
    of this one first."""
    thaw_previous_build()
    _freeze()
    _HELD[0] = True


def freeze_more(*_signal_args) -> None:
    """Within :func:`hold_frozen`, freeze what the build has made since
    (``all_generators_finalized``: every generator's context is made)."""
    if _HELD[0]:
        gc.freeze()


def thaw_previous_build(*_signal_args) -> None:
    """End :func:`hold_frozen`: everything is the collector's again, and collected."""
    if not _HELD[0]:
        return
    _HELD[0] = False
    if _thaw():
        gc.collect()


_FORKED: list = []  # (fn, items) of the running fork_map, inherited by its workers


def _run_forked(bounds: tuple[int, int]) -> list:
    fn, items = _FORKED[0]
    return [fn(x) for x in items[bounds[0] : bounds[1]]]


def fork_map(fn: Callable[[Any], Any], items: list, workers: int, per_task: int = 1,
             done: Callable[[list], None] | None = None) -> list:
    """``[fn(x) for x in items]`` computed by ``workers`` forked processes, ``per_task``
    items at a time, in order; ``done`` sees each task's results as they come.

    The workers inherit ``fn`` and ``items`` from this process (fork): nothing but the
    results is pickled, so ``fn`` may be a bound method or closure over the build's
    objects. The build's objects stay frozen for the collector meanwhile (see frozen)."""
    out: list = []
    _FORKED[:] = [(fn, items)]
    try:
        ctx = multiprocessing.get_context("fork")
        with frozen(), ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for part in pool.map(_run_forked, [(i, i + per_task) for i in range(0, len(items), per_task)]):
                out.extend(part)
                if done is not None:
                    done(part)
    finally:
        _FORKED.clear()
    return out


#: The collector's first threshold while a chunk is annotated (Python's is 700).
CHUNK_GC_THRESHOLD = 10_000


@contextmanager
def fewer_collections():
    """The collector runs less often inside this block: annotating makes hundreds of
    thousands of short-lived lists and tuples (features, tokens, mentions) and no
    lasting cycles, and at Python's threshold its passes were ~4 % of the annotation's time."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], CHUNK_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def annotate_chunk(annotators: tuple[Annotator, ...], docs: list[Doc]) -> list[dict[str, bytes]]:
    """Run every annotator on every doc (the unit of work sent to a worker). The values
    come back as the JSON lines the cache stores (:func:`json_line`): made by the
    workers, they cost the build process neither unpickling objects nor encoding them
    (10,000 articles: 1.0 s and 0.6 s of its CPU), and they are parsed when first read,
    like cached values."""
    with fewer_collections():
        values = [(a.name, a.run(docs)) for a in annotators]
        return [{name: json_line(v[i]) for name, v in values} for i in range(len(docs))]


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def progress(total: int):
    from tqdm import tqdm

    # miniters=1: shown once a second whatever came before (tqdm's own guess, after a
    # first update of thousands, waited for thousands more).
    return tqdm(total=total, desc="annotating", unit="article", file=sys.stderr,
                disable=total < 500, mininterval=1.0, miniters=1)


def compute(docs: list[Doc], annotators: tuple[Annotator, ...], workers: int = 1,
            scheduler: str | None = None) -> list[dict[str, bytes]]:
    """Annotations of ``docs`` in order (see annotate_chunk), computed locally, in
    processes, or on Dask."""
    if not docs:
        return []
    chunks = _chunks(docs, CHUNK)
    results: list[dict[str, bytes]] = []
    with progress(len(docs)) as bar:
        if scheduler:
            from distributed import Client, as_completed

            with Client(scheduler) as client:
                futures = client.map(annotate_chunk, [annotators] * len(chunks), chunks, pure=False)
                index = {f.key: i for i, f in enumerate(futures)}
                done: list = [None] * len(chunks)
                for fut in as_completed(futures):
                    done[index[fut.key]] = fut.result()
                    bar.update(len(done[index[fut.key]]))
                for part in done:
                    results.extend(part)
        elif FORK:
            if pooled(len(docs), workers):
                # The first chunk runs here: it loads the models and tables, which the
                # forked workers then share instead of each loading its own.
                results.extend(annotate_chunk(annotators, chunks[0]))
                bar.update(len(chunks[0]))
                chunks = chunks[1:]
            else:
                # A few misses (an edit) go to one forked process, so the build process
                # never loads the models, which it would hold to its end: at 1,000
                # articles the peak of a build after an edit 230 -> 180 MB (when the
                # search index process was a fork of the build, and held them too).
                workers = 1
            for part in fork_map(partial(annotate_chunk, annotators), chunks, workers,
                                 done=lambda parts: bar.update(len(parts[0]))):
                results.extend(part)
        else:
            for chunk in chunks:
                part = annotate_chunk(annotators, chunk)
                results.extend(part)
                bar.update(len(part))
    return results


def annotate(docs: Iterable[Doc], annotators: Iterable[Annotator], cache: AnnotationCache,
             workers: int = 1, scheduler: str | None = None, stats: dict | None = None,
             complete: bool = False, ahead: Ahead | None = None) -> list[Annotations]:
    """Cached annotations of every doc: {annotator name: value} per doc, in order
    (cached values parsed when first read).

    A doc is computed again only by the annotators whose cache lacks it (a new version
    of one annotator does not run the others again). ``complete``: ``docs`` are all the
    articles of the build, so when the cache merges its segments it keeps only theirs.
    ``ahead``: the same annotators' cache, and the misses it annotated while the docs
    were read (see ahead.py)."""
    docs, annotators = list(docs), tuple(annotators)
    if ahead is not None:
        keys = [ahead.key(d) for d in docs]
        stored, ready = ahead.stored, ahead.results()
    else:
        keys = [content_key(d) for d in docs]
        stored, ready = {ann.name: cache.read(ann) for ann in annotators}, {}
    raw: list[dict[str, Any]] = []  # per doc, annotator name -> JSON (bytes, or a StoredValue)
    todo: dict[tuple[Annotator, ...], list[int]] = {}  # missing annotators -> their docs
    missed: list[tuple[int, tuple[Annotator, ...]]] = []
    for i, key in enumerate(keys):
        lacking = tuple(ann for ann in annotators if key not in stored[ann.name])
        raw.append({ann.name: stored[ann.name][key] for ann in annotators if ann not in lacking})
        if lacking:
            missed.append((i, lacking))
            if key in ready:
                raw[i].update(ready[key])
            else:
                todo.setdefault(lacking, []).append(i)
    missing = len(missed)
    if stats is not None:
        stats["cache_hit"] = stats.get("cache_hit", 0) + len(docs) - missing
        stats["cache_miss"] = stats.get("cache_miss", 0) + missing
        if ready:
            stats["annotated_ahead"] = stats.get("annotated_ahead", 0) + missing - sum(map(len, todo.values()))
    if missing:
        logger.info("annotating %d of %d articles (%d cached)", missing, len(docs), len(docs) - missing)
    for lacking, indices in todo.items():
        for i, lines in zip(indices, compute([docs[i] for i in indices], lacking, workers, scheduler)):
            raw[i].update(lines)
    fresh: dict[str, dict[str, bytes]] = {ann.name: {} for ann in annotators}
    for i, lacking in missed:  # in document order, however they were computed
        for ann in lacking:
            fresh[ann.name][keys[i]] = raw[i][ann.name]
    for ann in annotators:
        fresh[ann.name] = cache.write(ann, fresh[ann.name], stored[ann.name], keys if complete else None)
    for i, lacking in missed:  # held in the cache's file now, not in memory
        raw[i].update((ann.name, fresh[ann.name][keys[i]]) for ann in lacking)
    return [Annotations(raw=r, body=(d.title, d.html, k)) for r, d, k in zip(raw, docs, keys)]


def default_workers(setting: int | None) -> int:
    return max(1, setting or os.cpu_count() or 1)
