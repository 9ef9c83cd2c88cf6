"""Source pages, per-source and per-entity Atom feeds, and sitemap.xml.

Feeds and the sitemap need absolute URLs, so they are written only when an
absolute site URL is known (NEWSMETA_SITEURL, or FEED_DOMAIN/SITEURL starting with
http): the GitHub Pages build (publishconf.py) has one, the local file:// build
does not and writes neither.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from urllib.parse import quote
from xml.sax.saxutils import escape

from pelican.generators import Generator

from .annotate import Settings

logger = logging.getLogger(__name__)


def _newest_first(articles):
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)


def _build_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")
    return None


class NewsmetaGenerator(Generator):
    """Writes sources.html, sources/<slug>.html, feeds and the sitemap."""

    def generate_context(self):
        self.cfg = Settings.from_pelican(self.settings)
        # Source pages paginate like category pages (DEFAULT_PAGINATION).
        paginated = self.settings.setdefault("PAGINATED_TEMPLATES", {})
        paginated.setdefault("source", None)

    def generate_output(self, writer):
        sources = self.context.get("NEWSMETA_SOURCES", [])
        self._write_sources(writer, sources)
        if self.cfg.siteurl:
            self._write_feeds(writer, sources)
            if self.cfg.sitemap:
                self._write_sitemap(sources)
        else:
            logger.info("newsmeta: no absolute site URL: source/entity feeds and sitemap not written")

    # --- pages -----------------------------------------------------------------
    def _write_sources(self, writer, sources):
        write = writer.write_file
        for src in sources:
            articles = _newest_first(src.articles)
            write(
                src.save_as,
                self.get_template("source"),
                self.context,
                self.settings["RELATIVE_URLS"],
                paginated={"articles": articles, "dates": articles},
                template_name="source",
                url=src.url,
                page_name=src.url.rsplit(".", 1)[0],
                source=src,
                articles=articles,
                dates=articles,
            )
        if self.cfg.sources_save_as:
            write(
                self.cfg.sources_save_as,
                self.get_template("sources"),
                self.context,
                self.settings["RELATIVE_URLS"],
                template_name="sources",
                url=self.cfg.sources_save_as,
                page_name=self.cfg.sources_save_as.rsplit(".", 1)[0],
                sources=sources,
            )

    # --- feeds -----------------------------------------------------------------
    def _feed_context(self):
        ctx = dict(self.context)
        ctx["SITEURL"] = self.cfg.siteurl
        ctx["FEED_DOMAIN"] = self.cfg.siteurl
        return ctx

    def _write_feeds(self, writer, sources):
        ctx = self._feed_context()
        if self.cfg.source_feed:
            for src in sources:
                path = self.cfg.source_feed.format(slug=src.slug)
                writer.write_feed(_newest_first(src.articles), ctx, path, feed_title=src.name)
        feeds = self.context.get("NEWSMETA_ENTITY_FEEDS", {})
        for ent, articles in self.context.get("NEWSMETA_ENTITY_ARTICLES", []):
            if ent.slug in feeds:
                writer.write_feed(_newest_first(articles), ctx, feeds[ent.slug], feed_title=str(ent.name))

    # --- sitemap ---------------------------------------------------------------
    def _write_sitemap(self, sources):
        base = self.cfg.siteurl
        urls: dict[str, str | None] = {}
        for a in self.context.get("articles", []):
            urls[a.url] = (getattr(a, "modified", None) or a.date).strftime("%Y-%m-%d")
        for p in self.context.get("pages", []):
            urls[p.url] = None
        for src in sources:
            urls[src.url] = max(a.date for a in src.articles).strftime("%Y-%m-%d")
        for ent, articles in self.context.get("NEWSMETA_ENTITY_ARTICLES", []):
            if getattr(ent, "url", None):
                urls[ent.url] = max(a.date for a in articles).strftime("%Y-%m-%d")
        built = _build_date()
        for extra in ("index.html", self.settings.get("ARCHIVES_SAVE_AS") or "archives.html",
                      self.cfg.sources_save_as):
            if extra:
                urls.setdefault(extra, built)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for url in sorted(urls):
            lines.append(f"  <url><loc>{escape(base + '/' + quote(url, safe='/'))}</loc>"
                         + (f"<lastmod>{urls[url]}</lastmod>" if urls[url] else "") + "</url>")
        lines.append("</urlset>")
        path = os.path.join(self.output_path, self.cfg.sitemap)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        logger.info("newsmeta: wrote %s (%d URLs)", self.cfg.sitemap, len(urls))
