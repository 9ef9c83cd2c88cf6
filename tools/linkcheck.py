"""Check every internal link, asset and #anchor of a built site; list external links.

A small crawler over the output, for three ways the archive is used:

* a folder opened from disk (the offline bundle, file://): relative links are
  resolved against file:// URLs, and a link to a folder is broken, because a
  browser shows no index.html from file://;
* a folder built for a server under SITEURL (``--site-url``, the GitHub Pages
  build): URLs are resolved against SITEURL, which may carry a project subpath,
  and mapped back to files; a link to a folder means its index.html;
* a live server (an http:// URL): every page is fetched as a browser would.

Every HTML page is parsed with an HTML parser (html.parser): href, src, srcset,
poster, data, ``<link rel>``, ``<meta http-equiv=refresh>`` and CSS ``url()`` /
``@import`` in stylesheets, ``<style>`` and ``style=""``; Atom/RSS feeds (``<link
href>``) and sitemaps (``<loc>``) in the output are read the same way. A ``#fragment`` must name
an ``id`` (or ``<a name>``) in its target page. Percent-encoded and raw Arabic
URLs are compared after decoding. External http(s) links are never fetched, only
listed; an external *asset* (a stylesheet, script, image or font from another
host) is an error, since the archive must load nothing from other hosts.

Usage: ``python -m tools.linkcheck output/`` (or ``dist/x.zip``, or
``output/ --site-url https://user.github.io/repo``, or ``http://127.0.0.1:8000/repo/``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

__all__ = ["DiskSite", "HttpSite", "Report", "check", "check_path", "main"]

IGNORED_SCHEMES = {"mailto", "tel", "sms", "javascript", "data", "blob", "about", "geo"}
# <link rel=…> values whose target the browser loads with the page.
ASSET_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
    "mask-icon", "manifest", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
}
# Attributes whose URL the browser loads as part of the page (as opposed to a link the reader follows).
ASSET_ATTRS = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
# Characters kept as they are when a URL path is re-encoded (RFC 3986 pchar and "/").
SAFE_PATH = "/!$&'()*+,;=:@~-._"
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)


# --- Parsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """One URL found in a page or stylesheet; ``asset`` when the browser loads it with the page."""

    url: str
    asset: bool
    where: str  # e.g. "a[href]", "img[srcset]", "css url()"


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute ("a.png 1x, b.png 2x"), split as the HTML standard does:
    a URL runs to the next whitespace; its descriptors run to the next comma outside ()."""
    urls, pos, n = [], 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while pos < n and not (value[pos] == "," and depth == 0):
                if value[pos] == "(":
                    depth += 1
                elif value[pos] == ")" and depth:
                    depth -= 1
                pos += 1
            pos += 1  # past the comma
        if url:
            urls.append(url)
    return urls


def css_refs(css: str) -> list[Ref]:
    """Every url() and @import of a stylesheet, comments ignored."""
    css = CSS_COMMENT.sub("", css)
    refs = [Ref(next(g for g in m.groups() if g is not None), True, "css url()") for m in CSS_URL.finditer(css)]
    refs += [Ref(m.group(1) or m.group(2) or "", True, "css @import") for m in CSS_IMPORT.finditer(css)]
    return [r for r in refs if r.url.strip()]


