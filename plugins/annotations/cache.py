"""On-disk cache of annotations, keyed by article content and annotator version.

Each annotator version has a folder of *segments*: checksummed files of lines
``content hash TAB JSON value``. A build reads every segment of each annotator's
current version, annotates only the articles missing from them, and writes the new
values as one more segment per annotator (once there are more than ``MERGE_AT``, they
are merged into one). Creating a file costs ext4 ~0.5 ms: one file per annotator and
article cost a cold build of 1,000 articles 3 s of its 17; a warm one reads a few
large files instead of opening 3 per article. A segment that fails its checksum or
names another annotator or version is never trusted: it is deleted and its articles
annotated again. Of an annotator's versions, the folders of the two last used are kept
(``VERSIONS_KEPT``), the older ones removed by the next build that writes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import shutil
import tempfile
import weakref
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator

from .registry import Annotator, Doc

logger = logging.getLogger(__name__)


def content_key(doc: Doc) -> str:
    return text_key(doc.title, doc.html)


def text_key(title: str, html: str) -> str:
    """:func:`content_key` of a title and body not made into a Doc."""
    return hashlib.sha256(f"{title}\x00{html}".encode("utf-8", "surrogatepass")).hexdigest()


@contextmanager
def _atomic(path: Path):
    """A binary file that replaces ``path`` once written in full: a crash or a failed
    write never leaves half a file behind, nor a stray temporary."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _first_line(fmt: str, digest: str) -> bytes:
    """A whole-build cache file's first line, without its newline: format, checksum."""
    return f"{fmt} {digest}".encode()


#: The checksum's place in a first line until the body is written (SHA-256 in hex).
_UNSUMMED = "0" * 64


def body_offset(fmt: str) -> int:
    """Where the body of a file :func:`write_checked` writes with ``fmt`` begins."""
    return len(_first_line(fmt, _UNSUMMED)) + 1


def write_checked(path: Path, fmt: str, body: str | Iterable[bytes]) -> None:
    """A whole-build cache file: the line ``fmt checksum``, then ``body`` — text, or
    chunks of bytes written as they come, so that a large body is never joined in
    memory (the checksum is filled in at the end: it has a fixed length)."""
    chunks = [body.encode("utf-8", "surrogatepass")] if isinstance(body, str) else body
    digest = hashlib.sha256()
    with _atomic(path) as f:
        f.write(_first_line(fmt, _UNSUMMED) + b"\n")
        for chunk in chunks:
            digest.update(chunk)
            f.write(chunk)
        f.seek(0)
        f.write(_first_line(fmt, digest.hexdigest()) + b"\n")


