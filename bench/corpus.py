"""A deterministic archive of N real articles from SaudiNewsNet, as Pelican Markdown.

Articles are drawn in the order of the SHA-1 of their URL (duplicate URLs and empty
bodies dropped), so the same N always gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.shared import shared_dir  # noqa: E402

SHARED = shared_dir("data", "saudinewsnet")


def available(folder: Path = SHARED) -> bool:
    return folder.is_dir() and any(folder.glob("*.zip"))


def all_articles(folder: Path = SHARED) -> list[dict]:
    if not available(folder):
        raise SystemExit(f"benchmark corpus not found: {folder} (set ARSHIF_SHARED to the shared data folder)")
    seen, out = set(), []
    for zpath in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(zpath) as z:
            for name in sorted(z.namelist()):
                for art in json.loads(z.read(name)):
                    url = art.get("url") or ""
                    title = " ".join((art.get("title") or "").split())
                    body = art.get("content") or ""
                    if not url or url in seen or not title or len(body) < 200:
                        continue
                    seen.add(url)
                    out.append({**art, "title": title, "key": hashlib.sha1(url.encode()).hexdigest()})
    out.sort(key=lambda a: a["key"])
    return out


def write_archive(articles: list[dict], dest: Path) -> int:
    """Write the articles as content/*.md under ``dest``; returns how many."""
    content = dest / "content"
    content.mkdir(parents=True, exist_ok=True)
    for art in articles:
        paragraphs = [p.strip() for p in art["content"].splitlines() if p.strip()]
        date = (art.get("date_extracted") or "2015-08-01")[:10]
        header = [f"Title: {art['title']}", f"Date: {date}", f"Source: {art['source']}",
                  f"Slug: snn-{art['key'][:12]}"]
        body = "\n\n".join(re.sub(r"^([-*+#>]|\d+\.)", r"\\\1", p) for p in paragraphs)
        (content / f"snn-{art['key'][:12]}.md").write_text("\n".join(header) + "\n\n" + body + "\n", encoding="utf-8")
    return len(articles)
