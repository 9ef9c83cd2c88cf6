"""Normalise text while keeping a map back to the original offsets.

:func:`arabic.normalize` may drop characters (diacritics, tatweel), so a match found
in normalised text does not sit at the same offsets in the original. Finders that
search normalised text (dates, quotes, names) use this to report spans in the
original text.
"""

from __future__ import annotations

from .normalize import normalize


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return ``(norm, origin)`` where ``norm == normalize(text)`` and
    ``origin[i]`` is the offset in ``text`` of the character that gave ``norm[i]``.

    ``origin`` has one extra last item, ``len(text)``, so an end offset maps too:
    the original span of ``norm[a:b]`` is ``text[origin[a]:origin[b]]`` up to
    dropped trailing marks.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        n = normalize(ch)
        out.append(n)
        origin.extend([i] * len(n))
    origin.append(len(text))
    return "".join(out), origin
