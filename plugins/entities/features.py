"""Token features for the CRF entity tagger.

One class, :class:`Featurizer`, defines them in two parts: a word's own (memoised per
distinct word: its features, and what it gives the words around it) and
:meth:`Featurizer.extras`, what no single word gives. :meth:`Featurizer.sentence` joins
them into crfsuite's lists for training (tools/ner/train.py); the tagger
(entities.crf) sums the same parts' weights without building the lists (the bigrams
found by pair of words, :func:`bigram_ids`, the inverse of :func:`_bigram`). Training
and tagging therefore cannot drift apart (tests/entities/test_crf.py).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from arabic import iter_words, normalize, strip_marks
from arabic.clitics import light_stem, strip_proclitics

from .gazetteer import TITLES, Gazetteer, feature_stem

DATA = Path(__file__).resolve().parent / "data"

# crfsuite takes UTF-8 strings: a lone surrogate (from a bad character reference or a
# decoding error upstream) is tagged as U+FFFD, one character for one, offsets kept.
_SURROGATE = re.compile("[\ud800-\udfff]")
_PUNCT_OPEN = set("(«\"“'[")
_PUNCT_CLOSE = set(")»\"”']")
# Distinct words whose core (and, in entities.crf, summed weights) stay cached: on 500
# news articles 9 % of tokens miss at this size, 6 % at 32,768, which would take ~20 %
# off the tagging time for ~30 MB more in each worker.
WORDS_KEPT = 8192


class Clusters:
    """Word clusters learnt from unlabelled news (tools/ner/build_clusters.py)."""

    def __init__(self, path: Path | None = None):
        self.path = path or DATA / "clusters.tsv"
        self.table: dict[str, tuple[str, str, str]] = {}
        self.counts: dict[str, int] = {}
        # Words share their clusters (1,008 of them for 40,000 words): one tuple each,
        # not one per word (8 MB less in every process that tags).
        shared: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    w, n, a, b, c = line.rstrip("\n").split("\t")
                    self.table[w] = shared.setdefault((a, b, c), (a, b, c))
                    self.counts[w] = int(n)

    def get(self, word: str) -> tuple[str, str, str] | None:
        return self.table.get(word)

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)


def person_words(path: Path | None = None) -> dict[str, str]:
    """Words harvested as first names or surnames (tools/ner/build_names.py)."""
    path = path or DATA / "person_words.tsv"
    out: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                cols = line.split("\t")
                out[cols[0]] = cols[3]
    return out


class Featurizer:
    def __init__(self, clusters: Clusters | None = None, gazetteer: Gazetteer | None = None, word_cache: int = WORDS_KEPT):
        self.clusters = clusters or Clusters()
        self.gazetteer = gazetteer or Gazetteer.load()
        self.person_words = person_words()
        # Words repeat (Zipf). A word's features (~3.6 kB) are needed at every
        # occurrence in training, but once per word by the tagger (entities.crf keeps
        # their summed weights: it asks for no cache); its core (~0.3 kB) at every
        # occurrence. Caches unbounded grew to hundreds of MB per worker.
        self._word = lru_cache(maxsize=word_cache)(self._word_features)
        self.core = lru_cache(maxsize=WORDS_KEPT)(self._core)
        self.known_cores = None  # word -> its core, or None: entities.wordtable's listed words

    # -- one token -----------------------------------------------------------
    def _core(self, token: str) -> tuple[str, str, str, str, str]:
        """(normalised core word, stem, punctuation flag, gazetteer stem, the word's
        letters as written) for one token: read from the compiled word table when it
        lists the token, else made."""
        if self.known_cores is not None:
            known = self.known_cores(token)
            if known is not None:
                return known
        return self._make_core(token)

    def _make_core(self, token: str) -> tuple[str, str, str, str, str]:
        core = "".join(iter_words(_SURROGATE.sub("\ufffd", token)))
        n = normalize(core) if core else token
        stem = light_stem(n) if core else n
        punct = ""
        if not core:
            punct = "P" + token[:2]
        elif core != token:
            if token[0] in _PUNCT_OPEN:
                punct = "open"
            elif token[-1] in _PUNCT_CLOSE:
                punct = "close"
            else:
                punct = "attached"
        return n, stem, punct, feature_stem(n, stem) if core else n, core

    def _word_features(self, token: str) -> tuple[list[str], dict[int, list[str]]]:
        """A word's own features, and by offset what it gives the word there."""
        n, stem, punct, gstem, core = self.core(token)
        f = [f"n={n}", f"st={stem}"]
        raw = strip_marks(core)
        if raw and normalize(raw) != raw:
            f.append(f"w={raw}")  # as written: على (on) is not علي (Ali)
        if punct:
            f.append(f"pu={punct}")
        if core:
            L = len(n)
            for k in (1, 2, 3, 4):
                if L > k:
                    f.append(f"p{k}={n[:k]}")
                    f.append(f"s{k}={n[-k:]}")
            cl = n[: L - len(stem)] if n.endswith(stem) else "?"
            f.append(f"cl={cl}")
            f.append(f"len={min(L, 10)}")
            if core.isdigit():
                f.append("shape=digit")
            elif core.isascii():
                f.append("shape=latin")
            if len(stem) > 2 and n != stem:
                f.append(f"sp3={stem[:3]}")
                f.append(f"ss3={stem[-3:]}")
        cls = self.clusters.get(n)
        if cls is None and stem != n:
            cls = self.clusters.get(stem) or self.clusters.get("ال" + stem)
            if cls is not None:
                f.append("cl_from_stem")
        if cls is not None:
            f += [f"c64={cls[0]}", f"c256={cls[1]}", f"c1k={cls[2]}"]
            c256, c1k = cls[1], cls[2]
        else:
            f.append("c=none")
            c256 = c1k = "none"
        for t in self.gazetteer.word_types(gstem):
            f.append(f"gw={t}")
        if n in TITLES:
            f.append("title")
        pw = self.person_words.get(n) or self.person_words.get(stem)
        if pw:
            f.append(f"pw={pw}")
        # What this word contributes to its neighbours' features, by offset.
        pw_n = self.person_words.get(n)
        ctx = {
            -2: [f"-2n={n}", f"-2c256={c256}"],
            -1: [f"-1n={n}", f"-1c256={c256}", f"-1st={stem}", f"-1c1k={c1k}"]
            + (["-1title"] if n in TITLES else []) + ([f"-1pw={pw_n}"] if pw_n else []),
            1: [f"1n={n}", f"1c256={c256}", f"1st={stem}", f"1c1k={c1k}"] + ([f"+1pw={pw_n}"] if pw_n else []),
            2: [f"2n={n}", f"2c256={c256}"],
        }
        return f, ctx

    # -- a sentence ----------------------------------------------------------
    def extras(self, tokens: list[str]) -> list[list[str]]:
        """Each token's features that no single word gives: bigrams, sentence ends,
        gazetteer matches.

        The others are a word's own (:meth:`_word_features`: its features, and what it
        gives the words around it). :meth:`sentence` joins both into crfsuite's lists;
        the tagger (entities.crf) sums each word's weights once and adds these per token.
        """
        cores = [self.core(t) for t in tokens]
        norms = [c[0] for c in cores]
        last = len(tokens) - 1
        extra = [
            [_bigram(BEFORE, norms[i - 1], n) if i > 0 else BOS, _bigram(AFTER, n, norms[i + 1]) if i < last else EOS]
            for i, n in enumerate(norms)
        ]
        for i, f in self.matches(cores):
            extra[i].append(f)
        return extra

    def matches(self, cores: list[tuple[str, ...]]) -> list[tuple[int, str]]:
        """The extras besides the bigrams, as (token, feature) pairs in order: gazetteer
        matches, from the tokens' cores. (The tagger looks the bigrams up by pair:
        :func:`bigram_ids`.)"""
        return self.gazetteer.match_features([c[3] for c in cores])

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        extra = self.extras(tokens)
        padded = [EDGE, EDGE, *map(self._word, tokens), EDGE, EDGE]
        return [
            [*padded[i + 2][0], *(x for d in OFFSETS for x in padded[i + 2 + d][1][d]), *extra[i]]
            for i in range(len(tokens))
        ]


