"""Annotate articles: recognise, link and mark up, and build the site's entity registry.

Recognition is a pure function of an article (:func:`annotate_doc`), registered with
``plugins/annotations`` as :func:`annotate_docs` (a chunk of articles tagged together),
which caches it on disk by content and ``MODEL_VERSION`` and runs it on all cores.
Linking needs the whole site (one canonical entity for all articles) and is cheap, so
it runs in the build, in :class:`Builder`.

Settings (read once per build, defaults in brackets):

* ``ENTITIES_OVERRIDES`` [``"content/entities.toml"``, relative to ``PATH``]
* ``ENTITIES_BACKEND`` [``"crf"``: the shipped tagger; or ``"module:function"``, a
  callable taking a text and returning ``(start, end, type)`` tuples, e.g. a wrapper
  around a local CAMeL Tools or transformers model]
* ``ENTITIES_RELATED_COUNT`` [5] related articles per article
* ``ENTITIES_URL`` / ``ENTITIES_SAVE_AS`` [``"entities/{slug}.html"``]
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import html
import importlib
import json
import logging
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from pathlib import Path
from types import MethodType

import babel
import pelican
from pelican.utils import slugify

from annotations import runner
from annotations.cache import AnnotationCache, changed_places, record
from annotations.registry import ANNOTATORS, Annotations, Doc, json_line, parse_json, source_version
from annotations.registry import register_annotator as register
from build_report.stages import count

from . import markup
from .gazetteer import DATA as GAZETTEER_DATA, FILES as GAZETTEER_FILES, TYPES, Entry, Gazetteer
from .link import Candidate, Linker, fold, propagate_names
from .linkcache import LinkCache, Linking, encode as encode_linking, linking
from .overrides import Overrides
from .recognize import MODEL_VERSION, Mention
from .sitememo import SiteMemo, site_key

log = logging.getLogger(__name__)

TYPE_ORDER = {t: i for i, t in enumerate(TYPES)}
# the code an article's cached linking depends on (see entities.linkcache)
LINK_CODE_VERSION = source_version("entities.annotate", "entities.link", "entities.markup", "entities.linkcache", "entities.sitememo",
                                   "entities.gazetteer", "entities.overrides", "entities.recognize",
                                   "arabic", "arabic.normalize", "arabic.tokens", "arabic.clitics")


def linker_inputs(overrides: Path) -> list[str]:
    """What the linker is made from, besides the code: the gazetteer's files, the Babel
    data of its territories and cities, the editors' file and the Unicode data."""
    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"

    return [f"babel {babel.__version__}", f"unicode {unicodedata.unidata_version}", digest(overrides),
            *(digest(GAZETTEER_DATA / name) for name in GAZETTEER_FILES)]
RESERVED_SLUGS = {"index", "pers", "loc", "org", "misc"}


@dataclass(slots=True)  # no per-object dict: thousands of entities, one per article name
class Entity(Candidate):
    """One canonical entity of the site (key, name, type, name_en, wikidata, slug and:)."""

    url: str = ""
    save_as: str = ""
    count: int = 0
    forms: Mapping = field(default_factory=Counter)  # a Counter; restored, a Forms
    articles: list = field(default_factory=list)
    _co: tuple = ()  # the co-mentioned entities (see related)
    _co_counts: tuple = ()  # and the articles each shares with this one
    _aliases: tuple | None = field(default=None, repr=False, compare=False)

    id = property(attrgetter("slug"), doc="The entity's id: its slug.")

    @property
    def related(self) -> list[tuple[Entity, int]]:
        """[(co-mentioned entity, articles shared)], made when asked (its page asks
        once): a tuple for each pair of every entity cost 16 MB at 10,000 articles."""
        return list(zip(self._co, self._co_counts))

    @related.setter
    def related(self, pairs: Iterable[tuple[Entity, int]]) -> None:
        self._co, self._co_counts = tuple(zip(*pairs)) or ((), ())

    @property
    def aliases(self) -> tuple[str, ...]:
        """Its forms but its name, most used first; made when first asked (by then the
        registry is complete: pages and speakers ask thousands of times a build)."""
        if self._aliases is None:
            self._aliases = tuple(f for f, _ in sorted(self.forms.items(), key=lambda kv: (-kv[1], kv[0])) if f != self.name)
        return self._aliases


