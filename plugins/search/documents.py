"""What the search index knows about an article, read from the Pelican object.

Other plugins' attributes are read with getattr so that search also works alone:
``article.entities`` (entities plugin) and ``article.sources`` (newsmeta plugin);
without them, sources fall back to the seeds reader's agencies and the Markdown
``Source`` header.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

class _TextExtractor(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


# A start or end tag with well-formed attributes (a quoted value may hold ">").
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
# Elements whose content HTMLParser passes on raw: left to it.
_RAW = frozenset({"script", "style", "textarea", "title", "plaintext", "xmp", "iframe", "noembed", "noframes", "noscript"})


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed: block tags part words,
    other tags vanish, character references are read. Sanitised bodies are plain tags
    and text, split here with one pattern (10,000 linked bodies: 4.6 s with
    ``html.parser``, several times faster so); anything else — a comment, a stray
    ``<``, a script — goes to the parser, which the fast way matches exactly (tested)."""
    pieces = _TAG.split(html or "")
    texts, names = pieces[0::3], pieces[2::3]
    if any("<" in text for text in texts) or not _RAW.isdisjoint(map(str.lower, names)):
        return _parsed(html)
    blocks = _TextExtractor.BLOCKS
    parts = [unescape(texts[0])]
    for name, text in zip(names, texts[1:]):
        parts.append(" " if name.lower() in blocks else "")
        parts.append(unescape(text))
    return " ".join("".join(parts).split())  # str.split's whitespace is re's \s (tested)


def _parsed(html: str) -> str:
    """:func:`html_to_text` by ``html.parser``."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet value: kind ('entity', 'source'), key (slug or code), label, extra."""

    kind: str
    key: str
    label: str
    url: str = ""
    type: str = ""  # entity type: PERS, LOC, ORG, MISC


@dataclass(slots=True)
class SearchDoc:
    url: str
    title: str
    date: str  # ISO date, '' when unknown
    text: str
    sources: list[Facet] = field(default_factory=list)
    entities: list[Facet] = field(default_factory=list)

    @property
    def year(self) -> str:
        return self.date[:4]

    def fields(self) -> dict[str, str]:
        """Field texts for the index: title, body, entities, source."""
        return {
            "title": self.title,
            "body": self.text,
            "entities": " ".join(e.label for e in self.entities),
            "source": " ".join(f"{s.label} {s.key}" for s in self.sources),
        }


def _source_fields(article) -> list[tuple[str, str, str]]:
    """(key, label, url) of each of the article's sources."""
    found = getattr(article, "sources", None)
    if found:
        return [(str(getattr(s, "slug", "") or s.code), str(s.name), str(getattr(s, "url", "") or "")) for s in found]
    meta = getattr(article, "metadata", {}) or {}
    codes = list(meta.get("agencies") or [])
    names = list(meta.get("agency_names") or [])
    if codes:
        return [(code, names[i] if i < len(names) else code, "") for i, code in enumerate(codes)]
    source = meta.get("source")
    if source:
        key = str(meta.get("source_id") or source)
        return [(key, str(source), "")]
    return []


def _entity_fields(article) -> list[tuple[str, str, str, str]]:
    """(slug, name, url, type) of each of the article's entities."""
    return [
        (str(e.slug), str(e.name), str(getattr(e, "url", "") or ""), str(e.type))
        for e in getattr(article, "entities", None) or []
    ]


def source(article) -> tuple:
    """Everything the search index reads of an article, as plain data (strings, lists
    and tuples of them: marshal writes it, see search.spool): URL, title and body
    HTML, ISO date, sources, entities."""
    date = getattr(article, "date", None)
    return (str(article.url), str(getattr(article, "title", "")), date.strftime("%Y-%m-%d") if date else "",
            getattr(article, "_content", "") or "", _source_fields(article), _entity_fields(article))


def source_order_key(src: tuple) -> tuple[str, str]:
    """(URL, ISO date) of an article's :func:`source`: what :func:`order` numbers it by."""
    return src[0], src[2]


def from_source(src: tuple, facets: dict | None = None, texts: bool = True) -> SearchDoc:
    """The search document of an article's :func:`source`. ``facets``: the facets made
    so far, to share (an entity recurs in article after article: at 10,000 articles
    91,007 facets are 25,913 distinct ones). Without ``texts``, its title and text are
    left empty (not made from the HTML)."""
    url, title, date, body, sources, entities = src
    facets = {} if facets is None else facets

    def facet(kind: str, fields: tuple) -> Facet:
        key = (kind, *fields)
        found = facets.get(key)
        if found is None:
            found = facets[key] = Facet(*key)
        return found

    return SearchDoc(
        url=url,
        title=html_to_text(title) if texts else "",
        date=date,
        text=html_to_text(body) if texts else "",
        sources=[facet("source", tuple(fields)) for fields in sources],
        entities=[facet("entity", tuple(fields)) for fields in entities],
    )


def from_article(article) -> SearchDoc:
    return from_source(source(article))


def fingerprint(article) -> str:
    """Everything :func:`from_article` reads, with the body hashed instead of parsed:
    equal fingerprints give equal search documents (the index cache key). The body
    and entities as the entities plugin left them are known by its key of them
    (``article.linked_body``: the body and the key), when the body is that very object;
    otherwise hashed, and the entities listed."""
    date = getattr(article, "date", None)
    body = getattr(article, "_content", "") or ""
    linked = getattr(article, "linked_body", None)
    if linked is not None and linked[0] is body:
        content = f"linked {linked[1]}"
    else:
        content = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
        content += repr(_entity_fields(article))  # a list of tuples: repr'd in C, not by dataclasses
    return "\x00".join([
        str(article.url),
        str(getattr(article, "title", "")),
        date.isoformat() if date else "",  # changes whenever from_article's day does
        content,
        repr(_source_fields(article)),
    ])


def order(keys: list[tuple[str, str]]) -> list[int]:
    """The places in ``keys`` ((URL, ISO date) of each document) in the order that
    gives documents their numbers: newest first, then by URL."""
    by_url = sorted(range(len(keys)), key=lambda i: keys[i][0])
    return sorted(by_url, key=lambda i: keys[i][1], reverse=True)


def ordered(docs: list[SearchDoc]) -> list[SearchDoc]:
    """``docs`` in :func:`order`."""
    return [docs[i] for i in order([(d.url, d.date) for d in docs])]
