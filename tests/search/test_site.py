"""Search in the built demo archive: the page, the index files, relevance, `make search`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from search.evaluate import evaluate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def test_search_page_loads_the_engine_and_points_at_the_index(demo_site):
    soup = BeautifulSoup((demo_site / "search.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.find(id="search")
    assert box["data-index"] == "./search/" and box["data-root"] == "./"
    scripts = [s["src"] for s in soup.find_all("script") if s.get("src")]
    assert scripts == [
        "./theme/js/lunr.min.js",
        "./theme/js/arabic.js",
        "./theme/js/search.js",
        "./theme/js/search-ui.js",
    ]
    for src in scripts:
        assert (demo_site / src).is_file(), src
    assert soup.find("html")["dir"] == "rtl"
    assert not [s for s in soup.find_all("script") if s.string and s.string.strip()], "no inline scripts"


def test_every_page_links_to_search(demo_site):
    for page in ("index.html", "archives.html"):
        soup = BeautifulSoup((demo_site / page).read_text(encoding="utf-8"), "html.parser")
        links = [a for a in soup.select("nav a") if a.get("href", "").endswith("search.html")]
        assert [a.get_text(strip=True) for a in links] == ["البحث"], page


def test_index_covers_every_article(demo_site):
    manifest = (demo_site / "search/manifest.js").read_text(encoding="utf-8")
    data = json.loads(manifest[manifest.index("{") : manifest.rindex("}") + 1])
    articles = list((demo_site / "articles").glob("*.html"))
    assert data["docs"] == len(articles) > 250
    assert len(list((demo_site / "search/d").glob("*.js"))) == data["docs"]
    assert len(list((demo_site / "search/t").glob("*.js"))) == len(data["shards"]) > 10


def test_relevance_query_set_reaches_the_bar(demo_site):
    cases = json.loads((HERE / "queries.json").read_text(encoding="utf-8"))
    assert len(cases) >= 40
    kinds = {c["kind"] for c in cases}
    assert {"entity", "topic", "morphological", "orthographic", "phrase"} <= kinds
    result = evaluate(demo_site, cases)
    misses = [(r["query"], r["missing"]) for r in result["rows"] if r["recall"] < 1]
    assert result["recall_at_10"] >= 0.9, misses
    assert result["mrr"] >= 0.8, misses


def test_cli_prints_at_most_ten_existing_urls(demo_site):
    out = subprocess.run(
        ["node", str(ROOT / "plugins/search/cli.js"), "--dir", str(demo_site), "السعودية"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert len(out) == 10
    for url in out:
        assert (demo_site / unquote(url)).is_file(), url


def test_engine_code_never_writes_html_strings():
    for name in ("search.js", "search-ui.js", "arabic.js"):
        code = (ROOT / "theme/static/js" / name).read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, (name, sink)
