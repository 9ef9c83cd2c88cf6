"""Listing pages (home, archives, categories, sources, entity indexes) are kept when the
whole site is the last build's (kept_pages.listings), and rendered when one of their
files was touched, when their rendering logged a warning, when two calls wrote one file."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from jinja2 import DictLoader, Environment

from kept_pages.listings import ListingPages
from tests.kept_pages.test_kept_pages import BODIES, build, entity_pages, files, fresh, write_inputs

ROOT = Path(__file__).resolve().parents[2]


def listing_files(out: Path) -> set[str]:
    """The pages that are neither an article's nor an entity's."""
    own = {str(p.relative_to(out)) for p in entity_pages(out)} | {
        str(p.relative_to(out)) for p in (out / "articles").glob("*.html")}
    return {str(p.relative_to(out)) for p in out.rglob("*.html")} - own


def test_listing_pages_are_kept_while_the_site_is_the_same(tmp_path):
    paginated = ("-e", "DEFAULT_PAGINATION=1")  # the home page: one call, three files
    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert "listing_pages_kept" not in build(inputs, out, cache, *paginated)
    assert {"index.html", "index-2.html", "index-3.html"} <= listing_files(out)
    first = files(out)

    counts = build(inputs, out, cache, *paginated)
    assert counts["listing_pages_kept"] == len(listing_files(out))
    assert files(out) == first

    # a file of a paginated call touched: that page is rendered again, the others kept
    (out / "index-2.html").write_text("touched", encoding="utf-8")
    counts = build(inputs, out, cache, *paginated)
    assert counts["listing_pages_kept"] == len(listing_files(out)) - 1
    assert files(out) == first

    # a title edited (every article's metadata is in the family's signature): every
    # listing rendered, the site a fresh build's
    edited = {**BODIES, "c": ("طقس حار اليوم", BODIES["c"][1])}
    write_inputs(inputs, edited)
    assert "listing_pages_kept" not in build(inputs, out, cache, *paginated)
    assert files(out) == fresh(tmp_path, "edited", edited, *paginated)
    assert "طقس حار اليوم" in (out / "index.html").read_text(encoding="utf-8")


def test_after_a_body_edit_only_the_listing_pages_that_read_the_article_are_rendered(tmp_path):
    paginated = ("-e", "DEFAULT_PAGINATION=1")  # index.html lists c, index-2.html b, index-3.html a
    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(inputs, out, cache, *paginated)
    before = files(out)

    # a sentence naming no one: a's summary changes, its names do not
    added = "وأضاف أن المحادثات ستتواصل الأسبوع المقبل."
    edited = {**BODIES, "a": (BODIES["a"][0], BODIES["a"][1] + " " + added)}
    write_inputs(inputs, edited)
    counts = build(inputs, out, cache, *paginated)
    after = files(out)
    assert after == fresh(tmp_path, "edited", edited, *paginated)
    # the page listing a rendered again (and those reading every article, as the home
    # page's months: the same bytes)
    assert added in after["index-3.html"].decode("utf-8") and added not in before["index-3.html"].decode("utf-8")
    # the pages of b and c alone and those listing no article (404, categories…) kept
    assert 3 <= counts["listing_pages_kept"] < len(listing_files(out)) - 2

    # a sentence naming someone new: the entity indexes (they read the entities) and the
    # pages listing a again; those of b and c, who share no name with a, kept
    named = {**edited, "a": (edited["a"][0], edited["a"][1] + " وقال الرئيس الأمريكي باراك أوباما إن ذلك مهم.")}
    write_inputs(inputs, named)
    counts = build(inputs, out, cache, *paginated)
    after = files(out)
    assert after == fresh(tmp_path, "named", named, *paginated)
    assert "أوباما" in after["entities/pers.html"].decode("utf-8") and "أوباما" not in before["entities/pers.html"].decode()
    assert 3 <= counts["listing_pages_kept"] < len(listing_files(out)) - 2

    # c names Kerry too: the same entities in the same order, Kerry's count shown by the
    # entity indexes one more (they are given the same entities: only their reads tell)
    kerry = {**named, "c": (named["c"][0], named["c"][1] + " والتقى وزير الخارجية الأمريكي جون كيري بالمسؤولين.")}
    write_inputs(inputs, kerry)
    build(inputs, out, cache, *paginated)
    assert files(out) == fresh(tmp_path, "kerry", kerry, *paginated)


def test_a_listing_of_an_article_with_a_broken_link_is_rendered_every_build(tmp_path):
    # a link to a file that is not there: making c's summary logs it, in every build
    broken = {**BODIES, "c": (BODIES["c"][0], BODIES["c"][1] + " [الخبر]({filename}missing.md)")}
    inputs = write_inputs(tmp_path / "inputs", broken)
    out, cache = tmp_path / "out", tmp_path / "cache"
    for n in range(3):
        log: list[str] = []
        counts = build(inputs, out, cache, "-v", log=log)  # -v after -q: warnings shown
        assert "missing.md" in log[0]
    assert 0 < counts["listing_pages_kept"] < len(listing_files(out))
    assert (out / "category").is_dir() and counts["article_pages_kept"] == len(BODIES)


class Writer:
    """What ListingPages asks of write_changed's writer."""

    def __init__(self, out: Path, cache: Path):
        self.output_path = str(out)
        self.settings = {"CACHE_PATH": str(cache), "PLUGIN_PATHS": [str(ROOT / "plugins")]}
        self.kept: list[str] = []

    def keep(self, path: str) -> None:
        self.kept.append(path)

    def flush(self) -> None:
        pass


