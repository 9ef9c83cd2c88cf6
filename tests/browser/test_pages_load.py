"""Pages load in a real browser, right-to-left, with no console error, over http and file://."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

PAGES = ["index.html", "archives.html", "articles/واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html"]


def severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_pages_render_rtl_without_errors(browser, serve, demo_site, scheme):
    base = serve(demo_site) if scheme == "http" else demo_site.as_uri()
    severe(browser)  # drop earlier entries
    for rel in PAGES:
        browser.get(f"{base}/{quote(rel)}")
        assert browser.execute_script("return getComputedStyle(document.body).direction") == "rtl"
        assert browser.execute_script("return document.documentElement.lang") == "ar"
        font_ok = browser.execute_script(
            "return document.fonts.ready.then(() => document.fonts.check('16px \"Noto Naskh Arabic\"', 'سوريا'))"
        )
        assert font_ok, rel
        assert severe(browser) == [], rel
