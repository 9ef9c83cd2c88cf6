"""Page types of the theme, found in the demo build (and the theme's fixture archive for
what the demo has not: tags, a page), and fixtures that open them in the browser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup

from tests.browser.pagetypes import PAGE_TYPES, SEED_ARTICLE
from tests.theme.conftest import fixture_site, standin_site  # noqa: F401 (fixtures)
from tests.theme.sitebuild import ROOT

ARTIFACTS = ROOT / "output" / "test-artifacts"


def pytest_generate_tests(metafunc):
    already = any("page_type" in str(m.args[0]) for m in metafunc.definition.iter_markers("parametrize"))
    if "page_type" in metafunc.fixturenames and not already:
        metafunc.parametrize("page_type", sorted(PAGE_TYPES))


@pytest.fixture(scope="session")
def sites(demo_site, fixture_site, standin_site):
    return {"demo": demo_site, "fixture": fixture_site, "standin": standin_site}


def first_link(site: Path, selector: str) -> str:
    """The site-relative target of the first link matching ``selector`` in the seed article, else any article."""
    for page in [site / SEED_ARTICLE, *sorted((site / "articles").glob("*.html"))]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one(selector)
        if link is not None:
            return str((page.parent / unquote(link["href"])).resolve().relative_to(site.resolve()))
    raise AssertionError(f"no {selector} link in any article")


@pytest.fixture(scope="session")
def page_path(sites):
    """page_path(page_type) -> (site folder, path of a page of that type, relative to it)."""

    def find(page_type: str) -> tuple[Path, str]:
        site_name, how = PAGE_TYPES[page_type]
        site = sites[site_name]
        if isinstance(how, list):
            found = [rel for rel in how if (site / rel).is_file()]
            assert found, f"{page_type}: none of {how} was built"
            rel = found[0]
        elif how.startswith("first-link:"):
            rel = first_link(site, how.removeprefix("first-link:"))
        else:
            rel = how
        assert (site / rel).is_file(), f"{page_type}: {rel} was not built"
        return site, rel

    return find


@pytest.fixture(scope="session")
def base_urls(serve, sites):
    """{"http": {site: url}, "file": {site: url}}: every site served once."""
    return {
        "http": {name: serve(folder) for name, folder in sites.items()},
        "file": {name: folder.as_uri() for name, folder in sites.items()},
    }


@pytest.fixture(scope="session")
def open_page(browser, base_urls, page_path, sites):
    """open_page(page_type, scheme="http") loads the page, waits for fonts, returns its URL."""

    def load(page_type: str, scheme: str = "http") -> str:
        site, rel = page_path(page_type)
        name = next(n for n, folder in sites.items() if folder == site)
        url = f"{base_urls[scheme][name]}/{quote(rel)}"
        browser.get(url)
        browser.execute_script("return document.fonts.ready.then(() => true)")
        return url

    return load


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """output/test-artifacts/: screenshots and the printed article (see docs/theme.md)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
