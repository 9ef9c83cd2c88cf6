"""The offline bundle, unzipped into a temporary folder and opened over file:// in headless Chromium:
a reader clicks through it; no request fails, none leaves file://, the console stays clean."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.bundle.conftest import BUNDLE, Traffic

pytestmark = pytest.mark.browser

SEED_TITLE = "واشنطن وموسكو تناقشان “تفادي الصدام” بينهما في سوريا"


@pytest.fixture(scope="module")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder / BUNDLE


def click(browser, css: str, text: str | None = None):
    links = browser.find_elements(By.CSS_SELECTOR, css)
    if text is not None:
        links = [a for a in links if a.text.strip() == text]
    assert links, f"no {css} {text or ''} on {browser.current_url}"
    links[0].click()


def here(browser, root: Path) -> str:
    from urllib.parse import unquote

    url = unquote(browser.current_url)
    assert url.startswith(root.as_uri() + "/"), url
    return url[len(root.as_uri()) + 1:]


def test_a_reader_clicks_through_the_unzipped_bundle(browser, unzipped):
    traffic = Traffic(browser)
    browser.get((unzipped / "index.html").as_uri())
    assert browser.execute_script("return document.fonts.ready.then(() => document.fonts.check('16px \"Noto Naskh Arabic\"', 'سوريا'))")
    loaded = traffic.assert_clean("index.html", unzipped.as_uri())
    assert any(u.endswith("/theme/css/main.css") for u in loaded)
    assert any(u.endswith(".woff2") for u in loaded), "the self-hosted font is loaded from the bundle"
    assert len(browser.find_elements(By.CSS_SELECTOR, ".article-item")) == 20

    click(browser, ".site-nav a", "الأرشيف")
    assert here(browser, unzipped) == "archives.html"
    click(browser, ".timeline-months a", "سبتمبر/ أيلول 2015")
    assert here(browser, unzipped) == "archives/2015/09/index.html"
    click(browser, ".article-item-title a")
    assert browser.find_element(By.TAG_NAME, "h1").text == SEED_TITLE
    traffic.assert_clean("archives → month → article", unzipped.as_uri())

    click(browser, ".site-nav a", "الرئيسية")
    assert here(browser, unzipped) == "index.html"
    click(browser, "a[rel=next]")
    assert here(browser, unzipped) == "index-2.html"
    click(browser, ".article-item-title a")
    assert here(browser, unzipped).startswith("articles/")
    traffic.assert_clean("index → page 2 → article", unzipped.as_uri())

    click(browser, ".site-nav a", "الأقسام")
    assert here(browser, unzipped) == "categories.html"
    click(browser, "main a")
    assert here(browser, unzipped).startswith("category/")
    assert browser.find_elements(By.CSS_SELECTOR, ".article-item")
    click(browser, ".site-nav a", "الوسوم")
    assert here(browser, unzipped) == "tags.html"
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # a keyboard reader: the skip link first
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert here(browser, unzipped) == "tags.html#main"
    traffic.assert_clean("categories → category → tags", unzipped.as_uri())

    click(browser, ".site-nav a", "المصادر")
    assert here(browser, unzipped) == "sources.html"
    click(browser, ".sources-list a", "رويترز")
    assert here(browser, unzipped) == "sources/reuters.html"
    click(browser, ".article-item-title a", SEED_TITLE)  # a Reuters story
    assert browser.find_element(By.TAG_NAME, "h1").text == SEED_TITLE
    traffic.assert_clean("sources → Reuters → article", unzipped.as_uri())
