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


def test_a_listing_summary_is_the_templates_expression_made_once_per_article():
    """summary_text(n) is ``article.summary|striptags|truncate(n)``, the same at every
    depth of the site, made without leaving a summary in Pelican's memo."""
    from jinja2 import Environment

    from lean_content.plugin import summary_text

    words = " ".join(f"كلمة{i}" for i in range(80))
    body = f'<p>زار <a class="entity" href="../entities/x.html">الوزير</a> موسكو &amp; {words}</p>'
    env = Environment(autoescape=True)
    env.filters["summary_text"] = summary_text
    plain = env.from_string("{{ a.summary|striptags|truncate(220) }}")
    ours = env.from_string("{{ a|summary_text(220) }}")
    reference, art = article(body), article(body)
    expected = plain.render(a=reference)
    assert "موسكو &amp; كلمة0" in expected and expected.endswith("...") and "href" not in expected
    made = [key for key in Content.__dict__["get_summary"].cache if key[0] is art]
    assert made == []
    assert ours.render(a=art) == expected
    art._context["localsiteurl"] = "../.."  # a deeper page
    assert ours.render(a=art) == expected
    assert [key for key in Content.__dict__["get_summary"].cache if key[0] is art] == []
    assert env.from_string("{{ a|summary_text(30) }}").render(a=art) == env.from_string(
        "{{ a.summary|striptags|truncate(30) }}").render(a=reference)
