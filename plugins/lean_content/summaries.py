"""Listing summaries kept for the next build.

The home, archive and section pages show each article's summary as plain text
(:func:`lean_content.plugin.summary_text`): Pelican's summary of the linked body (its
``truncate_html_words``, an HTML parser over the body) with the tags stripped and
truncated. A warm build of 10,000 articles spent ~4 of its ~40 seconds under the
profiler making them again, the same texts as the build before.

The text depends on the article's body before linking, where the entity links put
their tags (a tag between a clitic and a name makes two words of one for the
truncation, and nothing else of a tag is left once they are stripped:
``entities.annotate.EntityLinks.spans``), a summary in its metadata, the length, the
settings and the code; its key is a SHA-256 of these. A body with intrasite links
(``{filename}``…) is summarised every build: making it logs the links it cannot
resolve, which the build report lists. The texts are lines of an
``annotations.cache.KeptLines`` file, ``CACHE_PATH/lean_content/summaries.bin``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from annotations.cache import KeptLines
from annotations.registry import source_version
from build_report.stages import count, stage
from kept_pages.articles import links_out
from kept_pages.listings import listing_pages_kept
from kept_pages.memo import made_with

FORMAT = "arshif-summaries 1"
CODE = source_version("lean_content.summaries", "lean_content.plugin")


class SummaryMemo:
    """The summary texts of a build, by article and length; the last build's read back."""

    def __init__(self, path: Path, settings: dict, policies: dict):
        self.lines = KeptLines(path, FORMAT)
        h = hashlib.sha256(f"{FORMAT}\x00{CODE}\x00".encode())
        h.update(made_with(settings, "pelican", "jinja2", "markupsafe"))
        h.update(repr(sorted((k, repr(v)) for k, v in policies.items() if k.startswith("truncate"))).encode())
        self._base = h.digest()

    def key(self, article, length: int) -> str | None:
        """The key of ``article``'s summary text of ``length``; None when it is made
        every build (a body with intrasite links)."""
        metadata = getattr(article, "metadata", None) or {}
        if "summary" in metadata:
            body, spans = str(metadata["summary"]), b"summary"
        else:
            if links_out(article):
                return None
            body = getattr(article, "_content", "") or ""
            links = getattr(article, "entity_links", None)
            spans = links.spans(body) if links is not None else b""
        h = hashlib.sha256(self._base + f"\x00{length}\x00{article.get_siteurl()}\x00".encode())
        h.update(len(spans).to_bytes(8, "little") + spans)
        h.update(body.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def text(self, article, length: int, make) -> str:
        """The summary text: the last build's under its key, or ``make()``."""
        with stage("summaries"):
            key = self.key(article, length)
            kept = self.lines.get(key) if key is not None else None
            if kept is not None:
                try:
                    text = json.loads(bytes(kept))
                except ValueError:
                    text = None
                if isinstance(text, str):
                    count("summaries_kept")
                    return text
        text = make()
        if key is not None:
            with stage("summaries"):
                count("summaries_made")
                self.lines.put(key, json.dumps(text, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        return text

    def save(self) -> None:
        """Save the texts asked for, and the last build's others when listing pages
        were kept (they show them; nothing they show changed)."""
        with stage("summaries"):
            if listing_pages_kept():
                self.lines.keep_unasked()
            self.lines.save()
