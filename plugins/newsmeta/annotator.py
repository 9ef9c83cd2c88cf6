"""The newsmeta annotator for the annotation runner (plugins/annotations).

``annotate_doc`` is a pure function of the article's body: the date expressions
before resolution (they are resolved against the publication date when the article
is rendered), every quotation with its speaker, whatever its length (the
NEWSMETA_QUOTE_MIN_WORDS filter applies when rendering), the word count and the first
paragraph (the lead is cut from it by NEWSMETA_LEAD_WORDS when rendering): a build
with this value cached never makes the article's plain text. Its result is cached by
content and by :data:`VERSION`, a hash of the code that computes it.
"""

from __future__ import annotations

import dataclasses
import sys
from importlib.metadata import version as package_version

from annotations.registry import source_version

from .dates import scan_dates
from .quotes import Quote, find_quotes
from .reading import first_paragraph, plain_text, word_count

NAME = "newsmeta"
TARGET = "newsmeta.annotator:annotate_doc"
VERSION = source_version(
    "newsmeta.annotator", "newsmeta.dates", "newsmeta.quotes", "newsmeta.reading",
    "arabic.months", "arabic.normalize", "arabic.offsets", "arabic.tokens",
    extra=f"hijridate {package_version('hijridate')}",
)
_QUOTE_FIELDS = [f.name for f in dataclasses.fields(Quote) if f.name != "entity"]


def annotate_text(text: str) -> dict:
    return {
        "dates": scan_dates(text),
        "quotes": [{k: getattr(q, k) for k in _QUOTE_FIELDS} for q in find_quotes(text, min_words=1)],
        "words": word_count(text),
        "first": first_paragraph(text),
    }


def annotate_doc(doc) -> dict:
    """doc: ``annotations.registry.Doc`` (source, title, html)."""
    return annotate_text(plain_text(doc.html))


def quotes_from(value: dict, min_words: int) -> list[Quote]:
    # ``how`` is one of four words: interned, not a string per quote a build holds
    return [Quote(**{**q, "how": sys.intern(q["how"])}) for q in value["quotes"] if q["words"] >= min_words]