class PageParser(HTMLParser):
    """Collects the anchors (id, a[name]), the base href and every URL of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.refs: list[Ref] = []
        self.base: str | None = None
        self._style_depth = 0
        self._in_loc = False  # <loc> of a sitemap

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: (value or "") for name, value in attrs}
        if "id" in a:
            self.anchors.add(a["id"])
        if tag == "a" and "name" in a:
            self.anchors.add(a["name"])
        if tag == "base" and "href" in a and self.base is None:
            self.base = a["href"]
        if "style" in a:
            self.refs += css_refs(a["style"])
        if tag == "style":
            self._style_depth += 1
        self._in_loc = tag == "loc"
        if tag in ("a", "area") and "href" in a:
            self._add(a["href"], False, f"{tag}[href]")
        elif tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            self._add(a["href"], bool(rels & ASSET_RELS), f"link[rel={a.get('rel', '')}]")
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = REFRESH_URL.search(a.get("content", ""))
            if m:
                self._add(m.group(1), False, "meta[refresh]")
        for attr in ASSET_ATTRS.get(tag, ()):
            if attr not in a or (tag == "input" and a.get("type", "").lower() != "image"):
                continue
            values = srcset_urls(a[attr]) if attr == "srcset" else [a[attr]]
            for value in values:
                self._add(value, True, f"{tag}[{attr}]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style_depth:
            self._style_depth -= 1
        self._in_loc = False

    def handle_data(self, data: str) -> None:
        if self._style_depth:
            self.refs += css_refs(data)
        elif self._in_loc:
            self._add(data, False, "sitemap loc")

    def _add(self, url: str, asset: bool, where: str) -> None:
        url = url.strip()
        if url:
            self.refs.append(Ref(url, asset, where))


# --- URLs ------------------------------------------------------------------------------------


def normalize(url: str) -> str:
    """One spelling per URL: fragment dropped, path percent-encoded the same way whether the
    page wrote raw Arabic or %D8%… escapes, scheme and host in lower case."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe=SAFE_PATH)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


# --- Sites -----------------------------------------------------------------------------------


@dataclass
class Resource:
    """What a URL gave: its final URL (after a folder's index.html or a redirect) and, for
    pages, stylesheets and SVG, the text; ``missing`` says why it could not be had."""

    url: str
    kind: str = "other"  # "html" | "css" | "svg" | "xml" (feeds, sitemaps) | "other"
    text: str = ""
    missing: str = ""
    anchors: set[str] = field(default_factory=set)


def kind_of(name: str, content_type: str = "") -> str:
    name = name.lower()
    if content_type == "text/html" or name.endswith((".html", ".htm")):
        return "html"
    if content_type == "text/css" or name.endswith(".css"):
        return "css"
    if content_type == "image/svg+xml" or name.endswith(".svg"):
        return "svg"
    if content_type in ("application/xml", "text/xml", "application/atom+xml", "application/rss+xml") \
            or name.endswith((".xml", ".atom", ".rss")):
        return "xml"
    return "other"


class DiskSite:
    """A built folder. Without ``site_url`` it is opened from disk (file://); with it, it is
    the output meant to be served at ``site_url`` (a folder URL then means its index.html)."""

    def __init__(self, root: Path, site_url: str | None = None) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"no such folder: {root}")
        self.served = bool(site_url)
        self.base = normalize((site_url.rstrip("/") if site_url else self.root.as_uri()) + "/")
        self.label = str(root) + (f" as {site_url}" if site_url else " over file://")

    def seeds(self) -> list[str]:
        files = sorted(p for p in self.root.rglob("*")
                       if p.is_file() and p.suffix.lower() in (".html", ".htm", ".css", ".xml", ".atom", ".rss"))
        first = [self.base + "index.html"] if (self.root / "index.html").is_file() else []
        return first + [normalize(self.base + quote(p.relative_to(self.root).as_posix(), safe=SAFE_PATH)) for p in files]

    def load(self, url: str) -> Resource:
        rel = unquote(urlsplit(url).path[len(urlsplit(self.base).path):])
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if ".." in parts:  # an encoded %2E%2E that urljoin left in place
            return Resource(url, missing="outside the site's root")
        path = self.root.joinpath(*parts)
        if path.is_dir():
            if not self.served:
                return Resource(url, missing="a folder: from file:// the browser shows no index.html")
            if not url.endswith("/"):
                url += "/"
            path = path / "index.html"
            url += "index.html"
        if not path.is_file():
            return Resource(url, missing="no such file")
        kind = kind_of(path.name)
        text = path.read_text(encoding="utf-8", errors="replace") if kind != "other" else ""
        return Resource(url, kind, text)


