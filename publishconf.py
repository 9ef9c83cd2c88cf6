"""Settings for publishing on GitHub Pages: absolute URLs under SITEURL.

SITEURL comes from the environment (the Pages workflow passes the URL that
actions/configure-pages reports, which includes a project subpath such as
https://user.github.io/repo), so the same file serves any repository.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"

# GitHub Pages files in the output root (plugins/github_pages, docs/deploy.md): .nojekyll
# always; CNAME only when a custom domain is given, e.g. GITHUB_PAGES_CNAME=archive.example.org.
PLUGINS = [*PLUGINS, "github_pages"]  # noqa: F405
GITHUB_PAGES_CNAME = os.environ.get("GITHUB_PAGES_CNAME", "")
