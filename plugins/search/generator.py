"""The Pelican generator that writes the search index and the search page."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator

from annotations.registry import release
from build_report.stages import stage
from site_nav import add_nav_link
from pelican.generators import Generator

from . import analysis, background, documents, spool, writing
from .indexcache import IndexCache

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_DIR": "search",  # output folder of the index files
    "SEARCH_SAVE_AS": "search.html",  # the search page ('' for none)
    "SEARCH_TITLE_BOOST": 10,  # weight of a title match against a body match
    "SEARCH_ENTITY_BOOST": 2,  # weight of an entity-name match
    "SEARCH_SHARD_BYTES": 16000,  # target size of one term shard (raw bytes)
    "SEARCH_FACET_SHARD_DOCS": 1000,  # documents per facet-values file
    "SEARCH_NAV": True,  # add the search page to the site navigation (ARSHIF_NAV)
    "SEARCH_BACKGROUND": True,  # build the index in a process of its own while pages are written
}


def settings_of(settings) -> dict:
    """The plugin's settings, read once, with their defaults."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}


def _take(article, name: str):
    """Annotator ``name``'s value of ``article``, removed from it; None if it has none."""
    values = getattr(article, "annotations", None)
    return values.pop(name, None) if values else None


def _from_articles(articles) -> Iterator[tuple[tuple, Callable[[], Any]]]:
    """:meth:`spool.Spool.items` read from the articles themselves (the index built in
    the build process)."""
    for article in articles:
        yield documents.source(article), partial(_take, article, analysis.NAME)


class SearchGenerator(Generator):
    """Builds the index over the articles the article generator produced."""

    _job: background.Job | None = None
    _spool: spool.Spool | None = None
    _cache: IndexCache | None = None

    def generate_context(self):
        conf = settings_of(self.settings)
        if conf["SEARCH_NAV"] and conf["SEARCH_SAVE_AS"]:
            add_nav_link(self.context, "البحث", conf["SEARCH_SAVE_AS"])

    def start(self) -> None:
        """Start the index build beside the page writing (``all_generators_finalized``:
        the articles' title, body, date, URL, entities and sources are final).
        A cached index is just read, later, here. Either way the articles' search
        terms are not needed in this process any more."""
        articles = self.context.get("articles", [])
        cached = self.index_cache().path.exists()
        for article in articles:  # read by the key just made (documents.fingerprint) alone
            article.__dict__.pop("linked_body", None)
        if not cached and settings_of(self.settings)["SEARCH_BACKGROUND"] and background.available():
            with stage("search index"):  # the spool takes each article's terms
                self._spool = spool.Spool(Path(self.settings["CACHE_PATH"]) / "search-spool", articles, analysis.NAME)
            self._job = background.Job(partial(writing.write_index, self._target(), self.index_cache(),
                                               settings_of(self.settings), self._spool.items))
        if cached or self._job is not None:  # the terms are not needed, or the spool has them
            release(articles, analysis.NAME)

    def index_cache(self) -> IndexCache:
        if self._cache is None:
            with stage("search index"):
                # The key is read off the articles without parsing their HTML: a build
                # with nothing changed never makes the search documents at all.
                self._cache = IndexCache(Path(self.settings["CACHE_PATH"]) / "search",
                                         [documents.fingerprint(a) for a in self.context.get("articles", [])],
                                         settings_of(self.settings))
        return self._cache

    def write_index(self) -> int:
        """Write the search folder here, in the build process (see writing.write_index)."""
        return writing.write_index(self._target(), self.index_cache(), settings_of(self.settings),
                                   partial(_from_articles, self.context.get("articles", [])))

    def _target(self) -> Path:
        return Path(self.output_path).resolve() / settings_of(self.settings)["SEARCH_DIR"]

    def generate_output(self, writer):
        conf = settings_of(self.settings)
        if self._job is not None:
            try:
                files = self._job.result()
            finally:
                self._spool.close()
                self._spool = None
        else:
            files = self.write_index()
            release(self.context.get("articles", []), analysis.NAME)
        logger.info("search: %d documents, %d files", len(self.context.get("articles", [])), files)
        if conf["SEARCH_SAVE_AS"]:
            writer.write_file(
                conf["SEARCH_SAVE_AS"],
                self.get_template("search"),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                SEARCH_INDEX_DIR=conf["SEARCH_DIR"],
                page_name="search",
            )
