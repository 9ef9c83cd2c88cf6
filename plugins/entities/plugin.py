"""Signal handlers of the entities plugin."""

from __future__ import annotations

import logging

from .annotate import Builder
from .generator import EntitiesGenerator

log = logging.getLogger(__name__)


def annotate_articles(generator) -> None:
    """After all articles are read: recognise, link and mark up; keep the registry."""
    articles = list(generator.articles)
    for tr in getattr(generator, "translations", []):
        articles.append(tr)
    builder = Builder(generator.settings)
    generator.context["entities"] = builder.run(articles)


def get_generators(pelican) -> type:
    return EntitiesGenerator


def register() -> None:
    from pelican import signals

    signals.article_generator_finalized.connect(annotate_articles)
    signals.get_generators.connect(get_generators)
