"""The demo archive builds, every input becomes a page, and pages are Arabic RTL."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

SEED_TITLE = "واشنطن وموسكو تناقشان “تفادي الصدام” بينهما في سوريا"


def inputs(root: Path) -> list[Path]:
    ignored = {"SOURCES.md", "README.md"}
    return sorted(
        p
        for d in ("content", "seeds")
        for p in (root / d).rglob("*")
        if p.suffix in (".md", ".txt") and p.name not in ignored and "pages" not in p.parts
    )


def page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_every_input_article_has_a_page(root, demo_site):
    articles = sorted((demo_site / "articles").glob("*.html"))
    assert len(inputs(root)) == 301
    assert len(articles) == len(inputs(root))


def test_pages_are_arabic_rtl(demo_site):
    for rel in ["index.html", "archives.html", "categories.html", "tags.html", "archives/2015/index.html",
                "archives/2015/09/index.html", "index-2.html"]:
        html = page(demo_site, rel).html
        assert html["lang"] == "ar" and html["dir"] == "rtl", rel


def test_seed_article_page(demo_site):
    seed = page(demo_site, "articles/واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html")
    assert seed.h1.get_text() == SEED_TITLE
    assert seed.select_one(".article-meta .source").get_text() == "رويترز"
    assert "18 سبتمبر/ أيلول 2015" in seed.select_one("time").get_text()
    assert len(seed.select(".article-body p")) == 8


def test_index_is_paginated_newest_first(demo_site):
    first = page(demo_site, "index.html")
    dates = [t["datetime"] for t in first.select(".article-item time")]
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    assert first.select_one(".article-item-title").get_text() == SEED_TITLE  # 2015-09-18 is newest
    last = page(demo_site, "index-16.html")
    assert [t["datetime"] for t in last.select(".article-item time")][-1] <= dates[-1]


def test_font_is_self_hosted(demo_site):
    css = (demo_site / "theme/css/main.css").read_text()
    for url in re.findall(r'url\("([^"]+)"\)', css):
        assert not url.startswith(("http:", "https:", "//")), url
        assert (demo_site / "theme/css" / url).resolve().is_file(), url


def test_archive_pages_by_year_and_month(demo_site):
    arch = page(demo_site, "archives.html")
    links = {a["href"].removeprefix("./") for a in arch.select(".timeline a")}
    assert "archives/2015/index.html" in links and "archives/2015/09/index.html" in links
    month = page(demo_site, "archives/2015/09/index.html")
    assert SEED_TITLE in month.get_text()
