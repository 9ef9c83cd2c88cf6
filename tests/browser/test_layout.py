"""Layout in a real browser: phones from 360 px, readable Arabic measure, keyboard focus
and skip link, print stylesheet, and screenshots of the main pages (output/test-artifacts)."""

import base64
import struct

import pytest

from tests.browser.pagetypes import PAGE_TYPES

pytestmark = pytest.mark.browser

SCREENSHOT_TYPES = [t for t in ("home", "article-seed", "entity") if t in PAGE_TYPES]


def viewport(browser, width, height=900, mobile=False):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


@pytest.fixture
def phone(browser):
    viewport(browser, 360, 740, mobile=True)
    yield
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_no_horizontal_scroll_at_360px(browser, open_page, phone, page_type):
    url = open_page(page_type)
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 360, f"{url} is {width}px wide on a 360px phone"


def test_article_measure_and_leading(browser, open_page):
    open_page("article-seed")
    ems, leading = browser.execute_script(
        "const p = document.querySelector('.article-body p'), s = getComputedStyle(p);"
        "return [p.getBoundingClientRect().width / parseFloat(s.fontSize),"
        " parseFloat(s.lineHeight) / parseFloat(s.fontSize)]")
    # About 60 to 80 Arabic letters a line on a desktop, airy enough for dots and marks.
    assert 28 <= ems <= 36, ems
    assert leading >= 1.8, leading


def test_skip_link_is_first_and_visible_on_focus(browser, open_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page("article-seed")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.execute_script(
        "const a = document.activeElement, r = a.getBoundingClientRect(), s = getComputedStyle(a);"
        "return {cls: a.className, top: r.top, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}")
    assert focused["cls"] == "skip-link" and focused["top"] >= 0, focused
    assert focused["outline"] != "none" and focused["width"] >= 2, focused
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return document.activeElement.id") == "main"


def test_keyboard_focus_on_links_is_visible(browser, open_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page("home")
    ActionChains(browser).send_keys(Keys.TAB, Keys.TAB).perform()
    style = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]")
    assert style[0] == "A" and style[1] != "none" and style[2] >= 2, style


def test_print_stylesheet(browser, open_page, artifacts):
    open_page("article-seed")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "const d = s => { const e = document.querySelector(s); return e ? getComputedStyle(e).display : null; };"
            "return {nav: d('.site-nav'), footer: d('.site-footer'), body: d('.article-body'), title: d('.article-title')}")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown["nav"] == "none" and shown["footer"] == "none", shown
    assert shown["body"] == "block" and shown["title"] == "block", shown
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False, "preferCSSPageSize": True})["data"])
    (artifacts / "article-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and 1 <= pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") <= 4


@pytest.mark.parametrize("page_type", SCREENSHOT_TYPES)
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshot(browser, open_page, artifacts, page_type, width):
    viewport(browser, width, 844 if width < 600 else 900, mobile=width < 600)
    try:
        open_page(page_type)
        path = artifacts / "screenshots" / f"{page_type}-{width}.png"
        path.parent.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(path))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    png = path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", png[16:20])[0] == width
