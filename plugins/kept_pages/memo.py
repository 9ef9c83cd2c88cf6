"""Pages kept as the last build wrote them when nothing they show changed.

A site has several entity pages per article and one page per article: rendering them
again in a build where they come out the same bytes was most of a warm build's page
writing, and a build after an edit rendered them all, though it changes a few. A family
of pages (entity pages: entities.generator; article pages: kept_pages.articles;
listing pages: kept_pages.listings) gives each page a key, a hash of everything it
shows; the parts they share are here:

- the build's key (:func:`build_key`): every template's source, the code of the
  environment's filters, the versions of Python, Jinja, MarkupSafe, Pelican, Markdown
  and Babel (its dates), the settings, and the values of the context names the page's
  template and the templates it uses refer to (the navigation, the type names…);
- an article's fingerprint (:meth:`Keys.article`): its metadata (every field of its
  source's header: title, date, slug, category…; with the settings they make its URL),
  body, and its entities and sources as linking and newsmeta left them; an entity's
  reference (:meth:`Keys.ref`): its slug, name, type and URL.

A page is rendered again unless its key is the last build's and its file still has
the size and time stamp that build left it (an emptied or touched output folder is
written afresh). Kept pages are never "written", so the families are off when a plugin
listens to Pelican's ``content_written``, or the writer cannot count a kept file
(write_changed's can), or ``KEEP_PAGES`` is False.

When the build's key, the site's linking key (entities.sitememo: every article's
title, body, date, slug and entities, the entity table, related articles) and every
article's metadata are the last build's (:func:`site_signature`), so is every page's
key: the keys are not made, only the files checked.

Each family keeps its keys in ``CACHE_PATH/kept_pages/<family>.bin``, behind a
checksum: marshal data of the site's signature, the pages' paths (one string), their
keys, sizes and time stamps; the context names a template refers to are kept beside,
under a hash of the templates.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, meta
from pelican import signals
from pelican.urlwrappers import URLWrapper

from annotations.cache import read_checked_bytes, write_checked
from annotations.registry import source_version
from build_report.stages import count, stage
from write_changed.files import file_stamp

log = logging.getLogger(__name__)

FORMAT = f"arshif-kept-pages 2 marshal {marshal.version}"
NAMES_FORMAT = f"arshif-template-names 1 marshal {marshal.version}"
CODE = source_version("kept_pages.memo")
KEY_BYTES = 16
_NEVER = bytes(KEY_BYTES)
#: Context names a page's own render sets (Pelican's writer and generators).
PER_PAGE = frozenset({"entity", "article", "category", "blog", "page_name", "output_file", "SITEURL",
                      "localsiteurl"})
_SIMPLE = (str, int, float, bool, type(None))
_LIBRARIES = ("babel", "jinja2", "markdown", "markupsafe", "pelican")
_FLAT = frozenset(_SIMPLE)  # types whose repr is the same from build to build


def library_versions(*names: str) -> bytes:
    """Python's version and each library's (by its ``__version__``; MarkupSafe, whose
    version attribute is deprecated, by its source), for a key: what a kept result was
    made with. A library not imported counts as absent."""
    parts = [sys.version]
    for name in names:
        module = sys.modules.get(name)
        if name == "markupsafe":
            source = getattr(module, "__file__", None)
            parts.append(hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else "")
        else:
            parts.append(getattr(module, "__version__", ""))
    return repr(parts).encode()


def made_with(settings: dict, *libraries: str) -> bytes:
    """What a kept result made from the settings and these libraries depends on, for
    its key: :func:`library_versions` and the settings as plain data."""
    return library_versions(*libraries) + repr(plain(dict(settings), str)).encode("utf-8", "surrogatepass")


def folder_if_kept(settings: dict, writer) -> Path | None:
    """Where the kept pages' keys go, when pages may be kept: ``KEEP_PAGES`` on, a
    cache folder, a writer that can count a kept file, and no plugin waiting to hear
    of each page written (Pelican's ``content_written``)."""
    cache = settings.get("CACHE_PATH")
    if not settings.get("KEEP_PAGES", True) or not cache or not hasattr(writer, "keep") or signals.content_written.receivers:
        return None
    return Path(cache) / "kept_pages"


def plain(value, content):
    """``value`` as plain data for a key: stable from build to build (no object
    addresses), articles and pages by ``content(obj)``, their fingerprint, and other
    objects with a name (categories, tags, sources, entities) by name, slug, type, URL."""
    if isinstance(value, _SIMPLE):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v, content) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(plain(v, content)) for v in value)
    if isinstance(value, Mapping):
        return sorted((repr(k), plain(v, content)) for k, v in value.items())
    if hasattr(value, "_content") and hasattr(value, "source_path"):  # Pelican's Article, Page
        return ["content", content(value)]
    if isinstance(value, URLWrapper):  # category, tag, author: the URL is the slug through the settings
        return [type(value).__name__, value.name, value.slug]
    if hasattr(value, "name") and hasattr(value, "url"):
        return [type(value).__name__, *(str(getattr(value, a, "")) for a in ("name", "slug", "type", "url"))]
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if type(value).__repr__ is not object.__repr__:
        return repr(value)  # an address in it only makes the key new each build
    return type(value).__qualname__