def read_checked_bytes(path: Path, fmt: str) -> memoryview | None:
    """The body :func:`write_checked` wrote with ``fmt``, as bytes; None when the file
    is missing or unreadable, has another format or fails its checksum (never trusted
    then)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    end = data.find(b"\n")
    body = memoryview(data)[end + 1 :]
    if end < 0 or data[:end] != _first_line(fmt, hashlib.sha256(body).hexdigest()):
        return None
    return body


def checked_file(path: Path, fmt: str) -> BinaryIO | None:
    """``path`` open at the body :func:`write_checked` wrote with ``fmt``, its checksum
    verified by reading it through in chunks (a large body is never held whole); None
    when the file is missing or unreadable, has another format or fails its checksum."""
    try:
        f = open(path, "rb")
    except OSError:
        return None
    start = _read_through(f, fmt)
    if start is None:
        f.close()
        return None
    f.seek(start)
    return f


#: Checked files are read through in chunks of this many bytes.
CHUNK = 1 << 20


def _read_through(f: BinaryIO, fmt: str, each: Callable[[bytes, int], None] | None = None) -> int | None:
    """Where the body of ``f`` (open at its start) begins, once read through in chunks
    to check it is the one :func:`write_checked` wrote with ``fmt``; None when it is
    not. Each chunk is given to ``each(chunk, offset)`` as it is read, for a caller
    that parses the body without reading it twice (:func:`stored_lines`)."""
    head = f.readline().rstrip(b"\n")
    start = at = f.tell()
    digest = hashlib.sha256()
    while chunk := f.read(CHUNK):
        digest.update(chunk)
        if each is not None:
            each(chunk, at)
        at += len(chunk)
    return start if head == _first_line(fmt, digest.hexdigest()) else None


class RecordMemo:
    """What a whole build made, kept under ``key`` for a build in which nothing it read
    changed: records of ``marshal`` data behind their length, after a key line, in a
    file :func:`write_checked` wrote with ``fmt`` (give ``fmt`` marshal's version: a
    file of another Python is made again, as a damaged one is). Nothing is kept
    without a path."""

    def __init__(self, path: Path | None, fmt: str, key: str):
        self.path, self.fmt, self.key = (Path(path) if path else None), fmt, key

    def load(self) -> Iterator | None:
        """The saved records, read one at a time, when they were saved under this key;
        otherwise None."""
        kept = self.read()
        if kept is not None and kept[0] != self.key:
            kept[1].close()
            kept = None
        return None if kept is None else kept[1]

    def read(self) -> tuple[str, Iterator] | None:
        """The key the file was saved under and its records, read one at a time,
        whatever the key (for a caller that tells from the first records whether the
        rest still holds); None when there is no sound file."""
        f = checked_file(self.path, self.fmt) if self.path else None
        if f is None:
            return None
        return f.readline().rstrip(b"\n").decode("ascii", "replace"), _records(f)

    def save(self, records: Iterable[bytes]) -> None:
        """``records``: each one's :func:`record` bytes."""
        if self.path:
            write_checked(self.path, self.fmt, chain([self.key.encode("ascii") + b"\n"], records))

    def replace(self, records: dict[int, bytes]) -> None:
        """Save again, under this key, the records the file holds, with the one at each
        place (0: the first) of ``records`` replaced by its :func:`record` bytes; read
        and written a record at a time. Nothing when the file is gone or unsound."""
        f = checked_file(self.path, self.fmt) if self.path else None
        if f is None:
            return
        with f:
            f.readline()
            self.save(records.get(i) or size + data for i, (size, data) in enumerate(_raw_records(f)))


