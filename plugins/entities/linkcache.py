"""Each article's linking, kept between builds (``CACHE_PATH/entities/linking.txt``).

Linking one article (titles stripped, keys folded, surnames propagated, the mentions'
places found in its HTML) depends only on its title and HTML, its raw mentions (a
function of those and the recogniser's version) and the linker's state (gazetteer,
editors' file). The result is kept under a hash of all of these and of the code, so a
build links again only the articles that changed; what needs the whole site (the
registry, slugs, related articles) is still computed every build, from these results.

One line per article, ``key<TAB>json``, decoded only when used; the first line holds
a checksum of the rest. A file that fails it or has another format is ignored and
rewritten, never trusted. Without a path (no ``CACHE_PATH``) nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from annotations.cache import read_checked, write_checked

from .recognize import Mention

FORMAT = "arshif-linking 1"


Linked = tuple  # (title links, body links, source places of the body links); see Builder._link


class LinkCache:
    def __init__(self, path: Path | None, salt: str):
        """``salt``: the code, recogniser and linker state every entry depends on."""
        self.path = Path(path) if path else None
        self.salt = salt.encode("utf-8", "surrogatepass")
        self.old = self._load()
        self.new: dict[str, str] = {}
        self.hits = self.misses = 0

    def _load(self) -> dict[str, str]:
        body = read_checked(self.path, FORMAT) if self.path else None
        if body is None:
            return {}
        # split("\n"), not splitlines(): JSON may hold U+2028 and the like, never "\n"
        return dict(line.split("\t", 1) for line in body.split("\n")[:-1])

    def key(self, title: str, content: str) -> str:
        h = hashlib.sha256(self.salt)
        h.update(b"\x00" + str(title).encode("utf-8", "surrogatepass"))
        h.update(b"\x00" + content.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> Linked | None:
        """The linking kept under ``key`` (kept for the next build too), or None."""
        value = self.old.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.new[key] = value
        return _decode(value)

    def put(self, key: str, linked: Linked) -> None:
        self.new[key] = _encode(*linked)

    def save(self) -> None:
        """Write the entries of this build (only); nothing when they are the old ones."""
        if self.path and self.new != self.old:
            write_checked(self.path, FORMAT, "".join(f"{k}\t{self.new[k]}\n" for k in sorted(self.new)))


def _encode(tl, bl, places) -> str:
    return json.dumps({
        "t": [[*m, k] for m, k in tl],
        "b": [[*m, k, *(p or (-1, -1))] for (m, k), p in zip(bl, places)],
    }, ensure_ascii=False)


def _decode(value: str) -> Linked:
    d = json.loads(value)
    tl = [(Mention(*r[:5]), r[5]) for r in d["t"]]
    bl = [(Mention(*r[:5]), r[5]) for r in d["b"]]
    places = [None if r[6] < 0 else (r[6], r[7]) for r in d["b"]]
    return tl, bl, places
