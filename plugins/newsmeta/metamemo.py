"""Every article's news metadata (mentioned dates, quotes and their speakers, reading
aids), kept for the next build.

Made from the article's cached newsmeta annotation, resolved against its date and cut
to the settings, with the speakers linked to its entities: at 1,000 articles ~50 ms of
a warm build (the annotation parsed, the dates resolved, the speakers looked for).
What it reads is the article's title and body (the annotation) and entities — all
covered by the key of its linked body (``entities.annotate.linked_body_key``) —, its
date, newsmeta's settings and the code. A build reads each article's record back
from ``CACHE_PATH/newsmeta/site.bin`` (an ``annotations.cache.RecordMemo`` under a key
of the settings and the code: first each article's id, a hash of its linked body's key
and its date (:func:`article_ids`), then one marshal record an article, in the
build's article order; a speaker's entity kept as its place in the article's
entities). The articles whose id changed (an edit that kept the site's entity table)
are made again and their records replaced in the file.

A build in which the articles are others, or more than half of them changed (an edit
that named another entity changes every linked body's key), finds each article's
record by the article's own key instead (:class:`ArticleMetas`: its title and body,
date and entities' names, types and aliases, newsmeta's settings and the code), in
``CACHE_PATH/newsmeta/articles.bin``, and makes only the others (10,000 articles, one
edited: the whole site's 1.0 s under the profiler). Sources are not kept: they are
the registry's shared objects, found again (cheaply) from each article's metadata.
"""

from __future__ import annotations

import binascii
import hashlib
import marshal
from typing import Iterator

from annotations.cache import KeptLines, RecordMemo, changed_places, text_key
from annotations.registry import source_version

from .annotate import NewsMeta
from .annotator import VERSION as ANNOTATOR_VERSION
from .dates import MentionedDate
from .quotes import Quote, speaker_names

FORMAT = f"arshif-newsmeta-site 2 marshal {marshal.version}"
CODE = source_version("newsmeta.annotate", "newsmeta.dates", "newsmeta.metamemo", "newsmeta.quotes",
                      "newsmeta.reading")


def meta_key(config: str) -> str:
    """What every article's metadata reads besides the article: ``config`` (newsmeta's
    settings, as text) and the code."""
    return hashlib.sha256(f"{FORMAT}\x00{CODE}\x00{ANNOTATOR_VERSION}\x00{config}".encode()).hexdigest()


def article_ids(articles: list) -> bytes | None:
    """16 bytes an article, standing for what its metadata reads of it: the key of its
    linked body (its title, body and entities) and its date; None when an article has
    no such key (no entity linking, or its body changed since)."""
    ids = bytearray()
    for art in articles:
        linked = getattr(art, "linked_body", None)
        if linked is None or linked[0] is not getattr(art, "_content", None):
            return None
        date = getattr(art, "date", None)
        ids += hashlib.blake2b(f"{linked[1]} {date.isoformat() if date is not None else '-'}".encode(),
                               digest_size=16).digest()
    return bytes(ids)


class MetaMemo(RecordMemo):
    """The articles' records under :func:`meta_key`, after their ids."""

    def __init__(self, path, config: str):
        super().__init__(path, FORMAT, meta_key(config))

    def kept(self, ids: bytes) -> tuple[Iterator, list[int]] | None:
        """The last build's records (after the ids) and the places of the articles whose
        id is not the one they had, when that build had as many articles and no more
        than half of them changed; else None."""
        records = self.load()
        if records is None:
            return None
        old = next(records)
        changed = changed_places(ids, old, 16) if len(old) == len(ids) else None
        if changed is None or 2 * len(changed) > len(ids) // 16:
            records.close()
            return None
        return records, changed


def meta_record(meta: NewsMeta, entities: list) -> list:
    """``meta`` (without its sources) as the memo keeps it."""
    place = {id(e): i for i, e in enumerate(entities)}
    return [
        [(d.text, d.start, d.end, d.iso, d.precision, d.calendar, d.relative) for d in meta.dates],
        [tuple(d) for d in meta.dates_distinct],
        [(q.text, q.start, q.end, q.speaker, q.speaker_start, q.speaker_end, q.how,
          -1 if q.entity is None else place[id(q.entity)], q.words) for q in meta.quotes],
        meta.words, meta.minutes, meta.lead,
    ]


def from_record(rec: list, entities: list) -> NewsMeta:
    """The NewsMeta that :func:`meta_record` kept (``entities``: the article's)."""
    dates, distinct, quotes, words, minutes, lead = rec
    return NewsMeta(
        dates=[MentionedDate(*d) for d in dates],
        dates_distinct=distinct,
        quotes=[Quote(*q[:7], None if q[7] < 0 else entities[q[7]], q[8]) for q in quotes],
        words=words, minutes=minutes, lead=lead,
    )


ARTICLES_FORMAT = f"arshif-newsmeta-articles 1 marshal {marshal.version}"


class ArticleMetas:
    """Each article's record (:func:`meta_record`) under the article's own key, for a
    build whose site memo (:class:`MetaMemo`) is not the last build's: lines of an
    ``annotations.cache.KeptLines`` file, marshal data in base64."""

    def __init__(self, path, config: str):
        self.lines = KeptLines(path, ARTICLES_FORMAT)
        self._base = hashlib.sha256(f"{ARTICLES_FORMAT}\x00{CODE}\x00{ANNOTATOR_VERSION}\x00{config}".encode())

    def key(self, article) -> str:
        """What an article's record reads: its title and body (its newsmeta annotation),
        its date, and its entities' names, types and aliases (the speakers are found
        among them, and kept by their place)."""
        h = self._base.copy()
        date = getattr(article, "date", None)
        h.update(repr([date.isoformat() if date is not None else None,
                       text_key(getattr(article, "title", ""), getattr(article, "_content", "") or ""),
                       [speaker_names(e) for e in getattr(article, "entities", None) or []]]).encode(
            "utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> list | None:
        kept = self.lines.get(key)
        if kept is None:
            return None
        try:
            return marshal.loads(binascii.a2b_base64(bytes(kept)))
        except (ValueError, EOFError, TypeError, binascii.Error):
            return None

    def put(self, key: str, rec: list) -> None:
        self.lines.put(key, binascii.b2a_base64(marshal.dumps(rec), newline=False))

    def save(self) -> None:
        self.lines.save()
