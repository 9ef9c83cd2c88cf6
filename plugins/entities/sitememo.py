"""The whole site's entity linking, kept for the next build.

Each article's linking is cached (entities.linkcache), but the registry (names, types,
slugs), related articles and co-mentioned entities depend on every article and were
made again by every build: at 10,000 articles some 5 s of a warm build, its largest
own stage. A build reads the last one's result back instead
(``CACHE_PATH/entities/site.txt``) when what they read is the same: the settings, the
linker state, the code, and each article's date, slug and *names* — the entities it
names and how often under which form and type, not where
(``linkcache.Linking.names_digest``). So an edit that keeps an article's names (a
typo, a rewording: 149 of 150 articles given a word more) is one article linked again,
not the whole site (2.6 s at 10,000 articles).

After the key line: one record with the articles' ids (their linking keys' bytes) and
names digests, which tell which articles changed and the key without reading the rest;
one with the entity table a column a field (``annotate._entity_columns``), the (entity,
count) pairs articles share and the entities' order; then one per article: its
entities, mentions, link places and related articles, each as the bytes of an array of
C ints (see ``Builder._row``). An article whose linking changed but not its names has
its mentions and places made again from its linking, and its record replaced in the
file. Records are marshal data behind their length (the site read back in 0.25 s at
10,000 articles); the file is checksummed and read a record at a time; a damaged file,
another key or another marshal version means computing again.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Iterable

from annotations.cache import RecordMemo

FORMAT = f"arshif-entity-site 6 marshal {marshal.version}"


def site_key(parts: Iterable[str]) -> str:
    """A hash of ``parts``: everything the site's linking reads."""
    h = hashlib.sha256(FORMAT.encode())
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


class SiteMemo(RecordMemo):
    """The site's linking saved under ``key`` (nothing kept without a path); its key
    is set once known, from the first record of the last one (``read``)."""

    def __init__(self, path: Path | None, key: str = ""):
        super().__init__(path, FORMAT, key)
