"""Runs every registered annotator over all articles once they are read.

Annotation happens at `article_generator_pretaxonomy`, in one batch, so it can use
the cache and all cores (or a Dask cluster); results land on `article.annotations`
({annotator name: value}) for the plugins that render them. On a machine that forks,
the articles missing from the cache are sent to worker processes already while the
others are read (ahead.py).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.contents import Article

from build_report.stages import count, stage

from .ahead import Ahead
from .cache import AnnotationCache
from .registry import ANNOTATORS, Doc, source_names
from .runner import FORK, annotate, default_workers, freeze_more, frozen, hold_frozen, thaw_previous_build

_AHEAD: list[Ahead] = []  # the build's, from the article generator's start to annotation


def documents(generator) -> list:
    return generator.articles + generator.translations + generator.hidden_articles + generator.drafts


def _annotators() -> tuple:
    return tuple(ANNOTATORS[name] for name in sorted(ANNOTATORS))


def _cache(settings) -> AnnotationCache:
    return AnnotationCache(Path(settings["CACHE_PATH"]) / "annotations")


def start_ahead(generator) -> None:
    """``article_generator_init``: annotate the misses as they are read, when there are
    several cores to do it and no Dask cluster to do it instead."""
    for ahead in _AHEAD:
        ahead.close()  # a build that ended before annotating
    _AHEAD.clear()
    settings, annotators = generator.settings, _annotators()
    workers = default_workers(settings.get("ANNOTATIONS_WORKERS"))
    if FORK and workers > 1 and annotators and not settings.get("ANNOTATIONS_DASK_SCHEDULER"):
        with stage("annotation"):
            _AHEAD.append(Ahead(annotators, _cache(settings), generator.path, workers))


def read_ahead(content) -> None:
    if _AHEAD and isinstance(content, Article):
        with stage("annotation"):
            _AHEAD[0].add(content)


def annotate_articles(generator):
    ahead = _AHEAD.pop() if _AHEAD else None
    annotators = ahead.annotators if ahead else _annotators()
    articles = documents(generator)
    if not annotators or not articles:
        if ahead:
            ahead.close()
        return
    settings = generator.settings
    names = source_names([a.source_path for a in articles], generator.path)
    docs = [Doc(name, a.title, a._content) for name, a in zip(names, articles)]
    stats: dict[str, int] = {}
    with stage("annotation"), frozen():
        results = annotate(docs, annotators, _cache(settings),
                           workers=default_workers(settings.get("ANNOTATIONS_WORKERS")),
                           scheduler=settings.get("ANNOTATIONS_DASK_SCHEDULER"), stats=stats,
                           complete=True, ahead=ahead)
    for name, n in stats.items():
        count(name, n)
    for article, values in zip(articles, results):
        article.annotations = values


def register():
    # A new build: the last one's objects are collected before workers are forked.
    signals.article_generator_init.connect(thaw_previous_build)
    signals.article_generator_init.connect(start_ahead)
    signals.content_object_init.connect(read_ahead)
    signals.article_generator_pretaxonomy.connect(hold_frozen)
    signals.article_generator_pretaxonomy.connect(annotate_articles)
    signals.all_generators_finalized.connect(freeze_more)
