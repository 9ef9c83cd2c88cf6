"""The tagger's weights for the commonest words of news, summed once per installation.

A word's block of emission weights (its own features' weights and what it gives the
words around it: :class:`entities.crf.Scorer`) depends on the word and the model
alone. Making it (the word's ~60 feature strings, looked up and summed) is most of the
tagger's time on the words its cache does not hold, and a worker of a cold build meets
each new word again and again as its cache turns over. The 40,000 commonest tokens of
news (``data/words.txt``, tools/ner/build_words.py) have their blocks summed by the
Scorer itself, once, into ``data/compiled/`` (not in git: made on first use, like
Python's own bytecode), and every build reads what it needs of that file: the tagger
copies a listed word's block (and its normalised form and stems) instead of making it.

The file's name holds a hash of the model version (every file that shapes the tags),
the word list and this module, so a build never reads the table of another model; its
checksum is verified when it is opened (``annotations.cache``), and a damaged file is
compiled again. The tags are the same with or without it (tests/entities/test_wordtable.py).
"""

from __future__ import annotations

import array
import hashlib
import logging
import os
import sys
import time
import weakref
from pathlib import Path

import numpy as np

from annotations.cache import checked_file, write_checked

from .recognize import DATA, MODEL_VERSION

log = logging.getLogger(__name__)

WORDS = DATA / "words.txt"
FOLDER = DATA / "compiled"
FORMAT = "arshif-word-table 3"
_BATCH = 2000  # words summed at once while compiling


class WordTable:
    """Listed words (``rows``: word -> row) and their blocks (:meth:`blocks`), read
    from the compiled file as the tagger needs them, and cores (:meth:`core`).

    Blocks are read with ``pread``, not mapped: a mapping of the file ends up wholly in
    every process that reads a few hundred of its rows (the kernel maps the pages around
    each one it faults in), 30 MB more per build; read so, a process holds only the rows
    it uses, in the Scorer's cache, and the file stays in the kernel's page cache like
    any input. Forked workers share the descriptor (pread has no file position). The
    cores' text (~2 MB) is read whole when the table is opened: the featurizer asks for
    a core at ~30 % of the tokens, and a pread each was a tenth of the tagging time."""

    def __init__(self, rows: dict[str, int], path: Path, start: int, shape: tuple[int, ...]):
        self.rows, self.path, self._shape = rows, path, shape
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)
        self._start, self._row = start, int(np.prod(shape[1:])) * 8
        ends_at = start + shape[0] * self._row
        self._ends = array.array("I", self._read(4 * shape[0], ends_at))  # indexed faster than numpy's
        if sys.byteorder == "big":  # the file's are little-endian ("<u4")
            self._ends.byteswap()
        self._cores = self._read(self._ends[-1] if shape[0] else 0, ends_at + 4 * shape[0])

    def _whole(self, got: int, size: int) -> None:
        if got != size:
            raise OSError(f"{self.path}: truncated after it was checked")

    def _read(self, size: int, at: int) -> bytes:
        data = os.pread(self._fd, size, at)
        self._whole(len(data), size)
        return data

    def blocks(self, rows: list[int]) -> np.ndarray:
        """The blocks of the words at ``rows``, as ``Scorer._blocks`` sums them."""
        out = np.empty((len(rows), *self._shape[1:]))
        for block, r in zip(out, rows):
            self._whole(os.preadv(self._fd, [block], self._start + r * self._row), self._row)
        return out

    def core(self, word: str) -> tuple[str, ...] | None:
        """``Featurizer._core(word)`` of a listed word (None for the others): normalised
        form, stems, punctuation, as the table's tab-separated text holds them."""
        k = self.rows.get(word)
        if k is None:
            return None
        return tuple(self._cores[self._ends[k - 1] if k else 0 : self._ends[k]].decode("utf-8").split("\t"))


def _layout(word_list: bytes, width: int) -> tuple[Path, str]:
    """The table's file for the current model and word list, and its format line."""
    h = hashlib.sha256(MODEL_VERSION.encode())
    h.update(word_list)
    h.update(Path(__file__).read_bytes())
    key = h.hexdigest()[:16]
    fmt = f"{FORMAT} {key} width {width}"
    return Path(f"words-{key}.bin"), fmt


def _compile(scorer, words: list[str], path: Path, fmt: str) -> None:
    """The file: the blocks (words x 5 x width float64s), the end offset of each
    word's core in the text (uint32s), then the cores' text."""
    fz = scorer.featurizer
    cores = ["\t".join(fz._make_core(w)).encode("utf-8") for w in words]  # words hold no tab

    def chunks():
        for i in range(0, len(words), _BATCH):
            yield scorer._blocks([fz._word(w) for w in words[i : i + _BATCH]]).tobytes()
        yield np.cumsum([len(c) for c in cores], dtype="<u4").tobytes()
        yield from cores

    write_checked(path, fmt, chunks())
    for old in path.parent.glob("words-*.bin"):  # tables of earlier models or lists
        if old != path:
            old.unlink(missing_ok=True)


def load(scorer, words_path: Path = WORDS, folder: Path = FOLDER) -> WordTable | None:
    """The word table of ``scorer`` (the shipped models' Scorer), compiled first when
    missing, stale or damaged; None, with a warning, when it cannot be written (the
    tagger then makes every word's block itself: slower, the same tags). None too
    where the system has no ``preadv`` (Windows)."""
    if not words_path.exists() or not hasattr(os, "preadv"):
        return None
    word_list = words_path.read_bytes()
    name, fmt = _layout(word_list, scorer.weights.shape[1])
    path = Path(folder) / name
    words = [w for w in word_list.decode("utf-8").split("\n") if w]
    f = checked_file(path, fmt)
    if f is None:
        t0 = time.perf_counter()
        try:
            _compile(scorer, words, path, fmt)
        except OSError as e:
            log.warning("entities: cannot write the tagger's word table %s (%s): tagging without it, slower", path, e)
            return None
        log.info("entities: compiled the tagger's word table for this model, %d words in %.1f s: %s",
                 len(words), time.perf_counter() - t0, path)
        f = checked_file(path, fmt)
        if f is None:
            log.warning("entities: the word table %s just written does not read back: tagging without it", path)
            return None
    with f:
        start = f.tell()
    return WordTable({w: k for k, w in enumerate(words)}, path, start, (len(words), *scorer.table.shape[1:]))


if __name__ == "__main__":  # python -m entities.wordtable: compile now (bench/run.py, before timing)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from .recognize import annotator

    table = annotator().scorer.compiled
    print(f"word table: {table.path if table else 'none'}")
