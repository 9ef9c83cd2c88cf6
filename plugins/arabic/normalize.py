"""Orthographic normalisation of Arabic text.

The one place where spelling variants are folded: hamza/alef forms, alef maqsura,
ta marbuta, diacritics, tatweel, invisible format characters and non-Latin digits.
The entity annotator, the search index and the JavaScript twin (``arabic.js``) all
rely on it, so a change here must be mirrored there and in the shared test vectors.

Every rule maps one character to zero or one character, which keeps offsets easy to
reason about: ``normalize`` never reorders or expands text.
"""

from __future__ import annotations

import re

# Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks: dropped.
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670" + "".join(
    chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)
)
TATWEEL = "\u0640"
# Zero-width and bidi format characters: invisible, but they split words in indexes.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"

FOLD = {
    "\u0622": "\u0627",  # آ -> ا
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0649": "\u064a",  # ى -> ي
    "\u06cc": "\u064a",  # Persian yeh -> ي
    "\u06a9": "\u0643",  # Persian keheh -> ك
    "\u0629": "\u0647",  # ة -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
}
# Arabic-Indic and Persian (Extended Arabic-Indic) digits -> ASCII.
for _i in range(10):
    FOLD[chr(0x0660 + _i)] = str(_i)
    FOLD[chr(0x06F0 + _i)] = str(_i)

_TABLE = {ord(c): None for c in DIACRITICS + TATWEEL + INVISIBLE}
_MARKS_TABLE = dict(_TABLE)
_TABLE.update({ord(k): v for k, v in FOLD.items()})
# Runs of the characters normalize() drops.
DROPPED_RUNS = re.compile("[" + "".join(re.escape(chr(c)) for c, v in sorted(_TABLE.items()) if v is None) + "]+")
_FOLDS = tuple(FOLD.items())  # no rule's output is another rule's input: any order folds alike
#: From this length a text is folded by one C scan per rule rather than by
#: ``str.translate``, which looks every character up in a dict: a 2,000-character
#: article 107 -> 30 µs, a word 0.8 -> 1.9 µs.
_LONG = 64


def normalize(text: str) -> str:
    """Fold spelling variants so that differently typed forms of a word compare equal.

    Latin letters are lower-cased. The function is idempotent.
    """
    if len(text) < _LONG:
        return text.translate(_TABLE).lower()
    text = DROPPED_RUNS.sub("", text)
    for variant, folded in _FOLDS:
        if variant in text:
            text = text.replace(variant, folded)
    return text.lower()


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible characters only (keep hamza forms).

    For display forms such as canonical entity names, where letters must stay as
    written but decoration should go.
    """
    return text.translate(_MARKS_TABLE)
