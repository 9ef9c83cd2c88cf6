"""Text analysis for search: raw text to index terms.

The chain is tokenise (:mod:`arabic.tokens`) → normalise (:mod:`arabic.normalize`) →
stem (:mod:`arabic.stem`, which also drops stop words). Each step after tokenising is
a function from one word to a list of words, named by the label under which the search
plugin registers it as a lunr pipeline function; ``arabic.js`` registers its twins under
the same labels in the browser, so an index built here is queried with the same chain.
"""

from __future__ import annotations

from typing import Callable

from .normalize import normalize
from .stem import stems
from .tokens import iter_words


def normalize_word(word: str) -> list[str]:
    folded = normalize(word)
    return [folded] if folded else []


# (label, function) in pipeline order; labels are the contract with arabic.js.
PIPELINE: tuple[tuple[str, Callable[[str], list[str]]], ...] = (
    ("arabic-normalize", normalize_word),
    ("arabic-stem", stems),
)


def analyze_word(word: str) -> list[str]:
    """Run one token through the pipeline."""
    words = [word]
    for _label, step in PIPELINE:
        words = [out for w in words for out in step(w)]
    return words


def analyze(text: str) -> list[str]:
    """All index terms of ``text``, in order (a word may give several)."""
    return [term for word in iter_words(text) for term in analyze_word(word)]
