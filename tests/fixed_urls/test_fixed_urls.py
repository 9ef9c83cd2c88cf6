"""URLs are worked out once the site is complete, and the pages do not change (nor without
the other writing shortcuts: write_changed, lean_content)."""

import json
from types import SimpleNamespace

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

import pelicanconf
from fixed_urls.plugin import fix_urls
from tests.conftest import build_site, demo_cache
from tests.robustness.test_reproducible import tree


def article(slug):
    settings = dict(DEFAULT_CONFIG, ARTICLE_URL="articles/{slug}.html", ARTICLE_SAVE_AS="articles/{slug}.html")
    return Article("<p>نص</p>", metadata={"title": "عنوان", "slug": slug}, settings=settings)


def test_the_urls_are_kept_once_the_site_is_complete():
    a, hidden = article("خبر-1"), article("خبر-2")
    fix_urls([SimpleNamespace(articles=[a], hidden_articles=[hidden]), SimpleNamespace()])
    for content in (a, hidden):
        content.settings["ARTICLE_URL"] = "moved/{slug}/"  # no longer consulted
    assert (a.url, a.save_as) == ("articles/خبر-1.html", "articles/خبر-1.html")
    assert hidden.url == "articles/خبر-2.html"


def test_the_site_is_the_same_without_the_writing_shortcuts(demo_site, tmp_path):
    cache = demo_cache(tmp_path / "cache")  # for speed
    plain = [p for p in pelicanconf.PLUGINS if p not in ("fixed_urls", "write_changed", "lean_content")]
    assert len(plain) == len(pelicanconf.PLUGINS) - 3
    proc = build_site(tmp_path / "site", "pelicanconf.py", "-e", f"PLUGINS={json.dumps(plain)}",
                      f"CACHE_PATH={json.dumps(str(cache))}")
    assert proc.returncode == 0, proc.stderr
    assert tree(tmp_path / "site") == tree(demo_site)
