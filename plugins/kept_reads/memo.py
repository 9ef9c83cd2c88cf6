"""What Pelican's readers made of each source file, kept for the next build.

A warm build of 10,000 articles spent some 18 of its 28 seconds in Pelican's readers —
a new ``Markdown`` object per file (its extensions registered again each time), the
conversion, the date parsed by dateutil — to make the same HTML and metadata as the
build before. A source file whose bytes, path and reader's key are the last build's is
not read again: its content and metadata are read back.

Pelican has a reader cache of its own (``CACHE_CONTENT``), but it loads and pickles
every file's result whole in every build (~35 MB at 10,000 articles, a warm build's
peak +35 MB) and replays nothing of what the reader logged. Here the results are lines
of an ``annotations.cache.KeptLines`` file (``CACHE_PATH/kept_reads/reads.bin``,
behind a checksum; the content as UTF-8, the rest as ``marshal`` data: :func:`pack`),
each read when its file is; and the warnings a reader logs while it reads a file (a
seed without a desk signature…) are kept with it and logged again when it is read
back, so the build report is the same.

A line's key is a SHA-256 of the reading key (this code, Python, Pelican and Markdown
versions, the source of every reader class's module, the settings), the file's path,
its bytes, and the bytes of any other file its reader says it reads
(``reader.inputs(path)``: the seeds reader's ``.meta`` sidecar). Reading and hashing
every source file was half of this stage's time in a warm build, so a build notes, for
each file whose times are settled (:data:`SETTLED_NS`), its status — device, inode,
size, modification and status-change times (:func:`file_status`) — with its key; a
later build finds the key under the same status without opening the file. Any write
sets the status-change time, which no tool can set back: a file edited and given its
old modification time again, or replaced by another of the same size, is read.
Metadata values are
kept when they can be made again exactly: text, numbers, lists, naive dates (Pelican's
``SafeDatetime``) and categories, tags and authors (by name, through the settings);
a file whose metadata holds anything else is simply read every build.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import marshal
import os
import time
from datetime import date, datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime, file_suffix

from annotations.cache import KeptLines
from annotations.registry import source_version
from build_report.stages import count, stage
from kept_pages.memo import made_with

FORMAT = f"arshif-kept-reads 3 marshal {marshal.version}"
CODE = source_version("kept_reads.memo")
_PLAIN = (str, bool, int, float)
_WRAPPERS = {cls.__name__: cls for cls in (Author, Category, Tag)}
_DATES = {cls.__name__: cls for cls in (SafeDatetime, datetime, date)}
#: A file's status is trusted once its times are this much older than the build that
#: hashed it (git's "racy clean" rule; FAT keeps times to 2 s): a write in the same
#: tick as the one before would leave them as they were.
SETTLED_NS = 3_000_000_000


class Unkept(ValueError):
    """A metadata value that could not be made again exactly from the memo."""


def encode(value):
    """``value`` as plain data (:func:`pack`): text, numbers, booleans and None as they
    are; anything else as a list whose first item says what it is (so a list is never
    bare)."""
    if value is None or type(value) in _PLAIN:
        return value
    kind = type(value).__name__
    if isinstance(value, (list, tuple)):
        return ["list" if isinstance(value, list) else "tuple", [encode(v) for v in value]]
    if kind in _DATES and type(value) is _DATES[kind] and getattr(value, "tzinfo", None) is None:
        return ["date", kind, value.isoformat()]
    if kind in _WRAPPERS and type(value) is _WRAPPERS[kind]:
        return ["named", kind, value.name]
    raise Unkept(f"{kind} values are not kept")


def decode(data, settings: dict):
    """The value :func:`encode` made ``data`` of."""
    if not isinstance(data, list):
        return data
    kind = data[0]
    if kind == "list":
        return [decode(v, settings) for v in data[1]]
    if kind == "tuple":
        return tuple(decode(v, settings) for v in data[1])
    if kind == "date":
        return _DATES[data[1]].fromisoformat(data[2])
    if kind == "named":
        return _WRAPPERS[data[1]](data[2], settings)
    raise Unkept(f"unknown kept value {kind!r}")


def pack(content: str, metadata: dict, logged: list) -> bytes:
    """A read as its line's value (a line holds no newline): the content in UTF-8 with
    its newlines as the byte 0xFF, the byte 0xFE, then the metadata (:func:`encode`)
    and what was logged as ``marshal`` data, its newlines escaped. UTF-8 has neither
    byte, so the content (3.4 KB an article) comes back with one replace and its
    decoding: 8.9 µs a read (10,000 real ones in a loop), against 11 µs as JSON and 15
    µs as marshal data escaped whole (17 µs in base64)."""
    rest = marshal.dumps([metadata, logged]).replace(b"\x01", b"\x01\x02").replace(b"\n", b"\x01\x03")
    return content.encode("utf-8", "surrogatepass").replace(b"\n", b"\xff") + b"\xfe" + rest


def unpack(value: bytes) -> tuple[str, dict, list]:
    """(content, metadata, logged) that :func:`pack` made ``value`` of; ValueError,
    TypeError or EOFError for a value it did not make."""
    cut = value.index(b"\xfe")
    metadata, logged = marshal.loads(value[cut + 1 :].replace(b"\x01\x03", b"\n").replace(b"\x01\x02", b"\x01"))
    return value[:cut].replace(b"\xff", b"\n").decode("utf-8", "surrogatepass"), metadata, logged


def reading_key(readers) -> bytes:
    """What every reader's result depends on besides its files: this code, Python,
    Pelican, Markdown (docutils when loaded), the source of each reader class's module
    and the settings."""
    h = hashlib.sha256(f"{FORMAT}\x00{CODE}\x00".encode())
    h.update(made_with(readers.settings, "pelican", "markdown", "docutils"))
    for fmt in sorted(readers.readers):
        cls = type(readers.readers[fmt])
        h.update(f"{fmt}\x00{cls.__module__}.{cls.__qualname__}\x00".encode())
        h.update(Path(inspect.getfile(cls)).read_bytes())
    return h.digest()


class _Logged(logging.Handler):
    """The warnings logged while one file is read: (logger, level, format, arguments),
    as logged when the arguments are text and numbers (the build report matches a
    path argument whole), otherwise the message as made."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if isinstance(record.msg, str) and (args or not record.args) and all(type(a) in _PLAIN for a in args):
            self.records.append([record.name, record.levelno, record.msg, list(args)])
        else:
            self.records.append([record.name, record.levelno, "%s", [record.getMessage()]])


