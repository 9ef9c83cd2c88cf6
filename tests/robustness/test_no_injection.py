"""No payload from content can run: scan every output file, then run pages in a browser."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

PAYLOAD = "__pwned"


def html_pages(site):
    return sorted(site.rglob("*.html"))


def test_payloads_never_appear_as_markup(bad_site):
    pages = html_pages(bad_site)
    assert len(pages) > 20
    hits = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        hits += text.count(PAYLOAD)
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not name.lower().startswith("on"), (page, tag.name, name)
                if name in ("href", "src", "action", "formaction"):
                    assert not value.strip().lower().startswith(("javascript:", "data:text/html")), (page, value)
            assert tag.name not in ("iframe", "object", "embed", "svg"), (page, tag.name)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # data, and still well-formed
                assert "</" not in script.string
            else:
                assert PAYLOAD not in (script.string or ""), page
    assert hits > 0  # the payloads were published, as harmless text


def test_entity_override_payloads_are_text(bad_site):
    pages = sorted((bad_site / "entities").glob("*وزارة-الخارجية.html"))
    assert len(pages) == 1
    soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "<script>window.__pwned=1</script>وزارة الخارجية"
    assert not soup.select("h1 script, svg, img[onerror]")


def test_other_outputs_are_well_formed(bad_site):
    for f in sorted(bad_site.rglob("*")):
        if f.suffix == ".json":
            json.loads(f.read_text(encoding="utf-8"))
        elif f.suffix == ".xml":
            root = ET.parse(f).getroot()
            assert not any(el.tag.lower().endswith("script") for el in root.iter()), f


@pytest.mark.browser
def test_payloads_do_not_execute_in_a_browser(browser, serve, bad_site):
    base = serve(bad_site)
    report = json.loads((bad_site / "build-report.json").read_text(encoding="utf-8"))
    urls = ["index.html"] + [f["url"] for f in report["files"] if "inject" in f["path"]]
    # the editors' file (content/entities.toml) renames an entity to a payload
    urls += sorted(p.relative_to(bad_site).as_posix() for p in (bad_site / "entities").glob("*pwned*"))
    assert len(urls) >= 6
    for url in urls:
        browser.get(f"{base}/{quote(url)}")
        assert browser.execute_script("return typeof window.__pwned") == "undefined", url
