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
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotations.cache import KeptLines, text_key
from annotations.registry import json_line, parse_json

from .recognize import Mention

FORMAT = "arshif-linking 1"


Linked = tuple  # (title links, body links, source places of the body links); see Builder._link


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

    def linked(self, key: str) -> Linked:
        """The linking of this build under ``key`` (kept, or put), decoded afresh: the
        build reads each article's twice, one article at a time, rather than hold the
        mentions of all of them (~18 KB per article)."""
        return _decode(self.lines[key])

    def save(self) -> None:
        self.lines.save()


def encode(linked: Linked) -> bytes:
    """One article's linking as the cache keeps it (made where the article is linked,
    so that a forked worker sends back bytes, not objects to unpickle)."""
    tl, bl, places = linked
    return json_line({
        "t": [[*m, k] for m, k in tl],
        "b": [[*m, k, *(p or (-1, -1))] for (m, k), p in zip(bl, places)],
    })


def _decode(value) -> Linked:
    d = parse_json(value)
    tl = [(Mention(*r[:5]), r[5]) for r in d["t"]]
    bl = [(Mention(*r[:5]), r[5]) for r in d["b"]]
    places = [None if r[6] < 0 else (r[6], r[7]) for r in d["b"]]
    return tl, bl, places