def file_status(name: str) -> tuple[int, ...] | None:
    """What says a file was not written since: device, inode, size, and the times of
    its last change of content (mtime, which tools may set back) and of status (ctime,
    which any write sets and none can set back); None for a missing file."""
    try:
        st = os.stat(name)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class ReadMemo:
    """The kept results of a build's readers (every ``Readers`` of the build shares
    one): :meth:`get` before a file is read, :meth:`put` after, :meth:`save` at the
    build's end."""

    def __init__(self, path: Path):
        self.lines = KeptLines(path, FORMAT)
        self._reading: tuple[str, str, _Logged] | None = None  # (path, key, its warnings)
        self._bases: WeakKeyDictionary = WeakKeyDictionary()  # each Readers' reading_key

    def get(self, readers, path: str, default):
        """``(content, metadata)`` of ``path`` as the last build's reader left them
        (its warnings logged again), or ``default``: then the file is being read, and
        what its reader logs is kept for :meth:`put`."""
        with stage("reading"):
            self._stop()
            key = self._key(readers, path)
            if key is None:
                return default
            kept = self.lines.get(key)
            if kept is not None:
                try:
                    content, metadata, logged = unpack(bytes(kept))
                    metadata = {k: decode(v, readers.settings) for k, v in metadata.items()}
                except (ValueError, TypeError, KeyError, IndexError, EOFError):
                    metadata = None  # unreadable: read the file again
                if metadata is not None:
                    count("reads_kept")
                    for name, level, message, args in logged:
                        logging.getLogger(name).log(level, message, *args)
                    return content, metadata
            self._reading = (path, key, _Logged())
            logging.getLogger().addHandler(self._reading[2])
            return default

    def put(self, readers, path: str, data) -> None:
        """Keep what the reader made of ``path`` (asked for by :meth:`get` just before)."""
        with stage("reading"):
            reading, logged = self._reading, self._stop()
            if reading is None or reading[0] != path:
                return
            content, metadata = data
            try:
                if type(content) is not str:
                    raise Unkept("content that is not text")
                value = pack(content, {k: encode(v) for k, v in metadata.items()}, logged)
            except Unkept:
                return
            count("reads_made")
            self.lines.put(reading[1], value)

    def save(self) -> None:
        """Save the reads of this build, and keep none in memory after (a file read
        later is read by its reader)."""
        with stage("reading"):
            self._stop()
            self.lines.save()
            self.lines = KeptLines(None, FORMAT)

    def _stop(self) -> list:
        """End the watch on a file's warnings (a reader that failed never reaches
        :meth:`put`); what it logged."""
        if self._reading is None:
            return []
        logging.getLogger().removeHandler(self._reading[2])
        logged, self._reading = self._reading[2].records, None
        return logged

    def _key(self, readers, path: str) -> str | None:
        """The key of ``path``'s read: from its files' status when a build saw them so
        before (:func:`file_status`), else made from their bytes."""
        reader = readers.readers.get(file_suffix(path))
        if reader is None:
            return None
        base = self._bases.get(readers)
        if base is None:
            base = self._bases[readers] = reading_key(readers)
        head = base + path.encode("utf-8", "surrogatepass") + b"\x00"
        inputs = reader.inputs(path) if hasattr(reader, "inputs") else [path]
        try:
            status = [file_status(name) for name in inputs]
        except OSError:
            return None
        seen = hashlib.sha256(b"status\x00" + head + repr(status).encode()).hexdigest()
        known = self.lines.get(seen)
        if known is not None:
            return bytes(known).decode("ascii")
        key = self._content_key(head, inputs)
        settled = time.time_ns() - SETTLED_NS
        if key is not None and all(s is None or max(s[3], s[4]) < settled for s in status):
            self.lines.put(seen, key.encode("ascii"))
        return key

    @staticmethod
    def _content_key(head: bytes, inputs: list[str]) -> str | None:
        """A hash of ``head`` and the bytes of the files ``inputs``; None when one
        cannot be read."""
        h = hashlib.sha256(head)
        for name in inputs:
            try:
                with open(name, "rb") as f:  # not pathlib: a tenth of this stage's time
                    data = f.read()
            except FileNotFoundError:
                h.update(b"\xff" * 8)  # no such file (a seed without a sidecar)
                continue
            except OSError:
                return None
            h.update(len(data).to_bytes(8, "little") + data)
        return h.hexdigest()
