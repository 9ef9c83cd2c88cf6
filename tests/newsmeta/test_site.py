"""Built site: source pages, article metadata, JSON-LD, and (when published) feeds and sitemap."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest
from bs4 import BeautifulSoup

import pelicanconf

ROOT = Path(__file__).resolve().parents[2]
SEED_PAGE = "articles/واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html"
SITEURL = "https://example.org/arshif"


def cache_of(out: Path) -> Path:
    return out.parent / f"cache-{out.name}"


def publish(out: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    """The GitHub Pages build of the demo archive, with the project's plugins.

    The annotation cache (ARSHIF_CACHE) is ``cache``, by default beside ``out``."""
    env = dict(os.environ, SITEURL=SITEURL, SOURCE_DATE_EPOCH="1443657600",
               PYTHONPATH=str(ROOT / "plugins"), ARSHIF_CACHE=str(cache or cache_of(out)))
    extra = [
        "-e",  # one -e, several KEY=JSON values (a second -e would replace the first)
        "ARABIC_DATES_HIJRI=true",
    ]
    return subprocess.run([sys.executable, "-m", "pelican", "-s", "publishconf.py", "-o", str(out), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("published")
    proc = publish(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_source_pages_and_counts(demo_site):
    index = soup(demo_site / "sources.html")
    counts = {a.get_text(): a.find_next("span", class_="count").get_text()
              for a in index.select(".sources-list a")}
    # Reuters: the seed's signature and 12 Markdown datelines ("لندن - رويترز");
    # SPA: the 24 SPA articles and 17 datelines ("جدة : واس").
    assert counts["رويترز"] == "(13)" and counts["واس"] == "(41)" and counts["أ ف ب"] == "(7)"
    assert counts["الشرق الأوسط"] == "(25)"
    assert len(counts) == 16  # 4 agencies and 12 newspapers
    page = soup(demo_site / "sources/reuters.html")
    assert "رويترز" in page.h1.get_text()
    titles = [a.get_text() for a in page.select(".article-item-title a")]
    assert len(titles) == 13 and titles[0] == "واشنطن وموسكو تناقشان “تفادي الصدام” بينهما في سوريا"
    # 25 articles, 20 a page
    assert (demo_site / "sources/aawsat-2.html").exists()
    nav = [a["href"] for a in soup(demo_site / "index.html").select(".site-nav a")]
    assert any(h.endswith("sources.html") for h in nav)


def test_local_build_writes_no_feeds_or_sitemap(demo_site):
    assert not (demo_site / "sitemap.xml").exists()
    assert not (demo_site / "feeds").exists()


def test_seed_article_metadata_block(demo_site):
    page = soup(demo_site / SEED_PAGE)
    block = page.select_one("section.newsmeta")
    assert block.select_one(".word-count").get_text() == "414"
    dates = {t["datetime"]: t.get_text() for t in block.select(".mentioned-dates time")}
    assert dates["2015-09-18"] == "18 سبتمبر/ أيلول 2015" and dates["2014-08"] == "أغسطس/ آب 2014"
    assert block.select_one(".hijri-date") is None  # ARABIC_DATES_HIJRI is off by default
    speakers = [c.get_text() for c in block.select(".newsmeta-quotes cite")]
    # speakers known to the entity annotator are shown by their canonical names
    assert speakers == ["وزارة الدفاع الأمريكية", "ماريا زاخاروفا", "جون كيري", "جون كيري"]


def test_jsonld_and_social_tags_in_the_page(published):
    page = soup(published / SEED_PAGE)
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "ar"
    assert data["headline"] == "واشنطن وموسكو تناقشان “تفادي الصدام” بينهما في سوريا"
    assert data["sourceOrganization"]["name"] == "رويترز"
    assert data["url"].startswith(SITEURL + "/articles/")
    assert page.find("meta", property="og:url")["content"] == data["url"]
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert page.select_one(".hijri-date").get_text() == "5 ذو الحجة 1436 هـ"


def test_feeds_are_valid_atom(published):
    feeds = sorted((published / "feeds").rglob("*.atom.xml"))
    names = {f.relative_to(published / "feeds").as_posix() for f in feeds}
    assert {"all.atom.xml", "sources/reuters.atom.xml", "sources/spa.atom.xml"} <= names
    assert any(n.startswith("category/") for n in names)
    for f in feeds:
        d = feedparser.parse(f.read_bytes())
        assert not d.bozo, (f, d.get("bozo_exception"))
        assert d.version == "atom10" and d.entries
        for e in d.entries:
            assert e.link.startswith(SITEURL + "/articles/")
    reuters = feedparser.parse((published / "feeds/sources/reuters.atom.xml").read_bytes())
    assert reuters.feed.title == "أرشيف - رويترز" and len(reuters.entries) == 13


def test_sitemap(published):
    tree = ET.parse(published / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in tree.getroot()]
    paths = [unquote(loc) for loc in locs]
    assert paths == sorted(paths) and len(locs) == len(set(locs))
    assert all(loc.startswith(SITEURL + "/") and " " not in loc for loc in locs)
    assert SITEURL + "/sources/reuters.html" in locs
    assert sum("/articles/" in loc for loc in locs) == 301


def test_entity_feeds_and_speaker_links(published):
    feed = feedparser.parse((published / "feeds/entities/جون-كيري.atom.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "أرشيف - جون كيري"
    assert len(feed.entries) == 3 and any("تفادي الصدام" in e.title for e in feed.entries)
    # Named in one article only: no feed (NEWSMETA_ENTITY_FEED_MIN_ARTICLES = 2).
    assert not (published / "feeds/entities/ماريا-زاخاروفا.atom.xml").exists()
    page = soup(published / SEED_PAGE)
    links = {c.get_text(): c.a["href"] for c in page.select(".newsmeta-quotes cite") if c.a}
    assert links["جون كيري"] == SITEURL + "/entities/جون-كيري.html"
    assert links["ماريا زاخاروفا"] == SITEURL + "/entities/ماريا-زاخاروفا.html"
    assert links["وزارة الدفاع الأمريكية"] == SITEURL + "/entities/وزارة-الدفاع-الأمريكية.html"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert {m["name"] for m in data["mentions"]} >= {"جون كيري", "ماريا زاخاروفا"}
    assert SITEURL + quote("/entities/جون-كيري.html") in (published / "sitemap.xml").read_text()


def test_build_is_deterministic(published, tmp_path):
    """A second build, reading dates and quotes from the first build's cache, is identical."""
    proc = publish(tmp_path, cache=cache_of(published))
    assert proc.returncode == 0
    for rel in ["sitemap.xml", "feeds/sources/spa.atom.xml", "sources.html", SEED_PAGE]:
        assert (tmp_path / rel).read_bytes() == (published / rel).read_bytes(), rel


def test_dates_and_quotes_come_through_the_annotation_cache(published):
    from annotations.cache import AnnotationCache
    from annotations.registry import Annotator
    from newsmeta.annotator import NAME, TARGET, VERSION

    assert len(AnnotationCache(cache_of(published) / "annotations").read(Annotator(NAME, TARGET, VERSION))) == 301
