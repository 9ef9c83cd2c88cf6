"""Article bodies are rendered on demand instead of kept in Pelican's memo."""

from types import SimpleNamespace

from pelican.contents import Article, Content
from pelican.settings import DEFAULT_CONFIG

from lean_content.plugin import render_on_demand

MEMO = Content.__dict__["get_content"].cache


def article(body):
    settings = dict(DEFAULT_CONFIG, ARTICLE_URL="articles/{slug}.html", ARTICLE_SAVE_AS="articles/{slug}.html")
    context = {"localsiteurl": "..", "generated_content": {}, "static_content": {}, "static_links": set()}
    return Article(body, metadata={"title": "عنوان", "slug": "خبر"}, settings=settings, context=context)


def test_the_body_is_pelicans_and_is_not_kept():
    body = '<p>زار <a href="{filename}/other.md">الوزير</a> موسكو.</p>'
    pelicans, ours = article(body), article(body)
    render_on_demand([SimpleNamespace(articles=[ours])])
    assert ours.content == pelicans.content and ours.get_content(".") == pelicans.get_content(".")
    assert any(key[0] is pelicans for key in MEMO)
    assert not any(key[0] is ours for key in MEMO)
    ours._content = "<p>نص جديد</p>"  # a later change is seen (a memo would have kept the old body)
    assert ours.content == "<p>نص جديد</p>"
