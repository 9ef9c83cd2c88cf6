"""Runs every registered annotator over all articles once they are read.

Annotation happens at `article_generator_pretaxonomy`, in one batch, so it can use
the cache and all cores (or a Dask cluster); results land on `article.annotations`
({annotator name: value}) for the plugins that render them.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    cache = AnnotationCache(Path(settings["CACHE_PATH"]) / "annotations")
    docs = [Doc(os.path.relpath(a.source_path, generator.path), a.title, a._content) for a in articles]
    stats: dict[str, int] = {}
    with stage("annotation"), frozen():
        results = annotate(docs, annotators, cache,
                           workers=default_workers(settings.get("ANNOTATIONS_WORKERS")),
                           scheduler=settings.get("ANNOTATIONS_DASK_SCHEDULER"), stats=stats,
                           complete=True)
    for name, n in stats.items():
        count(name, n)
    for article, values in zip(articles, results):
        article.annotations = values


def register():
    signals.article_generator_pretaxonomy.connect(hold_frozen)
    signals.article_generator_pretaxonomy.connect(annotate_articles)
    signals.all_generators_finalized.connect(freeze_more)