class Keys:
    """Page keys in one build: each article's fingerprint and entity's reference made
    once; :meth:`start` a page's hash, from the build's key."""

    def __init__(self, base: bytes):
        self._base = hashlib.blake2b(base, digest_size=KEY_BYTES)
        self._refs: dict[int, bytes] = {}  # the build holds every entity to its end too

    def start(self, base: bytes | None = None):
        """A page's hash, begun with the build's key (``base``, or this one's)."""
        return self._base.copy() if base is None else hashlib.blake2b(base, digest_size=KEY_BYTES)

    def article(self, art) -> bytes:
        """An article's fingerprint: its body, its entities and sources by name, slug,
        type and URL, and its metadata (its title, date, slug, category, status…: with
        the settings, in the build's key, they make its URL). It is not a family's: it
        is made once for the article object, which every family's keys read (the
        entity and article pages each made all 10,000 of a build after an edit)."""
        done = art.__dict__.get("_kept_pages_fingerprint")
        if done is None:
            h = hashlib.blake2b((getattr(art, "_content", "") or "").encode("utf-8", "surrogatepass"),
                                digest_size=KEY_BYTES)
            h.update(b"".join([self.ref(getattr(x, "entity", x)) for x in getattr(art, "entities", None) or ()]))
            h.update(repr(source_refs(art)).encode("utf-8", "surrogatepass") + metadata_bytes(art))
            done = art._kept_pages_fingerprint = h.digest()
        return done

    def ref(self, e) -> bytes:
        """What a page shows of another entity ``e``: its slug, name, type and URL,
        hashed once a build (an entity is named on many pages)."""
        done = self._refs.get(id(e))
        if done is None:
            done = self._refs[id(e)] = hashlib.blake2b(
                repr((e.slug, e.name, e.type, e.url)).encode("utf-8", "surrogatepass"), digest_size=8).digest()
        return done


def source_refs(art) -> list[tuple[str, str, str]]:
    """What a page shows of an article's sources (newsmeta): name, slug and URL."""
    return [(s.name, s.slug, s.url) for s in getattr(art, "sources", None) or ()]


def metadata_bytes(art) -> bytes:
    """An article's metadata as plain data in key order, encoded: made once for the
    article object (the families of pages each hash every article's, and the build's
    objects are new each build)."""
    done = art.__dict__.get("_kept_pages_metadata")
    if done is None:
        values = [(k, v if type(v) in _FLAT else plain(v, _no_content))
                  for k, v in sorted((getattr(art, "metadata", None) or {}).items())]
        done = art._kept_pages_metadata = repr(values).encode("utf-8", "surrogatepass")
    return done


def _no_content(obj) -> str:
    """An article named in another article's fields (not fingerprinted: no recursion)."""
    return str(getattr(obj, "url", ""))


