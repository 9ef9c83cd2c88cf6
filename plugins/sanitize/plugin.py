"""Sanitises every article and page as soon as it is read (before any annotation)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from build_report.stages import stage

from .cleaning import BIDI_CONTROLS_RE, clean_text
from .memo import CleanMemo

logger = logging.getLogger(__name__)

# The build's memo, made at `initialized`, saved and renewed at every `finalized`;
# content made outside a build (a test, a script) is cleaned without one.
_memo: CleanMemo | None = None
_NO_MEMO = CleanMemo(None)


def start(pelican) -> None:
    global _memo
    cache = pelican.settings.get("CACHE_PATH")
    _memo = CleanMemo(Path(cache) / "sanitize" / "clean.txt" if cache else None)


def finish(pelican) -> None:
    """Save this build's results. A server that rebuilds in this process (Pelican sends
    ``initialized`` once) starts its next build from them."""
    global _memo
    if _memo is not None:
        _memo.save()
        _memo = CleanMemo(_memo.lines.path)


@stage("sanitize")
def sanitize(content):
    source = getattr(content, "source_path", "?")
    raw = getattr(content, "_content", None)
    if raw:
        dangerous, content._content = (_memo or _NO_MEMO).clean(raw)
        if dangerous:
            logger.warning("%s: active HTML (script, event handler or javascript: URL) removed", source)
    title = getattr(content, "title", None)
    if isinstance(title, str) and BIDI_CONTROLS_RE.search(title):
        logger.warning("%s: bidi control characters removed from the title", source)
        content.title = clean_text(title)
        content.metadata["title"] = content.title


def register():
    signals.initialized.connect(start)
    signals.content_object_init.connect(sanitize)
    signals.finalized.connect(finish)
