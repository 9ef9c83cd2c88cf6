"""Listing pages kept as the last build wrote them when what they read is the same.

The home page, the archives, the category, period, source and entity-type pages list
many articles or entities each; what they show of them — title, date, summary, source,
entities — is made from every article's metadata, body and entities, the settings, the
templates and the code. A warm build of 10,000 articles rendered some 1,300 of them
again (~3 s, and all of the summaries stage) to write the same bytes, and a build after
an edit did too while the edit shows on a few.

The family's signature is :func:`kept_pages.memo.site_signature` over the linker's key
(``ENTITIES_LINKER_KEY``: its settings, data and code, none of any article) and every
article's metadata, with the source of every plugin file (sources, summaries and dates
are made by plugin code that is not a template filter) and each article's source file
and sources (the source pages are made from them). A page's key is that signature, its
template's build key (:func:`kept_pages.memo.build_key`), its path, the values its
generator passed, the site's articles and entities by their place in it, and for a
page of a paginated listing its page of the list. A page is kept when its key is the
last build's, its file still has the size and time stamp that build left it, and what
its render read (:mod:`kept_pages.reads`) is the same: each article by its fingerprint
(:meth:`ListingPages._print`) and, if it read an entity, the entity table's key
(``ENTITIES_NAMES_KEY``: what each article names and how often, not where). An article
read only through attributes the signature holds (``SIGNED_ATTRIBUTES``: title, date,
URL, sources…) is not a read: the archives, which list every article so, are kept after
an edit of a body (at 10,000 articles ~2 s of rendering three pages of 1.8–3.6 MB).

Pelican writes a paginated listing in one call of its writer; write_changed's writer
hands each page of the call to :class:`_Call`. A page whose rendering logged a warning,
or whose call lists an article whose body has intrasite links (``{filename}``…: making
its summary logs those it cannot resolve), is rendered every build, so each build logs
the warning again; so is a file two pages wrote (``override_output``).

Every page written through Pelican's ``write_file`` is of this family except an
article's (kept_pages.articles), an entity's (entities.generator) and a static page's.
The keys sit in ``CACHE_PATH/kept_pages/listing-pages.bin``.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from array import array
from collections import Counter
from collections.abc import Mapping

from pelican.paginator import Page, Paginator

from annotations.cache import read_checked_bytes, write_checked
from build_report.stages import count, stage
from write_changed.files import file_stamp

from .articles import links_out
from .memo import (KEY_BYTES, PER_PAGE, Keys, build_key, finish_at_end, folder_if_kept, hash_files, plain,
                   site_signature, source_refs)
from .reads import Reads

FORMAT = f"arshif-listing-pages 2 marshal {marshal.version}"
#: Pages of one object, kept by their own families (or, a static page, never).
_OWN = ("article", "entity", "page")
_NEVER = "never"
_MISSING = object()
#: A page's values that follow from its file (Pelican's relative site URL).
_FOLLOWS_FILE = frozenset({"SITEURL", "localsiteurl"})
#: A list or mapping longer than this is made into key data once a build (kept by id).
_LONG = 8
#: An article's attributes made from what the family's signature holds of every article
#: (its metadata, with the settings in the build key; its source file and sources): a
#: page that reads an article through these alone does not read its fingerprint.
SIGNED_ATTRIBUTES = frozenset({"title", "date", "locale_date", "url", "save_as", "slug", "lang", "category",
                               "source", "agency_names", "sources", "source_path"})


def plugins_code(settings: dict) -> bytes:
    """A hash of every Python file under ``PLUGIN_PATHS`` (not only the modules loaded:
    a cold build imports the tagger, a warm one does not)."""
    h = hashlib.blake2b(digest_size=KEY_BYTES)
    for root in settings.get("PLUGIN_PATHS") or ():
        hash_files(h, root, ".py")
    return h.digest()


class _Warned(logging.Handler):
    """Whether anything was logged at WARNING or above while it was on."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


