"""Plain Pelican for comparison: same inputs, default theme, no plugins."""

import os

PATH = os.environ["ARSHIF_INPUTS"]
ARTICLE_PATHS = ["content"]
SITENAME = "plain"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Riyadh"
DEFAULT_LANG = "ar"
SLUGIFY_USE_UNICODE = True
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
