"""What the search index reads of the articles, written to a file for the index process.

The index is built in a process of its own (search.background), started afresh: a
process forked from the build would share its memory, but each page it wrote to —
every reference it counts, every object it makes in the build's freed space — would be
copied from the build process; at 10,000 articles that copying was some 200 MB before
any index work began, most of that process. A fresh process gets no articles, so the
build process writes, beforehand, each article's :func:`~search.documents.source` and
the search annotator's value (still the JSON the cache gave) to a file, and the index
process reads them from there, one at a time.
"""

from __future__ import annotations

import marshal
import tempfile
import weakref
from array import array
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from annotations.registry import parse_json

from . import documents


class Spool:
    """Each article's source and search value, in article order, in a file of
    ``folder`` removed by :meth:`close`. Pickled, it is the file's name and the
    records' sizes: the process that unpickles it reads the same file."""

    def __init__(self, folder: Path, articles, name: str):
        """``name``: the search annotator, whose value is taken from each article."""
        folder.mkdir(parents=True, exist_ok=True)
        for left in folder.glob("spool-*"):  # by a build that was stopped
            left.unlink()
        # Sizes as flat arrays (one pickled buffer, not an object per article).
        self._sources, self._values = array("Q"), array("Q")
        self._file: BinaryIO | None = None
        with tempfile.NamedTemporaryFile(dir=folder, prefix="spool-", delete=False) as f:
            self.path = Path(f.name)
            for article in articles:
                src = marshal.dumps(documents.source(article))
                values = getattr(article, "annotations", None)  # annotations.registry.Annotations
                value = values.take_json(name) if values else None
                f.write(src)
                self._sources.append(len(src))
                if value is None:
                    self._values.append(0)  # JSON is never empty: 0 is "no value"
                else:
                    f.write(value)
                    self._values.append(len(value))

    def items(self) -> Iterator[tuple[tuple, Callable[[], Any]]]:
        """Each article's source, and a function that reads its search value (None
        if it had none) when the index takes it: the values are never all held."""
        at = 0
        for size, value_size in zip(self._sources, self._values):
            yield marshal.loads(self._read(at, size)), partial(self._value, at + size, value_size)
            at += size + value_size

    def _value(self, at: int, size: int) -> Any:
        return parse_json(self._read(at, size)) if size else None

    def _read(self, at: int, size: int) -> bytes:
        if self._file is None:
            self._file = open(self.path, "rb")  # noqa: SIM115 - closed with the spool
            weakref.finalize(self, self._file.close)
        self._file.seek(at)
        data = self._file.read(size)
        if len(data) != size:
            raise OSError(f"{self.path}: truncated while the search index read it")
        return data

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_file": None}  # each process opens the file itself

    def close(self) -> None:
        """Remove the file (the build process, once the index is written)."""
        self.path.unlink(missing_ok=True)
