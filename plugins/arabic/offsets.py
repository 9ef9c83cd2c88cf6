"""Normalise text while keeping a map back to the original offsets.

:func:`arabic.normalize` may drop characters (diacritics, tatweel), so a match found
in normalised text does not sit at the same offsets in the original. Finders that
search normalised text (dates, quotes, names) use this to report spans in the
original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .normalize import DROPPED_RUNS, normalize


@lru_cache(maxsize=2)
def normalize_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """Return ``(norm, origin)`` where ``norm == normalize(text)`` and
    ``origin[i]`` is the offset in ``text`` of the character that gave ``norm[i]``.

    ``origin`` has one extra last item, ``len(text)``, so an end offset maps too:
    the original span of ``norm[a:b]`` is ``text[origin[a]:origin[b]]`` up to
    dropped trailing marks. It is read-only (a range or a tuple): the last texts'
    results are kept, as the date and quote finders each ask for an article's.
    """
    norm = normalize(text)
    if len(text.lower()) == len(text):
        # No character lower-cases to two (the usual case): each gives one or none.
        if len(norm) == len(text):
            return norm, range(len(text) + 1)
        origin, kept = [], 0
        for m in DROPPED_RUNS.finditer(text):
            origin.extend(range(kept, m.start()))
            kept = m.end()
        origin.extend(range(kept, len(text) + 1))
        return norm, tuple(origin)
    out: list[str] = []
    origin = []
    for i, ch in enumerate(text):
        n = normalize(ch)
        out.append(n)
        origin.extend([i] * len(n))
    origin.append(len(text))
    return "".join(out), tuple(origin)
