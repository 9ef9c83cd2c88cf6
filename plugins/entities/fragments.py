"""Parts of the entity pages made once for all the pages that show them.

The entity pages are all at one depth (one ``SITEURL``), and much of what they list
comes out the same on several of them: an article's item (the theme's
``article_item``: title, date, sources, summary; ~24 µs of macros and filters, and
importing the macros with the page's context ~24 µs more) on the page of each entity
it names, 81,007 items of 9,804 articles at 10,000; a co-mentioned entity with its
count, 217,375 items of 23,008 pairs. ``{% call once(key…) %}…{% endcall %}`` in a
template makes the block's text the first time and gives it again for the same key, so
the key must hold everything the block shows that is not the same on every entity
page (the context, the settings and the filters are). Entity pages took 0.20 → 0.14 ms
each to render at 1,000 articles, 0.24 → 0.15 ms at 10,000.

The texts are kept while the entity pages are written (:func:`kept`; 24 MB at 10,000
articles) and dropped after them; outside, the block is made every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_KEPT: list[dict] = []  # the texts of the pages being written, by key


def once(*key, caller):
    """The text of the ``{% call %}`` block (``caller()``), made once per ``key`` (of
    hashable values) while :func:`kept`."""
    if not _KEPT:
        return caller()
    made = _KEPT[-1]
    text = made.get(key)
    if text is None:
        text = made[key] = caller()
    return text


@contextmanager
def kept() -> Iterator[None]:
    """Keep the texts :func:`once` makes until the block ends."""
    _KEPT.append({})
    try:
        yield
    finally:
        _KEPT.pop()
