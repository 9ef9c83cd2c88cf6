"""The build report's records of the inputs."""

from __future__ import annotations

import os
from types import SimpleNamespace

from build_report.report import BuildReport


def test_an_article_linked_from_outside_the_content_folder_is_reported_by_its_real_path(tmp_path):
    """A newsroom links articles in from a shared archive: they are read and published,
    and the report (which named inputs relative to the content folder, and failed the
    build on these) names each by where it really is."""
    site, archive = tmp_path / "site", tmp_path / "archive"
    (site / "content").mkdir(parents=True)
    archive.mkdir()
    (archive / "a.md").write_text("Title: خبر\n\nنص", encoding="utf-8")
    (site / "content" / "b.md").write_text("Title: خبر آخر\n\nنص", encoding="utf-8")
    os.symlink(archive / "a.md", site / "content" / "a.md")
    report = BuildReport({"PATH": str(site), "ARTICLE_PATHS": ["content"], "PAGE_PATHS": [], "IGNORE_FILES": []})
    for name in ("a.md", "b.md"):
        report.mark_published(SimpleNamespace(source_path=str(site / "content" / name), url=f"{name}.html"))
    records = {r.path: (r.status, r.url) for r in report.records()}
    assert records == {(archive / "a.md").resolve().as_posix(): ("published", "a.md.html"),
                       "content/b.md": ("published", "b.md.html")}
