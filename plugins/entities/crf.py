"""Linear-chain CRF tagging with numpy, from the model files crfsuite writes.

crfsuite trains the tagger (tools/ner/train.py). Tagging through it meant a Python
list of ~60 feature strings per token, hashed again by crfsuite, a sentence at a time.
Here a model's weights are read from its file once; a word's features are summed once
per distinct word (words repeat) and reused wherever it stands; Viterbi steps all the
sentences of a batch of articles together.
The tags are crfsuite's own: tests/entities/test_crf.py compares them sentence by
sentence, and the weights with pycrfsuite's.
"""

from __future__ import annotations

import itertools
import struct
from collections import OrderedDict
from pathlib import Path

import numpy as np

from .features import BOS, EDGE, EOS, OFFSETS, WORDS_KEPT, bigram_ids

_STATE, _TRANSITION = 0, 1
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _strings(buf: bytes, offset: int) -> list[str]:
    """The id -> string table of one of crfsuite's CQDB chunks (its backward array)."""
    magic, _size, _flag, _order, count, backward = struct.unpack_from("<4sIIIII", buf, offset)
    if magic != b"CQDB":
        raise ValueError(f"not a CQDB chunk at byte {offset}")
    out = [""] * count
    for at in struct.unpack_from(f"<{count}I", buf, offset + backward):
        if at:
            sid, size = struct.unpack_from("<iI", buf, offset + at)
            out[sid] = buf[offset + at + 8 : offset + at + 7 + size].decode("utf-8")
    return out


class Model:
    """One crfsuite CRF1d model: its labels and label-to-label transition weights; its
    attributes (the features it knows) with their label weights on demand, for the
    :class:`Scorer` that copies them (the build need not hold them twice)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.labels, _, feats = self._read()
        self.transitions = np.zeros((len(self.labels), len(self.labels)))
        f = feats[feats["type"] == _TRANSITION]
        self.transitions[f["src"], f["dst"]] = f["weight"]
        # By label to, then from: Viterbi's best previous label is a reduction over the
        # last, contiguous axis, and its score picked by index (its steps 25 % faster
        # than a max and an argmax over the middle axis).
        self._into = np.ascontiguousarray(self.transitions.T)

    def _read(self) -> tuple[list[str], list[str], np.ndarray]:
        buf = self.path.read_bytes()
        magic, _size, kind, _version, _, _, _, off_feat, off_labels, off_attrs = struct.unpack_from(
            "<4sI4sIIIIIII", buf, 0
        )
        chunk, _size, count = struct.unpack_from("<4sII", buf, off_feat)  # the header's own count is 0
        if magic != b"lCRF" or kind != b"FOMC" or chunk != b"FEAT":
            raise ValueError(f"{self.path}: not a crfsuite CRF1d model")
        feats = np.frombuffer(buf, dtype=_FEATURE, count=count, offset=off_feat + 12)
        return _strings(buf, off_labels), _strings(buf, off_attrs), feats

    def state_weights(self) -> tuple[list[str], np.ndarray]:
        """The model's attributes, and an attributes x labels array of their weights."""
        _, attributes, feats = self._read()
        weights = np.zeros((len(attributes), len(self.labels)))
        f = feats[feats["type"] == _STATE]
        weights[f["src"], f["dst"]] = f["weight"]
        return attributes, weights

    def viterbi(self, E: np.ndarray, firsts: list[int], lens: list[int]) -> list[list[str]]:
        """The best label sequence of each sentence, all stepped together.

        ``E``: emission scores, tokens x labels; sentence s's tokens are the ``lens[s]``
        rows from ``firsts[s]`` on. Ties go to the lower label id, as in crfsuite. The
        sentences are taken longest first, so that the ones still running at step t
        are the first ``live[t]``.
        """
        order = sorted(range(len(lens)), key=lambda s: -lens[s])
        n = [lens[s] for s in order]
        T = n[0] if n else 0
        if not T:
            return [[] for _ in lens]
        S, L = len(n), E.shape[1]
        first = np.array([firsts[s] for s in order], dtype=np.intp)  # each one's row at step 0
        live = np.searchsorted(-np.array(n), -np.arange(T), side="left").tolist()  # how many are longer than t
        delta = E[first]
        back = np.zeros((T, S, L), dtype=np.uint8)  # labels are few
        cells = np.arange(S * L)  # (sentence, label) cells, for picking each one's best
        for t in range(1, T):
            k = live[t]
            cand = (delta[:k, None, :] + self._into).reshape(k * L, L)  # (sentence, label) x previous label
            best = cand.argmax(axis=1)
            back[t, :k] = best.reshape(k, L)
            delta[:k] = cand[cells[: k * L], best].reshape(k, L) + E[first[:k] + t]
        # Back through the pointers, all sentences together too: a sentence joins at its
        # last step, with its best last label.
        y = delta.argmax(axis=1)
        paths = np.empty((S, T), dtype=np.intp)
        rows = np.arange(S)
        for t in range(T - 1, -1, -1):
            k = live[t]
            paths[:k, t] = y[:k]
            if t:
                y[:k] = back[t, rows[:k], y[:k]]
        labels, out = np.array(self.labels, dtype=object), [[] for _ in lens]
        for i, s in enumerate(order):
            out[s] = labels[paths[i, : n[i]]].tolist()
        return out


