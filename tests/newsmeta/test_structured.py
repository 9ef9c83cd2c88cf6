"""JSON-LD NewsArticle and head tags, checked against schema.org's vocabulary."""

import json
from datetime import datetime, timezone
from types import SimpleNamespace

from newsmeta.annotate import analyse_text
from newsmeta.sources import SourceRegistry
from newsmeta.structured import news_article, script_json, social_tags

# schema.org: properties NewsArticle has (its own, Article's, CreativeWork's, Thing's) that we use.
NEWSARTICLE_PROPERTIES = {
    "@context", "@type", "@id", "headline", "name", "inLanguage", "datePublished", "dateModified",
    "wordCount", "description", "publisher", "url", "mainEntityOfPage", "sourceOrganization",
    "author", "articleSection", "keywords", "isBasedOn", "mentions", "about", "temporalCoverage",
}
# Google's required/recommended set for NewsArticle rich results.
REQUIRED = {"@context", "@type", "headline", "datePublished", "author", "publisher"}
THING_TYPES = {"Person", "Place", "Organization", "Thing", "NewsMediaOrganization"}


def make_article(title="عنوان", **kw):
    base = dict(
        title=title, lang="ar", date=datetime(2015, 9, 18, tzinfo=timezone.utc), modified=None,
        url="articles/x.html", author=None, editors=["ص.ش"], category="أخبار", tags=[],
        original_url="https://example.com/a", entities=[
            SimpleNamespace(name="جون كيري", type="PERS", url="entities/kerry.html", count=3),
            SimpleNamespace(name="موسكو", type="LOC", url="entities/moscow.html", count=1),
        ],
    )
    base.update(kw)
    return SimpleNamespace(**base)


def build(article, siteurl="https://example.org/arshif"):
    meta = analyse_text("وقال كيري أمس إن المحادثات مهمة.", article.date)
    meta.sources = SourceRegistry().for_metadata(["reuters", "afp"], None, None)
    return news_article(article, meta, {"SITENAME": "أرشيف"}, siteurl), meta


def test_newsarticle_structure():
    data, _ = build(make_article())
    assert REQUIRED <= data.keys() and data.keys() <= NEWSARTICLE_PROPERTIES
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["inLanguage"] == "ar"
    assert datetime.fromisoformat(data["datePublished"]).year == 2015
    assert data["url"] == data["@id"] == "https://example.org/arshif/articles/x.html"
    assert [o["name"] for o in data["sourceOrganization"]] == ["رويترز", "أ ف ب"]
    assert data["author"] == [{"@type": "Person", "name": "ص.ش"}]
    assert [(m["@type"], m["name"]) for m in data["mentions"]] == [("Person", "جون كيري"), ("Place", "موسكو")]
    assert data["about"] == [data["mentions"][0]]
    assert data["temporalCoverage"] == "2015-09-17"
    for thing in data["mentions"] + data["sourceOrganization"] + [data["publisher"]]:
        assert thing["@type"] in THING_TYPES and thing["name"]
        assert thing.get("url", "https://").startswith("https://")


def test_no_urls_without_an_absolute_site_url():
    data, _ = build(make_article(), siteurl=None)
    assert "url" not in data and "@id" not in data
    assert all("url" not in m for m in data["mentions"])


def test_script_json_cannot_close_the_script_element():
    title = 'عنوان </script><script>alert("x")</script> & <!-- \u2028'
    data, _ = build(make_article(title=title))
    text = str(script_json(data))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == title  # the escapes are plain JSON
    assert "عنوان" in text  # Arabic stays readable UTF-8
    assert script_json(data) == script_json(json.loads(text))  # deterministic


def test_social_tags():
    article = make_article(tags=["سوريا"])
    _, meta = build(article)
    tags = social_tags(article, meta, {"SITENAME": "أرشيف"}, "https://example.org")
    d = {(a, k): v for a, k, v in tags}
    assert d[("property", "og:type")] == "article"
    assert d[("property", "og:url")] == "https://example.org/articles/x.html"
    assert d[("name", "twitter:card")] == "summary"
    assert d[("property", "article:tag")] == "سوريا"
    assert d[("property", "og:description")] == meta.lead
    assert all(v for _, _, v in tags)


def test_dateline_byline_is_not_a_person():
    data, _ = build(make_article(author="برلين - (أ ف ب)", editors=[]))
    assert all(a["@type"] != "Person" for a in data["author"])
    assert [a["name"] for a in data["author"]] == ["رويترز", "أ ف ب"]  # the source organisations
    data, _ = build(make_article(author="بغداد: حمزة مصطفى", editors=[]))
    assert data["author"] == [{"@type": "Person", "name": "بغداد: حمزة مصطفى"}]
