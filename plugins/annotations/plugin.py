"""Runs every registered annotator over all articles once they are read.

Annotation happens at `article_generator_pretaxonomy`, in one batch, so it can use
the cache and all cores (or a Dask cluster); results land on `article.annotations`
({annotator name: value}) for the plugins that render them.
"""

from __future__ import annotations

import os

from pelican import signals

from build_report.stages import count, stage

from .cache import AnnotationCache
from .registry import ANNOTATORS, Doc
from .runner import annotate, default_workers, freeze_more, frozen, hold_frozen


def documents(generator) -> list:
    return generator.articles + generator.translations + generator.hidden_articles + generator.drafts


def annotate_articles(generator):
    annotators = [ANNOTATORS[name] for name in sorted(ANNOTATORS)]
    articles = documents(generator)
    if not annotators or not articles:
        return
    settings = generator.settings
    cache = AnnotationCache.of(settings)
    docs = [Doc(os.path.relpath(a.source_path, generator.path), a.title, a._content) for a in articles]
    stats: dict[str, int] = {}
    scheduler = settings.get("ANNOTATIONS_DASK_SCHEDULER")
    with stage("annotation"), frozen():
        # Deferred annotators' misses are left to their plugins, which make them beside
        # the page writing, unless a cluster annotates (annotations.cli fills the cache).
        results = annotate(docs, annotators, cache,
                           workers=default_workers(settings.get("ANNOTATIONS_WORKERS")),
                           scheduler=scheduler, stats=stats, complete=True, defer=not scheduler)
    for name, n in stats.items():
        count(name, n)
    for article, values in zip(articles, results):
        article.annotations = values


def register():
    signals.article_generator_pretaxonomy.connect(hold_frozen)
    signals.article_generator_pretaxonomy.connect(annotate_articles)
    signals.all_generators_finalized.connect(freeze_more)
