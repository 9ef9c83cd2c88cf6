"""Named-entity recognition: a CRF over rich token features, plus curated names.

``recognize(text)`` returns :class:`Mention` objects with character offsets into the
original text; a mention's span leaves out proclitics glued to the name (``وموسكو`` ->
``موسكو``). ``tag_tokens(tokens)`` tags an already tokenised sentence with BIO tags,
proclitics included as ANERcorp does, and is what ``make eval-ner`` scores.

``MODEL_VERSION`` hashes the model and every file that shapes its output, for caches.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from arabic import normalize
from arabic.clitics import strip_proclitics
from arabic.normalize import _TABLE as _NORM_TABLE

from .features import Clusters, Featurizer, memory_pairs
from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
MODEL_PATH = DATA / "model.crfsuite"
MODEL2_PATH = DATA / "model2.crfsuite"
TYPES = ("PERS", "LOC", "ORG", "MISC")
# Everything whose change changes the annotations.
VERSIONED = [
    MODEL_PATH,
    MODEL2_PATH,
    DATA / "clusters.tsv",
    DATA / "entities.tsv",
    DATA / "person_words.tsv",
    DATA / "titles.txt",
    HERE / "crf.py",
    HERE / "features.py",
    HERE / "gazetteer.py",
    HERE / "recognize.py",
    HERE.parent / "arabic" / "clitics.py",
    HERE.parent / "arabic" / "normalize.py",
    HERE.parent / "arabic" / "tokens.py",
]


class Mention(NamedTuple):
    """A name in a text: ``text[start:end]``, proclitics left out; ``form`` is how the
    name is written on its own (``الولايات المتحدة`` for the span ``لولايات المتحدة``
    of ``للولايات المتحدة``)."""

    start: int
    end: int
    type: str
    text: str
    form: str = ""


def _version() -> str:
    h = hashlib.sha256()
    for p in VERSIONED:
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()[:16]


MODEL_VERSION = _version()

# A token is a run of word characters, or one other visible character.
from arabic.tokens import WORD_CHARS  # noqa: E402

_TOKEN_RE = re.compile(f"[{WORD_CHARS}]+|[^\\s{WORD_CHARS}]")
# A sentence: up to and with an end mark (a token of its own), or up to a line break.
_END_MARKS = re.escape(".!?؟…")
_SENTENCE_RE = re.compile(f"[^{_END_MARKS}\\n]+[{_END_MARKS}]?|[{_END_MARKS}]")


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, type) of a BIO sequence, as conlleval reads them:
    an I- tag that does not continue a span of its type opens a new one."""
    out = []
    cur = None
    for i, t in enumerate(tags):
        if t == "O" or not t:
            if cur:
                out.append(tuple(cur))
                cur = None
            continue
        b, typ = t.split("-", 1)
        if b == "B" or cur is None or cur[2] != typ:
            if cur:
                out.append(tuple(cur))
            cur = [i, i + 1, typ]
        else:
            cur[1] = i + 1
    if cur:
        out.append(tuple(cur))
    return out


def _orig_offset(token: str, k: int) -> int:
    """Index in ``token`` after its first ``k`` normalised characters (and their marks)."""
    if k == 0:
        return 0
    seen = 0
    for i, ch in enumerate(token):
        if _NORM_TABLE.get(ord(ch), ch) is not None:
            seen += 1
            if seen == k:
                j = i + 1
                while j < len(token) and _NORM_TABLE.get(ord(token[j]), token[j]) is None:
                    j += 1
                return j
    return len(token)


