"""Pelican settings for the local and offline build of the arshif demo archive.

`publishconf.py` imports these and changes only what GitHub Pages needs.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Plugins import the shared Arabic toolkit (`arabic`) and each other by name.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

SITENAME = "أرشيف"
SITESUBTITLE = "أرشيف الأخبار العربية المشروح"
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "ar"
TIMEZONE = "Asia/Riyadh"
LOCALE = ("C.UTF-8",)

# Inputs: edited Markdown articles in content/, raw agency text in seeds/, under PATH.
# ARSHIF_INPUTS points the same settings at another folder of inputs (tests, benchmarks).
PATH = os.environ.get("ARSHIF_INPUTS", str(ROOT))
ARTICLE_PATHS = ["content", "seeds"]
PAGE_PATHS = ["content/pages"]
ARTICLE_EXCLUDES = ["content/pages"]
STATIC_PATHS = []
# Caches (Pelican's and the annotators') survive `make clean`; `make distclean` drops them.
CACHE_PATH = os.environ.get("ARSHIF_CACHE", str(ROOT / "cache"))
# Provenance and licence files travel beside the articles but are not articles.
IGNORE_FILES = ["**/.*", "SOURCES.md", "README.md", "LICENSE*", "*.meta", "entities.toml"]  # entities.toml: editors' file (plugins/entities)

# Any warning or skipped input fails the build (`make html STRICT=1`); see build-report.json.
STRICT = False

THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
# write_changed first: its pages are written by a thread, which it waits for at
# `finalized` before any other plugin's handler there. fixed_urls before search and
# build_report: at all_generators_finalized they read every article's URL, which
# Pelican otherwise formats again at each access.
PLUGINS = ["write_changed", "seeds", "sanitize", "annotations", "entities", "newsmeta", "fixed_urls", "linear_archives", "search", "arabic_dates", "npm_assets", "build_report", "lean_content", "kept_pages", "kept_reads"]

# Everything from content is escaped unless a template says |safe; article bodies are
# cleaned by plugins/sanitize before they are marked safe.
# auto_reload off: Pelican makes a new environment for every build, so the per-render
# file-time check only costs time (thousands of entity pages).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}

# Arabic slugs stay Arabic; URLs end in .html so the site also works from file://.
SLUGIFY_USE_UNICODE = True
SLUGIFY_PRESERVE_CASE = False
# Tatweel (ـ) is a "word" character to regular expressions but decoration to readers.
SLUG_REGEX_SUBSTITUTIONS = [
    ("\u0640", ""),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
ARTICLE_URL = "articles/{slug}.html"
ARTICLE_SAVE_AS = "articles/{slug}.html"
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = "pages/{slug}.html"
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = "category/{slug}.html"
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = "tag/{slug}.html"
AUTHOR_URL = "author/{slug}.html"
AUTHOR_SAVE_AS = "author/{slug}.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/index.html"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/index.html"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
ARCHIVES_SAVE_AS = "archives.html"
ARCHIVES_URL = "archives.html"
# One language, no translations: equal slugs are duplicates, which plugins/build_report
# renames (slug-2) instead of letting one page overwrite the other.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# 404.html is a direct template (GitHub Pages serves it for any missing path).
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "أخبار"



def newest_first(article):
    """Newest first; equal dates by source path, so every build lists them alike."""
    return (-article.date.timestamp(), article.source_path)


ARTICLE_ORDER_BY = newest_first
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}-{number}{extension}", "{name}-{number}{extension}"),
)
SUMMARY_MAX_LENGTH = 40

# No feeds in the local build: feeds need absolute URLs (publishconf.py turns them on).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Annotation (plugins/annotations): cached by content and annotator version, run on all
# cores, or on a Dask cluster when a scheduler address is given.
ANNOTATIONS_WORKERS = None  # None: every core
ANNOTATIONS_DASK_SCHEDULER = None  # e.g. "tcp://10.0.0.5:8786"

# Dates in Arabic through Babel (plugins/arabic_dates): see README for the choices.
ARABIC_DATES_LOCALE = "ar"
ARABIC_DATES_MONTHS = "both"  # "gregorian" (سبتمبر), "levant" (أيلول) or "both"
ARABIC_DATES_DIGITS = "latn"  # or "arab" for ٠١٢٣

# Front-end files copied from node_modules into the output (plugins/npm_assets).
NPM_ASSETS_ROOT = str(ROOT)
NPM_ASSETS = [
    ("node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-[47]00-normal.woff2", "theme/fonts"),
    ("node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-latin-[47]00-normal.woff2", "theme/fonts"),
    ("node_modules/@fontsource/noto-kufi-arabic/files/noto-kufi-arabic-arabic-[57]00-normal.woff2", "theme/fonts"),
    ("node_modules/@fontsource/noto-kufi-arabic/files/noto-kufi-arabic-latin-[57]00-normal.woff2", "theme/fonts"),
    ("node_modules/lunr/lunr.min.js", "theme/js"),
]

# Offline bundle (`make offline`, tools/bundle.py): dist/<BUNDLE_NAME>-offline.zip; ASCII only.
BUNDLE_NAME = "arshif"
