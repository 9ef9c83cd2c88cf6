"""The demo build: entity pages, type indexes, the entity box, links that resolve."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def seed_page(site: Path) -> Path:
    return next(p for p in (site / "articles").glob("*.html") if '<h1 class="article-title">واشنطن وموسكو' in p.read_text(encoding="utf-8"))


def test_entity_pages_and_indexes(demo_site):
    ent = demo_site / "entities"
    for name in ("index.html", "pers.html", "loc.html", "org.html", "misc.html"):
        assert (ent / name).exists()
    kerry = (ent / "جون-كيري.html").read_text(encoding="utf-8")
    assert "جون كيري" in kerry and "John Kerry" in kerry and "Q22316" in kerry
    assert "تفادي الصدام" in kerry  # the article is listed
    pers = (ent / "pers.html").read_text(encoding="utf-8")
    counts = [int(n) for n in re.findall(r'class="entity entity-PERS"[^>]*>[^<]*</a> <span class="count">\((\d+)\)', pers)]
    assert counts and counts == sorted(counts, reverse=True)


def test_seed_article_is_annotated(demo_site):
    page = seed_page(demo_site).read_text(encoding="utf-8")
    body = page.split('class="article-body"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<a class="entity entity-PERS" href="\.\./entities/جون-كيري\.html" title="جون كيري">كيري</a>', body)
    assert 'title="وزارة الدفاع الأمريكية">البنتاجون</a>' in body
    box = page.split('class="entity-box"', 1)[1]
    assert "باراك أوباما" in box and "أخبار ذات صلة" in box


def test_every_entity_link_resolves(demo_site):
    for page in list((demo_site / "articles").glob("*.html"))[:60] + list((demo_site / "entities").glob("*.html"))[:60]:
        for href in re.findall(r'class="entity entity-[A-Z]+" href="([^"]+)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().exists(), (page, href)
