"""Sanitising results kept between builds (``CACHE_PATH/sanitize/clean.txt``).

nh3 is quick (~0.15 ms an article) but runs on every article of every build: a
warm build of 1,000 articles spent 0.17 s in it, the most of its own stages after
entity linking. The result depends only on the raw HTML, the allowlist and nh3, so it
is kept under a hash of all three, one line per article: ``[dangerous, cleaned]``,
``cleaned`` null when cleaning changed nothing (nine articles in ten: the file stays
small). The file is checksummed (``annotations.cache.KeptLines``): a damaged one is
ignored and rewritten, never trusted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nh3

from annotations.cache import KeptLines
from annotations.registry import parse_json, source_version

from .cleaning import clean_html, looks_dangerous

FORMAT = "arshif-sanitize 1"
_UNCHANGED = json.dumps([False, None]).encode()  # the value kept for a body cleaning left as it was
SALT = source_version("sanitize.cleaning", extra=nh3.__version__).encode()


class CleanMemo:
    """``clean(raw)`` of this build's articles, from the last build's where it can."""

    def __init__(self, path: Path | None):
        self.lines = KeptLines(path, FORMAT)

    def clean(self, raw: str) -> tuple[bool, str]:
        """(whether ``raw`` carried active HTML, the cleaned HTML)."""
        if self.lines.path is None:  # nothing is kept: just clean
            return looks_dangerous(raw), clean_html(raw)
        data = raw.encode("utf-8", "surrogatepass")
        key = hashlib.sha256(SALT + b"\x00" + data).hexdigest()
        kept = self.lines.get(key)
        if kept == _UNCHANGED:  # most articles: no JSON to parse
            return False, raw
        if kept is not None:
            dangerous, cleaned = parse_json(kept)
            return dangerous, raw if cleaned is None else cleaned
        dangerous, cleaned = looks_dangerous(raw), clean_html(raw)
        value = [dangerous, None if cleaned == raw else cleaned]
        self.lines.put(key, json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        return dangerous, cleaned

    def save(self) -> None:
        self.lines.save()
