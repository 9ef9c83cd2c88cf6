"""The offline bundle, unzipped into a temporary folder and opened over file:// in headless Chromium:
a reader clicks through it, follows an entity and searches for it; no request fails, none leaves
file://, the console stays clean."""

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
    category = here(browser, unzipped)
    assert category.startswith("category/")
    assert browser.find_elements(By.CSS_SELECTOR, ".article-item")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # a keyboard reader: the skip link first
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert here(browser, unzipped) == category + "#main"
    traffic.assert_clean("categories → category → skip link", unzipped.as_uri())

    click(browser, ".site-nav a", "المصادر")
    assert here(browser, unzipped) == "sources.html"
    click(browser, ".sources-list a", "رويترز")
    assert here(browser, unzipped) == "sources/reuters.html"
    click(browser, ".article-item-title a", SEED_TITLE)  # a Reuters story
    assert browser.find_element(By.TAG_NAME, "h1").text == SEED_TITLE
    traffic.assert_clean("sources → Reuters → article", unzipped.as_uri())


def wait_for_search(browser, count_changes_from: str | None = None) -> int:
    """Wait until the search page has answered; the number of results."""
    from selenium.webdriver.support.ui import WebDriverWait

    def answered(d):
        box = d.find_element(By.ID, "search")
        return box.get_attribute("data-state") in ("done", "error") and box.get_attribute("data-count") not in (
            None, "", count_changes_from)

    WebDriverWait(browser, 20).until(answered)
    assert browser.find_element(By.ID, "search").get_attribute("data-state") == "done"
    return int(browser.find_element(By.ID, "search").get_attribute("data-count"))


def result_titles(browser) -> list[str]:
    return [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results .search-result h2 a")]


def test_an_entity_page_and_a_search_for_that_entity_agree_offline(browser, unzipped):
    traffic = Traffic(browser)
    browser.get((unzipped / "articles" / "واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html").as_uri())
    click(browser, ".article-body a.entity", "جون كيري")  # a linked mention in the article's text
    assert here(browser, unzipped) == "entities/جون-كيري.html"
    assert browser.find_element(By.TAG_NAME, "h1").text == "جون كيري"
    entity_articles = {a.text for a in browser.find_elements(By.CSS_SELECTOR, ".entity-articles .article-item-title a")}
    assert SEED_TITLE in entity_articles and len(entity_articles) >= 2
    traffic.assert_clean("article → entity page", unzipped.as_uri())

    click(browser, ".site-nav a", "البحث")
    assert here(browser, unzipped) == "search.html"
    browser.find_element(By.ID, "search-q").send_keys("جون كيري")
    total = wait_for_search(browser, "0")
    assert entity_articles <= set(result_titles(browser)), "a search for the entity returns its articles"
    assert total >= len(entity_articles)

    # A facet narrows the results to what its count says; the URL carries the query and the filter.
    facet = browser.find_element(By.CSS_SELECTOR, "#search-facets fieldset input")
    count = int(facet.find_element(By.XPATH, "following-sibling::span").text)
    facet.click()
    if count != total:
        assert wait_for_search(browser, str(total)) == count
    assert "q=" in browser.current_url and browser.find_elements(By.CSS_SELECTOR, "#search-facets input:checked")
    traffic.assert_clean("search and facet", unzipped.as_uri())

    first = browser.find_element(By.CSS_SELECTOR, "#search-results .search-result h2 a")
    title = first.text
    first.click()
    assert here(browser, unzipped).startswith("articles/")
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    traffic.assert_clean("search → article", unzipped.as_uri())
