"""Pelican wiring: article and listing pages kept through write_changed's writer (entity
pages are kept by the entities plugin's own generator, with the same memo:
kept_pages.memo)."""

from pelican import signals

from write_changed.writer import KEEPERS

from .articles import keep_article_page
from .listings import keep_listing_page
from .memo import finish_open


def register() -> None:
    for keeper in (keep_article_page, keep_listing_page):
        if keeper not in KEEPERS:
            KEEPERS.append(keeper)
    signals.finalized.connect(finish_open)  # each family's keys, for the next build