class Scorer:
    """Emission scores for sentences of tokens, for each of several models at once.

    The models share one attribute index (a feature string is looked up once for
    all); their weights sit side by side, model k's labels in ``columns[k]``. Each
    distinct word's features are summed once into a 5 x labels block (its own
    features, then what it gives the words 2 and 1 before it and 1 and 2 after it),
    kept in one array for the ``WORDS_KEPT`` most recently used words; a word new to
    that cache has its block copied from the compiled word table (``compiled``, set
    for the shipped models: entities.wordtable) when the table lists it.
    """

    def __init__(self, models: list[Model], featurizer):
        self.featurizer = featurizer
        states = [m.state_weights() for m in models]
        # Row 0 is zeros, for features no model knows: ids start at 1, so that
        # filter(None, map(index.get, features)) keeps the known ones, in C.
        self.index: dict[str, int] = {}
        for attributes, _ in states:
            for a in attributes:
                self.index.setdefault(a, len(self.index) + 1)
        width = sum(len(m.labels) for m in models)
        self.weights = np.zeros((len(self.index) + 1, width))
        self.columns, at = [], 0
        for m, (attributes, weights) in zip(models, states):
            rows = np.array([self.index[a] for a in attributes], dtype=np.intp)
            self.weights[rows, at : at + len(m.labels)] = weights
            self.columns.append(slice(at, at + len(m.labels)))
            at += len(m.labels)
        self.before, self.after = bigram_ids(self.index)
        self.ends = self.index.get(BOS, 0), self.index.get(EOS, 0)
        self.rows: OrderedDict[str, int] = OrderedDict()  # least recently used first
        self.free = list(range(WORDS_KEPT, 0, -1))
        self.table = np.empty((WORDS_KEPT + 1, 1 + len(OFFSETS), width))
        self.table[0] = self._blocks([EDGE])[0]  # row 0: beyond a sentence's ends
        self.compiled = None  # the shipped models' entities.wordtable.WordTable

    def _new_blocks(self, words: list[str]) -> np.ndarray:
        """Blocks of words the cache lacks: copied from the compiled word table where it
        lists them, the others summed from their features."""
        if self.compiled is None:
            return self._blocks([self.featurizer._word(t) for t in words])
        listed = self.compiled.rows.get
        rows = [listed(t, -1) for t in words]
        out = np.empty((len(words), *self.table.shape[1:]))
        known = [k for k, r in enumerate(rows) if r >= 0]
        if known:
            out[known] = self.compiled.blocks([rows[k] for k in known])
        todo = [k for k, r in enumerate(rows) if r < 0]
        if todo:
            out[todo] = self._blocks([self.featurizer._word(words[k]) for k in todo])
        return out

    def _blocks(self, words) -> np.ndarray:
        """Blocks of words given as ``(own features, {offset: features})``, in one pass."""
        get = self.index.get
        ids, starts = [], []
        for own, ctx in words:
            for group in (own, *(ctx[d] for d in OFFSETS)):
                starts.append(len(ids))
                ids.extend(filter(None, map(get, group)))
                ids.append(0)  # the zero row, so that no group is empty
        sums = np.add.reduceat(self.weights[ids], starts, axis=0)
        return sums.reshape(len(words), 1 + len(OFFSETS), -1)

    def _lookup(self, tokens: list[str]) -> tuple[np.ndarray, list[int]]:
        """A table of blocks and each token's row in it: the cache, whose least recently
        used words make room for new ones, or for a batch with more distinct words than
        it holds, a table of its own."""
        distinct = dict.fromkeys(tokens)
        if len(distinct) > WORDS_KEPT:
            table = np.empty((len(distinct) + 1, *self.table.shape[1:]))
            table[0] = self.table[0]
            table[1:] = self._new_blocks(list(distinct))
            rows = {t: k for k, t in enumerate(distinct, start=1)}
            return table, [rows[t] for t in tokens]
        rows, new = self.rows, []
        for t in distinct:
            if t in rows:
                rows.move_to_end(t)
            else:
                new.append(t)
        if new:
            while len(self.free) < len(new):  # the batch's own words are the most recent
                self.free.append(rows.popitem(last=False)[1])
            slots = [self.free.pop() for _ in new]
            self.table[slots] = self._new_blocks(new)
            rows.update(zip(new, slots))
        return self.table, [rows[t] for t in tokens]

    def lookup(self, sentences: list[list[str]]) -> tuple[np.ndarray, list[list[int]]]:
        """:meth:`_lookup` of the tokens of ``sentences``, the rows by sentence, for the
        :meth:`emissions` of both passes (pass 2's sentences are some of pass 1's, and
        the cache does not change in between)."""
        table, found = self._lookup([t for toks in sentences for t in toks])
        at = itertools.accumulate(map(len, sentences), initial=0)
        return table, [found[a:b] for a, b in itertools.pairwise(at)]

    def emissions(self, table: np.ndarray, rows: list[list[int]], norms: list[list[str]], extras: list[list[tuple[int, str]]], model: int) -> tuple[np.ndarray, list[int]]:
        """Model ``model``'s scores of the sentences' tokens x labels, one row a token,
        and where each sentence's rows begin (the sentences end to end, between edge
        rows: no sentence padded to the longest), from the sentences' rows in the table
        of word blocks (:meth:`lookup`):
        each word's block shifted into place, plus the bigram features of the
        normalised words ``norms`` (:meth:`Featurizer.extras`'s first two, found by
        pair), plus ``extras``, each sentence's other features that are not one word's
        as (token, feature) pairs. The document is scored as one array with two edge
        rows around every sentence."""
        order, firsts = [0, 0], []
        words: list[str | None] = [None, None]  # the norms, in the rows of order
        for found, ns in zip(rows, norms):
            firsts.append(len(order))
            order += found
            order += (0, 0)
            words += ns
            words += (None, None)
        B = table[:, :, self.columns[model]][order]
        N = len(B)
        E = B[:, 0].copy()
        for k, d in enumerate(OFFSETS, start=1):
            E[max(0, -d) : N - max(0, d)] += B[max(0, d) : N + min(0, d), k]
        # Each token's features in the order of Featurizer.extras, each added in turn
        # (row 0 of the weights is zeros), so that the sums are the same to the bit.
        starts = np.array(firsts, dtype=np.intp)
        lasts = starts + [len(found) - 1 for found in rows]
        pairs = N - 1
        before = np.zeros(N, dtype=np.intp)
        before[1:] = np.fromiter(map(self.before.get, zip(words, words[1:]), itertools.repeat(0)), np.intp, pairs)
        before[starts] = self.ends[0]
        after = np.zeros(N, dtype=np.intp)
        after[:-1] = np.fromiter(map(self.after.get, zip(words, words[1:]), itertools.repeat(0)), np.intp, pairs)
        after[lasts] = self.ends[1]
        E += self.weights[before, self.columns[model]]
        E += self.weights[after, self.columns[model]]
        at, ids = [], []
        get = self.index.get
        for first, sentence in zip(firsts, extras):
            for i, f in sentence:
                a = get(f)
                if a:
                    at.append(first + i)
                    ids.append(a)
        if ids:
            np.add.at(E, at, self.weights[ids, self.columns[model]])
        return E, firsts
