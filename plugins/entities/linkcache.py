"""Each article's linking, kept between builds (``CACHE_PATH/entities/linking.txt``).

Linking one article (titles stripped, keys folded, surnames propagated, the mentions'
places found in its HTML) depends only on its title and HTML, its raw mentions (a
function of those and the recogniser's version) and the linker's state (gazetteer,
editors' file). The result is kept under a hash of all of these and of the code, so a
build links again only the articles that changed; what needs the whole site (the
registry, slugs, related articles) is still computed every build, from these results.

One line per article, ``key<TAB>json``, decoded only when used; the first line holds
a checksum of the rest. A file that fails it or has another format is ignored and
rewritten, never trusted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotations.cache import read_checked, write_checked

FORMAT = "arshif-linking 1"


class LinkCache:
    def __init__(self, path: Path, salt: str):
        """``salt``: the code, recogniser and linker state every entry depends on."""
        self.path = Path(path)
        self.salt = salt.encode("utf-8", "surrogatepass")
        self.old = self._load()
        self.new: dict[str, str] = {}
        self.hits = self.misses = 0

    def _load(self) -> dict[str, str]:
        body = read_checked(self.path, FORMAT)
        if body is None:
            return {}
        # split("\n"), not splitlines(): JSON may hold U+2028 and the like, never "\n"
        return dict(line.split("\t", 1) for line in body.split("\n")[:-1])

    def key(self, title: str, content: str) -> str:
        h = hashlib.sha256(self.salt)
        h.update(b"\x00" + str(title).encode("utf-8", "surrogatepass"))
        h.update(b"\x00" + content.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> str | None:
        """The JSON kept under ``key`` (kept for the next build too), or None."""
        value = self.old.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
            self.new[key] = value
        return value

    def put(self, key: str, value_json: str) -> None:
        self.new[key] = value_json

    def save(self) -> None:
        """Write the entries of this build (only); nothing when they are the old ones."""
        if self.new.keys() == self.old.keys() and not self.misses:
            return
        write_checked(self.path, FORMAT, "".join(f"{k}\t{self.new[k]}\n" for k in sorted(self.new)))