def changed_places(ids: bytes, old: bytes, width: int) -> list[int]:
    """The places at which ``ids`` and ``old``, each a run of ids of ``width`` bytes
    (one an article, say), differ; the two are of one length."""
    if ids == old:
        return []
    return [i for i in range(len(ids) // width) if ids[width * i : width * (i + 1)] != old[width * i : width * (i + 1)]]


def record(value: Any) -> bytes:
    """``value`` as one record of a :class:`RecordMemo`: its marshal data behind its length."""
    data = marshal.dumps(value)
    return len(data).to_bytes(4, "little") + data


def _records(f) -> Iterator:
    with f:
        for _size, data in _raw_records(f):
            yield marshal.loads(data)


def _raw_records(f) -> Iterator[tuple[bytes, bytes]]:
    """Each record of ``f`` from where it stands, as :func:`record` made it: its
    length's bytes and its data."""
    while size := f.read(4):
        yield size, f.read(int.from_bytes(size, "little"))


#: Values up to this many bytes are kept from the file (the sanitizer's "unchanged",
#: short lists); longer ones are read back when asked for.
KEPT_BYTES = 64


class _OpenFile:
    """A checked cache file kept open for its values (:class:`StoredValue`): a file
    replaced or deleted meanwhile (a merge, another build) is still the one checked.
    Closed once no value needs it."""

    __slots__ = ("path", "fd", "__weakref__")

    def __init__(self, path: Path, fd: int):
        self.path, self.fd = path, fd
        weakref.finalize(self, os.close, fd)


class StoredValue:
    """A value of a cache file, read from it when asked for (``bytes(value)``, or
    ``%s`` in a bytes format). A build holds the keys of every cached article but
    uses few of its values (a build with nothing changed, none): holding the files
    whole cost a warm 10,000-article build 54 MB at its peak."""

    __slots__ = ("_file", "_at", "_size")

    def __init__(self, file: _OpenFile, at: int, size: int):
        self._file, self._at, self._size = file, at, size

    def __bytes__(self) -> bytes:
        data = os.pread(self._file.fd, self._size, self._at)
        if len(data) != self._size:
            raise OSError(f"{self._file.path}: changed after it was checked")
        return data


def stored_lines(path: Path, fmt: str, head: bytes = b"") -> dict[str, bytes | StoredValue] | None:
    """The ``key TAB value`` lines of a file :func:`write_checked` wrote with ``fmt``,
    its body starting with the line ``head``, by their 64-character key (a SHA-256 in
    hex): short values as bytes, the others as :class:`StoredValue` (all as bytes where
    the system has no ``os.pread``: Windows). None when the file is missing, damaged, of
    another format or does not start with ``head``. The file is read once, its lines
    parsed as its checksum is computed (and dropped if it fails)."""
    try:
        f = open(path, "rb")
    except OSError:
        return None
    with f:
        file = _OpenFile(Path(path), os.dup(f.fileno())) if hasattr(os, "pread") else None
        lines = _LineReader(file, head)
        if _read_through(f, fmt, lines.add) is None:
            return None
    return lines.done()


class _LineReader:
    """The lines of a body, parsed from its chunks as :func:`_read_through` reads them:
    cut where they lie in a chunk, only a line across chunks joined (not checked in a
    pass of its own, then read again line by line: a warm 10,000-article build reads
    ~90,000 lines of 8 files, 0.24 s that way, 0.16 s this one)."""

    def __init__(self, file: _OpenFile | None, head: bytes):
        self.file, self.lines = file, {}
        self.head: bytes | None = head or None  # the first line, checked rather than kept, until seen
        self.wrong_head = False
        self.part, self.end = b"", 0  # the line begun at the end of the chunks so far; their end

    def add(self, chunk: bytes, at: int) -> None:
        self.end = at + len(chunk)
        last = chunk.rfind(b"\n") + 1
        if not last:  # within a line longer than a chunk
            self.part += chunk
            return
        first = chunk.find(b"\n") + 1
        self._line(self.part + chunk[:first], at - len(self.part))
        _parse(self.lines, chunk, first, last, at, self.file)
        self.part = chunk[last:]

    def _line(self, line: bytes, at: int) -> None:
        if self.head is None:
            _parse(self.lines, line, 0, len(line), at, self.file)
        else:
            self.wrong_head, self.head = line != self.head, None

    def done(self) -> dict[str, bytes | StoredValue] | None:
        """The lines, the last one unended too; None when the body does not start with the head."""
        if self.part:
            self._line(self.part, self.end - len(self.part))
        return None if self.head is not None or self.wrong_head else self.lines


def _parse(lines: dict, data: bytes, pos: int, stop: int, at: int, file: _OpenFile | None) -> None:
    """Add to ``lines`` the ``key TAB value`` lines of ``data[pos:stop]``, each ended
    by a newline but perhaps the last (``at``: where ``data`` starts in the file). The
    checksum is known only after: nothing here fails on a damaged line (keys decoded
    as Latin-1, the same as ASCII for hex)."""
    kept = KEPT_BYTES if file is not None else len(data)  # no os.pread: every value kept
    find = data.find
    while pos < stop:
        end = find(b"\n", pos, stop)
        if end < 0:
            end = stop
        size = end - pos - 65
        lines[data[pos : pos + 64].decode("latin-1")] = (
            data[pos + 65 : end] if size <= kept else StoredValue(file, at + pos + 65, size))
        pos = end + 1


class _Spool:
    """An unnamed file beside a cache file, holding the long values a build adds until
    the file is saved: a cold build of 10,000 articles adds 35 MB of reads alone, which
    it held in memory through the annotation and linking, and its heap never gave back.
    Nothing is left on disk (the file is unlinked as soon as it is made)."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, suffix=".spool")
        os.unlink(name)
        self.file, self.end = _OpenFile(Path(name), fd), 0

    def add(self, value: bytes) -> StoredValue:
        at, view = self.end, memoryview(value)
        while view:  # pwrite may write less than asked
            written = os.pwrite(self.file.fd, view, self.end)
            self.end += written
            view = view[written:]
        return StoredValue(self.file, at, len(value))


class KeptLines:
    """A whole-build cache file of ``key TAB value`` lines (values are bytes), behind a
    checksum: the last build's lines are read when first needed (:func:`stored_lines`:
    long values only when used); a build keeps those it asks for and adds its own (long
    ones in a :class:`_Spool` until saved), and only these are saved, nothing when they
    are the old ones. Without a path nothing is kept."""

    def __init__(self, path: Path | None, fmt: str):
        self.path, self.fmt = (Path(path) if path else None), fmt
        self._old: dict[str, bytes | StoredValue] | None = None
        self.new: dict[str, bytes | StoredValue] = {}  # this build's lines: kept, or new
        self.hits = self.misses = 0
        self._spool: _Spool | None = None

    @property
    def old(self) -> dict[str, bytes | StoredValue]:
        """The last build's lines, read when first asked for."""
        if self._old is None:
            self._old = (stored_lines(self.path, self.fmt) if self.path else None) or {}
        return self._old

    def get(self, key: str) -> bytes | StoredValue | None:
        """The last build's value under ``key`` (kept for the next build too), or None;
        counted as a hit or a miss."""
        value = self.old.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.new[key] = value
        return value

    def put(self, key: str, value: bytes) -> None:
        self.new[key] = self._spooled(value)

    def _spooled(self, value: bytes) -> bytes | StoredValue:
        """A long value in the spool; a short one, or any where there is no spool (no
        path, no ``os.pwrite``, a folder that cannot be written), as it is."""
        if self.path is None or len(value) <= KEPT_BYTES or not hasattr(os, "pwrite"):
            return value
        try:
            if self._spool is None:
                self._spool = _Spool(self.path.parent)
            return self._spool.add(value)
        except OSError:
            return value

    def __getitem__(self, key: str) -> bytes | StoredValue:
        """This build's value under ``key`` (kept or put)."""
        return self.new[key]

    def keep_unasked(self) -> None:
        """Keep the last build's lines this build did not ask for too (one that asked
        for some of them only, having kept what they make: kept_pages.listings)."""
        for key, value in self.old.items():
            self.new.setdefault(key, value)

    def save(self) -> None:
        if self.path and self.new.keys() != self.old.keys():
            write_checked(self.path, self.fmt, (b"%s\t%s\n" % (k.encode("ascii"), self.new[k]) for k in sorted(self.new)))


SEGMENT_FORMAT = "arshif-annotations 1"
#: More segments than this in a version's folder are merged into one.
MERGE_AT = 8
#: An annotator's versions whose values are kept: the build's and the last other one
#: used (a build switched back to another branch or setting still finds its values).
VERSIONS_KEPT = 2


class AnnotationCache:
    """``folder/<annotator>/<version hash>/<segment>.txt``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _version_folder(self, ann: Annotator) -> Path:
        return self.folder / ann.name / hashlib.sha256(ann.version.encode()).hexdigest()[:16]

    def _head(self, ann: Annotator) -> bytes:
        return json.dumps([ann.name, ann.version], ensure_ascii=False).encode() + b"\n"

    def _segments(self, ann: Annotator) -> list[Path]:
        return sorted(self._version_folder(ann).glob("*.txt"))

    def read(self, ann: Annotator) -> dict[str, bytes | StoredValue]:
        """Every value stored for ``ann``'s version, by content key: its JSON (see
        :func:`stored_lines`), parsed only when used."""
        stored: dict[str, bytes | StoredValue] = {}
        head = self._head(ann)
        try:
            os.utime(self._version_folder(ann))  # used now (see _prune_versions)
        except OSError:
            pass  # none yet, or a cache read only
        for path in self._segments(ann):
            lines = stored_lines(path, SEGMENT_FORMAT, head)
            if lines is None and not path.exists():
                continue  # merged away by a build running beside this one
            if lines is None:
                logger.warning("annotation cache: %s is damaged or not %s's, annotating its articles again", path, ann.name)
                path.unlink(missing_ok=True)
                continue
            stored.update(lines)
        return stored

    def write(self, ann: Annotator, lines: dict[str, bytes], stored: dict[str, bytes | StoredValue],
              keep: Iterable[str] | None = None) -> dict[str, bytes | StoredValue]:
        """Store ``lines`` (values as their :func:`~annotations.registry.json_line`, by content key) as a new
        segment of ``ann``'s version; ``stored`` is what :meth:`read` gave. Past
        ``MERGE_AT`` segments, they and the new lines become one (``stored``'s lines
        copied), keeping of ``stored`` only the keys in ``keep`` when it is given (the
        build's articles: the old versions of edited articles would otherwise be read by
        every build).

        Returns ``lines`` as the segment now holds them, the long values read from it
        when used (:class:`StoredValue`), so that the build need not keep them in memory
        until its plugins parse them (a cold build of 10,000 articles: 27 MB)."""
        if not lines:
            return {}
        old = self._segments(ann)
        merge = len(old) >= MERGE_AT
        kept = list(dict.fromkeys(k for k in (stored if keep is None else keep)
                                  if k in stored and k not in lines)) if merge else []
        placed: dict[str, tuple[int, int]] = {}  # key -> (where its value starts, its size)

        def body():
            at = body_offset(SEGMENT_FORMAT)
            for chunk in chain([self._head(ann)], (b"%s\t%s\n" % (key.encode("ascii"), stored[key]) for key in kept)):
                at += len(chunk)
                yield chunk
            for key, line in lines.items():
                placed[key] = (at + len(key) + 1, len(line))
                chunk = b"%s\t%s\n" % (key.encode("ascii"), line)
                at += len(chunk)
                yield chunk

        # Named by its keys: the same keys in the same version are the same values.
        name = hashlib.sha256("".join([*kept, *lines]).encode("ascii")).hexdigest()[:16]
        path = self._version_folder(ann) / f"{name}.txt"
        write_checked(path, SEGMENT_FORMAT, body())
        if merge:
            for segment in old:
                if segment != path:
                    segment.unlink(missing_ok=True)
        if keep is not None:
            self._prune_versions(ann)
        return self._written(path, lines, placed)

    def _prune_versions(self, ann: Annotator) -> None:
        """Remove the folders of ``ann``'s versions but the ``VERSIONS_KEPT`` last used
        (by their folders' times): every release of the code or a model makes a new
        version, and the old ones' values (tens of MB at 10,000 articles) would stay
        for good, and travel with the Pages workflow's cache from one deployment to the
        next."""
        current = self._version_folder(ann)
        try:
            others = [p for p in current.parent.iterdir() if p.is_dir() and p != current]
            others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        except OSError:
            return
        for old in others[VERSIONS_KEPT - 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _written(path: Path, lines: dict[str, bytes], placed: dict[str, tuple[int, int]]) -> dict[str, bytes | StoredValue]:
        """``lines`` with the long values replaced by the places :meth:`write` put them."""
        if not hasattr(os, "pread"):
            return lines
        try:
            file = _OpenFile(path, os.open(path, os.O_RDONLY))
        except OSError:
            return lines
        return {key: line if len(line) <= KEPT_BYTES else StoredValue(file, *placed[key]) for key, line in lines.items()}
