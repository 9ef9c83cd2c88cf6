"""Output files are written only when their bytes change.

A rebuild renders every page again, and most come out the same. Writing one over an
existing file truncates it first, which costs ext4 (its allocate-on-truncate safeguard)
several times more than reading the file and comparing: at 1,000 articles a rebuild
with nothing changed spent about 2 s of 8 in opening its 7,700 pages for writing. An
unchanged file also keeps its time stamp, so rsync and a deploy see only what changed.
The files are the same bytes either way.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

log = logging.getLogger(__name__)


def write_if_changed(path: str | os.PathLike, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly it; True if written."""
    try:
        with open(path, "rb") as f:
            if f.read(len(data) + 1) == data:
                return False
    except OSError:
        pass  # absent (or unreadable: the write reports it)
    Path(path).write_bytes(data)
    return True


class _PendingText(io.StringIO):
    """A text file that reaches the disk when closed, and only if its bytes changed.

    Text mode's newline translation and the encoding are applied as ``open(path, "w")``
    would; nothing is written if the ``with`` block raised."""

    def __init__(self, path: str, encoding: str):
        super().__init__()
        self._path, self._encoding = path, encoding

    def __exit__(self, kind, value, tb):
        if kind is None:
            text = self.getvalue()
            if os.linesep != "\n":
                text = text.replace("\n", os.linesep)
            write_if_changed(self._path, text.encode(self._encoding))
        return super().__exit__(kind, value, tb)


class ChangedOnlyWriter(Writer):
    """Pelican's writer, writing through _PendingText."""

    def _open_w(self, filename, encoding, override=False):
        """Pelican's rules (pelican.writers.Writer._open_w, which opens the file at once
        and so cannot be called): a file is written once per build, unless one write
        (and only one) says ``override``; a later plain write of an overridden file is
        skipped."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            log.info('Skipping "%s", not overwriting', filename)
            return io.StringIO()  # written to, then dropped
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)")
            log.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _PendingText(filename, encoding)
