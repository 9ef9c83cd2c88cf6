"""Make article content safe to publish: no script can ride in from an input file.

Markdown lets authors write raw HTML, and wire copy is pasted from anywhere, so the
rendered body goes through an allowlist sanitizer (nh3, the Ammonia crawler-grade
cleaner). Titles and other metadata are plain text, escaped by the theme's Jinja
autoescaping; here they only lose the bidi override controls that would let a
title reverse the text around it on the page.
"""

from __future__ import annotations

import re

import nh3

ATTRIBUTES = {
    tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()
}
for _tag in ("*",):
    ATTRIBUTES.setdefault(_tag, set()).update({"id", "class", "dir", "lang", "title"})
URL_SCHEMES = {"http", "https", "mailto"}

# Explicit embeddings/overrides/isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 controls other than tab/newline/CR are invalid in XML 1.0 and HTML: a demo article
# carries U+001A (SUB), which made the Atom feed writer fail.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DANGER_RE = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son\w+\s*=|javascript\s*:", re.I)


def clean_html(html: str) -> str:
    """Keep the structure an article body needs; drop scripts, handlers and bad URLs."""
    return nh3.clean(
        CONTROL_RE.sub("", html),
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def looks_dangerous(html: str) -> bool:
    """True when the raw HTML carries active content that cleaning will remove."""
    return bool(_DANGER_RE.search(html))


def clean_text(text: str) -> str:
    """Plain-text metadata without bidi override controls."""
    return BIDI_CONTROLS_RE.sub("", text)
