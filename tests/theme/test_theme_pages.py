"""The theme's pages as built: structure, metadata, Latin fragments isolated from the
right-to-left text, numbers in the chosen digits, 404 and the archives timeline."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import pelicanconf

SEED = "articles/واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html"
LATIN = re.compile(r"[A-Za-z]")
# Text the theme writes (labels, dates, counts, names from metadata), not the article text.
CHROME = [".article-meta", ".article-item-meta", ".page-title", ".page-lead", ".count", ".term-list",
          ".pagination", ".timeline", ".site-footer", ".site-nav", ".chip", ".notfound .code"]


def page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def isolated(node) -> bool:
    return any(p.name == "bdi" or p.has_attr("dir") for p in node.parents if p.name not in ("html", "[document]"))


def unisolated_latin(soup: BeautifulSoup) -> list[str]:
    return [s.strip() for sel in CHROME for el in soup.select(sel) for s in el.find_all(string=LATIN)
            if not isolated(s)]


def all_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def test_every_page_is_arabic_rtl_with_one_h1_and_a_skip_link(demo_site, fixture_site):
    for site in (demo_site, fixture_site):
        for rel in all_pages(site):
            soup = page(site, rel)
            assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl", rel
            assert len(soup.find_all("h1")) == 1, rel
            first_link = soup.body.find("a")
            assert "skip-link" in first_link["class"] and first_link["href"] == "#main", rel
            assert soup.select_one("main#main") is not None, rel


def test_latin_fragments_in_theme_text_are_isolated(demo_site, fixture_site):
    rels = [(demo_site, r) for r in ("index.html", SEED, "articles/snn-3alyoum-00738afa5b.html",
                                     "authors.html", "archives.html", "404.html")]
    rels += [(fixture_site, r) for r in all_pages(fixture_site)]
    checked = 0
    for site, rel in rels:
        soup = page(site, rel)
        assert unisolated_latin(soup) == [], rel
        checked += len(soup.select("bdi"))
    assert checked > 50  # Ain Alyoum, Al-Riyadh, Reuters, G20, Pelican… were found and isolated


def test_article_metadata(demo_site, fixture_site):
    seed = page(demo_site, SEED)
    meta = {div.dt.get_text(): div.dd for div in seed.select(".article-meta > div")}
    assert list(meta) == ["التاريخ", "المصدر", "التحرير", "القراءة"]
    assert meta["التاريخ"].time["datetime"] == "2015-09-18" and "مستنتج" in meta["التاريخ"].get_text()
    assert meta["المصدر"].get_text() == "رويترز"
    assert [b.get_text() for b in meta["التحرير"].select("bdi")] == ["ص.ش", "ع.ج.م"]
    assert meta["القراءة"].get_text() == "3 دقائق"  # 8 paragraphs, about 400 words
    assert seed.select_one(".kicker a").get_text() == "أخبار"

    oil = page(fixture_site, "articles/fixture-oil-summit.html")
    meta = {div.dt.get_text(): div.dd for div in oil.select(".article-meta > div")}
    assert meta["الكاتب"].a["href"] == "../author/reuters.html" and meta["الكاتب"].bdi.get_text() == "Reuters"
    assert [a.get_text() for a in meta["الوسوم"].select("a")] == ["النفط", "G20", "الرياض"]
    original = oil.select_one(".original a")
    assert original["dir"] == "ltr" and original["href"] == "https://example.org/news/g20-riyadh?id=42&lang=ar"
    assert oil.select_one(".kicker a").get_text() == "اقتصاد"


def test_home_aside(demo_site):
    home = page(demo_site, "index.html")
    months = [li.a.get_text() for li in home.select(".layout-aside .month-links li")]
    assert months == ["سبتمبر/ أيلول 2015", "أغسطس/ آب 2015"]
    box = home.select(".top-entities .chip a")
    if "entities" in pelicanconf.PLUGINS:
        assert box and all((demo_site / a["href"]).is_file() for a in box)
    else:
        assert box == []  # nothing to show, and no empty box either
        assert home.select(".top-entities") == []
    assert page(demo_site, "index-2.html").select(".layout-aside") == []


def test_archives_timeline_counts_every_article(demo_site):
    soup = page(demo_site, "archives.html")
    counts = [int(c.get_text()) for c in soup.select(".timeline-months .count")]
    assert counts == [1, 300] and sum(counts) == len(list((demo_site / "articles").glob("*.html")))
    assert soup.select_one(".timeline-months .bar")["style"] == "--share: 0.003"
    month = page(demo_site, "archives/2015/08/index.html")
    days = [h.get_text(" ", strip=True) for h in month.select(".day-group > h2")]
    assert days[0].startswith("الثلاثاء 11 أغسطس/ آب 2015") and days[-1].startswith("السبت 1 أغسطس/ آب 2015")
    assert sum(len(g.select(".article-item")) for g in month.select(".day-group")) == 300
    assert month.select(".day-group h3.article-item-title") and not month.select(".day-group .article-item h2")


def test_404_page(demo_site):
    soup = page(demo_site, "404.html")
    assert soup.h1.get_text() == "الصفحة غير موجودة"
    hrefs = [a["href"] for a in soup.select(".notfound p a")]
    assert hrefs == ["./archives.html", "./index.html"]
    assert len(soup.select(".notfound .article-item")) == 5


def test_tag_author_and_page(fixture_site):
    tags = page(fixture_site, "tags.html")
    assert sorted(a.get_text() for a in tags.select(".term-list a")) == sorted(["G20", "الرياض", "النفط", "حصاد العام"])
    oil_tag = page(fixture_site, "tag/النفط.html")
    assert oil_tag.select_one(".page-lead").get_text() == "خبران"
    assert len(oil_tag.select(".article-item")) == 2
    assert page(fixture_site, "author/reuters.html").h1.bdi.get_text() == "Reuters"
    nav = [a.get_text() for a in page(fixture_site, "index.html").select(".site-nav a")]
    assert nav[:4] == ["الرئيسية", "الأرشيف", "الأقسام", "الوسوم"] and "عن الأرشيف" in nav


def test_indexes_are_linked_and_an_empty_one_is_not(demo_site, fixture_site):
    footer = [a["href"] for a in page(demo_site, "index.html").select(".footer-links a")]
    assert footer == ["./archives.html", "./categories.html", "./authors.html"]  # the demo has no tags
    assert "الوسوم" not in [a.get_text() for a in page(demo_site, "index.html").select(".site-nav a")]
    assert [a.get_text() for a in page(fixture_site, "index.html").select(".footer-links a")][-1] == "الوسوم"
    assert page(demo_site, "tags.html").select_one(".empty").get_text() == "لا توجد وسوم في الأرشيف بعد."


@pytest.mark.parametrize("rel", ["index.html", "archives.html", "archives/2015/index.html", "tag/النفط.html",
                                 "articles/fixture-oil-summit.html", "404.html"])
def test_arabic_indic_digits_setting(fixture_site_arab_digits, rel):
    soup = page(fixture_site_arab_digits, rel)
    for s in (s for sel in CHROME for el in soup.select(sel) for s in el.find_all(string=re.compile(r"[0-9]"))):
        assert isolated(s), f"{rel}: Latin digits in {s!r}"
    assert re.search("[٠-٩]", soup.get_text()), rel


def test_entities_block_and_side_column_with_a_stand_in_plugin(standin_site, fixture_site):
    home = page(standin_site, "index.html")
    chips = [(li["class"][1], li.a["href"], li.bdi.get_text(), li.select_one(".count").get_text())
             for li in home.select(".top-entities li.chip")]
    assert chips == [("chip-MISC", "./entities/oil.html", "النفط", "2"),
                     ("chip-ORG", "./entities/aramco.html", "أرامكو السعودية", "1"),
                     ("chip-ORG", "./entities/g20.html", "مجموعة العشرين", "1"),
                     ("chip-LOC", "./entities/riyadh.html", "الرياض", "1")]
    article = page(standin_site, "articles/fixture-oil-summit.html")
    # The theme's list, or the entity box's (partials/entity_box.html) when it lists them.
    related = article.select(".layout-aside .related a, .layout-aside .related-articles a")
    assert [a["href"] for a in related] == ["../articles/fixture-old-news.html"]
    home = page(fixture_site, "index.html")
    if "entities" in pelicanconf.PLUGINS:  # the real plugin: its chips lead to its pages
        links = [a["href"] for a in home.select(".top-entities li.chip a")]
        assert links and all((fixture_site / href).is_file() for href in links)
    else:  # no plugin: no block, no empty side column
        assert home.select(".top-entities") == []
        assert page(fixture_site, "articles/fixture-oil-summit.html").select(".layout-aside") == []


def test_navigation_marks_the_current_page(demo_site, fixture_site):
    current = {rel: [a.get_text() for a in page(site, rel).select(".site-nav a[aria-current=page]")]
               for site, rel in [(demo_site, "index.html"), (demo_site, "archives.html"), (demo_site, SEED),
                                 (fixture_site, "pages/about.html"), (fixture_site, "tags.html")]}
    assert current == {"index.html": ["الرئيسية"], "archives.html": ["الأرشيف"], SEED: [],
                       "pages/about.html": ["عن الأرشيف"], "tags.html": ["الوسوم"]}