# A bigram feature: the prefix (of the later word's feature, or of the earlier's), then
# the two normalised words joined; a sentence's first and last tokens have these instead.
BEFORE, AFTER, JOIN = "b-=", "b+=", "|"
BOS, EOS = "BOS", "EOS"


def _bigram(prefix: str, a: str, b: str) -> str:
    return f"{prefix}{a}{JOIN}{b}"


def bigram_ids(index: dict[str, int]) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """The ids in ``index`` of the bigram features, by pair of normalised words: of the
    later word's (``b-``), and of the earlier's (``b+``).

    For the tagger: a model knows few bigrams (~5,000 of its 28,000 features), and
    making each token's two strings only to find them unknown was a tenth of its time.
    The inverse of :func:`_bigram`: a feature is listed under each way of splitting it
    at a ``|`` (a token may be one), each of which makes that string again.
    """
    before: dict[tuple[str, str], int] = {}
    after: dict[tuple[str, str], int] = {}
    for feature, k in index.items():
        for prefix, out in ((BEFORE, before), (AFTER, after)):
            if feature.startswith(prefix):
                pair = feature[len(prefix) :]
                at = pair.find(JOIN)
                while at >= 0:
                    out[pair[:at], pair[at + len(JOIN) :]] = k
                    at = pair.find(JOIN, at + 1)
    return before, after


