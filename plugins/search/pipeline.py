"""The Arabic analysis chain as lunr.py pipeline functions.

Each step of :data:`arabic.analyzer.PIPELINE` is registered with
``lunr.Pipeline.register_function`` under its label; the serialised index names
these labels and ``arabic.js`` registers its twins under the same ones in lunr.js.
Text reaches lunr already split by :func:`arabic.tokens.iter_words` (lunr's own
tokeniser only splits on spaces and hyphens), so both sides start from the same words.
"""

from __future__ import annotations

from functools import lru_cache

from lunr.pipeline import Pipeline

from arabic.analyzer import PIPELINE, analyze_word
from arabic.tokens import iter_words


def _lunr_function(step):
    # Words repeat (Zipf): caching the analysis of each distinct word halves build time.
    cached = lru_cache(maxsize=1 << 18)(lambda word: tuple(step(word)))

    def run(token, i, tokens):
        outs = cached(token.string)
        if not outs:
            return None
        extra = [token.clone(lambda _s, _m, out=out: out) for out in outs[1:]]
        token.string = outs[0]  # the first reading reuses the token: cheaper than a clone
        return [token, *extra] if extra else token

    return run


def functions():
    """(label, lunr function) pairs, registered once per process."""
    out = []
    for label, step in PIPELINE:
        fn = Pipeline.registered_functions.get(label)
        if fn is None:
            fn = _lunr_function(step)
            Pipeline.register_function(fn, label)
        out.append(fn)
    return out


def words(text: str) -> list[str]:
    """What lunr's tokeniser is given: the toolkit's words of ``text``."""
    return list(iter_words(text or ""))


# Words repeat (Zipf): on 1,000 news articles 16,384 distinct words keep 75 % of the
# lookups (65,536: 82 %, for 0.1 s less). Every annotation worker holds its own, and
# 65,536 grew each by ~20 MB per 1,000 articles, against ~8 MB.
@lru_cache(maxsize=1 << 14)
def _word_terms(word: str) -> tuple[str, ...]:
    # lunr's tokeniser lower-cases each word before the pipeline sees it.
    return tuple(analyze_word(word.lower()))


def terms(text: str) -> list[str]:
    """The index terms of ``text``, as :func:`run` gives them, without lunr's Token objects.

    Builds the index from cached per-article analyses (search/analysis.py); a parity
    test holds it to :func:`run` on real articles.
    """
    return [t for w in iter_words(text or "") for t in _word_terms(w)]


def run(text: str) -> list[str]:
    """``text`` through lunr.py's own Pipeline.run with the registered functions."""
    from lunr.tokenizer import Tokenizer

    pipeline = Pipeline()
    pipeline.add(*functions())
    return [str(t) for t in pipeline.run(Tokenizer(words(text)))]
