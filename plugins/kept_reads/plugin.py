"""Pelican wiring: every Readers of a build reads through one ReadMemo (kept_reads.memo)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pelican import signals

from .memo import ReadMemo

_MEMO: list[ReadMemo] = []  # the running build's, from its first Readers to all_generators_finalized


def install(readers) -> None:
    """``readers_init``: the Readers asks the memo before a file is read and tells it
    after (Pelican's own reader cache hooks, ``get_cached_data`` and ``cache_data``).
    Off with ``KEEP_READS = False``, without a cache folder, or when Pelican's own
    reader cache (``CACHE_CONTENT``) is on."""
    settings = readers.settings
    cache = settings.get("CACHE_PATH")
    if not settings.get("KEEP_READS", True) or not cache:
        return
    if settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "reader":
        return
    if not _MEMO:
        _MEMO.append(ReadMemo(Path(cache) / "kept_reads" / "reads.bin"))
    memo = _MEMO[0]
    readers.get_cached_data = partial(memo.get, readers)
    readers.cache_data = partial(memo.put, readers)


def save(*_signal_args) -> None:
    """``all_generators_finalized`` (every file is read by then), or ``finalized``
    after a build that ended sooner: keep this build's reads for the next, and hold
    them no longer (at 30,000 articles the memo's index is ~10 MB, which the page
    writing's peak need not carry)."""
    if _MEMO:
        _MEMO.pop().save()


def register() -> None:
    signals.readers_init.connect(install)
    signals.all_generators_finalized.connect(save)
    signals.finalized.connect(save)
