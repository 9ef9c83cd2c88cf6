"""The whole site's entity linking, kept for a build in which nothing it reads changed.

Each article's linking is cached (entities.linkcache), but the registry (names, types,
slugs), related articles and co-mentioned entities depend on every article and were
made again by every build: at 10,000 articles some 5 s of a warm build, its largest
own stage. A build whose articles (linking keys, dates, slugs, in order), settings,
linker state and code are those of the last one reads that build's result back
instead (``CACHE_PATH/entities/site.txt``): after the key line, one record with the
entity table a column a field (``annotate._entity_columns``), the (entity, count) pairs
articles share and the entities' order, then one per article: its entities, mentions,
link places and related articles, each as the bytes of an array of C ints (see
``Builder._row``). Records are marshal data behind their length (the site read back
in 0.25 s at 10,000 articles); the file is checksummed and read a record at a time; a
damaged file, another key or another marshal version means computing again.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Iterable

from annotations.cache import RecordMemo

FORMAT = f"arshif-entity-site 5 marshal {marshal.version}"


def site_key(parts: Iterable[str]) -> str:
    """A hash of ``parts``: everything the site's linking reads."""
    h = hashlib.sha256(FORMAT.encode())
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


class SiteMemo(RecordMemo):
    """The site's linking saved under ``key`` (nothing kept without a path): the entity
    table's record first, then two per article."""

    def __init__(self, path: Path | None, key: str):
        super().__init__(path, FORMAT, key)
