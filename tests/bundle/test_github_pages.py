"""GitHub Pages: publishconf.py under a project subpath, served on 127.0.0.1 and crawled; .nojekyll, CNAME; make github."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
from pelican.settings import read_settings

from github_pages.generator import GithubPagesGenerator, cname_host
from tests.bundle.conftest import CNAME, Traffic, make
from tools.linkcheck import IGNORED_SCHEMES, SAFE_PATH, HttpSite, PageParser, check, check_path


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_subpath_build_crawls_clean_over_http(pages_site):
    site, site_url = pages_site
    every_page = [f"{site_url}/{quote(p.relative_to(site).as_posix(), safe=SAFE_PATH)}" for p in html_pages(site)]
    report = check(HttpSite(site_url + "/", extra=every_page))
    assert report.ok, "\n".join(map(str, report.broken + report.external_assets))
    assert report.pages == len(every_page) > 301
    # Every page in a folder (articles, entities, sources, archives, categories, authors) and the
    # search page are reached from index.html; the theme may leave a few top-level indexes unlinked
    # (404.html by design; authors.html; tags.html when no article has tags).
    assert [p for p in report.unreachable if "/" in p or p == "search.html"] == []


def test_the_subpath_build_passes_the_disk_check_under_its_site_url(pages_site):
    site, site_url = pages_site
    assert check_path(site, site_url=site_url).ok


@pytest.mark.browser
def test_pages_under_the_subpath_load_everything_from_it_in_a_browser(browser, pages_site):
    from selenium.webdriver.common.by import By

    _, site_url = pages_site
    traffic = Traffic(browser)
    browser.get(site_url + "/")
    loaded = traffic.assert_clean("index", site_url)
    assert any(u.endswith("/repo/theme/css/main.css") for u in loaded)
    assert any(u.endswith(".woff2") for u in loaded)
    browser.find_element(By.CSS_SELECTOR, ".article-item-title a").click()
    assert browser.current_url.startswith(site_url + "/articles/")
    browser.find_element(By.LINK_TEXT, "الأرشيف").click()
    assert browser.current_url == site_url + "/archives.html"
    traffic.assert_clean("article → archives", site_url)


def test_every_internal_url_is_absolute_under_the_subpath(pages_site):
    site, site_url = pages_site
    prefix = site_url + "/"
    wrong = set()
    for path in html_pages(site):
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        for ref in parser.refs:
            scheme = urlsplit(ref.url).scheme
            if ref.url.startswith("#") or scheme in IGNORED_SCHEMES:
                continue
            absolute = urljoin(prefix, ref.url)
            if urlsplit(absolute).netloc == urlsplit(prefix).netloc and not ref.url.startswith(prefix):
                wrong.add((path.relative_to(site).as_posix(), ref.url))
    assert wrong == set(), sorted(wrong)[:10]


def test_the_publish_build_carries_nojekyll_and_cname(pages_site):
    site, _ = pages_site
    assert (site / ".nojekyll").read_bytes() == b""
    assert (site / "CNAME").read_text(encoding="ascii") == CNAME + "\n"


@pytest.mark.parametrize("value, host", [
    ("archive.example.org", "archive.example.org"),
    ("https://Archive.Example.org/", "archive.example.org"),
    ("أرشيف.مثال.com", "xn--igb2aj6c2b.xn--mgbh0fb.com"),
])
def test_cname_is_a_bare_host_name(value, host):
    assert cname_host(value) == host


@pytest.mark.parametrize("value", ["", "localhost", "http://", "two words.org", "a.example.org/path/x"])
def test_a_bad_cname_is_refused(value):
    with pytest.raises(ValueError, match="GITHUB_PAGES_CNAME"):
        cname_host(value)


@pytest.mark.parametrize("overrides, files", [
    ({}, {".nojekyll"}),
    ({"GITHUB_PAGES_CNAME": CNAME}, {".nojekyll", "CNAME"}),
    ({"GITHUB_PAGES_NOJEKYLL": False}, set()),
])
def test_the_plugin_writes_only_what_is_configured(tmp_path, overrides, files):
    settings = read_settings(None, override={"PATH": str(tmp_path), **overrides})
    out = tmp_path / "out"
    out.mkdir()
    GithubPagesGenerator(context={}, settings=settings, path=str(tmp_path), theme=settings["THEME"],
                         output_path=str(out)).generate_output(None)
    assert {p.name for p in out.iterdir()} == files


def test_make_github_needs_a_siteurl():
    proc = make("github")
    assert proc.returncode != 0
    assert "set SITEURL" in proc.stdout + proc.stderr


def test_make_github_builds_with_publishconf_and_pushes_with_ghp_import():
    proc = make("-n", "github", "SITEURL=https://user.github.io/repo")
    commands = proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert "-s publishconf.py" in commands
    assert "tools.linkcheck output --site-url https://user.github.io/repo" in commands
    assert "ghp-import --force --push --remote origin --branch gh-pages" in commands


def test_ghp_import_puts_the_publish_build_on_a_branch(pages_site, root, tmp_path):
    site, _ = pages_site
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=arshif tests", "-c", "user.email=tests@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    ghp_import = root / ".venv" / "bin" / "ghp-import"
    subprocess.run([str(ghp_import), "--branch", "gh-pages", "--message", "Publish", str(site)], cwd=repo, check=True,
                   env={"PATH": "/usr/bin:/bin", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(tmp_path)})
    tree = subprocess.run([*git, "ls-tree", "--name-only", "gh-pages"], capture_output=True, text=True, check=True).stdout.split()
    assert {".nojekyll", "CNAME", "index.html", "articles", "theme"} <= set(tree)