class Annotator:
    def __init__(self, model_path: Path | None = None, model2_path: Path | None = None):
        from .crf import Model, Scorer  # numpy (~16 MB): only in builds that tag

        self.model_path = Path(model_path or MODEL_PATH)
        self.model2_path = Path(model2_path) if model2_path else (MODEL2_PATH if model_path is None else None)
        self.clusters = Clusters()
        self.gazetteer = Gazetteer.load()
        self.featurizer = Featurizer(self.clusters, self.gazetteer, word_cache=0)
        self.model = Model(self.model_path)
        self.model2 = None
        if self.model2_path is not None and self.model2_path.exists():
            self.model2 = Model(self.model2_path)
        self.scorer = Scorer([m for m in (self.model, self.model2) if m], self.featurizer)
        if (self.model_path, self.model2_path) == (MODEL_PATH, MODEL2_PATH):
            from . import wordtable  # the shipped models' words, summed ahead

            self.scorer.compiled = table = wordtable.load(self.scorer)
            if table is not None:
                self.featurizer.known_cores = table.core
        self._known_first = {k[0] for k in self.gazetteer._dict} | {
            e.forms[0] and normalize(e.forms[0].split()[0]) for e in self.gazetteer.entries
        }

    # -- tagging ---------------------------------------------------------------
    def tag_tokens(self, tokens: list[str]) -> list[str]:
        """BIO tags for one tokenised sentence (a one-sentence document)."""
        return self.tag_document([tokens])[0]

    def tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags for the sentences of one document.

        Pass 1 tags each sentence; pass 2 (when the model has one) adds what pass 1
        said about the same stems in nearby sentences; curated names override last.
        """
        return self.tag_documents([sentences])[0]

    def tag_documents(self, documents: list[list[list[str]]]) -> list[list[list[str]]]:
        """:meth:`tag_document` of each document, the sentences of all of them tagged
        together (one Viterbi run per pass: its cost is per step, not per sentence)."""
        fz = self.featurizer
        live = [(d, toks) for d, sentences in enumerate(documents) for toks in sentences if toks]
        sentences = [toks for _, toks in live]
        cores = [list(map(fz.core, toks)) for toks in sentences]
        norms = [[c[0] for c in cs] for cs in cores]
        extras = list(map(fz.matches, cores))  # and the bigrams of norms
        table, rows = self.scorer.lookup(sentences)
        tagged = self._viterbi(0, table, rows, norms, extras)
        if self.model2 is not None:
            mem = []
            for _, doc in itertools.groupby(range(len(live)), key=lambda k: live[k][0]):
                doc = list(doc)
                mem += memory_pairs([[c[1] for c in cores[k]] for k in doc], [tagged[k] for k in doc])
            extras2 = [e + m for e, m in zip(extras, mem)]
            # A sentence where pass 1 found nothing and no stem has an entity memory
            # gains nothing from pass 2: keep pass 1 there (speed).
            again = [
                k for k, tags in enumerate(tagged)
                if tags.count("O") < len(tags) or any("mem=" in f for _, f in extras2[k])
            ]
            pick = [rows[k] for k in again], [norms[k] for k in again], [extras2[k] for k in again]
            for k, tags in zip(again, self._viterbi(1, table, *pick)):
                tagged[k] = tags
        found = zip(norms, tagged)
        return [
            [self._dictionary(*next(found)) if toks else [] for toks in doc] for doc in documents
        ]

    def _viterbi(self, k: int, table, rows, norms, extras) -> list[list[str]]:
        """Tags of pass ``k`` (0 or 1) for sentences: their rows in the table of word
        blocks, their normalised words (for the bigram features) and their other extra
        features."""
        if not rows:
            return []
        model = (self.model, self.model2)[k]
        return model.viterbi(*self.scorer.emissions(table, rows, norms, extras, k), [len(r) for r in rows])

    def _dictionary(self, norm: list[str], tags: list[str]) -> list[str]:
        """Curated names fill what the CRF left untagged in ``tags`` (of a sentence of
        normalised words ``norm``), in place.

        Where the CRF tagged any part of a curated name, its span and type stand: the
        gold data's conventions (``مكة`` in ``مكة المكرمة``, ``غزة`` in ``قطاع غزة``) are
        the CRF's, and linking gives the mention its canonical entity and type anyway.
        """
        for i, j, _pre, entry in self.gazetteer.find(norm):
            if any(t != "O" for t in tags[i:j]):
                continue
            for k in range(i, j):
                tags[k] = ("B-" if k == i else "I-") + entry.type
        return tags

    # -- raw text ----------------------------------------------------------------
    def clitic_prefix(self, token: str) -> tuple[int, bool]:
        """Length (in ``token``) of the proclitics to leave out of a mention, and
        whether they swallowed the alef of the article (لل)."""
        n = normalize(token)
        whole = self.clusters.count(n)
        s = strip_proclitics(n, lambda b: b in self._known_first or self.clusters.count(b) > max(whole, 4))
        return _orig_offset(token, s.prefix), s.elided

    def recognize(self, text: str) -> list[Mention]:
        return self.recognize_all([text])[0]

    def recognize_all(self, texts: list[str]) -> list[list[Mention]]:
        """:meth:`recognize` of each text (each its own document), tagged together."""
        split = [_sentences(text) for text in texts]
        all_tags = self.tag_documents([[toks for _, toks in sents] for sents in split])
        return [self._mentions(text, sents, tags) for text, sents, tags in zip(texts, split, all_tags)]

    def _mentions(self, text: str, sents: list[tuple[re.Match, list[str]]], all_tags: list[list[str]]) -> list[Mention]:
        out: list[Mention] = []
        for (extent, _), tags in zip(sents, all_tags):
            found = spans(tags)
            if not found:
                continue
            sent = list(_TOKEN_RE.finditer(text, *extent.span()))  # the tokens' offsets
            for a, b, typ in found:
                first = sent[a]
                if first.group()[0] in "(«\"“'[" and len(first.group()) == 1:
                    continue
                pre, elided = self.clitic_prefix(first.group())
                start = first.start() + pre
                end = sent[b - 1].end()
                if start < end:
                    span = text[start:end]
                    out.append(Mention(start, end, typ, span, "ا" + span if elided else span))
        return out


def _sentences(text: str) -> list[tuple[re.Match, list[str]]]:
    """The sentences of ``text`` (a new one after .!?؟… and at line breaks), each as its
    extent in ``text`` and its tokens. The tokens are strings, not matches: only the
    sentences with a name need their offsets (:meth:`Annotator._mentions`)."""
    sents = []
    for s in _SENTENCE_RE.finditer(text):
        tokens = _TOKEN_RE.findall(text, *s.span())
        if tokens:
            sents.append((s, tokens))
    return sents


@lru_cache(maxsize=1)
def annotator() -> Annotator:
    return Annotator()


def recognize(text: str) -> list[Mention]:
    """Named-entity mentions in ``text`` (offsets into ``text``), in text order."""
    return annotator().recognize(text)


def recognize_all(texts: list[str]) -> list[list[Mention]]:
    """:func:`recognize` of each text, faster than one by one."""
    return annotator().recognize_all(texts)
