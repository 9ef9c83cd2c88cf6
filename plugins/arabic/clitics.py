"""Arabic proclitics: the conjunctions و ف, the prepositions ب ك ل and the article ال.

The one implementation of clitic handling, used by the entity tagger (features), the
entity linker (mention spans and canonical names) and anything else that needs to
see ``موسكو`` in ``وموسكو`` or ``الولايات`` in ``للولايات``.

Proclitics are ambiguous: ``بشار`` is a name, not ب + شار; ``واشنطن`` is not و + اشنطن.
:func:`proclitic_splits` lists every grammatical split; :func:`strip_proclitics` picks
one, the longest whose remainder a caller-supplied lexicon knows, or, without a lexicon,
only the unambiguous article combinations (وال، بال، لل …).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"
# Letters that can open an article-less proclitic chain (the alef of ال never can).
_CLITIC_LETTERS = frozenset("وفبكل")


class Split(NamedTuple):
    """One way to read ``word`` as proclitics + remainder.

    ``rest`` starts at ``word[prefix:]``. ``elided`` is true when the preposition ل
    swallowed the alef of the article (لل = ل + ال): the remainder ``rest`` then
    starts with ل and its dictionary form is ``"ا" + rest``.
    """

    prefix: int
    rest: str
    elided: bool

    @property
    def base(self) -> str:
        """The remainder as it would be written alone (``لولايات`` -> ``الولايات``)."""
        return "ا" + self.rest if self.elided else self.rest


def proclitic_splits(word: str, min_rest: int = 2) -> list[Split]:
    """Every split of ``word`` into (conjunction)(preposition) + remainder, longest first.

    The article is never split off here (it belongs to names such as ``الولايات``);
    ``ل`` + ``ال`` is recognised as ``لل``. The unsplit word is not included.
    """
    out: list[Split] = []
    i = 0
    if len(word) > i and word[i] in CONJUNCTIONS:
        i += 1
        _add(out, word, i, min_rest)
    for j in ([0, i] if i else [0]):
        if len(word) > j and word[j] in PREPOSITIONS:
            k = j + 1
            _add(out, word, k, min_rest)
    out.sort(key=lambda s: -s.prefix)
    return out


def _add(out: list[Split], word: str, k: int, min_rest: int) -> None:
    rest = word[k:]
    if len(rest) < min_rest:
        return
    elided = word[k - 1] == "ل" and rest.startswith("ل") and len(rest) > 2
    if any(s.prefix == k for s in out):
        return
    out.append(Split(k, rest, elided))


def strip_proclitics(word: str, known: Callable[[str], bool] | None = None) -> Split:
    """Choose how to read ``word``: the proclitics to drop and the remainder to keep.

    With ``known`` (a predicate on candidate remainders in dictionary form, e.g. a
    lexicon or gazetteer lookup), the longest split whose remainder is known wins.
    Without it, only splits that leave an article (``وال``، ``بال``، ``فال``، ``لل`` …)
    are taken, which are unambiguous enough for names. Otherwise the word is kept.
    """
    for s in proclitic_splits(word):
        base = s.base
        if known is not None:
            if known(base):
                return s
        elif base.startswith(ARTICLE) and len(base) > 3:
            return s
    return Split(0, word, False)


def light_stem(word: str) -> str:
    """Drop conjunction, preposition and article: ``وبالولايات`` -> ``ولايات``.

    Deterministic and lexicon-free, for use as a tagger feature; remainders shorter
    than two letters are not produced.
    """
    s = strip_proclitics(word)
    base = s.base
    if base.startswith(ARTICLE) and len(base) > 3:
        base = base[2:]
    elif s.prefix == 0 and word[:1] in _CLITIC_LETTERS and len(word) > 4:
        # و/ب/ف + word without article: strip one letter when long enough.
        base = word[1:]
    return base


__all__ = ["Split", "proclitic_splits", "strip_proclitics", "light_stem", "ARTICLE"]
