"""Word tokenisation with character offsets.

A token is a maximal run of word characters: Arabic letters and marks, ASCII and
Arabic-Indic digits, Latin letters (with accents). Everything else, Arabic
punctuation (، ؛ ؟ « ») included, separates tokens. The character class is spelled
out rather than taken from ``\\w`` so that the JavaScript twin matches it exactly.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

WORD_CHARS = (
    "0-9A-Za-z"
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin with accents
    "\u0610-\u061a"  # Arabic signs above/below
    "\u0620-\u065f"  # Arabic letters and harakat
    "\u0660-\u0669"  # Arabic-Indic digits
    "\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8\u06ea-\u06ef"  # extended letters, marks
    "\u06f0-\u06fc"  # Persian digits and letters
    "\u0750-\u077f\u08a0-\u08ff"  # Arabic supplement / extended-A
    "\ufb50-\ufdfb\ufe70-\ufefc"  # presentation forms
    "\u200c\u200d"  # zero-width (non-)joiners live inside words
)
WORD_RE = re.compile(f"[{WORD_CHARS}]+")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens, each with its [start, end) offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def iter_words(text: str) -> Iterator[str]:
    """The word strings of ``text``, without offsets."""
    for m in WORD_RE.finditer(text):
        yield m.group()
