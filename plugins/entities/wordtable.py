"""The tagger's weights for the commonest words of news, summed once per installation.

A word's block of emission weights (its own features' weights and what it gives the
words around it: :class:`entities.crf.Scorer`) depends on the word and the model
alone. Making it (the word's ~60 feature strings, looked up and summed) is most of the
tagger's time on the words its cache does not hold, and a worker of a cold build meets
each new word again and again as its cache turns over. The 40,000 commonest tokens of
news (``data/words.txt``, tools/ner/build_words.py) have their blocks summed by the
Scorer itself, once, into ``data/compiled/`` (not in git: made on first use, like
Python's own bytecode), and every build maps that file: the tagger copies a listed
word's block instead of making it, and forked workers share the pages.

The file's name holds a hash of the model version (every file that shapes the tags),
the word list and this module, so a build never reads the table of another model; its
checksum is verified when it is opened (``annotations.cache``), and a damaged file is
compiled again. The tags are the same with or without it (tests/entities/test_wordtable.py).
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

import numpy as np

from annotations.cache import checked_file, head_size, write_checked

from .recognize import DATA, MODEL_VERSION

log = logging.getLogger(__name__)

WORDS = DATA / "words.txt"
FOLDER = DATA / "compiled"
FORMAT = "arshif-word-table 2"
_BATCH = 2000  # words summed at once while compiling
_ALIGN = 8  # the blocks start at a multiple of 8 bytes in the file: float64s, mapped


class WordTable:
    """Listed words, their blocks (``blocks[rows[word]]``, a read-only mapped array) and
    their cores (:meth:`core`)."""

    def __init__(self, rows: dict[str, int], blocks: np.ndarray, ends: np.ndarray, cores: np.ndarray, path: Path):
        self.rows, self.blocks, self.path = rows, blocks, path
        self._ends, self._cores = ends, cores

    def core(self, word: str) -> tuple[str, ...] | None:
        """``Featurizer._core(word)`` of a listed word (None for the others): normalised
        form, stems, punctuation, as the table's tab-separated text holds them."""
        k = self.rows.get(word)
        if k is None:
            return None
        start = int(self._ends[k - 1]) if k else 0
        return tuple(self._cores[start : int(self._ends[k])].tobytes().decode("utf-8").split("\t"))


def _words(path: Path) -> list[str]:
    return [w for w in path.read_text(encoding="utf-8").split("\n") if w]


def _layout(words_path: Path, width: int) -> tuple[Path, str, int]:
    """The table's file for the current model and word list, its format line and the
    padding before its blocks."""
    h = hashlib.sha256(MODEL_VERSION.encode())
    h.update(words_path.read_bytes())
    h.update(Path(__file__).read_bytes())
    key = h.hexdigest()[:16]
    fmt = f"{FORMAT} {key} width {width}"
    return Path(f"words-{key}.bin"), fmt, -head_size(fmt) % _ALIGN


def _compile(scorer, words: list[str], path: Path, fmt: str, pad: int) -> None:
    """The file: padding, the blocks (words x 5 x width float64s), the end offset of each
    word's core in the text (uint32s), then the cores' text."""
    fz = scorer.featurizer
    cores = ["\t".join(fz._make_core(w)).encode("utf-8") for w in words]  # words hold no tab

    def chunks():
        yield b"\0" * pad
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
    tagger then makes every word's block itself: slower, the same tags)."""
    if not words_path.exists():
        return None
    width = scorer.weights.shape[1]
    name, fmt, pad = _layout(words_path, width)
    path = Path(folder) / name
    words = _words(words_path)
    f = checked_file(path, fmt)
    if f is None:
        t0 = time.perf_counter()
        try:
            _compile(scorer, words, path, fmt, pad)
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
        offset = f.tell() + pad
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=offset)
    shape = (len(words), *scorer.table.shape[1:])
    size = int(np.prod(shape)) * 8
    blocks = data[:size].view("<f8").reshape(shape)
    ends = data[size : size + 4 * len(words)].view("<u4")
    return WordTable({w: k for k, w in enumerate(words)}, blocks, ends, data[size + 4 * len(words) :], path)


if __name__ == "__main__":  # python -m entities.wordtable: compile now (bench/run.py, before timing)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from .recognize import annotator

    table = annotator().scorer.compiled
    print(f"word table: {table.path if table else 'none'}")
