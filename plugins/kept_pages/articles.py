"""Article pages kept as the last build wrote them when nothing they show changed.

An article page shows its article — title, metadata, body with its entity links,
reading time, mentioned dates, quotes with their speakers, JSON-LD and social tags,
all made from its body, date, metadata and entities with the settings —, its entities
with their counts, its related articles (titles, dates, URLs), its translations and,
through Pelican's ``{filename}`` links, other content's URLs. Its key
(:func:`page_key`) holds the page's path, the article's fingerprint
(kept_pages.memo.Keys.article), each entity's count and forms (a quote's speaker is
found among its article's entities by their forms, which the whole site gives them),
the fingerprints of its related articles and translations and, when its body links
to other content, every URL of the site; on the build key of its template.

Pelican writes the article pages itself, so they are kept through the writer
(write_changed.writer.KEEPERS): the first article page a build writes sets up the
family and checks every page at once; each is then rendered or counted as kept.
"""

from __future__ import annotations

import hashlib

from pelican.utils import sanitised_join

from build_report.stages import count, stage

from .memo import KEY_BYTES, Keys, build_key, open_family, site_articles


def site_urls(context: dict) -> bytes:
    """Every URL Pelican's ``{filename}`` and ``{static}`` links can name."""
    h = hashlib.blake2b(digest_size=KEY_BYTES)
    for kind in ("generated_content", "static_content"):
        items = sorted((str(k), str(getattr(v, "url", ""))) for k, v in (context.get(kind) or {}).items())
        h.update(repr(items).encode("utf-8", "surrogatepass"))
    return h.digest()


def links_out(article) -> bool:
    """Whether ``article``'s body has intrasite links (Pelican's own pattern)."""
    pattern = getattr(article, "_get_intrasite_link_regex", None)
    return pattern is None or pattern().search(getattr(article, "_content", "") or "") is not None


def page_key(keys: Keys, article, base: bytes, urls: bytes) -> bytes:
    """The key of ``article``'s page (see the module's note); ``base`` the build key of
    its template, ``urls``: :func:`site_urls`."""
    h = keys.start(base)
    h.update(article.save_as.encode("utf-8", "surrogatepass") + b"\x00" + keys.article(article))
    h.update(repr([(getattr(x, "count", 0), tuple(getattr(getattr(x, "entity", x), "aliases", ())))
                   for x in getattr(article, "entities", None) or ()]).encode("utf-8", "surrogatepass"))
    for others in (getattr(article, "related", None), getattr(article, "translations", None)):
        h.update(b"\x01" + b"".join(map(keys.article, others or ())))
    if links_out(article):
        h.update(urls)
    return h.digest()


class ArticlePages:
    """A build's article pages: which are kept, known once for all at the first."""

    def __init__(self, writer, template, context: dict):
        self.writer, self.env, self.context = writer, template.environment, context
        self.articles = site_articles(context)
        self.place = {a.save_as: i for i, a in enumerate(self.articles)}
        self.kept = bytes(len(self.articles))
        with stage("article pages"):
            urls = site_urls(context)
            opened = open_family("article-pages", "article pages", writer, self.env, "article.html", context,
                                 [a.save_as for a in self.articles], urls)
            if opened is None:
                return
            memo, base, self._folder = opened
            self._bases: dict[str, bytes | None] = {"article": base}
            keys = Keys(b"")

            def key_of(i: int) -> bytes | None:
                art = self.articles[i]
                own = self._base(getattr(art, "template", "article"))
                return None if own is None else page_key(keys, art, own, urls)

            def shows(i: int) -> list | None:  # None: another template, whose build key is not in the signature
                art = self.articles[i]
                if getattr(art, "template", "article") != "article":
                    return None
                return [art, *(getattr(art, "related", None) or ()), *(getattr(art, "translations", None) or ())]

            self.kept = memo.unchanged(key_of, shows)
        count("article_pages_kept", self.kept.count(1))

    def _base(self, name: str) -> bytes | None:
        """The build key of template ``name`` (None: its pages are never kept)."""
        if name not in self._bases:
            found = f"{name}.html" if f"{name}.html" in self.env.list_templates() else None
            self._bases[name] = found and build_key(self.env, found, self.context, self.writer.settings, self._folder,
                                                        build=self.writer)
        return self._bases[name]

    def keeps(self, name: str) -> bool:
        i = self.place.get(name)
        if i is None or not self.kept[i]:
            return False
        self.writer.keep(sanitised_join(self.writer.output_path, name))
        return True


_BUILD: list[ArticlePages] = []  # this build's (its memo is saved by kept_pages.memo.finish_open)


def keep_article_page(writer, name, template, context, kwargs) -> bool:
    """write_changed's keeper: True when ``name`` is an article page kept as it is."""
    if kwargs.get("article") is None or not kwargs.get("blog"):
        return False
    if not _BUILD or _BUILD[0].writer is not writer:
        _BUILD[:] = [ArticlePages(writer, template, context)]
    return _BUILD[0].keeps(name)
