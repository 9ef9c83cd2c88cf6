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

    # a file of a paginated call touched: the call is rendered again, the others kept
    (out / "index-2.html").write_text("touched", encoding="utf-8")
    counts = build(inputs, out, cache, *paginated)
    assert counts["listing_pages_kept"] == len(listing_files(out)) - 3
    assert files(out) == first

    # an edit: every listing rendered, the site a fresh build's
    edited = {**BODIES, "c": ("طقس حار اليوم", BODIES["c"][1])}
    write_inputs(inputs, edited)
    assert "listing_pages_kept" not in build(inputs, out, cache, *paginated)
    assert files(out) == fresh(tmp_path, "edited", edited, *paginated)
    assert "طقس حار اليوم" in (out / "index.html").read_text(encoding="utf-8")


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


def render(pages: ListingPages, template, context: dict, name: str, text: str, also: str | None = None,
           warn: bool = False) -> bool:
    """One call of the writer: kept (True), or rendered into ``name`` (and ``also``)."""
    tell = pages.keeper(name, template, context, {"articles": context["articles"], "url": name})
    if tell is True:
        return True
    written = []
    for each in filter(None, (name, also)):
        path = os.path.join(pages.output, each)
        Path(path).write_text(text, encoding="utf-8")
        written.append(path)
    if warn:
        logging.getLogger("test").warning("a link that goes nowhere")
    tell(written)
    return False


def test_files_written_twice_or_with_a_warning_are_never_kept(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    template = Environment(loader=DictLoader({"list.html": "{{ articles|length }}"})).get_template("list.html")

    class Article:
        _content, source_path, metadata = "<p>نص</p>", "a.md", {"title": "خبر"}

        @staticmethod
        def _get_intrasite_link_regex():
            return re.compile(r"\{filename\}")

    def one_build(context: dict | None = None) -> dict[str, bool]:
        context = context or {"articles": [Article()], "ENTITIES_SITE_KEY": "site", "entities": []}
        pages = ListingPages(Writer(out, cache), context)
        kept = {"a": render(pages, template, context, "a.html", "a", also="shared.html"),
                "b": render(pages, template, context, "b.html", "b", also="shared.html"),
                "c": render(pages, template, context, "c.html", "c"),
                "d": render(pages, template, context, "d.html", "d", warn=True)}
        pages.finish("listing pages")
        return kept

    assert one_build() == dict.fromkeys("abcd", False)
    assert one_build() == {"a": False, "b": False, "c": True, "d": False}
    (out / "c.html").write_text("touched", encoding="utf-8")
    assert one_build()["c"] is False
    assert one_build()["c"] is True
    # another site (its linking key): nothing kept
    assert one_build({"articles": [Article()], "ENTITIES_SITE_KEY": "other", "entities": []})["c"] is False


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