class ListingPages:
    """A build's listing pages: the last build's, and this build's kept and rendered."""

    def __init__(self, writer, context: dict):
        self.writer, self.context = writer, context
        self.output = os.path.join(os.path.abspath(writer.output_path), "")
        # page key -> (path, size, time, numbers of what it read or None: everything, their digest)
        self.old: dict[bytes, tuple | str] = {}
        self.kept: dict[bytes, tuple] = {}
        self.rendered: dict[bytes, tuple | str] = {}  # page key -> (path, numbers read), or _NEVER
        self.old_calls: dict[bytes, list[bytes]] = {}  # a call's key -> its pages' keys
        self.calls: dict[bytes, list[bytes]] = {}
        self.site = None
        with stage("listing pages"):
            folder = folder_if_kept(writer.settings, writer)
            articles = list(context.get("articles") or ())
            articles += {id(t): t for a in articles for t in getattr(a, "translations", None) or ()}.values()
            if folder is not None:
                code = plugins_code(writer.settings) + _sources(articles)
                self.site = site_signature(b"listing pages", context, code, build=writer, linking="ENTITIES_LINKER_KEY")
                # the same over every article's links too: when it is the last build's,
                # so is every article read (a warm build makes no fingerprint)
                self.whole = site_signature(b"listing pages", context, code, build=writer)
            if self.site is None:
                return
            self.path = folder / "listing-pages.bin"
            self.articles = articles
            self._links_out: dict[int, bool] = {}  # by article number, found when a page is rendered
            # numbers, not fingerprints: what a page read is known by its digest (_digest)
            self.number = {id(a): i for i, a in enumerate(articles)}
            self.number.update((id(e), len(articles) + i) for i, e in enumerate(context.get("entities") or ()))
            self.reads = Reads(self.number, len(articles), SIGNED_ATTRIBUTES)
            self._keys = Keys(b"")  # an article's fingerprint; content outside the site's articles (a static page)
            self._every: bytes | None = None  # every article's fingerprint and the entity table's key, hashed
            self._prints: dict[int, bytes] = {}  # by article number, made when first read
            self._names = (context.get("ENTITIES_NAMES_KEY") or "").encode("ascii")
            self._made: dict[int, tuple] = {}  # a long list's or mapping's data by id, held while its id is used
            self._found: dict[int, tuple] = {}  # a long list's or mapping's _holds_links, likewise
            self._bases: dict[str, bytes | None] = {}
            data = read_checked_bytes(self.path, FORMAT)
            try:
                site, whole, old, calls = marshal.loads(data) if data is not None else (None, None, {}, {})
            except (ValueError, EOFError, TypeError):
                site, whole, old, calls = None, None, {}, {}
            self.old, self.old_calls = (old, calls) if site == self.site else ({}, {})
            self.same_articles = whole is not None and whole == self.whole

    def keeper(self, name: str, template, context: dict, kwargs: dict):
        """True when the call's pages are all kept; else the call's pages
        (:class:`_Call`), or None when none may be kept."""
        if self.site is None:
            return None
        with stage("listing pages"):
            base = self._base(template)
            if base is None:
                return None
            h = hashlib.blake2b(self.site + base + name.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES)
            h.update(repr(self._data(kwargs)).encode("utf-8", "surrogatepass"))
            if context is not self.context:  # a copy with values of its own (a period archive's period)
                own = {k: v for k, v in context.items() if self.context.get(k, _MISSING) is not v and k not in PER_PAGE}
                gone = sorted(k for k in self.context if k not in context)
                h.update(repr([self._data(own), gone]).encode("utf-8", "surrogatepass"))
            key = h.digest()
            if self.same_articles and self._keeps_call(key):
                return True
            return _Call(self, key, context, kwargs)

    def _keeps_call(self, call: bytes) -> bool:
        """Keep every page of a call whose files are the last build's, when every article
        is (a warm build: no page's key is made)."""
        keys = self.old_calls.get(call)
        if not keys:
            return False
        pages = [self.old.get(key) for key in keys]
        if any(p is None or p == _NEVER or file_stamp(self.output + p[0]) != p[1:3] for p in pages):
            return False
        for key, page in zip(keys, pages):
            self.writer.keep(self.output + page[0])
            self.kept[key] = page
        self.calls[call] = keys
        count("listing_pages_kept", len(keys))
        return True

    def page_key(self, call: bytes, localcontext: dict, context: dict, kwargs: dict) -> bytes:
        """A page's key: its call's and what the writer gave this page alone (its file
        and, paginated, its page of the list; the relative site URL follows the file)."""
        h = hashlib.blake2b(call, digest_size=KEY_BYTES)
        own = [(k, self._page_data(localcontext[k])) for k in sorted(localcontext)
               if k not in _FOLLOWS_FILE and kwargs.get(k, context.get(k, _MISSING)) is not localcontext[k]]
        h.update(repr(own).encode("utf-8", "surrogatepass"))
        return h.digest()

    def keeps(self, key: bytes) -> bool:
        """Whether the page of ``key`` is the last build's file: its key, its file's size
        and time stamp, and the articles it read are the last build's."""
        old = self.old.get(key)
        if old is None or old == _NEVER:
            return False
        rel, size, time, numbers, digest = old
        if file_stamp(self.output + rel) != (size, time):
            return False
        if not self.same_articles:  # else every article and entity it read is the last build's
            now = self._digest(numbers)
            if now is None or now != digest:
                return False
        self.kept[key] = old
        count("listing_pages_kept")
        return True

    def _digest(self, numbers: bytes | None) -> bytes | None:
        """A hash of what a page read: the articles at ``numbers`` by their fingerprints
        and, if it read an entity (numbered after them), the entity table's key (None:
        every article and the table; a number past the site's: None)."""
        n = len(self.articles)
        if numbers is None:
            if self._every is None:
                prints = [*map(self._print, range(n)), self._names]
                self._every = hashlib.blake2b(b"".join(prints), digest_size=KEY_BYTES).digest()
            return self._every
        places = array("i", numbers)
        if places and places[-1] >= len(self.number):
            return None
        prints = [self._print(i) for i in places if i < n]
        if places and places[-1] >= n:
            prints.append(self._names)
        return hashlib.blake2b(b"".join(prints), digest_size=KEY_BYTES).digest()

    def _print(self, i: int) -> bytes:
        """What a listing may read of article ``i``: its fingerprint (kept_pages.memo.Keys:
        body, metadata, entities, sources) with how often it names each entity, their
        English names and Wikidata ids, and which articles are its related ones."""
        done = self._prints.get(i)
        if done is None:
            art, number = self.articles[i], self.number
            h = hashlib.blake2b(self._keys.article(art), digest_size=KEY_BYTES)
            h.update(repr([[(getattr(x, "count", 0), getattr(x, "name_en", ""), getattr(x, "wikidata", ""))
                            for x in getattr(art, "entities", None) or ()],
                           [number.get(id(r), -1) for r in getattr(art, "related", None) or ()]]).encode(
                "utf-8", "surrogatepass"))
            done = self._prints[i] = h.digest()
        return done

    def _lists_links(self, kwargs: dict) -> bool:
        """Whether the page lists an article whose body has intrasite links: making its
        summary logs those it cannot resolve, once a build (Pelican drops a message
        logged before, so the render that logs it is not always this one)."""
        # all_articles: Pelican's, given to every period page
        return any(self._holds_links(v) for k, v in kwargs.items() if k != "all_articles")

    def _holds_links(self, value) -> bool:
        """Whether ``value`` is or holds such an article (a long list's or mapping's
        answer found once: every page of a paginated listing, and many listings, are
        given the site's articles and dates; at 10,000 articles, after an edit, 0.1 s
        of walking them again)."""
        if not isinstance(value, (Mapping, list, tuple)):
            n = self.number.get(id(value))
            return n is not None and n < len(self.articles) and self._links(n)
        return self._once(self._found, value, lambda: any(
            map(self._holds_links, value.values() if isinstance(value, Mapping) else value)))

    def _links(self, n: int) -> bool:
        found = self._links_out.get(n)
        if found is None:
            found = self._links_out[n] = links_out(self.articles[n])
        return found

    def _base(self, template) -> bytes | None:
        name = template.name
        if name not in self._bases:
            self._bases[name] = build_key(template.environment, name, self.context, self.writer.settings,
                                          self.path.parent, self._data, build=self.writer)
        return self._bases[name]

    def _data(self, value):
        """``value`` as plain data for a key: the site's articles and entities by number
        (a list of them as one string of numbers), the rest as
        :func:`kept_pages.memo.plain` makes it. A list or mapping of more than a few
        items is made once a build (templates and pages are given the same ones)."""
        if not isinstance(value, (list, tuple, Mapping)):
            n = self.number.get(id(value))
            return plain(value, self._keys.article) if n is None else ["number", n]
        return self._once(self._made, value, lambda: self._container_data(value))

    def _page_data(self, value):
        """:meth:`_data`, and Pelican's paginator and page objects by what they hold (their
        ``repr`` does not show their articles; a paginator's list is one the call was
        given, in the call's key)."""
        if isinstance(value, Page):
            return ["page", value.full_name, value.base_url, value.number, self._data(value.object_list),
                    self._page_data(value.paginator)]
        if isinstance(value, Paginator):
            return ["paginator", value.name, value.url, value.per_page, value.orphans, len(value.object_list)]
        return self._data(value)

    def _container_data(self, value) -> list:
        """:meth:`_data` of a list or mapping."""
        if isinstance(value, Mapping):
            return sorted((repr(k), self._data(v)) for k, v in value.items())
        numbers = [self.number.get(id(v), -1) for v in value]
        if value and -1 not in numbers:
            return ["numbers", array("i", numbers).tobytes().hex()]
        return [self._data(v) for v in value]

    @staticmethod
    def _once(store: dict, value, make):
        """``make()``, kept in ``store`` by the id of ``value`` when it is a list or
        mapping of more than a few items (held there, so that its id is not reused)."""
        if len(value) <= _LONG:
            return make()
        done = store.get(id(value))
        if done is None or done[0] is not value:
            done = store[id(value)] = (value, make())
        return done[1]

    def finish(self, stage_name: str) -> None:
        """At ``finalized``, every page on disk: note the file of each page kept or
        rendered, with its size and time stamp and the articles it read, for the next
        build."""
        self.writer.flush()
        with stage(stage_name):
            if self.site is None or (not self.rendered and self.kept.keys() == self.old.keys() and self.same_articles):
                return
            writers = Counter(done[0] for done in (*self.kept.values(), *self.rendered.values()) if done != _NEVER)
            noted = dict(self.kept)
            for key, done in self.rendered.items():
                if done == _NEVER or writers[done[0]] > 1:  # a file two pages wrote
                    noted[key] = _NEVER
                    continue
                rel, touched = done
                stamp = file_stamp(self.output + rel)
                if stamp is not None:  # else not on disk: rendered next time
                    every = touched is None or sum(1 for t in touched if t < len(self.articles)) == len(self.articles)
                    numbers = None if every else array("i", sorted(touched)).tobytes()
                    noted[key] = (rel, *stamp, numbers, self._digest(numbers))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_checked(self.path, FORMAT, [marshal.dumps((self.site, self.whole, dict(sorted(noted.items())), self.calls))])


