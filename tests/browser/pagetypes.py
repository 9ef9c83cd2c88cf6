"""The page types the theme renders, and where a page of each type is in the test builds."""

import pelicanconf

SEED_ARTICLE = "articles/واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html"

# name -> (site, how to find the page). "demo" is the 301-article demo archive,
# "fixture" the small one in tests/theme/site, "standin" the same with stand-in entities.
PAGE_TYPES = {
    "home": ("demo", "index.html"),
    "home-page-2": ("demo", "index-2.html"),
    "article-seed": ("demo", SEED_ARTICLE),
    "article-markdown": ("demo", "articles/snn-3alyoum-00738afa5b.html"),
    "archives": ("demo", "archives.html"),
    "archive-year": ("demo", "archives/2015/index.html"),
    "archive-month": ("demo", "archives/2015/08/index.html"),
    "category": ("demo", "category/أخبار.html"),
    "categories": ("demo", "categories.html"),
    "author": ("fixture", "author/reuters.html"),
    "authors": ("demo", "authors.html"),
    "tag": ("fixture", "tag/g20.html"),
    "tags": ("fixture", "tags.html"),
    "page": ("fixture", "pages/about.html"),
    "404": ("demo", "404.html"),
    # Home block of most-mentioned entities and the article side column, filled by a
    # stand-in for the entities plugin (tests/theme/standin).
    "home-entities-block": ("standin", "index.html"),
    "article-side-column": ("standin", "articles/fixture-oil-summit.html"),
}
# Page types that other plugins add: tested once the plugin is in PLUGINS.
PLUGIN_PAGE_TYPES = {
    "entities": {
        "entity-index": ("demo", ["entities.html", "entities/index.html"]),
        "entity": ("demo", "first-link:a.entity"),
    },
    "newsmeta": {
        "source-index": ("demo", ["sources.html", "sources/index.html"]),
        "source": ("demo", "first-link:a[href*='sources/']"),
    },
    "search": {
        "search": ("demo", ["search.html"]),
    },
}
for _plugin, _types in PLUGIN_PAGE_TYPES.items():
    if _plugin in pelicanconf.PLUGINS:
        PAGE_TYPES.update(_types)
