"""The search annotator: each article's index terms, cached and computed in parallel.

Analysing the words of every article is most of the cost of building the index. As an
annotator (plugins/annotations) it runs once per article content, across all cores,
and an edited article is the only one analysed again. The index build reuses a cached
analysis only when its checksum matches the text the index sees; otherwise it
analyses that article itself, so a stale analysis can never reach the index.
"""

from __future__ import annotations

import hashlib

import lunr

from annotations.registry import source_version

from .documents import html_to_text
from .pipeline import terms

NAME = "search"
TARGET = "search.analysis:analyse_doc"
VERSION = source_version(
    "search.analysis", "search.documents", "search.pipeline",
    "arabic.analyzer", "arabic.stem", "arabic.clitics", "arabic.normalize", "arabic.tokens",
    # lunr's own version string: importlib.metadata would cost the index process 4 MB
    extra=f"lunr {lunr.__VERSION__}",
)
#: The fields analysed ahead; entity and source names depend on site-wide linking.
FIELDS = ("title", "body")


def checksum(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\x00{body}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def usable(cached: dict | None, title: str, body: str) -> bool:
    """Whether a cached analysis is of exactly this title and body text."""
    return bool(cached) and cached.get("check") == checksum(title, body)


def analyse_doc(doc) -> dict:
    """doc: ``annotations.registry.Doc``; the terms of its title and body text,
    space-separated."""
    title, body = html_to_text(doc.title), html_to_text(doc.html)
    # One string per field (terms never hold a space): a list of hundreds of small
    # strings per article costs several times the memory while the build holds it.
    return {"check": checksum(title, body), "title": " ".join(terms(title)), "body": " ".join(terms(body))}
