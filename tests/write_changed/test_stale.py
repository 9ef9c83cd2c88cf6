"""A rebuild removes the pages the last build wrote and no page writes any more (an
article removed, an entity no longer named, a month no longer dated), so that it is the
site a build from nothing makes; files the writer did not write are left alone."""

from __future__ import annotations

from tests.kept_pages.test_kept_pages import BODIES, build, files, fresh, write_inputs


def test_pages_no_build_writes_any_more_are_removed(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(inputs, out, cache)
    (out / "CNAME").write_text("archive.example.org\n", encoding="utf-8")  # a file of the user's
    riyadh = [p for p in (out / "entities").glob("*.html") if "الرياض" in p.name]
    assert (out / "articles" / "c.html").is_file() and riyadh

    # c, the only article naming Riyadh, removed: its page and Riyadh's go
    (inputs / "content" / "c.md").unlink()
    counts = build(inputs, out, cache)
    kept = {k: v for k, v in BODIES.items() if k != "c"}
    assert files(out) == {**fresh(tmp_path, "removed", kept), "CNAME": b"archive.example.org\n"}
    assert not (out / "articles" / "c.html").exists() and not any(p.exists() for p in riyadh)
    assert counts["stale_files_removed"] >= 2

    # c back, then b's date moved to another month: the September month page it left
    # stays (a and c are in it); then a damaged list removes nothing
    write_inputs(inputs, BODIES)
    build(inputs, out, cache)
    moved = {**BODIES, "b": (*BODIES["b"], "b")}
    (inputs / "content" / "b.md").write_text(
        (inputs / "content" / "b.md").read_text(encoding="utf-8").replace("2015-09-18", "2015-10-02"), encoding="utf-8")
    build(inputs, out, cache)
    assert (out / "archives" / "2015" / "10").is_dir() and (out / "archives" / "2015" / "09").is_dir()
    write_inputs(inputs, moved)  # back to September: October's archive removed, its folder too
    assert build(inputs, out, cache)["stale_files_removed"] >= 1
    assert not (out / "archives" / "2015" / "10").exists()

    listed = cache / "write_changed" / "written-files.txt"
    listed.write_bytes(listed.read_bytes().replace(b"articles/a.html", b"articles/x.html"))
    (inputs / "content" / "a.md").unlink()
    assert "stale_files_removed" not in build(inputs, out, cache)
    assert (out / "articles" / "a.html").is_file() and (out / "CNAME").is_file()
