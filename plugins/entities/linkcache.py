"""Each article's linking, kept between builds (``CACHE_PATH/entities/linking.txt``).

Linking one article (titles stripped, keys folded, surnames propagated, the mentions'
places found in its HTML) depends only on its title and HTML, its raw mentions (a
function of those and the recogniser's version) and the linker's state (gazetteer,
editors' file). The result is kept under a hash of all of these and of the code, so a
build links again only the articles that changed; what needs the whole site (the
registry, slugs, related articles) is still computed every build, from these results.

One line per article, ``key<TAB>json``, in an ``annotations.cache.KeptLines`` file
(views into the file's bytes, decoded only when used; the first line holds a checksum
of the rest). A file that fails it or has another format is ignored and rewritten,
never trusted. Without a path (no ``CACHE_PATH``) nothing is kept.

A line holds what the site's linking reads of the article, not its mentions: the keys
it names, how often each under which shown form and type, and its body's links as
numbers (:class:`Linking`). The mentions' texts and forms (~18 KB an article) made
every build that linked the site parse them and make a tuple for each, twice: at
10,000 articles, one edited, some 2 s.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from annotations.cache import KeptLines, text_key
from annotations.registry import json_line, parse_json

from .link import display, fold
from .recognize import Mention

FORMAT = "arshif-linking 2"


class Linking(NamedTuple):
    """One article's linking as the site's linking reads it (see Builder._link)."""

    keys: list[str]  # the entity keys it names, in the order first named (title, then body)
    names: list  # flat (key's place in keys, form as shown, type, times, …), in the order first met
    mentions: list[int]  # its body's links in text order, flat (start, end, key's place, …)
    places: list[int]  # where they go in its HTML, flat (a, b, key's place, …); the unplaced left out

    def names_digest(self) -> bytes:
        """16 bytes standing for what the rest of the site reads of this article: the
        keys it names and how (not where). An edit that keeps them (a typo, a
        rewording) leaves the site's entity table and related articles as they were
        (entities.sitememo)."""
        return hashlib.blake2b(repr((self.keys, self.names)).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def linking(title_links: list[tuple[Mention, str]], body_links: list[tuple[Mention, str]], places: list) -> Linking:
    """The :class:`Linking` of an article's (mention, key) links of its title and body,
    and the body links' places in its HTML (None: not placed)."""
    keys: dict[str, int] = {}
    names: dict[tuple[int, str, str], int] = {}
    for m, k in title_links + body_links:
        name = (keys.setdefault(k, len(keys)), display(m.form if m.form and fold(m.form) == k else m.text), m.type)
        names[name] = names.get(name, 0) + 1
    return Linking(list(keys), [x for name, n in names.items() for x in (*name, n)],
                   [x for m, k in body_links for x in (m.start, m.end, keys[k])],
                   [x for (_m, k), p in zip(body_links, places) if p is not None for x in (p[0], p[1], keys[k])])


class LinkCache:
    def __init__(self, path: Path | None, salt: str):
        """``salt``: the code, recogniser and linker state every entry depends on."""
        self.lines = KeptLines(path, FORMAT)
        self.salt = salt.encode("utf-8", "surrogatepass")
        self._salted = hashlib.sha256(self.salt)  # copied for each key: the salt is ~44 KB

    def key(self, title: str, content: str, known: str | None = None) -> str:
        """The key of an article's linking: the salt and the annotation cache's key of
        its title and HTML (``known``, when the caller has it: one hash of the body
        less per article)."""
        h = self._salted.copy()
        h.update(b"\x00" + (known or text_key(title, content)).encode("ascii"))
        return h.hexdigest()

    def has(self, key: str) -> bool:
        """Whether the linking under ``key`` is kept (then kept for the next build too)."""
        return self.lines.get(key) is not None

    def put(self, key: str, line: bytes) -> None:
        """Keep under ``key`` a linking as :func:`encode` gave it."""
        self.lines.put(key, line)

    def linked(self, key: str) -> Linking:
        """The linking of this build under ``key`` (kept, or put), decoded afresh: the
        build reads each article's twice, one article at a time, rather than hold all."""
        return Linking(*parse_json(self.lines[key]))

    def save(self) -> None:
        self.lines.save()


def encode(linked: Linking) -> bytes:
    """One article's linking as the cache keeps it (made where the article is linked,
    so that a forked worker sends back bytes, not objects to unpickle)."""
    return json_line(list(linked))