def _context_names(env, template_name: str, listed: list[str]) -> list[str] | None:
    """The context names ``template_name`` and the templates it uses refer to; None
    when one of those is named at run time."""
    names: set[str] = set()
    seen, todo = set(), [template_name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        undeclared, referenced = _parsed(env, name)
        names |= undeclared
        for used in referenced:
            if used is None:
                return None
            if used in listed:
                todo.append(used)
    return sorted(names - PER_PAGE)


#: Each environment's templates as :func:`_parsed` found them.
_PARSED: WeakKeyDictionary = WeakKeyDictionary()


def _parsed(env, name: str) -> tuple[set[str], list[str | None]]:
    """The names template ``name`` leaves to its context and the templates it uses,
    parsed once per environment (the listing pages' fourteen templates all extend
    ``base.html`` and import the macros: a cold build parsed them ~50 times, 0.3 s)."""
    done = _PARSED.setdefault(env, {})
    if name not in done:
        ast = env.parse(env.loader.get_source(env, name)[0])
        done[name] = (meta.find_undeclared_variables(ast), list(meta.find_referenced_templates(ast)))
    return done[name]


def build_key(env, template_name: str, context: dict, settings: dict, folder: Path, data=None,
              build=None) -> bytes | None:
    """What every page of ``template_name`` reads besides its own objects (see the
    module's note); None when the templates it uses cannot be told (a name made at run
    time). The context names the templates refer to are kept in ``folder`` under the
    hash of the templates (parsing them took half of this). ``data(value)``: a value as
    plain data (:func:`plain` with articles by fingerprint unless given). ``build``: an
    object that lives for one build (its writer), whose keys share what they can."""
    templates, shared = _environment_key(env, settings, build)
    names_file = folder / f"names-{hashlib.blake2b(template_name.encode(), digest_size=6).hexdigest()}.bin"
    kept = read_checked_bytes(names_file, NAMES_FORMAT)
    try:
        digest, names = marshal.loads(kept) if kept is not None else (None, None)
    except (ValueError, EOFError, TypeError):
        digest = names = None
    if digest != templates:
        names = _context_names(env, template_name, env.list_templates())
        folder.mkdir(parents=True, exist_ok=True)
        write_checked(names_file, NAMES_FORMAT, [marshal.dumps((templates, names))])
    if names is None:
        return None
    if data is None:
        data = functools.partial(plain, content=Keys(b"").article)
    h = hashlib.blake2b(f"{FORMAT}\x00{CODE}\x00{template_name}\x00".encode() + shared)
    h.update(repr(data({n: context.get(n) for n in names})).encode("utf-8", "surrogatepass"))
    return h.digest()


#: What the build keys of one build share, by what it is made of, and the object of that
#: build (:func:`build_key`'s ``build``) under "build"; cleared at the build's end.
_SHARED: dict = {}


def _shared(build, part: tuple, make: Callable):
    """``make()``, made once for ``part`` in the build of ``build`` (not None): each of
    Pelican's generators has a Jinja environment, and four took 0.02 s at 1,000
    articles to hash the same files."""
    if build is None:
        return make()
    if _SHARED.get("build") is not build:
        _SHARED.clear()
        _SHARED["build"] = build
    if part not in _SHARED:
        _SHARED[part] = make()
    return _SHARED[part]


def _environment_key(env, settings: dict, build) -> tuple[str, bytes]:
    """The part of every build key that is the same for all templates of an environment
    and settings: a hash of the templates' sources (:func:`_templates`), and a hash of
    those, the code of the environment's filters, tests and globals, the libraries'
    versions, the settings and the globals."""
    folders = _folders(env.loader)
    templates = _shared(build if folders else None, ("templates", folders), lambda: _templates(env, folders))
    h = hashlib.blake2b(templates.encode())
    code = {getattr(f, "__module__", None) for f in (*env.filters.values(), *env.tests.values(), *env.globals.values())}
    for name in sorted(m for m in code if m and m.split(".")[0] not in ("jinja2", "markupsafe")):
        source = getattr(sys.modules.get(name), "__file__", None)  # none for built-in modules
        if source:
            h.update(name.encode() + b"\x00" + _shared(build, ("source", source), Path(source).read_bytes))
    # what renders the pages besides the templates: Python, Jinja, Pelican, Markdown,
    # Babel's dates, MarkupSafe
    h.update(library_versions(*_LIBRARIES))
    h.update(_shared(build, ("settings", id(settings)), lambda: _plain_bytes(settings)))
    h.update(_plain_bytes(env.globals))
    return templates, h.digest()


def _plain_bytes(mapping) -> bytes:
    return repr(plain(dict(mapping), Keys(b"").article)).encode("utf-8", "surrogatepass")


def _folders(loader) -> tuple | None:
    """The folders ``loader`` reads templates from, as a tree: ``("folders", paths,
    follow links)``, ``("choice", parts)``, ``("prefix", ((prefix, part), ...))``; None
    when it (or one it chooses from) is not one of Jinja's file, choice or prefix
    loaders."""
    if type(loader) is FileSystemLoader:
        return ("folders", tuple(map(os.fspath, loader.searchpath)), loader.followlinks)
    if isinstance(loader, ChoiceLoader):
        parts = tuple(_folders(one) for one in loader.loaders)
        return None if None in parts else ("choice", parts)
    if isinstance(loader, PrefixLoader):
        parts = tuple((prefix, _folders(loader.mapping[prefix])) for prefix in sorted(loader.mapping))
        return None if any(part is None for _prefix, part in parts) else ("prefix", parts)
    return None


def _templates(env, folders: tuple | None) -> str:
    """A hash of every template ``env`` can load: the files in its loaders' ``folders``
    (:func:`_folders`; names and bytes, read straight: Jinja's ``get_source`` of each of
    76 templates took 6 ms), or each template's source through Jinja for other loaders."""
    h = hashlib.blake2b(repr(folders).encode("utf-8", "surrogatepass"))
    if folders is None:
        for name in sorted(env.list_templates()):
            h.update(name.encode() + b"\x00" + env.loader.get_source(env, name)[0].encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    for folder, followlinks in dict.fromkeys(_each_folder(folders)):
        hash_files(h, folder, followlinks=followlinks)
    return h.hexdigest()


def hash_files(h, folder: str, suffix: str = "", followlinks: bool = False) -> None:
    """Add to hash ``h`` the name (relative to ``folder``) and bytes of every file under
    it whose name ends with ``suffix``, in a fixed order (``__pycache__`` left out)."""
    for where, dirs, names in os.walk(folder, followlinks=followlinks):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(suffix)):
            path = os.path.join(where, name)
            with open(path, "rb") as f:
                h.update(os.fsencode(os.path.relpath(path, folder)) + b"\x00" + f.read() + b"\x00")


def _each_folder(tree: tuple):
    """(folder, follow links) of each file loader of a :func:`_folders` tree, in order."""
    kind, parts = tree[0], tree[1]
    if kind == "folders":
        yield from ((folder, tree[2]) for folder in parts)
    else:
        for part in parts:
            yield from _each_folder(part if kind == "choice" else part[1])


def site_signature(base: bytes, context: dict, extra: bytes = b"", build=None,
                   linking: str = "ENTITIES_SITE_KEY") -> bytes | None:
    """A hash of everything a family of pages reads, for the common build in which
    none changed: the build's key, the site's linking key (entities.sitememo; the
    context's ``linking``), every article's metadata (the rest of what an article
    shows; hashed once a build, for all the families of ``build``) and ``extra``. None
    without a linking key."""
    linking_key = context.get(linking)
    if not linking_key:
        return None
    metadata = _shared(build, ("metadata",), lambda: _metadata_digest(context))
    return hashlib.blake2b(base + linking_key.encode("ascii") + extra + metadata, digest_size=KEY_BYTES).digest()


def _metadata_digest(context: dict) -> bytes:
    """A hash of the metadata of every article of the build (:func:`site_articles`)."""
    h = hashlib.blake2b(digest_size=KEY_BYTES)
    for art in site_articles(context):
        h.update(metadata_bytes(art))
    return h.digest()


def site_articles(context: dict) -> list:
    """Every article of the build, hidden ones and translations too, in a fixed order."""
    articles = [*(context.get("articles") or ()), *(context.get("hidden_articles") or ())]
    articles += [t for a in list(articles) for t in getattr(a, "translations", None) or ()]
    return list({id(a): a for a in articles}.values())


#: The families opened this build, by name: (memo, stage), saved at ``finalized``.
_OPEN: dict[str, tuple] = {}


def open_family(family: str, stage_name: str, writer, env, template_name: str, context: dict,
                save_as: list[str], extra: bytes = b"") -> tuple["PageMemo", bytes, Path] | None:
    """The last build's pages of ``family`` (``save_as``, made with ``template_name``),
    the build key of that template and the keys' folder; None when pages may not be
    kept (:func:`folder_if_kept`) or the template's names cannot be told. ``extra``
    goes into the site's signature. The memo is saved at ``finalized``
    (:func:`finish_open`), timed as ``stage_name``."""
    folder = folder_if_kept(writer.settings, writer)
    if folder is None:
        return None
    base = build_key(env, template_name, context, writer.settings, folder, build=writer)
    if base is None:
        log.info("kept pages: %s uses a template named at run time: rendering every page", template_name)
        return None
    site = site_signature(base, context, extra, build=writer)
    names = site_signature(base, context, extra, build=writer, linking="ENTITIES_NAMES_KEY")
    memo = PageMemo(folder / f"{family}.bin", Path(writer.output_path), save_as, site, writer.flush,
                    names=names, articles=site_articles(context), family=family)
    finish_at_end(family, memo, stage_name)
    return memo, base, folder


def finish_at_end(family: str, memo, stage_name: str) -> None:
    """Have ``memo.finish(stage_name)`` called at ``finalized`` (this build's memo of
    ``family``, not the one of a build that failed before its end)."""
    _OPEN[family] = (memo, stage_name)


def finish_open(*_sender) -> None:
    """``finalized``: note this build's pages of every family for the next."""
    for memo, stage_name in _OPEN.values():
        memo.finish(stage_name)
    _OPEN.clear()
    _SHARED.clear()


def _none_of(changed: set[int], shown: Iterable | None) -> bool:
    """Whether none of the objects ``shown`` is in ``changed`` (by id); False when
    what a page shows cannot be told (None)."""
    return shown is not None and changed.isdisjoint(map(id, shown))


class PageMemo:
    """The last build's pages of a family (path, key, size, time stamp) and this build's.

    When the site's signature (:func:`site_signature`) is the last build's, so is every
    page's key (``same_site``): the keys are not made, only the files checked. When its
    signature over the entity table's key instead (``names``: what each article names,
    not where) is the last build's, and the same articles are there, a page's key
    changes only with the fingerprint of an article it shows: after an edit, only the
    pages showing a changed article have their keys made (at 10,000 articles the keys
    of every entity and article page took ~1.5 s of a build after an edit)."""

    def __init__(self, path: Path, output: Path, save_as: list[str], site: bytes | None, flush=lambda: None,
                 names: bytes | None = None, articles: list = (), family: str = "pages"):
        """``save_as``: this build's pages of the family; ``flush()`` puts every page
        written on disk (the writer's); ``articles``: the site's (:func:`site_articles`);
        ``family`` names the count of keys made (``<family>_keys_made``)."""
        self.path, self.output, self.save_as, self.site, self.flush = path, output, save_as, site, flush
        self.names, self.articles, self.family = names, articles, family.replace("-", "_")
        self.keys = bytearray(KEY_BYTES * len(save_as))
        self.same_site = False
        self._old_names, self._old_prints = None, b""
        self._prints: bytes | None = None  # this build's articles' fingerprints, made when first asked
        self._old = self._load()  # per page of this build: its place in the last build's, or -1
        self._changed = True  # anything to note for the next build (see unchanged)

    def _load(self):
        self._old_keys, self._old_sizes, self._old_times = b"", array("q"), array("q")
        places = array("i", [-1]) * len(self.save_as)
        data = read_checked_bytes(self.path, FORMAT)
        if data is None:
            return places
        try:
            site, self._old_names, self._old_prints, paths, self._old_keys, sizes, times = marshal.loads(data)
            self._old_sizes.frombytes(sizes)
            self._old_times.frombytes(times)
        except (ValueError, EOFError, TypeError):
            return places
        here = {p: i for i, p in enumerate(self.save_as)}
        start = 0
        for k in range(len(self._old_sizes)):  # one stored path at a time, none kept
            end = paths.find("\n", start)
            i = here.get(paths[start:] if end < 0 else paths[start:end])
            if i is not None:
                places[i] = k
            start = end + 1
        self.same_site = self.site is not None and site == self.site and -1 not in places
        return places

    def unchanged(self, key_of: Callable[[int], bytes], shows: Callable[[int], Iterable] | None = None) -> bytearray:
        """1 for each page (of ``save_as``) on disk as the last build left it under the
        same key, 0 for the others; ``key_of(i)`` gives page ``i``'s key, or None for a
        page never kept (not asked when the site is the same: the last build's keys are
        this build's; nor, when only articles' fingerprints changed, for a page none of
        whose articles, ``shows(i)``, did; None: not told). The keys are noted for the
        next build."""
        kept = bytearray(len(self.save_as))
        old_keys, sizes, times = self._old_keys, self._old_sizes, self._old_times
        changed = None if self.same_site or shows is None else self._changed_articles()
        made = 0
        folder = os.path.join(self.output, "")  # paths joined as text: a Path each costs more than the stat
        for i, (k, rel) in enumerate(zip(self._old, self.save_as)):
            old = old_keys[KEY_BYTES * k : KEY_BYTES * (k + 1)] if k >= 0 else None
            if self.same_site or (changed is not None and old is not None and _none_of(changed, shows(i))):
                key = old
            else:
                key = key_of(i)
                made += 1
            if key is None or key == _NEVER:  # noted as zeros: never kept
                continue
            self.keys[KEY_BYTES * i : KEY_BYTES * (i + 1)] = key
            if key != old:
                continue
            kept[i] = file_stamp(folder + rel) == (sizes[k], times[k])
        self._changed = kept.count(1) < len(kept) or not self.same_site
        if made:
            count(f"{self.family}_keys_made", made)
        return kept

    def _changed_articles(self) -> set[int] | None:
        """The ids of the articles whose fingerprints are not the last build's, when
        the rest of what the pages read is (the signature over the entity table's key,
        the same number of articles); else None."""
        if self.names is None or self.names != self._old_names or len(self._old_prints) != KEY_BYTES * len(self.articles):
            return None
        prints = self._fingerprints()
        return {id(a) for i, a in enumerate(self.articles)
                if prints[KEY_BYTES * i : KEY_BYTES * (i + 1)] != self._old_prints[KEY_BYTES * i : KEY_BYTES * (i + 1)]}

    def _fingerprints(self) -> bytes:
        """Every article's fingerprint (:meth:`Keys.article`), in order; made once."""
        if self._prints is None:
            fingerprint = Keys(b"").article
            self._prints = b"".join([fingerprint(a) for a in self.articles])
        return self._prints

    def finish(self, stage_name: str) -> None:
        """At ``finalized``: :meth:`save`, timed as ``stage_name``, once the writer has
        every page on disk (that wait is not the stage's)."""
        self.flush()
        with stage(stage_name):
            self.save()

    def save(self) -> None:
        """Note each page's key, size and time stamp (call :attr:`flush` first: a page
        whose file is missing gets no entry, and is rendered next time); nothing to do
        when every page was kept."""
        if not self._changed:
            return
        kept, keys, sizes, times = [], bytearray(), array("q"), array("q")
        for i, rel in enumerate(self.save_as):
            stamp = file_stamp(self.output / rel)
            if stamp is None:
                continue
            kept.append(rel)
            keys += self.keys[KEY_BYTES * i : KEY_BYTES * (i + 1)]
            sizes.append(stamp[0])
            times.append(stamp[1])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_checked(self.path, FORMAT, [marshal.dumps((self.site, self.names, self._fingerprints(), "\n".join(kept),
                                                         bytes(keys), sizes.tobytes(), times.tobytes()))])
