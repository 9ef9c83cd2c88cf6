"""Reading aids: plain text of an article, word count, reading time, lead summary."""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache

from arabic.tokens import WORD_CHARS, WORD_RE

_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|tr|pre)\s*>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"[ \t\r\f\v]+")


def plain_text(content_html: str) -> str:
    """The text of an article's HTML, one paragraph a line, entities unescaped."""
    text = _BLOCK_END.sub("\n", content_html or "")
    text = html.unescape(_TAG.sub("", text))
    lines = (_BLANKS.sub(" ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes, at least one for any text."""
    return max(1, math.ceil(words / words_per_minute)) if words else 0


def first_paragraph(text: str) -> str:
    """The first line of :func:`plain_text` that has a word."""
    return next((ln for ln in text.split("\n") if WORD_RE.search(ln)), "")


@lru_cache(maxsize=8)
def _first_words(n: int) -> re.Pattern:
    """The text up to the end of its n-th word, in one match (one C call instead of a
    match object per word). Possessive, so that a paragraph of fewer words fails at
    once instead of trying every way of splitting its words into n."""
    return re.compile(f"(?:[^{WORD_CHARS}]*+[{WORD_CHARS}]++){{{n}}}")


def cut_words(paragraph: str, max_words: int) -> str:
    """``paragraph`` cut after ``max_words`` words (with …; at least one word)."""
    head = _first_words(max(1, max_words)).match(paragraph)
    if head is None or WORD_RE.search(paragraph, head.end()) is None:
        return paragraph
    return paragraph[: head.end()] + "…"  # the match ends on a word character
