"""The search page in headless Chromium, over http and from file://."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reader_browser(tmp_path_factory):
    """Chromium as readers have it: without --allow-file-access-from-files.

    The shared fixture passes that flag, which lets fetch() read file:// and would hide
    an offline search that depends on it; the file:// tests here run without it.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.conftest import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        if flag != "--allow-file-access-from-files":
            opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-reader')}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


@pytest.fixture
def open_site(browser, reader_browser, serve, demo_site):
    """open_site(scheme) -> (driver, base URL): http through a local server, or file://."""

    def start(scheme):
        if scheme == "http":
            return browser, serve(demo_site)
        return reader_browser, demo_site.as_uri()

    return start


def wait_done(browser, timeout=15):
    WebDriverWait(browser, timeout).until(
        lambda d: d.find_element(By.ID, "search").get_attribute("data-state") in ("done", "error")
    )
    assert browser.find_element(By.ID, "search").get_attribute("data-state") == "done"


def severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def result_titles(browser):
    return [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results .search-result h2 a")]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_query_from_url_shows_highlighted_results_and_facets(open_site, scheme):
    browser, base = open_site(scheme)
    severe(browser)
    browser.get(f"{base}/search.html?q={quote('بسوريا')}")
    wait_done(browser)
    titles = result_titles(browser)
    assert titles and len(titles) <= 10
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#search-results mark")]
    assert marks and all("سوري" in m for m in marks), marks
    first = browser.find_element(By.CSS_SELECTOR, "#search-results h2 a")
    assert "/articles/" in first.get_attribute("href")
    assert browser.find_element(By.CSS_SELECTOR, "#search-results .meta time").get_attribute("datetime")
    legends = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#search-facets legend")]
    assert "السنة" in legends and "المصدر" in legends
    assert browser.find_element(By.ID, "search-status").text
    assert browser.execute_script("return getComputedStyle(document.getElementById('search-results')).direction") == "rtl"
    assert severe(browser) == []


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_typing_filters_and_shareable_url(open_site, scheme):
    browser, base = open_site(scheme)
    severe(browser)
    browser.get(f"{base}/search.html")
    box = browser.find_element(By.ID, "search-q")
    box.send_keys("السعوديه")  # ه for ة, as readers type it
    WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "search").get_attribute("data-count") not in (None, "0"))
    wait_done(browser)
    total = int(browser.find_element(By.ID, "search").get_attribute("data-count"))
    assert total > 10
    assert parse_qs(urlparse(browser.current_url).query)["q"] == ["السعوديه"]

    # Tick the first source: fewer results, and the URL carries the filter.
    source_box = browser.find_element(By.CSS_SELECTOR, "#search-facets fieldset:nth-of-type(2) input")
    count = int(source_box.find_element(By.XPATH, "following-sibling::span").text)
    value = source_box.get_attribute("value")
    assert count < total
    source_box.click()
    WebDriverWait(browser, 15).until(
        lambda d: d.find_element(By.ID, "search").get_attribute("data-count") == str(count)
    )
    wait_done(browser)
    # The facets are redrawn; keyboard users keep their place on the box they ticked.
    assert browser.switch_to.active_element.get_attribute("value") == value
    shared = browser.current_url
    assert parse_qs(urlparse(shared).query)["source"] == [value]

    # The shared URL restores the same search.
    browser.get("about:blank")
    browser.get(shared)
    wait_done(browser)
    assert browser.find_element(By.ID, "search-q").get_attribute("value") == "السعوديه"
    assert browser.find_element(By.ID, "search").get_attribute("data-count") == str(count)
    ticked = browser.find_elements(By.CSS_SELECTOR, "#search-facets input:checked")
    assert [t.get_attribute("value") for t in ticked] == [value]
    assert severe(browser) == []


def test_keyboard_moves_between_box_and_results(browser, serve, demo_site):
    base = serve(demo_site)
    browser.get(f"{base}/search.html?q={quote('الانتخابات')}")
    wait_done(browser)
    links = browser.find_elements(By.CSS_SELECTOR, "#search-results h2 a")
    assert len(links) >= 3
    box = browser.find_element(By.ID, "search-q")
    box.click()
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element == links[0]
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element == links[1]
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert browser.switch_to.active_element == box
    links[2].send_keys(Keys.ESCAPE)
    assert browser.switch_to.active_element == box
    box.send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert box.get_attribute("value") == ""


def test_index_files_are_fetched_on_demand(browser, serve, demo_site):
    """Over http, a one-word query loads the manifest, a few term shards and ten documents."""
    base = serve(demo_site)
    browser.get(f"{base}/search.html?q={quote('نتنياهو')}")
    wait_done(browser)
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/'))"
    )
    terms = [u for u in loaded if "/search/t/" in u]
    docs = [u for u in loaded if "/search/d/" in u]
    assert any(u.endswith("/search/manifest.js") for u in loaded)
    assert 1 <= len(terms) <= 3, terms
    assert 1 <= len(docs) <= 10
    total_shards = len(list((demo_site / "search/t").glob("*.js")))
    assert len(terms) < total_shards / 5