class _Call:
    """One call of the writer (write_changed's protocol): each of its pages is kept, or
    rendered noting the articles it reads."""

    def __init__(self, pages: ListingPages, key: bytes, context: dict, kwargs: dict):
        self.pages, self.key, self.context, self.kwargs = pages, key, context, kwargs
        self._links: bool | None = None
        self._rendered: list[tuple[bytes, str]] = []  # (page key, file)

    def render(self, template, localcontext: dict) -> str | None:
        """The page's text, or None when its file is kept."""
        pages = self.pages
        with stage("listing pages"):
            key = pages.page_key(self.key, localcontext, self.context, self.kwargs)
            pages.calls.setdefault(self.key, []).append(key)
            if pages.keeps(key):
                return None
        warned = _Warned()
        logging.getLogger().addHandler(warned)
        try:
            with pages.reads.page(template.environment) as reads:
                text = template.render(localcontext)
        finally:
            logging.getLogger().removeHandler(warned)
        with stage("listing pages"):
            path = os.path.abspath(os.path.join(pages.output, localcontext["output_file"]))
            if self._links is None:
                self._links = pages._lists_links(self.kwargs)
            never = warned.seen or self._links
            pages.rendered[key] = _NEVER if never else (os.path.relpath(path, pages.output), reads.touched)
            self._rendered.append((key, path))
        return text

    def done(self, opened: list[str] | None) -> None:
        """The files the call wrote (None: it failed): a page whose file it did not
        write (another call's, by Pelican's rules) is rendered every build; a failed
        call's pages are not noted."""
        written = set(opened or ())
        for key, path in self._rendered:
            if opened is None:
                self.pages.rendered.pop(key, None)
            elif path not in written:
                self.pages.rendered[key] = _NEVER


def _sources(articles: list) -> bytes:
    """A hash of each article's source file and sources: the site's source objects
    (their names, URLs, articles and counts) are made from these, and ``{{ article }}``
    shows the file."""
    h = hashlib.blake2b(digest_size=KEY_BYTES)
    for art in articles:
        h.update(repr((str(getattr(art, "source_path", "")),
                       source_refs(art))).encode(
            "utf-8", "surrogatepass"))
    return h.digest()


_BUILD: list[ListingPages] = []  # this build's (saved at finalized through kept_pages.memo.finish_open)


def listing_pages_kept() -> bool:
    """Whether this build kept a listing page (what it shows was not asked for)."""
    return bool(_BUILD and _BUILD[0].kept)


def keep_listing_page(writer, name, template, context, kwargs):
    """write_changed's keeper for every page but an article's, an entity's or a static
    page's (see the module's note)."""
    if any(kwargs.get(k) is not None for k in _OWN):
        return False
    if not _BUILD or _BUILD[0].writer is not writer:
        _BUILD[:] = [ListingPages(writer, context)]
        finish_at_end("listing-pages", _BUILD[0], "listing pages")
    return _BUILD[0].keeper(name, template, context, kwargs)