class Forms(Mapping):
    """A restored entity's ``forms`` (form as written -> times), read-only, over one flat
    tuple (form, times, form, times, ...): a Counter cost each entity 110 bytes more
    (3 MB at 10,000 articles)."""

    __slots__ = ("_flat",)

    def __init__(self, flat: tuple):
        self._flat = flat

    def __getitem__(self, form: str) -> int:
        flat = self._flat
        for k in range(0, len(flat), 2):
            if flat[k] == form:
                return flat[k + 1]
        raise KeyError(form)

    def __iter__(self):
        return iter(self._flat[::2])

    def __len__(self) -> int:
        return len(self._flat) // 2

    def items(self) -> ItemsView:
        """(form, times) pairs read off the flat tuple: Mapping's own looks each form
        up again, a scan of the tuple each time."""
        return _FlatItems(self)

    def __repr__(self) -> str:
        return f"Forms({dict(self)!r})"


class _FlatItems(ItemsView):
    def __iter__(self):
        flat = self._mapping._flat
        return zip(flat[::2], flat[1::2])


class Mentions(Sequence):
    """``article.mentions``: ``(start, end, entity id)`` of each linked mention of the
    body, over its plain text, in text order. Kept as one array of numbers (start, end,
    the entity's place in the site's table) and made into tuples when read: tuples and
    numbers for every mention of every article cost 17 MB at 10,000 articles."""

    __slots__ = ("_numbers", "_table")

    def __init__(self, numbers: array, table: list[Entity]):
        self._numbers, self._table = numbers, table

    def __len__(self) -> int:
        return len(self._numbers) // 3

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        k, n = 3 * range(len(self))[i], self._numbers  # IndexError and negative i as a list's
        return n[k], n[k + 1], self._table[n[k + 2]].slug

    def __iter__(self):
        n, table = self._numbers, self._table
        return ((n[k], n[k + 1], table[n[k + 2]].slug) for k in range(0, len(n), 3))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Mentions({list(self)!r})"


@dataclass(slots=True, frozen=True)
class ArticleEntity:
    """An entity as seen from an article (``article.entities``): one object for all
    the articles that name an entity as often (:func:`_decorate`)."""

    entity: Entity
    count: int

    # The entity's fields, read through in C (pages and plugins read them ~10^5 times a build).
    id = property(attrgetter("entity.slug"))
    name = property(attrgetter("entity.name"))
    type = property(attrgetter("entity.type"))
    slug = property(attrgetter("entity.slug"))
    url = property(attrgetter("entity.url"))
    name_en = property(attrgetter("entity.name_en"))
    wikidata = property(attrgetter("entity.wikidata"))


class Config:
    def __init__(self, settings: dict):
        base = Path(settings.get("PATH", "."))
        self.overrides = base / settings.get("ENTITIES_OVERRIDES", "content/entities.toml")
        self.backend = settings.get("ENTITIES_BACKEND", "crf")
        self.related = int(settings.get("ENTITIES_RELATED_COUNT", 5))
        self.related_max = int(settings.get("ENTITIES_RELATED_MAX_ARTICLES", 100))
        self.url = settings.get("ENTITIES_URL", "entities/{slug}.html")
        self.save_as = settings.get("ENTITIES_SAVE_AS", "entities/{slug}.html")
        self.slug_subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])


def backend_version(name: str) -> str:
    return MODEL_VERSION if name == "crf" else f"backend:{name}"


@functools.lru_cache(maxsize=4)
def _backend(name: str):
    """The recogniser ``name`` as a function from texts to their mentions, one list per
    text (the shipped one tags them together; a custom one is called per text)."""
    if name == "crf":
        from .recognize import recognize_all

        return recognize_all
    mod, _, fn = name.partition(":")
    func = getattr(importlib.import_module(mod), fn)

    def run(text: str) -> list[Mention]:
        out = []
        for m in func(text):
            if not isinstance(m, Mention):
                m = Mention(m[0], m[1], m[2], text[m[0] : m[1]], text[m[0] : m[1]])
            out.append(m)
        return out

    return lambda texts: [run(t) for t in texts]


