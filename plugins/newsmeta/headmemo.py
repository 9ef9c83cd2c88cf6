"""Every article's page head (JSON-LD, social tags), kept for a build in which nothing it
reads changed.

The heads are made as each page is written (never all held: ~2 KB an article), and a
warm build of 1,000 articles spent ~80 ms of its ~150 ms news-metadata stage making them
again, most of it in ``json.dumps``. They read each article's fields named in
:data:`HEAD_FIELDS`, its metadata and entities (known by the key of
newsmeta.metamemo, which covers every article's title, body, date and entities) and
the settings in :data:`HEAD_SETTINGS`. A build in which all of these and the code are
the last build's reads that build's heads back from
``CACHE_PATH/newsmeta/heads.bin``, one article at a time as its page asks
(``os.pread``). Otherwise each head is made when its page asks, spooled to a temporary
file, and the file is written at the end of the build in article order when every
article's page asked for its head (a build from nothing, a changed template). A build
that kept most article pages (kept_pages: an edit) makes only the heads of the pages it
rendered and saves none: making the others only to save them took a build after an
edit of 10,000 articles ~0.7 s.

The file, behind a checksum (``annotations.cache.write_checked``): the key line, the
number of articles (4 bytes), each article's record offset and length (4 + 4 bytes),
then the records, ``marshal`` data of ``[jsonld, social tags]``. A damaged file,
another key or another marshal version means making the heads again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import tempfile
from array import array
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

from annotations.cache import checked_file, write_checked
from annotations.registry import source_version

FORMAT = f"arshif-newsmeta-heads 1 marshal {marshal.version} {sys.byteorder}"
CODE = source_version("newsmeta.headmemo", "newsmeta.sources", "newsmeta.structured", "seeds.signature")
# What newsmeta.structured and the source registry read from an article besides its
# title, body, date and entities (the metadata's key) and the author of its metadata
# (a byline);
# tests/newsmeta/test_memos.py checks the list.
HEAD_FIELDS = ("url", "lang", "modified", "author", "editors", "category", "tags", "original_url",
               "agencies", "source_id", "source")
HEAD_SETTINGS = ("SITENAME", "DEFAULT_LANG", "AUTHOR", "NEWSMETA_OG_LOCALE", "NEWSMETA_TWITTER_SITE",
                 "SLUG_REGEX_SUBSTITUTIONS")

Head = tuple  # (JSON-LD text, [(attribute, key, content)…])


def _plain(value):
    """``value`` as plain data for the key: Pelican's Author/Category/Tag by their text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def heads_key(articles: list, settings: dict, meta_key: str) -> str:
    """Everything the heads of ``articles`` read: ``meta_key`` (their metadata's: the
    site's titles, bodies and entities, the articles' dates, newsmeta's settings), the
    settings of HEAD_SETTINGS, each article's HEAD_FIELDS and byline, in order, and the
    code."""
    h = hashlib.sha256(f"{FORMAT}\x00{CODE}\x00{meta_key}\x00".encode())
    h.update(json.dumps([_plain(settings.get(k)) for k in HEAD_SETTINGS], ensure_ascii=False).encode())
    for art in articles:
        part = [(getattr(art, "metadata", None) or {}).get("author")]
        part += [getattr(art, name, None) for name in HEAD_FIELDS]
        # repr of plain data (str, numbers, None, lists of them) is exact and made in C
        h.update(b"\x00" + repr([v if v is None or type(v) is str else _plain(v) for v in part]).encode(
            "utf-8", "surrogatepass"))
    return h.hexdigest()


class PageHeads:
    """The heads of a build's ``articles``, by their number in that list: read from the
    last build's file when it was saved under the same key, made by ``make(article)``
    otherwise. ``key()`` is asked when the first head is (every URL is final then);
    ``path`` None keeps nothing."""

    def __init__(self, articles: list, make: Callable[[object], Head], path: Path | None,
                 key: Callable[[], str]):
        self.articles, self.make, self.path, self._key = articles, make, path, key
        self._opened = False
        self._stored: _Stored | None = None
        self._spool: _Spool | None = None
        self._last: tuple[int, Head] | None = None  # a page asks for both parts in turn

    def get(self, i: int) -> Head:
        if self._last is not None and self._last[0] == i:
            return self._last[1]
        if not self._opened:
            self._open()
        if self._stored is not None:
            head = self._stored.read(i)
        else:
            head = self.make(self.articles[i])
            if self._spool is not None:
                self._spool.add(i, head)
        self._last = (i, head)
        return head

    def _open(self) -> None:
        self._opened = True
        if self.path is None:
            return
        key = self._key()
        self._stored = _Stored.open(self.path, key, len(self.articles))
        if self._stored is None:
            self._spool = _Spool(self.path, key)

    def finish(self) -> None:
        """Save the heads made this build, when every page asked for its head."""
        if self._stored is not None:
            self._stored.close()
        if self._spool is not None:
            if self._spool.count() == len(self.articles):
                self._spool.save()
            else:
                self._spool.discard()
        self._stored = self._spool = self._last = None
        self._opened = False


class _Stored:
    """The heads of the last build, read one at a time."""

    def __init__(self, f, table: array, base: int):
        self.f, self.table, self.base = f, table, base

    @classmethod
    def open(cls, path: Path, key: str, n: int) -> "_Stored | None":
        f = checked_file(path, FORMAT)
        if f is None:
            return None
        if f.readline() != key.encode("ascii") + b"\n" or int.from_bytes(f.read(4), "little") != n:
            f.close()
            return None
        table = array("I")
        table.frombytes(f.read(8 * n))
        return cls(f, table, f.tell())

    def read(self, i: int) -> Head:
        at, size = self.table[2 * i], self.table[2 * i + 1]
        return tuple(marshal.loads(os.pread(self.f.fileno(), size, self.base + at)))

    def close(self) -> None:
        self.f.close()


class _Spool:
    """Heads made this build, in the order pages asked for them, in a temporary file
    beside ``path`` until :meth:`save` writes them there in article order."""

    def __init__(self, path: Path, key: str):
        self.path, self.key = path, key
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = tempfile.TemporaryFile(dir=path.parent)
        self.place: dict[int, tuple[int, int]] = {}
        self.size = 0

    def count(self) -> int:
        return len(self.place)

    def discard(self) -> None:
        self.file.close()

    def add(self, i: int, head: Head) -> None:
        data = marshal.dumps(list(head))
        self.file.write(data)
        self.place[i] = (self.size, len(data))
        self.size += len(data)

    def save(self) -> None:
        self.file.flush()
        n = len(self.place)
        table, at = array("I"), 0
        for i in range(n):
            table.extend((at, self.place[i][1]))
            at += self.place[i][1]
        write_checked(self.path, FORMAT, self._chunks(n, table))
        self.file.close()

    def _chunks(self, n: int, table: array) -> Iterator[bytes]:
        yield self.key.encode("ascii") + b"\n" + n.to_bytes(4, "little")
        yield table.tobytes()
        for i in range(n):
            at, size = self.place[i]
            yield os.pread(self.file.fileno(), size, at)
