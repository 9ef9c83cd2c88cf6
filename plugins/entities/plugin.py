"""Signal handlers of the entities plugin."""

from __future__ import annotations

from annotations.registry import release
from annotations.runner import frozen
from build_report.stages import stage
from kept_pages.memo import finish_open

from .annotate import Builder, register_annotator
from .generator import TYPE_NAMES, EntitiesGenerator


def declare_annotator(pelican) -> None:
    """Tell plugins/annotations about the recogniser (with the configured backend)."""
    register_annotator(pelican.settings)


def annotate_articles(generator) -> None:
    """After all articles are read: link and mark up mentions; keep the registry."""
    articles = list(generator.articles) + list(getattr(generator, "translations", []))
    # Frozen: the collections that linking's many small objects set off do not walk
    # the whole build (every article read) again and again.
    with stage("entity linking"), frozen():
        builder = Builder(generator.settings)
        generator.context["entities"] = builder.run(articles)
    # the key of everything the site's linking read (newsmeta keys the page heads by it)
    generator.context["ENTITIES_SITE_KEY"] = builder.site_key
    # what the entity table, each article's entities and counts and related articles
    # read (not where each mention is); and of that what is not any article's (the
    # linker's state, the settings, the code): kept pages key by them
    generator.context["ENTITIES_NAMES_KEY"] = builder.names_key
    generator.context["ENTITIES_LINKER_KEY"] = builder.linker_key
    release(articles, "entities")
    generator.context["entity_type_names"] = dict(TYPE_NAMES)


def get_generators(pelican) -> type:
    return EntitiesGenerator


def register() -> None:
    from pelican import signals

    signals.initialized.connect(declare_annotator)
    signals.article_generator_finalized.connect(annotate_articles)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish_open)  # the entity pages' keys, for the next build