def title_text(title: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", title or ""))


def annotate_doc(doc, backend: str = "crf") -> dict:
    """Raw mentions of one article (``annotations.registry.Doc``) found by the
    recogniser ``backend`` (ENTITIES_BACKEND): JSON, cacheable.

    ``body``: [start, end, type, text, form] over the plain text of ``doc.html``
    (see :mod:`entities.markup`); ``title``: the same over the title text.
    """
    return annotate_docs([doc], backend)[0]


def annotate_docs(docs: list, backend: str = "crf") -> list[dict]:
    """:func:`annotate_doc` of each doc, their texts recognised together (faster)."""
    recognize_all = _backend(backend)
    parts = []
    for doc in docs:
        blocks = list(markup.blocks(markup.runs(doc.html or "")))
        t = title_text(doc.title)
        parts.append((blocks, [text for _, text in blocks] + ([t] if t else [])))
    found = iter(recognize_all([text for _, texts in parts for text in texts]))
    out = []
    for blocks, texts in parts:
        mentions = [next(found) for _ in texts]
        body = [
            [start + m.start, start + m.end, m.type, m.text, m.form or m.text]
            for (start, _), ms in zip(blocks, mentions)
            for m in ms
        ]
        title = mentions[len(blocks)] if len(texts) > len(blocks) else []
        out.append({"body": body, "title": [[m.start, m.end, m.type, m.text, m.form or m.text] for m in title]})
    return out


def raw_annotations(articles: list, settings: dict) -> list[bytes]:
    """Each article's ``annotations['entities']`` as its JSON (:func:`parse_json` reads
    it), taken from the article, still unparsed, where plugins/annotations left it; the
    rest through the same runner and cache (when that plugin is not in the build).
    Linking parses one article's at a time: all of them parsed at once were ~55 MB of
    the build process at 10,000 articles, which the forked linking workers then each
    copied, page by page, as they read them."""
    out: list = [_taken_json(a) for a in articles]
    missing = [i for i, v in enumerate(out) if v is None]
    if not missing:
        return out
    ann = ANNOTATORS.get("entities") or register_annotator(settings)
    cache = AnnotationCache(Path(settings.get("CACHE_PATH", "cache")) / "annotations")
    docs = [Doc(getattr(articles[i], "source_path", "") or "", articles[i].title, articles[i]._content or "") for i in missing]
    for i, v in zip(missing, runner.annotate(docs, [ann], cache)):
        out[i] = v.take_json("entities")
    return out


def _taken_json(article) -> bytes | None:
    """``article``'s entities annotation as JSON, taken from it (nothing reads it after
    linking); None when it has none."""
    values = getattr(article, "annotations", None)
    if isinstance(values, Annotations):
        return values.take_json("entities")
    if isinstance(values, Mapping) and values.get("entities") is not None:
        return json_line(values["entities"])
    return None


def register_annotator(settings: dict | None = None):
    """Declare the recogniser to plugins/annotations, with the backend the settings name."""
    name = Config(settings or {}).backend
    # The backend travels with the annotator, to workers forked, spawned or on Dask.
    return register("entities", "entities.annotate:annotate_docs", backend_version(name), batched=True,
                    options=(name,))


def _editor_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Occurrences of the editors' names (their file's aliases) in ``text``."""
    from arabic import normalize, tokenize

    toks = tokenize(text)
    out = []
    for i, j, pre, e in gaz.find([normalize(t.text) for t in toks]):
        from .recognize import _orig_offset

        start = toks[i].start + _orig_offset(toks[i].text, pre)
        end = toks[j - 1].end
        out.append(Mention(start, end, e.type, text[start:end], e.name))
    return out


def _merge(base: list[Mention], extra: list[Mention]) -> list[Mention]:
    """``extra`` mentions win over overlapping ``base`` ones."""
    if not extra:
        return base
    keep = [m for m in base if not any(m.start < x.end and x.start < m.end for x in extra)]
    return sorted(keep + extra, key=lambda m: (m.start, m.end))


class Builder:
    """Links every article of a build and holds the resulting registry."""

    def __init__(self, settings: dict):
        self.config = Config(settings)
        self.settings = settings
        self.overrides = Overrides.load(self.config.overrides)  # its problems are reported every build
        self.entities: dict[str, Entity] = {}
        self._ordered: list[Entity] | None = None  # see ordered()
        self.site_key: str | None = None  # of the last run: what the site's linking read
        self.names_key: str | None = None  # of the last run: what its entity table read (the memo's key)
        self.linker_key: str | None = None  # of the last run: the part of that not of any article

    # The linker, made when an article is linked: a build whose site memo holds its
    # linking never loads the gazetteer (~50 ms, Babel's territories and cities).

    @functools.cached_property
    def linker(self) -> Linker:
        return Linker(Gazetteer.load(), self.overrides)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        return {k: c.name for k, c in self.linker.pinned.items()}

    @functools.cached_property
    def editor_gaz(self) -> Gazetteer | None:
        """The editors' names, also looked for in the text (the tagger may miss them)."""
        editor_entries = []
        for o in self.overrides.entities:
            key = self.linker.resolve(fold(o.name)) or fold(o.name)
            pin = self.linker.pinned.get(key)
            editor_entries.append(Entry(pin.type if pin else (o.type or "MISC"), pin.name if pin else o.name, [o.name, *o.aliases]))
        return Gazetteer(editor_entries) if editor_entries else None

    def run(self, articles: list) -> list[Entity]:
        self._ordered = None
        cache = self._cache()
        keys = [_linking_key(cache, art) for art in articles]
        ids = b"".join(map(bytes.fromhex, keys))
        memo = SiteMemo(self._cache_file("site.txt"))
        kept = self._kept(memo, cache, keys, ids, articles)
        if kept is not None:
            count("entity_site_reused")
            count("entity_site_articles_updated", len(kept[1]))
            self._restore(memo, *kept, articles, cache)
        else:
            self._compute(cache, keys, ids, articles, memo)
        # Everything the site's linking reads: what its entity table reads (the memo's
        # key), and each article's linking key (its title, HTML and the linker's state).
        self.site_key = site_key([memo.key, ids.hex()])
        self.names_key = memo.key
        self.linker_key = site_key([self._linker_head(cache)])
        for art, key in zip(articles, keys):
            art.linked_body = (art._content, linked_body_key(memo.key, key))
        log.info("entities: %d articles, %d entities", len(articles), len(self.entities))
        return self.ordered()

    def _kept(self, memo: SiteMemo, cache: LinkCache, keys: list[str], ids: bytes, articles: list) -> tuple | None:
        """The last build's site memo when its entity table and related articles still
        hold (no article added, moved, redated or renamed, none naming other entities
        or the same ones otherwise): its records after the first, the articles whose
        linking changed ({place: linking key}) and this build's first record (article
        ids and names digests); else None. Links the articles whose linking is not
        kept, and sets ``memo.key`` when it can tell it."""
        kept = memo.read()
        last = _last_articles(kept, len(ids))
        changed = None if last is None else changed_places(ids, last[0], 32)
        if changed:
            self._link_missing(cache, keys, articles)  # their names are read next
        if last is not None:
            names = bytearray(last[1])
            for i in changed:
                names[16 * i : 16 * i + 16] = cache.linked(keys[i]).names_digest()
            memo.key = self._site_key(cache, _hexes(names), articles)
            if memo.key == kept[0]:
                if not changed:
                    count("entity_links_reused", len(keys))
                return kept[1], {i: keys[i] for i in changed}, [ids, bytes(names)]
        if kept is not None:
            kept[1].close()
        if not changed:
            self._link_missing(cache, keys, articles)  # the site is computed from them all
        return None

    def _link_missing(self, cache: LinkCache, keys: list[str], articles: list) -> None:
        """Link the articles whose linking is not kept (every one on a cold build) and
        keep all of this build's for the next."""
        missing = [i for i, key in enumerate(keys) if not cache.has(key)]
        to_link = [articles[i] for i in missing]
        for i, line in zip(missing, self._link_all(list(zip(to_link, raw_annotations(to_link, self.settings))))):
            cache.put(keys[i], line)
        cache.save()
        count("entity_links_reused", cache.lines.hits)
        count("entity_links_computed", cache.lines.misses)

    def _compute(self, cache: LinkCache, keys: list[str], ids: bytes, articles: list, memo: SiteMemo) -> None:
        # Two passes, each decoding one article's links at a time: the registry needs
        # all the articles' before any can be marked up.
        names = bytearray()

        def read(key: str) -> Linking:
            linked = cache.linked(key)
            names.extend(linked.names_digest())
            return linked

        self._registry(map(read, keys))
        memo.key = self._site_key(cache, _hexes(names), articles)
        table = list(self.entities.values())
        index = {k: i for i, k in enumerate(self.entities)}
        pairs: dict[tuple[int, int], int] = {}
        rows = [self._row(cache.linked(key), index, pairs) for key in keys]  # ~1 KB an article, kept so until the save
        shared = [ArticleEntity(table[i], n) for i, n in pairs]
        for art, row in zip(articles, rows):
            _decorate(art, row, table, shared)
        for art in articles:
            for a in art.entities:
                a.entity.articles.append(art)
        number = {id(a): i for i, a in enumerate(articles)}
        self._related(articles, number)
        order = [index[e.key] for e in self.ordered()]
        memo.save(chain([record([ids, bytes(names)]),
                         record([_entity_columns(table, number, index), array("i", chain.from_iterable(pairs)).tobytes(),
                                 array("i", order).tobytes()])],
                        (record((*row, array("i", [number[id(r)] for r in art.related]).tobytes()))
                         for art, row in zip(articles, rows))))

    def _restore(self, memo: SiteMemo, records, changed: dict[int, str], first: list, articles: list,
                 cache: LinkCache) -> None:
        """The last build's result from ``records`` (after their first), read under the
        same key: the same entity table and related articles. The mentions and link
        places of the articles at the places of ``changed`` (edited, their names kept)
        are taken from their linking under the key given; then the memo is saved with
        them and ``first`` (this build's article ids and names digests) in place."""
        columns, pairs, order = next(records)  # see _entity_columns
        table = _entities_from_columns(columns, articles)
        self.entities = {e.key: e for e in table}
        self._ordered = list(map(table.__getitem__, array("i", order)))
        pairs = array("i", pairs)
        shared = list(map(ArticleEntity, map(table.__getitem__, pairs[0::2]), pairs[1::2]))
        number = articles.__getitem__
        index = {e.key: i for i, e in enumerate(table)} if changed else None
        replaced = {}
        for i, (art, (*row, related)) in enumerate(zip(articles, records)):  # one record an article
            if i in changed:
                row[1:] = _placed(cache.linked(changed[i]), index)
                replaced[i + 2] = record((*row, related))
            _decorate(art, row, table, shared)
            art.related = list(map(number, array("i", related)))
        records.close()
        if replaced:
            replaced[0] = record(first)
            memo.replace(replaced)

    def _site_key(self, cache: LinkCache, names: Iterable[str], articles: list) -> str:
        """What the site's entity table and related articles read: each article's names
        digest, date and slug, in order; and :meth:`_linker_head`."""
        return site_key(chain([self._linker_head(cache)],
                              (f"{digest} {_neg_date(a)!r} {a.slug}" for digest, a in zip(names, articles))))

    def _linker_head(self, cache: LinkCache) -> str:
        """What the site's linking reads besides the articles: the settings, the
        linker's state, the code, and Pelican's version (slugs)."""
        c = self.config
        return json.dumps([cache.salt.decode("utf-8", "surrogatepass"), c.related, c.related_max, c.url, c.save_as,
                           c.slug_subs, pelican.__version__], ensure_ascii=False)

    def _cache(self) -> LinkCache:
        """The linking cache of a Pelican build (whose settings always name CACHE_PATH);
        one that keeps nothing without it."""
        return LinkCache(self._cache_file("linking.txt"), json.dumps(
            [LINK_CODE_VERSION, backend_version(self.config.backend), *linker_inputs(self.config.overrides)],
            ensure_ascii=False))

    def _cache_file(self, name: str) -> Path | None:
        """``CACHE_PATH/entities/name``; None without a cache folder."""
        cache = self.settings.get("CACHE_PATH")
        return Path(cache) / "entities" / name if cache else None

    def _link_all(self, pairs: list[tuple]) -> list[bytes]:
        """_link of each (article, its raw annotations as JSON: raw_annotations),
        encoded as the linking cache keeps it, on all cores when there are many (a cold
        build links every article: a second of every thousand). Parsed, summed up and
        encoded by the workers (linkcache.linking), the build process neither parses
        nor unpickles the mentions (~18 KB an article) nor encodes them again."""
        workers = runner.default_workers(self.settings.get("ANNOTATIONS_WORKERS"))

        def link(pair: tuple) -> bytes:
            art, raw = pair
            return encode_linking(linking(*self._link(art, parse_json(raw))))

        if runner.pooled(len(pairs), workers):
            return runner.fork_map(link, pairs, workers, per_task=runner.CHUNK)
        return [link(pair) for pair in pairs]

    def _link(self, art, raw: dict) -> tuple[list, list, list]:
        """(title links, body links, source places of the body links) of one article."""
        content = getattr(art, "_content", "") or ""
        rs = markup.runs(content)  # parsed once, read four times below
        plain = "".join(r.text for r in rs)
        if any(plain[m[0] : m[1]] != m[3] for m in raw["body"]):
            # the body changed after annotation (another plugin): annotate it again
            from types import SimpleNamespace

            raw = annotate_doc(SimpleNamespace(title=art.title, html=content), self.config.backend)
        body = [Mention(*m) for m in raw["body"]]
        tmen = [Mention(*m) for m in raw["title"]]
        if self.editor_gaz is not None:
            body = _merge(body, [m for s, t in markup.blocks(rs) for m in _shift(_editor_mentions(t, self.editor_gaz), s)])
            tmen = _merge(tmen, _editor_mentions(title_text(art.title), self.editor_gaz))
        tl = self.linker.link_article(tmen)
        bl = self.linker.link_article(body, before=tmen)
        bl = sorted(bl + propagate_names(markup.blocks(rs), bl, self.names), key=lambda mk: (mk[0].start, mk[0].end))
        return tl, bl, markup.locate([(m.start, m.end) for m, _k in bl], rs)

    def _registry(self, linked: Iterable[Linking]) -> None:
        """The entities of every article's linking."""
        types: dict[str, Counter] = defaultdict(Counter)
        for keys, names, _mentions, _places in linked:
            for i, form, typ, n in zip(*[iter(names)] * 4):
                k = keys[i]
                e = self.entities.get(k)
                if e is None:
                    e = self.entities[k] = Entity(k, "", "")
                e.count += n
                e.forms[form] += n
                types[k][typ] += n
        for k, e in self.entities.items():
            pin = self.linker.pinned.get(k)
            if pin is not None:
                e.name, e.type, e.name_en, e.wikidata = pin.name, pin.type, pin.name_en, pin.wikidata
                e.slug = pin.slug
            else:
                e.name = sorted(e.forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
                e.type = sorted(types[k].items(), key=lambda kv: (-kv[1], TYPE_ORDER.get(kv[0], 9)))[0][0]
        used: set[str] = set()
        for e in sorted(self.entities.values(), key=lambda e: (-e.count, e.key)):
            slug = e.slug or slugify(e.name, regex_subs=self.config.slug_subs, preserve_case=False, use_unicode=True) or "entity"
            base, n = slug, 2
            while slug in used or slug in RESERVED_SLUGS:
                slug = f"{base}-{n}"
                n += 1
            used.add(slug)
            e.slug = slug
            e.url = self.config.url.format(slug=slug)
            # one string when they are alike (they are by default; the site memo keeps it one)
            e.save_as = e.url if self.config.save_as == self.config.url else self.config.save_as.format(slug=slug)

    def _row(self, linked: Linking, index: dict[str, int], pairs: dict[tuple[int, int], int]) -> tuple:
        """One article's linking as numbers, each as the bytes of an array of C ints:
        its entities in the order its page lists them, each as its (entity, count)'s
        place in ``pairs`` (one ArticleEntity each: see _decorate); its body's mentions
        (start, end, entity, … with the entity's place in ``index``, the table: see
        Mentions) and where its links go in the HTML (a, b, entity, … likewise: see
        EntityLinks). Saved for the next build as it is (entities.sitememo)."""
        keys, names, mentions, places = linked
        counts = [0] * len(keys)
        for i, n in zip(names[0::4], names[3::4]):
            counts[i] += n
        table = [self.entities[k] for k in keys]
        ents = sorted(range(len(keys)), key=lambda i: (-counts[i], table[i].name, table[i].slug))
        return (array("i", [pairs.setdefault((index[keys[i]], counts[i]), len(pairs)) for i in ents]).tobytes(),
                *_placed(linked, index))

    def _related(self, articles: list, number: dict[int, int]) -> None:
        """Related articles: most shared entities, each weighted by 1/(its articles).

        Entities named in more than ``related_max`` articles (the country an archive
        covers) are left out: their weight is next to nothing, and scoring through them
        costs time quadratic in the archive.
        """
        order = [(_neg_date(a), a.slug) for a in articles]
        by_entity = {k: [number[id(a)] for a in e.articles] for k, e in self.entities.items()
                     if 0 < len(e.articles) <= self.config.related_max}
        weight = {k: 1.0 / len(arts) for k, arts in by_entity.items()}
        for i, art in enumerate(articles):
            score: dict[int, float] = {}
            for a in getattr(art, "entities", []):
                k = a.entity.key
                if k in by_entity:
                    w = weight[k]
                    for other in by_entity[k]:
                        score[other] = score.get(other, 0.0) + w
            score.pop(i, None)
            best = _top(score, self.config.related, lambda j: (-round(score[j], 9), *order[j]))
            art.related = [articles[j] for j in best]
        # co-mentioned entities and article order on entity pages
        named = [[a.entity.key for a in getattr(art, "entities", [])] for art in articles]
        for e in self.entities.values():
            e.articles.sort(key=lambda a: order[number[id(a)]])
            co = Counter(chain.from_iterable(named[number[id(a)]] for a in e.articles))
            del co[e.key]
            e.related = [(self.entities[k], co[k]) for k in _top(
                co, 10, lambda k: (-co[k], -self.entities[k].count, self.entities[k].name))]

    def ordered(self) -> list[Entity]:
        """The entities by type, then most named first (sorted once a run; restored with
        the site's linking when it was)."""
        if self._ordered is None:
            self._ordered = sorted(self.entities.values(),
                                   key=lambda e: (TYPE_ORDER.get(e.type, 9), -e.count, e.name, e.slug))
        return list(self._ordered)


def linked_body_key(table: str, linking: str) -> str:
    """A key of an article's linked body and entities (``article.linked_body`` holds
    both): made from the key of the site's entity table (the site memo's: every
    entity's name, type, slug and URL follow from it) and the article's linking key
    (its body before linking, its links). Later stages (the search index's key, news
    metadata) read it instead of hashing the body again, when the body is still that
    very object; an edit that keeps the names changes that article's alone."""
    return hashlib.sha256(f"linked body\x00{table}\x00{linking}".encode("ascii")).hexdigest()


def _linking_key(cache: LinkCache, art) -> str:
    """``art``'s key in the linking cache, with the annotation cache's key of its title
    and body as computed when it was annotated, when its annotations still hold it
    (the body unchanged since)."""
    content = getattr(art, "_content", "") or ""
    take = getattr(getattr(art, "annotations", None), "take_content_key", None)
    return cache.key(art.title, content, take(art.title, content) if take else None)


def _last_articles(kept: tuple | None, size: int) -> tuple[bytes, bytes] | None:
    """The first record of the site memo ``kept`` (SiteMemo.read): the last build's
    articles' ids (their linking keys' bytes) and names digests; None when there is
    none, or it had another number of articles (``size`` bytes of ids)."""
    if kept is None:
        return None
    ids, names = next(kept[1])
    return (ids, names) if len(ids) == size else None


def _hexes(digests: bytes) -> Iterator[str]:
    """Each article's names digest (16 bytes each), as text."""
    return (digests[i : i + 16].hex() for i in range(0, len(digests), 16))


def _placed(linked: Linking, index: dict[str, int]) -> tuple[bytes, bytes]:
    """An article's body mentions and link places (see Builder._row), its keys made
    places in the site's table (``index``)."""
    number = [index[k] for k in linked.keys]
    return _renumbered(linked.mentions, number), _renumbered(linked.places, number)


def _renumbered(triples: list[int], number: list[int]) -> bytes:
    """Flat (a, b, key's place, …) with each place made ``number[place]``, as the bytes
    of an array of C ints."""
    out = array("i", triples)
    out[2::3] = array("i", map(number.__getitem__, triples[2::3]))
    return out.tobytes()


def _decorate(art, row, table: list[Entity], shared: list[ArticleEntity]) -> None:
    """An article's entities, mentions and entity links from its :meth:`Builder._row`.
    Its entities are the ``shared`` ArticleEntity objects of the build, one per (entity,
    count): a third of a million of them at 10,000 articles were a fifth as many."""
    ents, mentions, places = row
    art.entities = list(map(shared.__getitem__, array("i", ents)))
    art.mentions = Mentions(array("i", mentions), table)
    art.entity_links = EntityLinks(getattr(art, "_content", "") or "", array("i", places), table)
    if getattr(art.__dict__.get("_update_content"), "__func__", None) is not _update_content:
        art._update_content = MethodType(_update_content, art)  # 80 bytes less than a partial


class EntityLinks:
    """Where an article's entity links go in its body (``article.entity_links``):
    (start, end, entity's place in the site's table) in the HTML, as one array of
    numbers. The links are inserted when a page is rendered (:func:`linked_html`), not
    kept as a second body beside the one Pelican read (20 MB at 10,000 articles)."""

    __slots__ = ("body", "_places", "_table")

    def __init__(self, body: str, places: array, table: list[Entity]):
        self.body, self._places, self._table = body, places, table

    def spans(self, content: str) -> bytes:
        """Where :meth:`into` puts tags in ``content`` (start, end, …), without which
        entity: all a text made from the linked body with its tags stripped depends
        on besides the body (lean_content.summaries). Empty when it puts none."""
        if content is not self.body:
            return b""
        return self._places[0::3].tobytes() + self._places[1::3].tobytes()

    def into(self, content: str) -> str:
        """``content`` with the links in when it is the body they were placed in; as it
        is otherwise (changed after linking)."""
        if content is not self.body:
            return content
        n, table = self._places, self._table
        return markup.insert(content, [((n[k], n[k + 1]), _tag(table[n[k + 2]])) for k in range(0, len(n), 3)])


def linked_html(article) -> str:
    """``article``'s body with its entity links, as its page shows them (before URLs are
    made relative to the page); the body as it is when it was changed after linking."""
    body = getattr(article, "_content", "") or ""
    links = getattr(article, "entity_links", None)
    return body if links is None else links.into(body)


def _tag(e: Entity) -> str:
    """The opening link tag of ``e``."""
    return f'<a class="entity entity-{html.escape(e.type)}" href="{html.escape(e.url)}" title="{html.escape(e.name)}">'


def _entity_columns(table: list[Entity], number: dict[int, int], index: dict[str, int]) -> list:
    """The entity table as the site memo keeps it, a column a field (marshal reads a
    column of strings back at a quarter of the time of a list per entity): the string
    fields up to ``save_as``, their counts, their forms as flat tuples (form, times, …),
    then their articles (``number`` by an article's id) and co-mentioned entities
    (``index`` by key) and the articles each shares, each as one array of C ints with
    where each entity's part ends. Equal strings go through one dict, so that they are
    one object, which marshal keeps as one: a key, name, slug or form read back is the
    same string wherever it is the same text (10,000 articles: 26,000 entities, 6 MB
    of copies)."""
    one = {}.setdefault
    arts, arts_end, co, co_counts, co_end = array("i"), array("i"), array("i"), array("i"), array("i")
    for e in table:
        arts.extend(number[id(a)] for a in e.articles)
        arts_end.append(len(arts))
        co.extend(index[r.key] for r in e._co)
        co_counts.extend(e._co_counts)
        co_end.append(len(co))
    fields = attrgetter("key", "name", "type", "name_en", "wikidata", "slug", "url", "save_as")
    return [[[one(x, x) for x in column] for column in zip(*map(fields, table))] or [[]] * 8,
            array("i", [e.count for e in table]).tobytes(),
            [tuple(x for form, n in e.forms.items() for x in (one(form, form), n)) for e in table],
            *(a.tobytes() for a in (arts, arts_end, co, co_counts, co_end))]


def _entities_from_columns(columns: list, articles: list) -> list[Entity]:
    """The entity table :func:`_entity_columns` kept, for this build's ``articles``."""
    strings, counts, forms, *numbers = columns
    arts, arts_end, co, co_counts, co_end = (array("i", b) for b in numbers)
    number = articles.__getitem__
    table = list(map(Entity, *strings, array("i", counts), map(Forms, forms)))
    entity = table.__getitem__
    a = c = 0
    for e, a_end, c_end in zip(table, arts_end, co_end):
        e.articles = list(map(number, arts[a:a_end]))
        e._co, e._co_counts = tuple(map(entity, co[c:c_end])), tuple(co_counts[c:c_end])
        a, c = a_end, c_end
    return table


def _top(score: dict, n: int, key) -> list:
    """``heapq.nsmallest(n, score, key)`` where ``key`` leads with ``-round(score[x], 9)``
    (or ``-score[x]``): the key is made only for the candidates scoring within rounding
    of the n-th best, which alone can be among the n (thousands of candidates each)."""
    if len(score) > n:
        floor = sorted(score.values(), reverse=True)[n - 1] - 2e-9  # in C: faster than a heap here
        score = [x for x, s in score.items() if s >= floor]
    return heapq.nsmallest(n, score, key=key)


def _shift(ms: list[Mention], by: int) -> list[Mention]:
    return [m._replace(start=m.start + by, end=m.end + by) for m in ms]


def _neg_date(article) -> float:
    d = getattr(article, "date", None)
    try:
        return -d.timestamp()
    except (AttributeError, ValueError, OSError):
        return 0.0


_ENTITY_HREF = re.compile(r'(<a class="entity entity-[A-Z]+" href=")(?![a-z]+:|/)')


def _update_content(article, content: str, siteurl: str) -> str:
    """The entity links inserted (:func:`linked_html`), Pelican's link rewriting, then
    the entity links made relative to the page."""
    content = type(article)._update_content(article, article.entity_links.into(content), siteurl)
    if not content:
        return content
    prefix = (siteurl.rstrip("/") + "/") if siteurl else ""
    return _ENTITY_HREF.sub(lambda m: m.group(1) + prefix, content)
