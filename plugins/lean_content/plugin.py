"""Article bodies rendered when a page asks for them, not kept for the whole build;
listing summaries made once per article, and kept for the next build
(lean_content.summaries, ``KEEP_SUMMARIES``).

Pelican memoizes ``get_content(siteurl)`` of every article for every site URL it is
asked with, to the end of the build. With relative URLs (the local site, the offline
bundle) a page's site URL is its depth (``.``, ``..``), so each body is kept twice
beside its source, and the entity plugin's link rewriting makes each copy a new
string: 12 MB at 1,000 articles, 120 MB at 10,000. Rendering a body again is two
regular-expression passes (tens of microseconds).

Summaries are the other way round: the article lists (home, sections, entity pages)
show an article's summary as plain text, which is the same at every depth, but
Pelican makes (and keeps) its HTML summary once per depth, and each listing strips its
tags again, some ten times per article: :func:`summary_text` makes the text once, from
a summary it does not leave in Pelican's memo (10 MB at 10,000 articles; the feeds of
a published site still ask Pelican's ``summary``).
"""

from pathlib import Path
from types import MethodType

from jinja2 import pass_environment
from jinja2.filters import do_striptags, do_truncate
from pelican import signals
from pelican.contents import Content

from fixed_urls.plugin import contents

from .summaries import SummaryMemo

# Pelican's get_content and get_summary without their memo (``memoized`` keeps the
# function as ``func``).
_RENDER = Content.__dict__["get_content"].func
_SUMMARY = Content.__dict__["get_summary"].func


def render_on_demand(generators) -> None:
    for content in contents(generators):
        content.get_content = MethodType(_RENDER, content)


@pass_environment
def summary_text(env, article, length: int = 255) -> str:
    """``article.summary|striptags|truncate(length)``, made once per article and length
    (kept as one flat tuple, length then text: a dict took 130 bytes more an article)."""
    made = article.__dict__.get("_summary_texts", ())
    for k in range(0, len(made), 2):
        if made[k] == length:
            return made[k + 1]

    def make() -> str:
        return do_truncate(env, do_striptags(_SUMMARY(article, article.get_siteurl())), length)

    memo = _summary_memo(env, article.settings)
    text = memo.text(article, length, make) if memo is not None else make()
    article._summary_texts = (*made, length, text)
    return text


_MEMO: list[tuple[dict, SummaryMemo | None]] = []  # the running build's settings and memo


def _summary_memo(env, settings) -> SummaryMemo | None:
    """The build's summary memo (its settings': made again for other settings), when
    there is a cache folder and ``KEEP_SUMMARIES``."""
    if not _MEMO or _MEMO[0][0] is not settings:
        cache = settings.get("CACHE_PATH")
        keep = cache and settings.get("KEEP_SUMMARIES", True)
        memo = SummaryMemo(Path(cache) / "lean_content" / "summaries.bin", settings, env.policies) if keep else None
        _MEMO[:] = [(settings, memo)]
    return _MEMO[0][1]


def save_summaries(_pelican) -> None:
    """``finalized``: keep this build's summary texts for the next."""
    if _MEMO:
        memo = _MEMO.pop()[1]
        if memo is not None:
            memo.save()


def add_filters(generator) -> None:
    generator.env.filters["summary_text"] = summary_text


def register():
    signals.all_generators_finalized.connect(render_on_demand)
    signals.generator_init.connect(add_filters)
    signals.finalized.connect(save_summaries)
