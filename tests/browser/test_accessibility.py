"""axe-core (npm, node_modules/axe-core) finds no serious or critical violation on any
page type, in the light scheme and in the dark one."""

import pytest

from tests.theme.sitebuild import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "run `make setup` (npm ci installs axe-core)"
    return AXE.read_text(encoding="utf-8")


def axe_violations(browser, axe_source):
    browser.execute_script(axe_source)
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in result if v["impact"] in BLOCKING]


def test_axe_reports_a_broken_page(browser, axe_source):
    """The check can fail: a page with an unlabelled image and an empty link."""
    browser.get("data:text/html;charset=utf-8,<!DOCTYPE html><html lang=ar><title>x</title>"
                "<main><img src='data:,'><a href='%23x'></a></main>")
    ids = {v["id"] for v in axe_violations(browser, axe_source)}
    assert {"image-alt", "link-name"} <= ids


def test_no_serious_axe_violation(browser, open_page, axe_source, page_type):
    url = open_page(page_type)
    assert axe_violations(browser, axe_source) == [], url


def test_no_serious_axe_violation_in_dark_scheme(browser, open_page, axe_source, page_type):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        url = open_page(page_type)
        background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(21, 21, 20)", "the dark palette is not applied"
        assert axe_violations(browser, axe_source) == [], url
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
