"""The search index of the last build, kept whole, and a note of the output it wrote."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from annotations.cache import checked_file, read_checked_bytes, write_checked
from annotations.registry import source_version
from build_report.stages import count
from write_changed.files import file_stamp

from . import docmemo

CODE_VERSION = source_version("search.analysis", "search.documents", "search.index", "search.pipeline", "search.postings",
                              "search.shards", "search.spool", "search.writing", "search.docmemo",
                              "arabic.analyzer", "arabic.stem", "arabic.clitics", "arabic.normalize",
                              "arabic.tokens")


FORMAT = "arshif-search-index 2"
STAMP_FORMAT = "arshif-search-written 1"


class IndexCache:
    """The index files of the last build, reused when no document, setting or code changed.

    Building the index takes seconds per thousand articles, and any change to any
    document changes it, so it is cached whole under one key: every file's bytes one
    after the other (``path<TAB>length<LF>bytes``), behind a checksum (a file that fails
    it is rebuilt). Files go from there to the output as bytes, never decoded.
    """

    def __init__(self, folder: Path, fingerprints: list[str], conf: dict):
        """``fingerprints``: :func:`documents.fingerprint` of every article."""
        settings = json.dumps(conf, sort_keys=True)
        h = hashlib.sha256(CODE_VERSION.encode())
        h.update(settings.encode())
        for fp in sorted(fingerprints):
            h.update(fp.encode("utf-8", "surrogatepass") + b"\x01")
        self.path = folder / f"{h.hexdigest()}.index"
        # Kept documents are of this code and settings only.
        valid_for = hashlib.sha256(f"{CODE_VERSION}\x00{settings}".encode()).hexdigest()[:16]
        self._memo_format = f"{docmemo.FORMAT} {valid_for}"

    def load(self) -> Iterator[tuple[str, bytes]] | None:
        """(path, bytes) of each file, in the order they were saved, read one at a time
        as they are taken (the whole index is never held: 60 MB at 10,000 articles);
        None when missing or corrupt, which is known before the first file is given."""
        f = checked_file(self.path, FORMAT)
        records = None if f is None else _records(f)
        count("search_cache_miss" if records is None else "search_cache_hit")
        if records is None:
            if f is not None:
                f.close()
            return None
        return _files(f, records)

    def save(self, files: Iterable[tuple[str, bytes]]) -> None:
        """Cache ``files``, (path, bytes), consumed one at a time; then remove the last
        index, its documents and its stamp (they may be read while ``files`` are made:
        :meth:`kept`)."""
        write_checked(self.path, FORMAT, (part for rel, data in files
                                          for part in (f"{rel}\t{len(data)}\n".encode(), data)))
        for old in self.path.parent.glob("*"):
            if old not in (self.path, self._memo_path()):
                old.unlink()

    # Each document's part of the index, kept beside it (search.docmemo).

    def _memo_path(self) -> Path:
        return self.path.with_suffix(docmemo.SUFFIX)

    def kept(self) -> docmemo.Kept | None:
        """The documents the last index kept, with its files; None when there are
        none, or they or that index fail their checksum."""
        for memo in sorted(self.path.parent.glob(f"*{docmemo.SUFFIX}")):
            index = memo.with_suffix(".index")
            if index == self.path:
                continue
            memo_file = checked_file(memo, self._memo_format)
            index_file = checked_file(index, FORMAT) if memo_file is not None else None
            try:
                records = None if index_file is None else _records(index_file)
                if records is not None:
                    return docmemo.Kept(memo_file, index_file, records)
            except (ValueError, TypeError, EOFError, IndexError):
                pass
            for f in (memo_file, index_file):
                if f is not None:
                    f.close()
        return None

    def keep(self, keys: bytes, numbers: list[int], starts: list[int], index) -> None:
        """Keep the documents of ``index`` for the next build (see docmemo.save)."""
        docmemo.save(self._memo_path(), self._memo_format, keys, numbers, starts, index)

    # The output folder as this index last left it: each file's path, size and time
    # stamp. When they all still are what they were, the files hold this index (nothing
    # writes them but this plugin, and only when their bytes change), so a build with
    # nothing changed neither reads the cached index nor compares its files (~20 ms per
    # 1,000 articles). Any difference, a file gone or touched, copies the index again.

    def _stamp_path(self) -> Path:
        return self.path.with_suffix(".written")

    def output_unchanged(self, target: Path) -> int | None:
        """The number of files, when ``target`` holds what :meth:`stamp` saw; else None."""
        body = read_checked_bytes(self._stamp_path(), STAMP_FORMAT)
        if body is None:
            return None
        try:
            folder, files = json.loads(bytes(body))
        except ValueError:
            return None
        if folder != str(target):
            return None
        base = os.path.join(target, "")  # joined as text: pathlib's / was half this check
        if any(file_stamp(base + rel) != (size, mtime) for rel, size, mtime in files):
            return None
        return len(files)

    def stamp(self, target: Path, files: list[str]) -> None:
        """Note the size and time stamp of ``files`` (paths under ``target``) as written."""
        seen = [[rel, *file_stamp(target / rel)] for rel in files]
        write_checked(self._stamp_path(), STAMP_FORMAT, json.dumps([str(target), seen], ensure_ascii=False))


def _records(f: BinaryIO) -> list[tuple[str, int, int]] | None:
    """(path, offset, length) of each record :meth:`IndexCache.save` wrote, from the
    position of ``f`` to its end; None if they do not add up."""
    size = os.fstat(f.fileno()).st_size
    records = []
    while header := f.readline():
        rel, _, length = header.rstrip(b"\n").decode("utf-8", "replace").partition("\t")
        if not header.endswith(b"\n") or not length.isdigit() or f.tell() + int(length) > size:
            return None
        records.append((rel, f.tell(), int(length)))
        f.seek(int(length), os.SEEK_CUR)
    return records


def _files(f: BinaryIO, records: list[tuple[str, int, int]]) -> Iterator[tuple[str, bytes]]:
    """The files of ``records``, read from ``f`` one at a time; ``f`` closed at the end."""
    with f:
        for rel, at, length in records:
            f.seek(at)
            yield rel, f.read(length)
