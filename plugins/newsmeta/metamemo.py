"""Every article's news metadata (mentioned dates, quotes and their speakers, reading
aids), kept for a build in which nothing it reads changed.

Made from the article's cached newsmeta annotation, resolved against its date and cut
to the settings, with the speakers linked to its entities: at 1,000 articles ~50 ms of
a warm build (the annotation parsed, the dates resolved, the speakers looked for).
What it reads is the article's title and body (the annotation) and entities — all
covered by the site's linking key (entities.sitememo) —, its date, newsmeta's
settings and the code. A build in which these are the last build's reads each
article's record back from ``CACHE_PATH/newsmeta/site.bin`` (an
``annotations.cache.RecordMemo``: one marshal record an article, in the build's
article order; a speaker's entity kept as its place in the article's entities).
Sources are not kept: they are the registry's shared objects, found again (cheaply)
from each article's metadata.

A build in which something changed (an edit) finds each article's record by the
article's own key instead (:class:`ArticleMetas`: its title and body, date and
entities' names, types and aliases, newsmeta's settings and the code), in
``CACHE_PATH/newsmeta/articles.bin``, and makes only the others (10,000 articles, one
edited: the whole site's 1.0 s under the profiler).
"""

from __future__ import annotations

import binascii
import hashlib
import marshal

from annotations.cache import KeptLines, RecordMemo, text_key
from annotations.registry import source_version

from .annotate import NewsMeta
from .annotator import VERSION as ANNOTATOR_VERSION
from .dates import MentionedDate
from .quotes import Quote, speaker_names

FORMAT = f"arshif-newsmeta-site 1 marshal {marshal.version}"
CODE = source_version("newsmeta.annotate", "newsmeta.dates", "newsmeta.metamemo", "newsmeta.quotes",
                      "newsmeta.reading")


def meta_key(articles: list, config: str, linking_key: str) -> str:
    """Everything the metadata of ``articles`` reads: ``config`` (newsmeta's settings,
    as text), ``linking_key`` (the site's titles, bodies and entities), each article's
    date, in order, and the code."""
    h = hashlib.sha256(f"{FORMAT}\x00{CODE}\x00{ANNOTATOR_VERSION}\x00{config}\x00{linking_key}".encode())
    for art in articles:
        date = getattr(art, "date", None)
        h.update(b"\x00" + (date.isoformat() if date is not None else "-").encode())
    return h.hexdigest()


class MetaMemo(RecordMemo):
    def __init__(self, path, key: str):
        super().__init__(path, FORMAT, key)


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
