"""Compare before writing: a file is written only when its bytes change (see writer).

Apart from the Pelican writer so that a process without Pelican (the search index's)
writes its files the same way.
"""

from __future__ import annotations

import os
from pathlib import Path


def holds(path: str | os.PathLike, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (False if it is absent)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(data) + 1) == data
    except OSError:
        return False  # absent (or unreadable: the write reports it)


def file_stamp(path: str | os.PathLike) -> tuple[int, int] | None:
    """A written file's (size, modification time in ns), by which a later build knows
    it untouched (nothing else writes the output, and only when bytes change); None
    when it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def write_if_changed(path: str | os.PathLike, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly it; True if written."""
    if holds(path, data):
        return False
    Path(path).write_bytes(data)
    return True
