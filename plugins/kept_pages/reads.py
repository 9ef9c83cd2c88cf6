"""Which of the site's articles a page's render reads, found while Jinja renders it.

A listing page shows a few articles, but its key covered every article, so an edit
rendered all of them again (~1,500 pages, ~3 s at 10,000 articles). While a page renders,
:class:`Reads` notes each article the template touches: every attribute or item it reads
of one (Jinja compiles ``a.title`` and ``a['title']`` to ``environment.getattr`` and
``getitem``, and the built-in filters that take an ``attribute`` read through them too),
and every one given to a filter, test or function (``a|summary_text``, ``f(a)``), alone
or in lists and mappings. A filter, test or function given anything else that may lead
to articles (an entity, a plugin's object, the template's context) counts as reading
every article. A page whose articles (by their fingerprints) and other inputs are the
last build's renders the same bytes.

The site's entities are noted too (numbered after the articles). What the template
reaches from an article that is neither (how often it names an entity, its sources) is
in the article's fingerprint or the family's signature (kept_pages.listings). Python's
``str`` of an article (``{{ a }}``) is its source path, also in the signature. So are
some attributes (``signed``: its title, date, URL, sources…): an article read only
through those is not noted, and a page that shows every article by title and date (the
archives) is kept after an edit of a body.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import contextmanager
from datetime import date

from jinja2.filters import FILTERS
from jinja2 import Environment, Undefined
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro
from jinja2.tests import TESTS

#: Built-in filters that read nothing of an item but through ``environment.getitem``
#: (an ``attribute`` argument), a test or filter named, its identity or its place.
TRANSPARENT_FILTERS = frozenset({
    "batch", "count", "d", "default", "dictsort", "first", "groupby", "last", "length", "list", "map",
    "max", "min", "reject", "rejectattr", "reverse", "select", "selectattr", "slice", "sort", "sum", "unique"})
#: Arguments that lead to no article: values, and the environment Jinja gives some filters.
_PLAIN = (str, int, float, type(None), date, Undefined, Environment, EvalContext)
#: What :class:`Reads` swaps on an environment while a page renders.
_SWAPPED = ("getattr", "getitem", "filters", "tests", "context_class")


class Reads:
    """The articles (numbers < ``limit`` in ``number``, by ``id``) and other numbered
    objects (the site's entities) each page reads; an article's attributes named in
    ``signed`` (what the page's key holds of every article) are not reads of it."""

    def __init__(self, number: dict[int, int], limit: int, signed: frozenset[str] = frozenset()):
        self.number, self.limit, self.signed = number, limit, signed
        self.touched: set[int] | None = None  # the page rendering now; None: every article
        self._every = False
        self._wrapped: dict[int, tuple] = {}  # id(env) -> (env, filters, tests, context class)

    @contextmanager
    def page(self, env):
        """Note what the render of one page inside the block reads: :attr:`touched`,
        or None when it may have read any article."""
        self.touched, self._every = set(), False
        filters, tests, context_class = self._for(env)
        own = vars(env)
        saved = {name: own[name] for name in _SWAPPED if name in own}
        getattr_, getitem = env.getattr, env.getitem
        touch = self._touch
        own.update(getattr=lambda obj, attribute: getattr_(touch(obj, attribute), attribute),
                   getitem=lambda obj, argument: getitem(touch(obj, argument), argument),
                   filters=filters, tests=tests, context_class=context_class)
        try:
            yield self
        finally:
            for name in _SWAPPED:
                own.pop(name, None)
            own.update(saved)
            if self._every:
                self.touched = None

    def _touch(self, obj, name=None):
        n = self.number.get(id(obj))
        if n is not None and not (n < self.limit and type(name) is str and name in self.signed):
            self.touched.add(n)
        return obj

    def _touch_args(self, args, kwargs) -> None:
        """A callable given articles may read anything of them; one given anything else
        that may lead to articles (an entity, an object, the template's context) any
        article."""
        if not all(map(self._seen, args)) or not all(map(self._seen, kwargs.values())):
            self._every = True

    def _seen(self, value) -> bool:
        """Whether all that ``value`` leads to is known to the page: a plain value,
        Jinja's own objects, an article (noted), or lists and mappings of those."""
        if isinstance(value, _PLAIN):
            return True
        n = self.number.get(id(value))
        if n is not None:  # an article, or an entity (whose articles are not noted)
            if n < self.limit:
                self.touched.add(n)
            return n < self.limit
        if isinstance(value, (list, tuple)):
            return all(map(self._seen, value))
        if isinstance(value, Mapping) and not isinstance(value, Context):  # the context: any article
            return all(map(self._seen, value)) and all(map(self._seen, value.values()))
        return False

    def _watched(self, fn: Callable) -> Callable:
        """``fn`` noting the articles it is given (Jinja's pass_context and other markers
        are read off the function's attributes, copied here)."""
        def watched(*args, **kwargs):
            self._touch_args(args, kwargs)
            return fn(*args, **kwargs)

        watched.__dict__.update(getattr(fn, "__dict__", {}))
        return watched

    def _for(self, env) -> tuple:
        """``env``'s filters and tests watched (the built-in ones that read nothing of an
        article as they are) and a context class whose calls watch their arguments; made
        once per environment (and again if its filters or tests change)."""
        done = self._wrapped.get(id(env))
        key = (env, dict(env.filters), dict(env.tests))
        if done is None or done[0][0] is not env or done[0][1:] != key[1:]:
            filters = {name: fn if name in TRANSPARENT_FILTERS and fn is FILTERS.get(name) else self._watched(fn)
                       for name, fn in env.filters.items()}
            tests = {name: fn if fn is TESTS.get(name) else self._watched(fn) for name, fn in env.tests.items()}
            reads = self

            class WatchedContext(env.context_class):
                """Calls from the template (functions of the context or globals; not its
                own macros, whose reads are seen as they run) note the articles given."""

                def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
                    if not isinstance(__obj, Macro):
                        reads._touch_args(args, kwargs)
                    return super().call(__obj, *args, **kwargs)

            done = self._wrapped[id(env)] = (key, filters, tests, WatchedContext)
        return done[1:]
