"""schema.org NewsArticle JSON-LD and OpenGraph/Twitter tags for an article page.

The JSON is made safe to sit inside ``<script type="application/ld+json">``: ``<``,
``>`` and ``&`` are written as ``\\u003c`` ``\\u003e`` ``\\u0026`` (so ``</script>`` in a
title cannot close the element) and U+2028/U+2029 as escapes; Arabic stays UTF-8.
URLs are absolute when the site URL is known (publishing) and left out otherwise
(the local build uses relative URLs, which JSON-LD and OpenGraph cannot use).
"""

from __future__ import annotations

import json

from markupsafe import Markup

from build_report.stages import stage

from .sources import byline_agencies

ENTITY_TYPES = {"PERS": "Person", "LOC": "Place", "ORG": "Organization", "MISC": "Thing"}
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> Markup:
    """JSON text that is safe inside a <script> element (deterministic key order)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    for ch, esc in _SCRIPT_SAFE.items():
        text = text.replace(ch, esc)
    return Markup(text)


def _abs(siteurl: str | None, url: str | None) -> str | None:
    if not siteurl or not url:
        return None
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def _iso(dt) -> str:
    return dt.isoformat() if dt is not None else None


def _text(value) -> str:
    return str(value) if value is not None else ""


def news_article(article, meta, settings, siteurl: str | None) -> dict:
    """The NewsArticle object for ``article`` (``meta``: the NewsMeta annotations)."""
    title = _text(getattr(article, "title", ""))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title if len(title) <= 110 else title[:109] + "…",
        "name": title,
        "inLanguage": getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "ar"),
        "datePublished": _iso(getattr(article, "date", None)),
        "wordCount": meta.words,
        "description": meta.lead,
        "publisher": {"@type": "Organization", "name": _text(settings.get("SITENAME", ""))},
    }
    modified = getattr(article, "modified", None)
    data["dateModified"] = _iso(modified) if modified else data["datePublished"]
    url = _abs(siteurl, getattr(article, "url", None))
    if url:
        data["url"] = url
        data["@id"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    if siteurl:
        data["publisher"]["url"] = siteurl.rstrip("/") + "/"

    orgs = []
    for src in meta.sources:
        org = {"@type": "NewsMediaOrganization", "name": src.name, "alternateName": src.name_en}
        if _abs(siteurl, src.url):
            org["url"] = _abs(siteurl, src.url)
        orgs.append(org)
    if orgs:
        data["sourceOrganization"] = orgs if len(orgs) > 1 else orgs[0]

    authors = []
    author = getattr(article, "author", None)
    # A byline that is a dateline with an agency ("جدة : واس") names no person.
    if (author is not None and _text(author) and _text(author) != settings.get("AUTHOR", "arshif")
            and not byline_agencies(author)):
        authors.append({"@type": "Person", "name": _text(author)})
    for initials in getattr(article, "editors", None) or []:
        authors.append({"@type": "Person", "name": _text(initials)})
    if not authors:
        authors = [dict(o) for o in orgs] or [{"@type": "Organization", "name": data["publisher"]["name"]}]
    data["author"] = authors

    category = getattr(article, "category", None)
    if category is not None:
        data["articleSection"] = _text(category)
    tags = getattr(article, "tags", None) or []
    if tags:
        data["keywords"] = [_text(t) for t in tags]
    original = getattr(article, "original_url", None)
    if isinstance(original, str) and original.startswith(("http://", "https://")):
        data["isBasedOn"] = original

    mentions = []
    for ent in getattr(article, "entities", None) or []:
        thing = {"@type": ENTITY_TYPES.get(getattr(ent, "type", ""), "Thing"), "name": _text(getattr(ent, "name", ""))}
        if _abs(siteurl, getattr(ent, "url", None)):
            thing["url"] = _abs(siteurl, ent.url)
        mentions.append(thing)
    if mentions:
        data["mentions"] = mentions
        # `about`: the entities named most (entities arrive sorted by count).
        top = [m for m, e in zip(mentions, article.entities) if getattr(e, "count", 0) >= 2][:3]
        data["about"] = top or mentions[:1]
    dates = [d for d, _ in meta.dates_distinct if len(d) == 10 and d[4] == "-"]
    if dates:
        data["temporalCoverage"] = dates[0] if len(dates) == 1 else f"{dates[0]}/{dates[-1]}"
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def social_tags(article, meta, settings, siteurl: str | None) -> list[tuple[str, str, str]]:
    """(attribute, key, content) triples for <meta> tags: OpenGraph, article:*, Twitter."""
    title = _text(getattr(article, "title", ""))
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", meta.lead),
        ("property", "og:site_name", _text(settings.get("SITENAME", ""))),
        ("property", "og:locale", settings.get("NEWSMETA_OG_LOCALE", "ar_AR")),
    ]
    url = _abs(siteurl, getattr(article, "url", None))
    if url:
        tags.append(("property", "og:url", url))
    date = getattr(article, "date", None)
    if date is not None:
        tags.append(("property", "article:published_time", date.isoformat()))
    modified = getattr(article, "modified", None)
    if modified:
        tags.append(("property", "article:modified_time", modified.isoformat()))
    category = getattr(article, "category", None)
    if category is not None:
        tags.append(("property", "article:section", _text(category)))
    for t in getattr(article, "tags", None) or []:
        tags.append(("property", "article:tag", _text(t)))
    tags += [
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", meta.lead),
    ]
    site = settings.get("NEWSMETA_TWITTER_SITE")
    if site:
        tags.append(("name", "twitter:site", site))
    tags.append(("name", "description", meta.lead))
    return [t for t in tags if t[2]]


def page_head(article, meta, settings: dict, siteurl: str | None) -> tuple[str, list]:
    """(JSON-LD text, social tags) of ``article``'s page (``meta``: its NewsMeta)."""
    return str(script_json(news_article(article, meta, settings, siteurl))), social_tags(article, meta, settings, siteurl)


class HeadPart:
    """One part of an article's page head (0: the JSON-LD, 1: the social tags), asked of
    the build's ``newsmeta.headmemo.PageHeads`` each time its template uses it
    (``{{ value }}`` through ``__html__``, ``{% for %}`` through ``__iter__``) instead of
    held for every article until its page is written: ~2 KB an article (20 MB at
    10,000 articles). The time counts in the news-metadata stage."""

    __slots__ = ("heads", "number", "part")

    def __init__(self, heads, number: int, part: int):
        self.heads, self.number, self.part = heads, number, part

    def value(self):
        with stage("news metadata"):
            return self.heads.get(self.number)[self.part]

    def __html__(self) -> str:
        return self.value()

    def __str__(self) -> str:
        return str(self.value())

    def __iter__(self):
        return iter(self.value())