class HttpSite:
    """A site served over http(s) at ``base_url``; ``extra`` seeds more page URLs (e.g. every
    page of the folder being served, so that pages no link reaches are checked too)."""

    def __init__(self, base_url: str, extra: list[str] | None = None, timeout: float = 10) -> None:
        self.base = normalize(base_url.rstrip("/") + "/")
        self.extra = [normalize(u) for u in extra or []]
        self.timeout = timeout
        self.served = True
        self.label = base_url

    def seeds(self) -> list[str]:
        return [self.base + "index.html", *self.extra]

    def load(self, url: str) -> Resource:
        request = urllib.request.Request(url, headers={"User-Agent": "arshif-linkcheck"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                final = normalize(response.geturl())
                ctype = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            return Resource(url, missing=f"HTTP {error.code}")
        except (urllib.error.URLError, OSError) as error:
            return Resource(url, missing=f"unreachable ({error})")
        kind = kind_of(urlsplit(final).path, ctype)
        text = body.decode("utf-8", errors="replace") if kind != "other" else ""
        return Resource(final, kind, text)


# --- The check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    page: str
    target: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.where} {self.target} — {self.reason}"


@dataclass
class Report:
    label: str
    pages: int = 0
    stylesheets: int = 0
    files: int = 0
    references: int = 0
    fragments: int = 0
    broken: list[Problem] = field(default_factory=list)
    external_assets: list[Problem] = field(default_factory=list)
    external_links: dict[str, set[str]] = field(default_factory=dict)
    unreachable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken and not self.external_assets

    def summary(self) -> str:
        return (
            f"linkcheck {self.label}: {self.pages} pages, {self.stylesheets} stylesheets, "
            f"{self.files} other files; {self.references} internal references "
            f"({self.fragments} with #anchors): {len(self.broken)} broken, "
            f"{len(self.external_assets)} assets from other hosts; "
            f"{len(self.external_links)} external links listed, not followed; "
            f"{len(self.unreachable)} pages no link reaches from index.html"
        )


def check(site: DiskSite | HttpSite) -> Report:
    """Crawl ``site`` from its seeds, following every internal reference once."""
    report = Report(site.label)
    base_origin = origin(site.base)
    loaded: dict[str, Resource] = {}
    # (page display, target key, fragment, ref) for every internal reference
    pending: list[tuple[str, str, str, Ref]] = []
    links: dict[str, set[str]] = defaultdict(set)
    queue: deque[str] = deque(site.seeds())

    def display(url: str) -> str:
        return unquote(url[len(site.base):]) if url.startswith(site.base) else unquote(url)

    def follow(res: Resource, refs: list[Ref], base_url: str) -> None:
        page = display(res.url)
        for ref in refs:
            absolute = urljoin(base_url, ref.url)
            scheme = urlsplit(absolute).scheme.lower()
            if scheme in IGNORED_SCHEMES:
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            key = normalize(absolute)
            if site.served and scheme == "file":
                key = ""  # an absolute file:// link on a served site is never right
            elif key + "/" == site.base:
                key = site.base  # SITEURL without its slash: the server redirects
            if key.startswith(site.base):
                if scheme == "file" and urlsplit(key).query:  # file:// ignores the query string
                    key = key.split("?", 1)[0]
                pending.append((page, key, fragment, ref))
                if not ref.asset:
                    links[res.url].add(key)
                if key not in loaded:
                    queue.append(key)
            elif ref.url.startswith("//"):  # "another host, same scheme": never part of the site
                (report.external_assets if ref.asset else report.broken).append(
                    Problem(page, ref.url, ref.where, "loaded from another host" if ref.asset else "a host-relative link"))
            elif scheme == "file" or origin(absolute) == base_origin:
                report.broken.append(Problem(page, unquote(ref.url), ref.where, "outside the site's root"))
            elif ref.asset:
                report.external_assets.append(Problem(page, ref.url, ref.where, "loaded from another host"))
            else:
                report.external_links.setdefault(absolute.split("#", 1)[0], set()).add(page)

    while queue:
        key = queue.popleft()
        if key in loaded:
            continue
        res = loaded[key] = site.load(key)
        if res.missing:
            continue
        if res.kind in ("html", "svg", "xml"):
            parser = PageParser()
            parser.feed(res.text)
            parser.close()
            res.anchors = parser.anchors
            if res.kind in ("html", "xml"):
                follow(res, parser.refs, urljoin(res.url, parser.base) if parser.base else res.url)
        elif res.kind == "css":
            follow(res, css_refs(res.text), res.url)
        res.text = ""  # keep memory flat on big archives

    for page, key, fragment, ref in pending:
        report.references += 1
        res = loaded[key]
        if res.missing:
            report.broken.append(Problem(page, unquote(ref.url), ref.where, res.missing))
        elif fragment and fragment != "top":
            report.fragments += 1
            if res.kind in ("html", "svg") and fragment not in res.anchors:
                report.broken.append(Problem(page, unquote(ref.url), ref.where, f"no id or name {fragment!r} in the target"))

    ok = {page_of(r.url): r for r in loaded.values() if not r.missing}  # "dir/" and "dir/index.html" are one page
    report.pages = sum(r.kind == "html" for r in ok.values())
    report.stylesheets = sum(r.kind == "css" for r in ok.values())
    report.files = len(ok) - report.pages - report.stylesheets
    report.unreachable = unreachable(site.base + "index.html", links, [u for u, r in ok.items() if r.kind == "html"], display)
    report.broken = sorted(set(report.broken), key=str)
    report.external_assets = sorted(set(report.external_assets), key=str)
    return report


def page_of(url: str) -> str:
    """A folder URL names its index.html."""
    return url + "index.html" if url.endswith("/") else url


def unreachable(start: str, links: dict[str, set[str]], pages: list[str], display) -> list[str]:
    """The pages that no chain of links from ``start`` reaches (reported, not an error)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, targets in links.items():
        graph[page_of(source)].update(page_of(t) for t in targets)
    seen, queue = {start}, deque([start])
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return sorted(display(p) for p in {page_of(p) for p in pages} - seen)


def check_path(target: str | Path, site_url: str | None = None, extra_root: Path | None = None) -> Report:
    """Check a folder, a .zip (unpacked to a temporary folder) or an http(s) URL."""
    target = str(target)
    if target.startswith(("http://", "https://")):
        extra = []
        if extra_root:
            root = Path(extra_root)
            extra = [target.rstrip("/") + "/" + quote(p.relative_to(root).as_posix(), safe=SAFE_PATH)
                     for p in sorted(root.rglob("*.html"))]
        return check(HttpSite(target, extra))
    if target.endswith(".zip"):
        with tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
            with zipfile.ZipFile(target) as archive:
                archive.extractall(tmp)
            tops = list(Path(tmp).iterdir())
            root = tops[0] if len(tops) == 1 and tops[0].is_dir() else Path(tmp)
            report = check(DiskSite(root, site_url))
            report.label = f"{target} over file://" if not site_url else f"{target} as {site_url}"
            return report
    return check(DiskSite(Path(target), site_url))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="a built folder, a .zip bundle or an http(s) URL")
    parser.add_argument("--site-url", help="the folder is served at this URL (absolute links under it are internal)")
    parser.add_argument("--root", type=Path, help="with an http URL: also check every page of this folder")
    parser.add_argument("--external", action="store_true", help="list the external links found")
    parser.add_argument("--max", type=int, default=50, help="show at most this many problems (default 50)")
    args = parser.parse_args(argv)
    report = check_path(args.target, args.site_url, args.root)
    problems = report.broken + report.external_assets
    for problem in problems[: args.max]:
        print(f"BROKEN {problem}")
    if len(problems) > args.max:
        print(f"… and {len(problems) - args.max} more")
    if args.external:
        for url, pages in sorted(report.external_links.items()):
            print(f"external {url} (on {len(pages)} pages, e.g. {min(pages)})")
    print(report.summary())
    if report.pages > 1 and len(report.unreachable) >= report.pages - 1:
        print("no page links to another: a build with absolute URLs (publishconf.py)? "
              "check it with --site-url SITEURL (make linkcheck SITEURL=…)")
        return 1
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
