"""The whole site's entity linking, kept for a build in which nothing it reads changed.

Each article's linking is cached (entities.linkcache), but the registry (names, types,
slugs), related articles and co-mentioned entities depend on every article and were
made again by every build: at 10,000 articles some 5 s of a warm build, its largest
own stage. A build whose articles (linking keys, dates, slugs, in order), settings,
linker state and code are those of the last one reads that build's result back
instead (``CACHE_PATH/entities/site.txt``): after the key, one line with the entity
table, then one line per article with its entities, mentions, link places and related
articles, all as indices (see ``Builder._row``). The file is checksummed and read a
line at a time; a damaged file or another key means computing again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable, Iterator

from annotations.cache import checked_file, json_line, write_checked

FORMAT = "arshif-entity-site 1"


def site_key(parts: Iterable[str]) -> str:
    """A hash of ``parts``: everything the site's linking reads."""
    h = hashlib.sha256(FORMAT.encode())
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


class SiteMemo:
    """The site's linking saved under ``key`` (nothing kept without a path)."""

    def __init__(self, path: Path | None, key: str):
        self.path, self.key = (Path(path) if path else None), key

    def load(self) -> Iterator | None:
        """The saved lines, parsed one at a time (the entity table first), when they
        were saved under this key; otherwise None."""
        f = checked_file(self.path, FORMAT) if self.path else None
        if f is None:
            return None
        if f.readline().rstrip(b"\n").decode("ascii", "replace") != self.key:
            f.close()
            return None
        return _lines(f)

    def save(self, table: list, rows: Iterable[bytes]) -> None:
        """``table``: the entity rows; ``rows``: each article's row, JSON bytes."""
        if not self.path:
            return
        head = [self.key.encode("ascii") + b"\n", json_line(table) + b"\n"]
        write_checked(self.path, FORMAT, (line for part in (head, (r + b"\n" for r in rows)) for line in part))


def _lines(f) -> Iterator:
    with f:
        for line in f:
            yield json.loads(line)
