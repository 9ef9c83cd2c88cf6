"""The one Arabic text toolkit: normalisation, tokenisation, clitics and stems.

Used by the entity annotator and the search index; ``arabic.js`` is its browser twin.
"""

from .normalize import normalize, strip_marks
from .tokens import Token, tokenize, iter_words

__all__ = ["normalize", "strip_marks", "Token", "tokenize", "iter_words"]
