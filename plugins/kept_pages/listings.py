"""Listing pages kept as the last build wrote them when the whole site is the same.

The home page, the archives, the category, period, source and entity-type pages list
many articles or entities each; what they show of them — title, date, summary, source,
entities — is made from every article's metadata, body and entities, the settings, the
templates and the code. A warm build of 10,000 articles rendered some 1,300 of them
again (~3 s, and all of the summaries stage) to write the same bytes.

The family's signature is :func:`kept_pages.memo.site_signature` (every article's
metadata and the site's linking key: titles, bodies, dates, slugs, entities, the entity
table) with the source of every plugin file (sources, summaries and dates are made by
plugin code that is not a template filter). A page's key is that signature, its
template's build key (:func:`kept_pages.memo.build_key`), its path and the values its
generator passed, the site's articles and entities by their place in it (the signature
holds what they are). One call of the writer may write several files (a paginated
listing): it is kept when every file it wrote last time still has the size and time
stamp that build left it. A call whose rendering logged a warning, or that lists an
article whose body has intrasite links (``{filename}``…: making its summary logs those
it cannot resolve), is rendered every build, so each build logs the warning again; so
is a file two calls wrote (``override_output``).

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

from annotations.cache import read_checked_bytes, write_checked
from build_report.stages import count, stage
from write_changed.files import file_stamp

from .articles import links_out
from .memo import (KEY_BYTES, PER_PAGE, Keys, build_key, finish_at_end, folder_if_kept, hash_files, plain,
                   site_signature)

FORMAT = f"arshif-listing-pages 1 marshal {marshal.version}"
#: Pages of one object, kept by their own families (or, a static page, never).
_OWN = ("article", "entity", "page")
_NEVER = "never"
_MISSING = object()
#: A list or mapping longer than this is made into key data once a build (kept by id).
_LONG = 8


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
        self.old: dict[bytes, list | str] = {}  # key -> [(path, size, time), ...] or _NEVER
        self.kept: dict[bytes, list] = {}
        self.rendered: dict[bytes, list[str] | str] = {}  # key -> paths, or _NEVER
        self.site = None
        with stage("listing pages"):
            folder = folder_if_kept(writer.settings, writer)
            articles = list(context.get("articles") or ())
            articles += {id(t): t for a in articles for t in getattr(a, "translations", None) or ()}.values()
            if folder is not None:
                self.site = site_signature(b"listing pages", context, plugins_code(writer.settings), build=writer)
            if self.site is None:
                return
            self.path = folder / "listing-pages.bin"
            self.articles = articles
            self._links_out: dict[int, bool] = {}  # by article number, found when a page is rendered
            # numbers, not fingerprints: the signature holds what each one is
            self.number = {id(a): i for i, a in enumerate(articles)}
            self.number.update((id(e), len(articles) + i) for i, e in enumerate(context.get("entities") or ()))
            self._keys = Keys(b"")  # content outside the site's articles (a static page): fingerprinted
            self._made: dict[int, tuple] = {}  # a long list's or mapping's data by id, held while its id is used
            self._found: dict[int, tuple] = {}  # a long list's or mapping's _holds_links, likewise
            self._bases: dict[str, bytes | None] = {}
            data = read_checked_bytes(self.path, FORMAT)
            try:
                site, old = marshal.loads(data) if data is not None else (None, {})
            except (ValueError, EOFError, TypeError):
                site, old = None, {}
            self.old = old if site == self.site else {}

    def keeper(self, name: str, template, context: dict, kwargs: dict):
        """True when the page is kept; else a function to tell the files it wrote."""
        if self.site is None:
            return False
        with stage("listing pages"):
            base = self._base(template)
            if base is None:
                return False
            h = hashlib.blake2b(self.site + base + name.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES)
            h.update(repr(self._data(kwargs)).encode("utf-8", "surrogatepass"))
            if context is not self.context:  # a copy with values of its own (a period archive's period)
                own = {k: v for k, v in context.items() if self.context.get(k, _MISSING) is not v and k not in PER_PAGE}
                gone = sorted(k for k in self.context if k not in context)
                h.update(repr([self._data(own), gone]).encode("utf-8", "surrogatepass"))
            key = h.digest()
            old = self.old.get(key)
            if old is not None and old != _NEVER and self._unchanged(old):
                for rel, _size, _time in old:
                    self.writer.keep(self.output + rel)
                self.kept[key] = old
                count("listing_pages_kept", len(old))
                return True
        warned = _Warned()
        logging.getLogger().addHandler(warned)

        def tell(opened: list[str] | None) -> None:
            logging.getLogger().removeHandler(warned)
            if opened is not None:
                with stage("listing pages"):
                    never = warned.seen or self._lists_links(kwargs)
                    self.rendered[key] = _NEVER if never else [os.path.relpath(p, self.output) for p in opened]

        return tell

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

    def _unchanged(self, files: list) -> bool:
        """Whether each file still has the size and time stamp noted."""
        return all(file_stamp(self.output + rel) == (size, time) for rel, size, time in files)

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
        """At ``finalized``, every page on disk: note the files of each page kept or
        rendered, with their sizes and time stamps, for the next build."""
        self.writer.flush()
        with stage(stage_name):
            if self.site is None or (not self.rendered and self.kept.keys() == self.old.keys()):
                return
            # how many calls wrote each file: a kept call's files are (path, size, time)
            writers = Counter(f[0] for files in self.kept.values() for f in files)
            writers.update(rel for files in self.rendered.values() if files != _NEVER for rel in files)
            noted = dict(self.kept)
            for key, files in self.rendered.items():
                if files == _NEVER or any(writers[rel] > 1 for rel in files):
                    noted[key] = _NEVER
                    continue
                stamps = [file_stamp(self.output + rel) for rel in files]
                if None not in stamps:  # else not on disk: rendered next time
                    noted[key] = [(rel, *stamp) for rel, stamp in zip(files, stamps)]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_checked(self.path, FORMAT, [marshal.dumps((self.site, dict(sorted(noted.items()))))])


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
