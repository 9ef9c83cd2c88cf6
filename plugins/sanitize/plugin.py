"""Sanitises every article and page as soon as it is read (before any annotation)."""

from __future__ import annotations

import logging

from pelican import signals

from build_report.stages import stage

from .cleaning import BIDI_CONTROLS_RE, clean_html, clean_text, looks_dangerous

logger = logging.getLogger(__name__)


@stage("sanitize")
def sanitize(content):
    source = getattr(content, "source_path", "?")
    raw = getattr(content, "_content", None)
    if raw:
        if looks_dangerous(raw):
            logger.warning("%s: active HTML (script, event handler or javascript: URL) removed", source)
        content._content = clean_html(raw)
    title = getattr(content, "title", None)
    if isinstance(title, str) and BIDI_CONTROLS_RE.search(title):
        logger.warning("%s: bidi control characters removed from the title", source)
        content.title = clean_text(title)
        content.metadata["title"] = content.title


def register():
    signals.content_object_init.connect(sanitize)
