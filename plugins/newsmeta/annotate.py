"""Annotate articles with sources, mentioned dates, quotes, reading aids and head tags."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from .annotator import NAME, annotate_text, quotes_from
from .dates import MentionedDate, distinct_dates, resolve_dates
from .quotes import Quote, link_speakers
from .reading import cut_words, plain_text, reading_minutes
from .sources import Source, SourceRegistry

logger = logging.getLogger(__name__)


@dataclass
class Settings:
    """The NEWSMETA_* settings, read once with their defaults."""

    words_per_minute: int = 138
    lead_words: int = 40
    quote_min_words: int = 4
    source_url: str = "sources/{slug}.html"
    source_save_as: str = "sources/{slug}.html"
    sources_save_as: str = "sources.html"
    source_feed: str | None = "feeds/sources/{slug}.atom.xml"
    entity_feed: str | None = "feeds/entities/{slug}.atom.xml"
    entity_feed_min_articles: int = 2
    sitemap: str | None = "sitemap.xml"
    siteurl: str | None = None
    nav: bool = True

    @classmethod
    def from_pelican(cls, s: dict) -> "Settings":
        site = s.get("NEWSMETA_SITEURL")
        if not site:
            for cand in (s.get("FEED_DOMAIN"), s.get("SITEURL")):
                if isinstance(cand, str) and cand.startswith(("http://", "https://")):
                    site = cand
                    break
        return cls(
            words_per_minute=int(s.get("NEWSMETA_WORDS_PER_MINUTE", cls.words_per_minute)),
            lead_words=int(s.get("NEWSMETA_LEAD_WORDS", cls.lead_words)),
            quote_min_words=int(s.get("NEWSMETA_QUOTE_MIN_WORDS", cls.quote_min_words)),
            source_url=s.get("NEWSMETA_SOURCE_URL", cls.source_url),
            source_save_as=s.get("NEWSMETA_SOURCE_SAVE_AS", cls.source_save_as),
            sources_save_as=s.get("NEWSMETA_SOURCES_SAVE_AS", cls.sources_save_as),
            source_feed=s.get("NEWSMETA_SOURCE_FEED_ATOM", cls.source_feed),
            entity_feed=s.get("NEWSMETA_ENTITY_FEED_ATOM", cls.entity_feed),
            entity_feed_min_articles=int(s.get("NEWSMETA_ENTITY_FEED_MIN_ARTICLES",
                                               cls.entity_feed_min_articles)),
            sitemap=s.get("NEWSMETA_SITEMAP", cls.sitemap),
            siteurl=site.rstrip("/") if site else None,
            nav=bool(s.get("NEWSMETA_NAV", cls.nav)),
        )


@dataclass(slots=True)
class NewsMeta:
    """Everything newsmeta knows about one article (also set as article attributes)."""

    sources: list[Source] = field(default_factory=list)
    dates: list[MentionedDate] = field(default_factory=list)
    dates_distinct: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    words: int = 0
    minutes: int = 0
    lead: str = ""


def analyse_text(text: str, published=None, cfg: Settings | None = None) -> NewsMeta:
    """Dates, quotes and reading aids of a plain text (no Pelican needed)."""
    return analyse(annotate_text(text), published, cfg)


def analyse(annotation: dict, published=None, cfg: Settings | None = None) -> NewsMeta:
    """:func:`analyse_text` from the text's ``annotate_text`` value (which the
    annotation runner caches): resolved against ``published``, cut to the settings."""
    cfg = cfg or Settings()
    meta = NewsMeta()
    meta.dates = resolve_dates(annotation["dates"], published)
    meta.dates_distinct = distinct_dates(meta.dates)
    meta.quotes = quotes_from(annotation, cfg.quote_min_words)
    meta.words = annotation["words"]
    meta.minutes = reading_minutes(meta.words, cfg.words_per_minute)
    meta.lead = cut_words(annotation["first"], cfg.lead_words)
    return meta


def annotate(article, registry: SourceRegistry, cfg: Settings) -> NewsMeta:
    """Compute and attach the newsmeta attributes of one Pelican article (its page head
    is made when its page is written: newsmeta.headmemo)."""
    value = (getattr(article, "annotations", None) or {}).get(NAME)
    if value is None:  # the annotations plugin is not in the build
        value = annotate_text(plain_text(getattr(article, "_content", "") or ""))
    meta = analyse(value, getattr(article, "date", None), cfg)
    link_speakers(meta.quotes, getattr(article, "entities", None) or [])
    return attach(article, meta, registry)


def attach(article, meta: NewsMeta, registry: SourceRegistry) -> NewsMeta:
    """Set ``meta`` (made, or kept from the last build: newsmeta.metamemo) on
    ``article``, with its sources from the registry."""
    meta.sources = registry.for_metadata(
        getattr(article, "agencies", None),
        getattr(article, "source_id", None),
        getattr(article, "source", None),
        (getattr(article, "metadata", None) or {}).get("author") or getattr(article, "author", None),
    )
    for src in meta.sources:
        src.articles.append(article)
    article.newsmeta = meta
    article.sources = meta.sources
    article.mentioned_dates = meta.dates
    article.mentioned_dates_distinct = meta.dates_distinct
    article.quotes = meta.quotes
    article.word_count = meta.words
    article.reading_time = meta.minutes
    article.lead = meta.lead
    return meta
