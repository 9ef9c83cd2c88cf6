"""What the last index made of each document, for the next build's index.

Any edit rebuilds the whole index (lunr's BM25 weights depend on every document's
length), but not every document's part of it. After one edit at 10,000 articles the
index process spent most of its time making again, for the 9,999 documents that had
not changed, their text (``documents.html_to_text``), the terms of their entity and
source names, their postings (a dict look-up per term) and their own file
(``d/<n>.js``). Each build now keeps, beside its cached index (``search.indexcache``),
every document's postings and field lengths under a key of all the index reads of it
(:func:`document_key`), with the number it had; the next build takes those of the
documents whose key it finds, and their files from the cached index (renumbered when
a document's number changed), and makes only the others. The terms, weights, shards
and facets are made from all of them as before: the files are the bytes of a build
from scratch (tested).

The memo is one file per index, ``<index key>.docs`` beside ``<index key>.index``,
behind a checksum, valid for one version of the index code and settings; one whose
index is gone, or either fails its checksum, is not used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from array import array
from pathlib import Path

from annotations.cache import write_checked

from . import shards

FORMAT = f"arshif-search-docs 1 marshal {marshal.version}"
SUFFIX = ".docs"


def document_key(src: tuple) -> bytes:
    """A key of an article's ``documents.source`` (its URL, title, body, date, sources
    and entities: all its part of the index depends on), 16 bytes. Marshal's version 2
    writes equal values as equal bytes (later versions share repeated and interned
    strings by reference, as it finds them), at a sixth of the time of ``repr``."""
    return hashlib.sha256(marshal.dumps(src, 2)).digest()[:16]


class Kept:
    """The last build's documents: by key, the number each had, its postings (term
    number × fields + field, and frequency, against ``terms``) and field lengths, and
    its file in the last build's cached index. Postings and files are read from their
    files as they are taken: at 10,000 articles the postings alone are 18 MB, which
    the index process would hold beside its own."""

    def __init__(self, memo_file, index_file, records: list[tuple[str, int, int]]):
        """``memo_file``: what :func:`save` wrote, open at its body; ``index_file``:
        the cached index open, and ``records`` its files (path, offset, size)."""
        header_size = int.from_bytes(memo_file.read(8), "little")
        self.terms, keys, numbers, starts, lengths = marshal.loads(memo_file.read(header_size))
        self.numbers, self.starts = array("I", numbers), array("Q", starts)
        self.lengths = [array("I", per_field) for per_field in lengths]
        self._base = memo_file.tell()
        memo_file.seek(0, os.SEEK_END)
        if (memo_file.tell() - self._base != 8 * self.starts[-1] or len(keys) != 16 * len(self.numbers)
                or any(len(per_field) != len(self.numbers) for per_field in self.lengths)):
            raise ValueError("kept documents that do not add up")
        self.where = {keys[16 * p : 16 * p + 16]: p for p in range(len(self.numbers))}
        self._memo, self._index = memo_file, index_file
        self._files = {rel: (at, size) for rel, at, size in records if rel.startswith("d/")}
        if not all(f"d/{n}.js" in self._files for n in self.numbers):
            raise ValueError("a kept document has no file in the cached index")

    def find(self, key: bytes) -> int | None:
        """The place of the document with ``key`` among the kept ones, if kept."""
        return self.where.get(key)

    def postings(self, p: int) -> tuple[memoryview, memoryview, tuple[int, ...]]:
        """Kept document ``p``'s postings as raw ``array("I")`` bytes (term and field
        slots, frequencies) and its length in each field."""
        a, b = self.starts[p], self.starts[p + 1]
        self._memo.seek(self._base + 8 * a)
        block = memoryview(self._memo.read(8 * (b - a)))
        half = 4 * (b - a)
        return block[:half], block[half:], tuple(per_field[p] for per_field in self.lengths)

    def doc_file(self, p: int, number: int) -> bytes:
        """Kept document ``p``'s file, as document ``number``."""
        old = self.numbers[p]
        at, size = self._files[f"d/{old}.js"]
        self._index.seek(at)
        return shards.renumbered(self._index.read(size), old, number)

    def close(self) -> None:
        self._memo.close()
        self._index.close()


def save(path: Path, fmt: str, keys: bytes, numbers: list[int], starts: list[int], index) -> None:
    """Keep the documents of ``index`` (a ``search.index.Index`` whose terms are all
    used, see ``postings.compact``): the i-th added has the i-th 16 bytes of ``keys``
    (:func:`document_key`) as its key, number ``numbers[i]`` and its postings from
    ``starts[i]`` on; ``fmt``: :data:`FORMAT` and what else the kept documents are
    valid for (the code and settings). Each document's postings are one block, its
    slots then its frequencies."""
    slots, _docs, frequencies = index.postings()
    lengths = [array("I", (per_field[n] for n in numbers)).tobytes() for per_field in index.lengths]
    ends = array("Q", starts)
    ends.append(len(slots))
    header = marshal.dumps([list(index.numbers), keys, array("I", numbers).tobytes(), ends.tobytes(), lengths])
    slots, frequencies = memoryview(slots).cast("B"), memoryview(frequencies).cast("B")

    def blocks():
        yield len(header).to_bytes(8, "little")
        yield header
        for a, b in zip(ends, ends[1:]):
            yield slots[4 * a : 4 * b]
            yield frequencies[4 * a : 4 * b]

    write_checked(path, fmt, blocks())
