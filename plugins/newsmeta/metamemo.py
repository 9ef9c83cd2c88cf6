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
"""

from __future__ import annotations

import hashlib
import marshal

from annotations.cache import RecordMemo
from annotations.registry import source_version

from .annotate import NewsMeta
from .annotator import VERSION as ANNOTATOR_VERSION
from .dates import MentionedDate
from .quotes import Quote

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