# The offsets at which a word gives its neighbours features, and what stands in for a
# word beyond either end of the sentence.
OFFSETS = (-2, -1, 1, 2)
EDGE = ((), {d: [f"{d}n=<s>"] for d in OFFSETS})


MEMORY_WINDOW = 15


def memory_features(stems: list[list[str]], tags: list[list[str]], window: int = MEMORY_WINDOW) -> list[list[list[str]]]:
    """"Document memory": how a first pass tagged the same stem in nearby sentences.

    For each token, the entity types the first pass gave to other occurrences of its
    stem within ``window`` sentences (``mem=PERS``; ``memr=PERS+`` when tagged so at
    least as often as not; ``memO`` when always O), and the ``mem=`` of its neighbours:
    :func:`memory_pairs`, as each token's list.
    """
    out: list[list[list[str]]] = [[[] for _ in st] for st in stems]
    for lists, pairs in zip(out, memory_pairs(stems, tags, window)):
        for i, f in pairs:
            lists[i].append(f)
    return out


def memory_pairs(stems: list[list[str]], tags: list[list[str]], window: int = MEMORY_WINDOW) -> list[list[tuple[int, str]]]:
    """:func:`memory_features` as each sentence's (token, feature) pairs, in token
    order, each token's in its list's order (the tagger takes them so: few tokens have
    any).

    Helps with names repeated alone after a full mention. Linear time: the counts of
    the window are kept up to date as it slides.
    """
    # Only a stem seen twice in the document can be remembered: the others are skipped,
    # each sentence's remembered (token, stem, label) listed once.
    seen = Counter(itertools.chain.from_iterable(stems))
    repeated = {w for w, n in seen.items() if n > 1 and len(w) >= 3}
    kept = [[(i, w, _label(tg[i])) for i, w in enumerate(st) if w in repeated] for st, tg in zip(stems, tags)]
    counts: dict[str, Counter] = defaultdict(Counter)
    total: dict[str, int] = defaultdict(int)

    def update(s: int, sign: int) -> None:
        for _, w, t in kept[s]:
            counts[w][t] += sign
            total[w] += sign

    S = len(stems)
    for s in range(min(window, S - 1) + 1):
        update(s, 1)
    out = []
    for s, st in enumerate(stems):
        if s > 0:
            if s + window < S:
                update(s + window, 1)
            if s - window - 1 >= 0:
                update(s - window - 1, -1)
        # Each token's own, then (in order) its neighbours' mem= before and after it:
        # a neighbour's mem= is its first feature when it has one.
        feats = {i: f for i, w, t in kept[s] if total[w] > 1 and (f := _remembered(counts[w], t))}
        heads = [(i, f[0]) for i, f in feats.items() if f[0].startswith("mem=")]
        for i, head in heads:
            if i > 0:
                feats.setdefault(i - 1, []).append("+1" + head)
            if i < len(st) - 1:
                feats.setdefault(i + 1, []).append("-1" + head)
        out.append([(i, f) for i in sorted(feats) for f in feats[i]])
    return out


def _label(tag: str) -> str:
    """The entity type of a BIO tag, or O."""
    return tag[2:] if tag != "O" else "O"


def _remembered(c: Counter, t: str) -> list[str]:
    """A token's own memory features, from the window's label counts of its stem
    (``c``, which counts the token itself under its label ``t``)."""
    if len(c) == 1 and t == "O":  # the commonest case, quickly: the stem always O
        return ["memO"] if c["O"] > 1 else []
    ent = {k: n - (k == t) for k, n in c.items() if k != "O" and n - (k == t) > 0}
    if ent:
        best = max(sorted(ent), key=ent.get)
        return [f"mem={best}", f"memr={best}{'+' if ent[best] >= c.get('O', 0) - (t == 'O') else '-'}"]
    return ["memO"] if c.get("O", 0) - (t == "O") > 0 else []
