"""Every page type loads in a real browser, right-to-left and in Arabic, with no console
error and no failed request, both from a web server on 127.0.0.1 and from file://."""

import pytest
from tests.browser.logs import console_errors, drain_logs, failed_requests

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_page_type_loads_clean(browser, open_page, page_type, scheme):
    drain_logs(browser)
    url = open_page(page_type, scheme)
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.execute_script("return getComputedStyle(document.body).direction") == "rtl", url
    assert browser.execute_script("return document.documentElement.lang") == "ar", url
    assert browser.execute_script("return document.documentElement.dir") == "rtl", url
    assert browser.execute_script(
        "return document.fonts.check('16px \"Noto Naskh Arabic\"', 'سوريا')"
        " && document.fonts.check('700 16px \"Noto Kufi Arabic\"', 'سوريا')"
    ), f"self-hosted fonts not loaded on {url}"
    assert browser.execute_script("return document.styleSheets.length") >= 1, url
    assert failed_requests(browser) == [], url
    assert console_errors(browser) == [], url
