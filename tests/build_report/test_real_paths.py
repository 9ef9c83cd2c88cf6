"""The build report's inputs: paths resolved as Path.resolve() does (folders once), files
ignored as fnmatch says."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from build_report.inputs import RealPaths, _ignore_pattern, input_files


def test_real_paths_agree_with_resolve_through_links(tmp_path):
    real = tmp_path / "real"
    (real / "news").mkdir(parents=True)
    (real / "news" / "a.md").write_text("x")
    (tmp_path / "elsewhere.md").write_text("y")
    os.symlink(real / "news", tmp_path / "linked-folder")
    os.symlink(tmp_path / "elsewhere.md", real / "news" / "linked-file.md")
    resolve = RealPaths()
    for path in [real / "news" / "a.md", tmp_path / "linked-folder" / "a.md",
                 real / "news" / "linked-file.md", tmp_path / "linked-folder" / "linked-file.md",
                 real / "news" / ".." / "news" / "a.md"]:
        assert resolve(str(path)) == str(Path(path).resolve())
    assert resolve(tmp_path / "linked-folder" / "linked-file.md") == str(tmp_path / "elsewhere.md")


def test_input_files_are_resolved_and_sorted_as_paths(tmp_path):
    (tmp_path / "content" / "b").mkdir(parents=True)
    (tmp_path / "content" / "b-c").mkdir()
    for rel in ("content/z.md", "content/b/a.md", "content/b/a.md.meta", "content/.hidden.md", "content/b-c/a.md",
                "content/b.md"):
        (tmp_path / rel).write_text("x")
    files = input_files({"PATH": str(tmp_path), "ARTICLE_PATHS": ["content"], "PAGE_PATHS": [],
                         "IGNORE_FILES": [".*"]})
    root = tmp_path.resolve()
    # as Path objects order them: by part ("b" < "b-c" < "b.md"), not by text ("b-c/" < "b.md" < "b/")
    expected = [root / "content" / "b" / "a.md", root / "content" / "b-c" / "a.md", root / "content" / "b.md",
                root / "content" / "z.md"]
    assert files == [str(p) for p in expected] == [str(p) for p in sorted(expected)]


def test_the_ignore_pattern_matches_what_fnmatch_matches():
    patterns = ["**/.*", "SOURCES.md", "LICENSE*", "*.meta", "drafts/*.md", "[!a-c]?.txt"]
    pattern = _ignore_pattern(patterns)
    names = [".hidden.md", "content/.hidden.md", "a/b/.x", "SOURCES.md", "content/SOURCES.md", "LICENSE",
             "LICENSE.txt", "xLICENSE", "a.md.meta", "a.meta.md", "drafts/a.md", "drafts/sub/a.md",
             "dx.txt", "ax.txt", "dxx.txt", "news.md", ""]
    for name in names:
        assert bool(pattern.match(name)) == any(fnmatch.fnmatch(name, p) for p in patterns), name
    assert _ignore_pattern([]) is None


def test_input_files_walk_as_os_walk_does_with_links(tmp_path):
    """Links to folders are listed, not followed; a linked file is resolved."""
    content = tmp_path / "content"
    (content / "news" / "deep").mkdir(parents=True)
    (tmp_path / "outside" / "sub").mkdir(parents=True)
    for rel in ("content/news/a.md", "content/news/deep/b.md", "outside/sub/c.md", "outside/d.md"):
        (tmp_path / rel).write_text("x")
    os.symlink(tmp_path / "outside" / "sub", content / "linked-folder")
    os.symlink(tmp_path / "outside" / "d.md", content / "news" / "linked.md")
    os.symlink(tmp_path / "nowhere.md", content / "broken.md")
    settings = {"PATH": str(tmp_path), "ARTICLE_PATHS": ["content"], "PAGE_PATHS": [], "IGNORE_FILES": []}
    expected = sorted({str(Path(dirpath, name).resolve()) for dirpath, _dirs, names in os.walk(content.resolve())
                       for name in names}, key=lambda p: p.split(os.sep))
    assert input_files(settings) == expected
    assert str((tmp_path / "outside" / "d.md").resolve()) in expected
    assert not any("c.md" in p for p in expected)
