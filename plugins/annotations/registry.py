"""Annotators: pure functions from an article's text to JSON data, with a version.

An annotator is named by an import path ("entities.annotate:annotate_article") so that
worker processes, local or on a Dask cluster, can import it themselves. Its version
(the code and model it uses) is part of every cache key: a new model never reads
annotations made by an old one.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Doc:
    """What an annotator sees of an article: the source file, title and body HTML."""

    source: str
    title: str
    html: str

    def __reduce__(self):
        # Sent to the workers as UTF-8 bytes: pickling a str that is not ASCII leaves
        # its UTF-8 form cached in the str for as long as it lives, and the build keeps
        # every article's body (19 MB more at 10,000 articles).
        return _doc, tuple(s.encode("utf-8", "surrogatepass") for s in (self.source, self.title, self.html))


def _doc(source: bytes, title: bytes, html: bytes) -> Doc:
    return Doc(*(b.decode("utf-8", "surrogatepass") for b in (source, title, html)))


def source_names(paths: list[str], base: str) -> list[str]:
    """``os.path.relpath`` of each path against ``base`` (a Doc's ``source``), by
    slicing those under it: Pelican's source paths are absolute and normal, and
    relpath, which makes both absolute again, cost a warm 10,000-article build 0.1 s."""
    prefix = os.path.join(os.path.abspath(base), "")
    return [p[len(prefix):] if p.startswith(prefix) else os.path.relpath(p, base) for p in paths]


@dataclass(frozen=True)
class Annotator:
    name: str
    target: str  # "module:function", called as function(doc) -> JSON-serialisable
    version: str
    # The function takes a list of docs and returns their values in order (for
    # annotators that work faster on several documents at once).
    batched: bool = False
    # Arguments given after the doc(s): settings the function needs wherever it runs.
    # A worker spawned, or on a Dask cluster, has none of the build's environment.
    options: tuple[str, ...] = ()

    def function(self) -> Callable[[Doc], Any]:
        module, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module), attr)

    def run(self, docs: list[Doc]) -> list[Any]:
        """The values of ``docs``, in order."""
        fn = self.function()
        return list(fn(docs, *self.options)) if self.batched else [fn(d, *self.options) for d in docs]


class Annotations(MutableMapping):
    """An article's values, ``{annotator name: value}``. Those read from the cache stay
    JSON until first asked for: a build whose entity linking and search index are
    cached never needs the entities and search terms (at 1,000 articles 13 MB of
    objects, and their parsing)."""

    __slots__ = ("_raw", "_values", "_body")

    def __init__(self, values: Mapping[str, Any] = (), raw: Mapping[str, Any] = (),
                 body: tuple[str, str, str] | None = None):
        self._values = dict(values)
        self._raw = dict(raw)  # name -> JSON (UTF-8, surrogates passed): bytes, or read by bytes()
        self._body = body  # (title, html, the cache's key of them) as annotated

    def take_content_key(self, title: str, html: str) -> str | None:
        """The cache's key of (``title``, ``html``) as computed when annotating, if
        ``html`` is the very body annotated (the same object: nothing has changed it)
        and the title the same; otherwise None. Given once: the body is not held
        after, as it may be replaced (entity links) and should then be freed."""
        body, self._body = self._body, None
        if body is not None and body[1] is html and body[0] == title:
            return body[2]
        return None

    def __getitem__(self, name: str) -> Any:
        if name in self._raw:
            self._values[name] = parse_json(self._raw.pop(name))
        return self._values[name]

    def take_json(self, name: str) -> bytes | None:
        """Annotator ``name``'s value, removed, as JSON (left unparsed when it still
        is: :func:`parse_json` reads it); None when there is none."""
        if name in self._raw:
            return bytes(self._raw.pop(name))
        if name in self._values:
            return json_line(self._values.pop(name))
        return None

    def __setitem__(self, name: str, value: Any) -> None:
        self._raw.pop(name, None)
        self._values[name] = value

    def __delitem__(self, name: str) -> None:
        if self._raw.pop(name, None) is None:
            del self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values or name in self._raw

    def __iter__(self):
        return iter([*self._values, *self._raw])

    def __len__(self) -> int:
        return len(self._values) + len(self._raw)

    def __repr__(self) -> str:
        return f"Annotations({dict(self)!r})"

    def __reduce__(self):
        # Picklable (Pelican's CACHE_CONTENT pickles articles) and copyable: the JSON
        # still unparsed is copied out of the segment it views.
        return Annotations, (self._values, {name: bytes(raw) for name, raw in self._raw.items()})


def json_line(value: Any) -> bytes:
    """``value`` as one line of compact JSON, keys sorted, UTF-8 with surrogates passed:
    how the caches store values (read back with :func:`parse_json`)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8", "surrogatepass")


def parse_json(raw) -> Any:
    """A value from its :func:`json_line` (UTF-8, surrogates passed), given as bytes or
    anything ``bytes()`` reads (a cache's :class:`~annotations.cache.StoredValue`)."""
    return json.loads(bytes(raw))  # json decodes UTF-8 bytes with surrogates passed


ANNOTATORS: dict[str, Annotator] = {}


def register_annotator(name: str, target: str, version: str, batched: bool = False,
                       options: tuple[str, ...] = ()) -> Annotator:
    """Declare an annotator; plugins call this from register()."""
    ann = Annotator(name, target, version, batched, options)
    ANNOTATORS[name] = ann
    return ann


def source_version(*modules: str, extra: str = "") -> str:
    """A version string from the source code of ``modules`` (dotted names) and ``extra``.

    For rule-based annotators: any edit to the code that computes the value makes a
    new version, so the cache never serves results of older code.
    """
    h = hashlib.sha256(extra.encode())
    for name in sorted(modules):
        spec = importlib.util.find_spec(name)
        h.update(name.encode() + b"\0")
        with open(spec.origin, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]


def release(articles, name: str) -> None:
    """Drop annotator ``name``'s values from ``articles`` once its plugin has used them;
    an article left with none loses its ``annotations`` too.

    Nothing reads them later, and the build holds every article until its end: on a
    30,000-article archive the parsed values are hundreds of MB that page writing can
    use instead (and the emptied mappings still 300 bytes an article).
    """
    for article in articles:
        values = getattr(article, "annotations", None)
        if isinstance(values, MutableMapping):
            if name in values:
                del values[name]  # not pop(): it would parse a value still JSON
            if not values:
                del article.annotations
