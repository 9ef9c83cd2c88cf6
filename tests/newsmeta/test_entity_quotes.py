"""The per-entity quotes exposed to the entity pages, and the partial that lists them."""

from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import jinja2

from arabic_dates.formatting import ArabicDates
from newsmeta.plugin import annotate_articles

ROOT = Path(__file__).resolve().parents[2]
KERRY = SimpleNamespace(id="kerry", name="جون كيري", type="PERS", slug="kerry",
                        url="entities/kerry.html", count=2)


def article(slug, day, body, entities=()):
    return SimpleNamespace(
        slug=slug, url=f"articles/{slug}.html", title=f"خبر {slug}", lang="ar",
        date=datetime(2015, 9, day, tzinfo=timezone.utc), modified=None, _content=body,
        agencies=["reuters"], source_id=None, source=None, entities=list(entities),
        category="أخبار", tags=[], author=None, editors=[], original_url=None,
    )


def run():
    arts = [
        article("a", 17, "<p>وقال كيري “نحن نعمل من أجل حل سياسي في سوريا”.</p>", [KERRY]),
        article("b", 18, "<p>وقال وزير الخارجية جون كيري “المحادثات العسكرية خطوة تالية مهمة”."
                         " وقال مسؤول آخر “لا تعليق لدينا على هذا الأمر الآن”.</p>", [KERRY]),
        article("c", 16, "<p>لا اقتباس هنا.</p>"),
    ]
    gen = SimpleNamespace(settings={"SITENAME": "أرشيف"}, articles=arts, translations=[],
                          context={"ARSHIF_NAV": [("الأرشيف", "archives.html")]})
    annotate_articles(gen)
    return gen.context, arts


def test_quotes_by_entity_newest_first():
    ctx, arts = run()
    got = [(a.slug, q.text) for a, q in ctx["NEWSMETA_ENTITY_QUOTES"]["kerry"]]
    assert got == [("b", "المحادثات العسكرية خطوة تالية مهمة"), ("a", "نحن نعمل من أجل حل سياسي في سوريا")]
    assert list(ctx["NEWSMETA_ENTITY_QUOTES"]) == ["kerry"]  # the unlinked speaker is not an entity
    assert [(e.id, [a.slug for a in lst]) for e, lst in ctx["NEWSMETA_ENTITY_ARTICLES"]] == [("kerry", ["a", "b"])]


def test_sources_dates_and_nav_in_context():
    ctx, arts = run()
    [reuters] = ctx["NEWSMETA_SOURCES"]
    assert reuters.code == "reuters" and [a.slug for a in reuters.articles] == ["b", "a", "c"]
    assert ctx["ARSHIF_NAV"][-1] == ("المصادر", "sources.html")
    assert ctx["NEWSMETA_FEEDS"] is False  # no absolute site URL
    assert arts[0].sources == [reuters] and arts[0].quotes[0].entity is KERRY


def test_entity_quotes_partial_renders_escaped():
    ctx, _ = run()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme/templates"), autoescape=True)
    fmt = ArabicDates({})
    env.filters.update(arabic_date=fmt.date, arabic_number=fmt.number)
    html = env.get_template("partials/entity_quotes.html").render(
        entity=KERRY, SITEURL=".", NEWSMETA_ENTITY_QUOTES=ctx["NEWSMETA_ENTITY_QUOTES"])
    assert html.count("<blockquote>") == 2
    assert 'href="./articles/b.html"' in html and "18 سبتمبر/ أيلول 2015" in html
    other = SimpleNamespace(id="nobody", slug="nobody")
    assert "<section" not in env.get_template("partials/entity_quotes.html").render(
        entity=other, SITEURL=".", NEWSMETA_ENTITY_QUOTES=ctx["NEWSMETA_ENTITY_QUOTES"])


def test_mentioned_dates_timeline_partial():
    ctx, _ = run()
    from newsmeta.display import format_iso

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme/templates"), autoescape=True)
    fmt = ArabicDates({})
    env.filters.update(arabic_date=fmt.date, arabic_number=fmt.number, arabic_digits=fmt.number_text,
                       mentioned_date=lambda iso: format_iso(iso, fmt))
    timeline = [("2014", ctx["NEWSMETA_SOURCES"][0].articles[:1]),
                ("2015-09-17", ctx["NEWSMETA_SOURCES"][0].articles[1:2]), ("--09-18", [])]
    html = env.get_template("partials/mentioned_timeline.html").render(
        SITEURL=".", NEWSMETA_MENTIONED_DATES=timeline)
    assert html.count("<details>") == 2 and html.count("</details>") == 2
    assert "17 سبتمبر/ أيلول 2015" in html and 'href="./articles/b.html"' in html
    assert "--09-18" not in html


def test_entity_feed_partial_links_only_entities_with_a_feed():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme/templates"), autoescape=True)
    tpl = env.get_template("partials/entity_feed.html")
    feeds = {"kerry": "feeds/entities/kerry.atom.xml"}
    html = tpl.render(entity=KERRY, SITEURL="https://example.org", NEWSMETA_ENTITY_FEEDS=feeds)
    assert 'href="https://example.org/feeds/entities/kerry.atom.xml"' in html
    other = SimpleNamespace(slug="nobody", name="x")
    assert "<link" not in tpl.render(entity=other, SITEURL=".", NEWSMETA_ENTITY_FEEDS=feeds)
    assert "<link" not in tpl.render(entity=KERRY, SITEURL=".")


def test_article_meta_escapes_quotes_and_speakers():
    from newsmeta.display import format_iso

    payload = '<img src=x onerror="alert(1)">'
    arts = [article("x", 18, f"<p>وقال المدير &lt;b&gt; “نحن نرفض هذا {payload.replace('<', '&lt;')} رفضا تاما”.</p>")]
    gen = SimpleNamespace(settings={"SITENAME": "أرشيف"}, articles=arts, translations=[], context={})
    annotate_articles(gen)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme/templates"), autoescape=True)
    fmt = ArabicDates({})
    env.filters.update(arabic_date=fmt.date, arabic_number=fmt.number, hijri_date=fmt.hijri,
                       mentioned_date=lambda iso: format_iso(iso, fmt))
    html = env.get_template("partials/article_meta.html").render(article=arts[0], SITEURL=".")
    assert arts[0].quotes and payload in arts[0].quotes[0].text
    assert "<img" not in html and "&lt;img" in html and "<b>" not in html