def one_call(pages: ListingPages, template, context: dict, files: dict[str, str]) -> dict[str, bool]:
    """One call of the writer writing ``files`` (name -> text): whether each was kept."""
    call = pages.keeper(next(iter(files)), template, context, {"articles": context["articles"]})
    kept, written = {}, []
    for name, text in files.items():
        kept[name] = call.render(template, {**context, "output_file": name, "say": text}) is None
        if not kept[name]:
            written.append(os.path.join(pages.output, name))
            Path(written[-1]).write_text(text, encoding="utf-8")
    call.done(written)
    return kept


def test_files_written_twice_or_with_a_warning_are_never_kept(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    env = Environment(loader=DictLoader({"list.html": "{{ articles|length }}{{ say|warn_if('warn') }}"}))
    env.filters["warn_if"] = lambda text, word: logging.getLogger("test").warning("%s", text) if text == word else ""
    template = env.get_template("list.html")

    class Article:
        _content, source_path, metadata = "<p>نص</p>", "a.md", {"title": "خبر"}

        @staticmethod
        def _get_intrasite_link_regex():
            return re.compile(r"\{filename\}")

    def one_build(linker_key: str = "site") -> dict[str, bool]:
        context = {"articles": [Article()], "ENTITIES_LINKER_KEY": linker_key, "entities": []}
        pages = ListingPages(Writer(out, cache), context)
        kept = {**one_call(pages, template, context, {"a.html": "a", "shared.html": "a"}),
                **{f"b-{k}": v for k, v in one_call(pages, template, context, {"b.html": "b", "shared.html": "b"}).items()},
                **one_call(pages, template, context, {"c.html": "c", "c-2.html": "c"}),
                **one_call(pages, template, context, {"d.html": "warn"})}
        pages.finish("listing pages")
        return kept

    names = ["a.html", "shared.html", "b-b.html", "b-shared.html", "c.html", "c-2.html", "d.html"]
    assert one_build() == dict.fromkeys(names, False)
    # a file two calls wrote, and a page that logged a warning, rendered again
    assert one_build() == {**dict.fromkeys(names, True), "shared.html": False, "b-shared.html": False, "d.html": False}
    (out / "c-2.html").write_text("touched", encoding="utf-8")
    kept = one_build()  # the touched page of a call rendered, the other kept
    assert [kept["c.html"], kept["c-2.html"]] == [True, False]
    assert one_build()["c-2.html"] is True
    # another linker (its settings, data or code): nothing kept
    assert not any(one_build("other").values())


def test_a_render_notes_every_article_it_reads(tmp_path):
    from kept_pages.reads import Reads

    class Article:
        def __init__(self, n):
            self.title, self.body = f"t{n}", f"b{n}"

    arts = [Article(n) for n in range(9)]
    env = Environment(loader=DictLoader({"page.html": (
        "{% import 'macros.html' as m %}{{ xs[0].title }}{{ xs[1]['body'] }}{{ xs[2]|summary }}"
        "{{ xs[3]|attr('title') }}{% if xs[4] is long %}{% endif %}{{ show(xs[5]) }}{{ m.item(xs[6]) }}"
        "{{ xs|length }}{{ (xs[7:]|map(attribute='title')|list)[0] }}{{ xs[7:]|sort(attribute='title')|first is defined }}"),
        "macros.html": "{% macro item(a) %}{{ a.body }}{% endmacro %}"}))
    env.filters["summary"] = lambda a: a.body[:1]
    env.tests["long"] = lambda a: len(a.body) > 5
    env.globals["show"] = lambda a: a.title
    before = (dict(vars(env)), env.filters, env.tests)
    reads = Reads({id(a): n for n, a in enumerate(arts)}, 8)  # the ninth, read, stands for an entity
    template = env.get_template("page.html")
    with reads.page(env):
        text = template.render(xs=arts)
    # each read (an attribute, an item, a filter, attr, a test, a function, a macro, the
    # attribute of sort and map), the entity's too; xs|length reads none
    assert reads.touched == set(range(9)) and text == "t0b1bt3t5b69t7True"
    with reads.page(env):  # each page its own
        template.render(xs=[arts[3]] * 9)
    assert reads.touched == {3}
    assert (dict(vars(env)), env.filters, env.tests) == before and "getattr" not in vars(env)

    # a filter given the whole context, a function given an object that holds articles,
    # may read any article; one given values and articles, only those
    from jinja2 import pass_context
    env.filters["everything"] = pass_context(lambda context, value: len(context["xs"]))
    with reads.page(env):
        env.from_string("{{ 1|everything }}").render(xs=arts)
    assert reads.touched is None
    holder = type("Holder", (), {"articles": arts})()
    for given, touched in ((holder, None), ({"a": [arts[2], "x", 3]}, {2})):
        with reads.page(env):
            env.from_string("{{ show(given) if false else f(given) }}").render(given=given, f=lambda v: "")
        assert reads.touched == touched


def test_the_plugins_code_is_every_file_loaded_or_not(tmp_path, monkeypatch):
    """A cold build imports the tagger and a warm one does not: the listing pages' key
    must not change with what is loaded, only with what the files say."""
    from kept_pages.listings import plugins_code

    (tmp_path / "lazy").mkdir()
    (tmp_path / "lazy" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "lazy" / "tagger.py").write_text("WEIGHT = 1\n", encoding="utf-8")
    settings = {"PLUGIN_PATHS": [str(tmp_path)]}
    before = plugins_code(settings)
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("lazy.tagger")
    assert plugins_code(settings) == before
    (tmp_path / "lazy" / "tagger.py").write_text("WEIGHT = 2\n", encoding="utf-8")
    assert plugins_code(settings) != before


def test_an_article_read_by_a_listing_is_known_by_its_counts_and_related_articles(tmp_path):
    """What a listing template may read of an article beyond its body and metadata: how
    often it names each entity, and which articles are its related ones."""
    class Named:
        def __init__(self, count):
            self.count, self.name_en, self.wikidata = count, "John Kerry", "Q22316"
            self.slug = self.name = self.type = self.url = "x"

    class Article:
        def __init__(self, count, related=()):
            self._content, self.source_path, self.metadata = "<p>نص</p>", "a.md", {"title": "خبر"}
            self.entities, self.related = [Named(count)], list(related)

    def printed(articles) -> bytes:
        context = {"articles": articles, "ENTITIES_LINKER_KEY": "site", "entities": []}
        return ListingPages(Writer(tmp_path / "out", tmp_path / "cache"), context)._print(0)

    other = Article(1)
    first = printed([Article(1, [other]), other])
    assert printed([Article(1, [other]), other]) == first
    assert printed([Article(2, [other]), other]) != first  # names Kerry once more
    assert printed([Article(1), other]) != first  # another related article


def test_an_article_read_only_by_what_the_signature_holds_is_not_a_read():
    """Its title, date, URL, sources… (``signed``) are in every page's key: a page reading
    nothing else of an article does not depend on its body; anything else, or the
    article given to a filter, is a read, and so is an entity's signed-looking name."""
    from kept_pages.reads import Reads

    class Article:
        def __init__(self, n):
            self.title, self.url, self.body = f"t{n}", f"u{n}", f"b{n}"

    arts = [Article(n) for n in range(5)]
    env = Environment()
    env.filters["summary"] = lambda a: a.body[:1]
    reads = Reads({id(a): n for n, a in enumerate(arts)}, 4, frozenset({"title", "url"}))
    page = env.from_string("{{ xs[0].title }}{{ xs[1]['url'] }}{{ (xs|map(attribute='title')|list)[1] }}"
                           "{{ xs[2].body }}{{ xs[3]|summary }}{{ xs[4].title }}")
    with reads.page(env):
        assert page.render(xs=arts) == "t0u1t1b2bt4"
    assert reads.touched == {2, 3, 4}  # the fifth stands for an entity


def test_the_archives_list_every_article_and_read_none(tmp_path):
    """The archive pages show each article's title, date and sources: their reads are
    empty, so an edit of a body keeps them; the pages showing summaries read theirs."""
    import marshal
    from array import array

    from annotations.cache import read_checked_bytes
    from kept_pages.listings import FORMAT

    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(inputs, out, cache, "-e", "DEFAULT_PAGINATION=1")
    _site, _whole, pages, _calls = marshal.loads(read_checked_bytes(cache / "kept_pages" / "listing-pages.bin", FORMAT))
    reads = {p[0]: None if p[3] is None else array("i", p[3]).tolist() for p in pages.values() if p != "never"}
    archives = {"archives.html", "archives/2015/index.html", "archives/2015/09/index.html"}
    assert all(reads[page] == [] for page in archives)
    assert all(reads[page] != [] for page in ("index.html", "index-2.html", "index-3.html"))  # None: every one

    added = "وأضاف أن المحادثات ستتواصل الأسبوع المقبل."
    edited = {**BODIES, "a": (BODIES["a"][0], BODIES["a"][1] + " " + added)}
    write_inputs(inputs, edited)
    kept = build(inputs, out, cache, "-e", "DEFAULT_PAGINATION=1")["listing_pages_kept"]
    assert files(out) == fresh(tmp_path, "edited", edited, "-e", "DEFAULT_PAGINATION=1")
    assert kept >= len(archives) + 3
