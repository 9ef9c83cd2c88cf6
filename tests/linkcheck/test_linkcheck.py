"""tools/linkcheck.py: it finds what is broken (on small made-up sites) and the website build has nothing broken."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tools.linkcheck import DiskSite, HttpSite, check, check_path, main, srcset_urls

ARABIC = "واشنطن-وموسكو"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def page(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


GOOD = {
    "index.html": page(
        f'<a href="articles/{ARABIC}.html#p2">raw Arabic</a>'
        f'<a href="articles/{quote(ARABIC)}.html">percent-encoded</a>'
        '<a href="archives/2015/index.html">archive</a><a href="#top">top</a><a href="#">empty</a>'
        '<a href="https://example.org/news">an external link</a><a href="mailto:a@example.org">mail</a>'
        '<img src="img/a.png" srcset="img/a.png 1x, img/b%20c.png 2x" alt=""><main id="main"></main>',
        '<link rel="stylesheet" href="css/main.css?v=1"><link rel="icon" href="img/a.png">',
    ),
    f"articles/{ARABIC}.html": page('<p id="p1">1</p><p><a name="p2">2</a></p><a href="../index.html#main">home</a>'
                                    '<div style="background: url(\'../img/a.png\')"></div>'),
    "archives/2015/index.html": page('<a href="../../index.html">home</a>'),
    "css/main.css": '/* url("gone.png") in a comment */ @font-face { src: url("../fonts/f.woff2") format("woff2"); }'
                    ' body { background: url(../img/a.png) } @import "print.css";',
    "css/print.css": "a { color: red }",
    "fonts/f.woff2": "x",
    "img/a.png": "x",
    "img/b c.png": "x",
}


def test_a_sound_site_passes_and_external_links_are_listed(tmp_path):
    report = check(DiskSite(write(tmp_path, GOOD)))
    assert report.ok, report.broken
    assert (report.pages, report.stylesheets) == (3, 2)
    assert report.files == 3  # the font and the two images, each checked once
    assert report.fragments == 2  # #p2 (an <a name>) and #main; "#top" and "#" need no target
    assert list(report.external_links) == ["https://example.org/news"]
    assert report.unreachable == []


@pytest.mark.parametrize(
    "files, page_, target, reason",
    [
        ({"index.html": page('<a href="missing.html">x</a>')}, "index.html", "missing.html", "no such file"),
        ({"index.html": page('<a href="b.html#nope">x</a>'), "b.html": page('<p id="yes"></p>')},
         "index.html", "b.html#nope", "no id or name 'nope'"),
        ({"index.html": page('<a href="#nowhere">x</a>')}, "index.html", "#nowhere", "no id or name"),
        ({"index.html": page('<a href="archives/">x</a>'), "archives/index.html": page("")},
         "index.html", "archives/", "a folder"),
        ({"index.html": page('<img src="img/%D8%A7.png" alt="">')}, "index.html", "img/ا.png", "no such file"),
        ({"index.html": page('<img srcset="a.png 1x, b.png 2x" alt="">'), "a.png": "x"}, "index.html", "b.png", "no such file"),
        ({"index.html": page("", '<link rel="stylesheet" href="s.css">'), "s.css": "p{background:url('x.png')}"},
         "s.css", "x.png", "no such file"),
        ({"index.html": page('<a href="../outside.html">x</a>')}, "index.html", "../outside.html", "outside the site's root"),
        ({"index.html": page('<a href="a/%2E%2E/%2E%2E/x.html">x</a>')}, "index.html", "a/../../x.html", "outside the site's root"),
        ({"index.html": page("", '<script src="https://cdn.example.org/x.js"></script>')},
         "index.html", "https://cdn.example.org/x.js", "loaded from another host"),
        ({"index.html": page('<p style="background:url(//fonts.example.org/a.png)"></p>')},
         "index.html", "//fonts.example.org/a.png", "loaded from another host"),
        ({"index.html": page(""), "feeds/all.atom.xml": '<?xml version="1.0"?><feed><entry>'
          '<link href="../articles/gone.html" rel="alternate"/></entry></feed>'},
         "feeds/all.atom.xml", "../articles/gone.html", "no such file"),
        ({"index.html": page(""), "sitemap.xml": "<urlset><url><loc>./index.html</loc></url>"
          "<url><loc>./old.html</loc></url></urlset>"}, "sitemap.xml", "./old.html", "no such file"),
    ],
    ids=["missing page", "missing anchor", "missing local anchor", "folder link from file://", "percent-encoded asset",
         "srcset", "css url()", "escapes the root", "escapes the root, encoded", "external script", "external css in style=''", "atom feed",
         "sitemap"],
)
def test_each_kind_of_breakage_is_found(tmp_path, files, page_, target, reason):
    report = check(DiskSite(write(tmp_path, files)))
    assert not report.ok
    problems = report.broken + report.external_assets
    assert [(p.page, p.target) for p in problems] == [(page_, target)], problems
    assert reason in problems[0].reason


def test_a_build_for_a_subpath_is_checked_against_its_site_url(tmp_path):
    base = "https://user.github.io/repo"
    site = write(tmp_path, {
        "index.html": page(f'<a href="{base}/archives/">folder: the server gives index.html</a>'
                           f'<a href="{base}">the root without its slash</a>'
                           '<a href="/theme/x.css">root-absolute: misses the /repo/ subpath</a>'
                           f'<a href="https://user.github.io/other/">another project</a>'),
        "archives/index.html": page(""),
        "theme/x.css": "",
    })
    report = check(DiskSite(site, site_url=base))
    assert [(p.target, p.reason) for p in report.broken] == [
        ("/theme/x.css", "outside the site's root"),
        ("https://user.github.io/other/", "outside the site's root"),
    ]
    # Opened from disk instead, the absolute links are external and the folder link is not followed.
    assert check(DiskSite(site)).external_links.keys() == {f"{base}/archives/", base, "https://user.github.io/other/"}


def test_http_mode_fetches_pages_and_reports_http_errors(tmp_path, serve):
    site = write(tmp_path / "www", {
        "repo/index.html": page(f'<a href="sub/">folder</a><a href="{ARABIC}.html#x">arabic</a><a href="gone.html">gone</a>'),
        "repo/sub/index.html": page('<a href="../index.html">up</a>'),
        f"repo/{ARABIC}.html": page('<h2 id="x">x</h2>'),
        "repo/orphan.html": page('<a href="nothing.html">?</a>'),
    })
    base = serve(site) + "/repo/"
    report = check(HttpSite(base, extra=[base + "orphan.html"]))
    assert [(p.page, p.target, p.reason) for p in report.broken] == [
        ("index.html", "gone.html", "HTTP 404"), ("orphan.html", "nothing.html", "HTTP 404")]
    assert report.pages == 4 and report.unreachable == ["orphan.html"]


def test_srcset_parsing():
    assert srcset_urls("a.png 1x, b,c.png 2x,d.png") == ["a.png", "b,c.png", "d.png"]
    assert srcset_urls(" img/a.png 480w , img/b.png 800w ") == ["img/a.png", "img/b.png"]


def test_the_website_build_has_no_broken_link(demo_site):
    report = check_path(demo_site)
    assert report.ok, "\n".join(map(str, report.broken + report.external_assets))
    articles = len(list((demo_site / "articles").glob("*.html")))
    assert report.pages > articles > 300
    assert report.fragments >= report.pages  # every page's skip link (#main) was checked
    assert len(report.external_links) >= 300  # the demo articles' original URLs, listed and not fetched


def test_cli_prints_a_summary_and_fails_on_breakage(tmp_path, capsys):
    good = write(tmp_path / "good", GOOD)
    assert main([str(good), "--external"]) == 0
    out = capsys.readouterr().out
    assert "external https://example.org/news" in out and "0 broken" in out
    bad = write(tmp_path / "bad", {"index.html": page('<a href="x.html">x</a>')})
    assert main([str(bad)]) == 1
    assert "BROKEN index.html: a[href] x.html — no such file" in capsys.readouterr().out


def test_cli_refuses_a_publish_build_checked_without_its_site_url(tmp_path, capsys):
    base = "https://user.github.io/repo"
    site = write(tmp_path, {"index.html": page(f'<a href="{base}/a.html">a</a>'), "a.html": page(f'<a href="{base}/">home</a>')})
    assert main([str(site)]) == 1
    assert "--site-url" in capsys.readouterr().out
    assert main([str(site), "--site-url", base]) == 0
