"""Files the last build's writer wrote that this build's did not are removed.

Pelican leaves in the output folder whatever a build wrote and the next did not: the
page of an entity no article names any more, of an article removed or renamed, of a
month no article is dated in any more. A build after such an edit then differed from
a build from nothing of the same inputs, and the stale pages went out with the site
and the offline bundle. The writer notes the path of every file it writes or keeps
(:meth:`WrittenFiles.note`, to a file as they come, not held); at the end of the build
each file the last build noted and this one did not is removed, with the folders it
leaves empty. Files the writer does not write (static files, the search index, the
build report) are in no list and never touched. Without ``CACHE_PATH`` nothing is
noted or removed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Container
from pathlib import Path

from annotations.cache import read_checked_bytes, write_checked

log = logging.getLogger(__name__)

FORMAT = "arshif-written-files 1"


class WrittenFiles:
    """The files one build's writer wrote or kept, in ``CACHE_PATH/write_changed/``."""

    def __init__(self, output_path: str, cache_path: str | None):
        self.output = os.path.abspath(output_path)
        self._prefix = os.path.join(self.output, "")
        self.path = Path(cache_path) / "write_changed" / "written-files.txt" if cache_path else None
        self._noted = None  # this build's list, opened at its first file

    def note(self, filename: str) -> None:
        """``filename`` (an absolute path in the output folder) is this build's."""
        if self.path is None:
            return
        if self._noted is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._noted = open(self.path.with_suffix(".new"), "wb")  # noqa: SIM115 - closed in finish
        rel = filename[len(self._prefix):] if filename.startswith(self._prefix) else os.path.relpath(filename, self.output)
        self._noted.write(os.fsencode(rel) + b"\n")

    def finish(self, written: Container[bytes], key: Callable[[str], bytes]) -> int:
        """Remove each file the last build noted whose ``key`` is not in ``written``
        (this build's files), and keep this build's list for the next; how many were
        removed. A damaged list removes nothing."""
        if self.path is None:
            return 0
        new = self.path.with_suffix(".new")
        if self._noted is None:
            new.write_bytes(b"")
        else:
            self._noted.close()
            self._noted = None
        last, now = read_checked_bytes(self.path, FORMAT), new.read_bytes()
        new.unlink()
        if last is not None and last == now:  # the same files (a warm build)
            return 0
        removed = 0
        for rel in bytes(last or b"").splitlines():
            path = os.path.normpath(os.path.join(self.output, os.fsdecode(rel)))
            if path.startswith(self._prefix) and key(path) not in written and _remove(path, self.output):
                removed += 1
        write_checked(self.path, FORMAT, [now])
        if removed:
            log.info("write_changed: %d files of the last build no page writes any more removed", removed)
        return removed


def _remove(path: str, root: str) -> bool:
    """Remove the file at ``path`` and the folders up to ``root`` it leaves empty;
    whether there was a file."""
    try:
        os.remove(path)
    except FileNotFoundError:
        return False
    except OSError as exc:  # a folder there now, no permission: left, and said
        log.warning("write_changed: %s, of the last build, not removed: %s", path, exc)
        return False
    folder = os.path.dirname(path)
    while folder != root and folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:  # not empty
            break
        folder = os.path.dirname(folder)
    return True
