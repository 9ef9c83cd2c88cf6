"""Output files are written only when their bytes change; Pelican's rules for writing a
file twice still hold; a rebuild leaves the pages it did not change untouched; pages are
written by a thread, in order, and are all on disk (or the error raised) at the end."""

import multiprocessing
import os
import shutil

import pytest
from pelican.writers import FileOverwriteFailedError, Writer

from tests.conftest import build_site
from tests.robustness.test_reproducible import tree
from write_changed.files import write_if_changed
from write_changed.writer import DISK, ChangedOnlyWriter, finish, written_key

OLD = 1_000_000_000  # a time stamp no build writes


def aged(path):
    os.utime(path, (OLD, OLD))
    return path


def test_a_file_is_written_only_when_its_bytes_differ(tmp_path):
    path = tmp_path / "a.html"
    assert write_if_changed(path, "نص".encode()) and path.read_text(encoding="utf-8") == "نص"
    aged(path)
    assert not write_if_changed(path, "نص".encode())
    assert path.stat().st_mtime == OLD
    assert write_if_changed(path, "نص آخر".encode()) and path.read_text(encoding="utf-8") == "نص آخر"
    aged(path)
    assert write_if_changed(path, "نص".encode()), "a file that only starts with the new bytes is not the same"
    assert path.read_text(encoding="utf-8") == "نص" and path.stat().st_mtime != OLD
    assert write_if_changed(path, memoryview(b"x")) and path.read_bytes() == b"x"


def render(writer_class, out, pages):
    """Write ``pages`` ({name: text}) through a writer of ``writer_class`` with a template."""
    from jinja2 import Template

    writer = writer_class(str(out), settings={"RELATIVE_URLS": False, "SITEURL": ""})
    for name, text in pages.items():
        writer.write_file(name, Template("<p>{{ text }}</p>\n"), {"SITEURL": ""}, text=text)
    finish()
    return writer


def test_pages_are_the_bytes_pelicans_writer_writes(tmp_path):
    pages = {"a.html": "عربي & <b>", "sub/b.html": "سطر\nسطر"}
    render(Writer, tmp_path / "pelican", pages)
    render(ChangedOnlyWriter, tmp_path / "ours", pages)
    assert tree(tmp_path / "pelican") == tree(tmp_path / "ours")
    aged(tmp_path / "ours" / "a.html")
    aged(tmp_path / "ours" / "sub" / "b.html")
    render(ChangedOnlyWriter, tmp_path / "ours", {"a.html": "عربي & <b>", "sub/b.html": "تغيّر"})
    assert (tmp_path / "ours" / "a.html").stat().st_mtime == OLD
    assert (tmp_path / "ours" / "sub" / "b.html").stat().st_mtime != OLD
    assert "تغيّر" in (tmp_path / "ours" / "sub" / "b.html").read_text(encoding="utf-8")


def test_pelicans_rules_for_writing_a_file_twice_hold(tmp_path):
    writer = ChangedOnlyWriter(str(tmp_path))
    path = str(tmp_path / "a.html")
    with writer._open_w(path, "utf-8") as f:
        f.write("first")
    with pytest.raises(FileOverwriteFailedError, match="already written"):
        writer._open_w(path, "utf-8")
    with writer._open_w(path, "utf-8", override=True) as f:
        f.write("override")
    with writer._open_w(path, "utf-8") as f:  # after an override, a plain write is dropped
        f.write("dropped")
    finish()
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "override"
    with pytest.raises(FileOverwriteFailedError, match="second time"):
        writer._open_w(path, "utf-8", override=True)



def test_the_writer_remembers_a_hash_of_each_file_not_its_path(tmp_path):
    writer = ChangedOnlyWriter(str(tmp_path))
    paths = [str(tmp_path / name) for name in ("a.html", "ب.html", "a.htm")]
    for path in paths:
        with writer._open_w(path, "utf-8") as f:
            f.write("x")
    finish()
    assert writer._written_files == {written_key(p) for p in paths}
    assert all(isinstance(k, bytes) and len(k) == 16 for k in writer._written_files)
    with pytest.raises(FileOverwriteFailedError, match="ب.html"):
        writer._open_w(paths[1], "utf-8")

def held_thread(monkeypatch, name):
    """Make the writing thread wait before writing a file called ``name`` until the
    returned event is set."""
    import threading

    from write_changed import writer

    gate = threading.Event()

    class HeldPath(type(writer.Path())):
        def write_bytes(self, data):
            if self.name == name:
                gate.wait(10)
            return super().write_bytes(data)

    monkeypatch.setattr(writer, "Path", HeldPath)
    return gate


def test_a_page_given_twice_ends_as_its_last_version(tmp_path, monkeypatch):
    """The second version equals what the disk held before the build: it must still be
    written, since the first one is queued after that state."""
    gate = held_thread(monkeypatch, "gate.html")
    (tmp_path / "a.html").write_bytes(b"before")
    DISK.write(str(tmp_path / "gate.html"), b"gate")
    DISK.write(str(tmp_path / "a.html"), b"first")
    DISK.write(str(tmp_path / "a.html"), b"before")
    assert (tmp_path / "a.html").read_bytes() == b"before" and not (tmp_path / "gate.html").exists()
    gate.set()
    finish()
    assert (tmp_path / "a.html").read_bytes() == b"before"
    assert (tmp_path / "gate.html").read_bytes() == b"gate"


def test_a_page_that_cannot_be_written_fails_the_build_naming_it(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    DISK.write(str(blocked / "page.html"), b"x")
    with pytest.raises(OSError) as err:
        finish()
    assert str(blocked / "page.html") in str(err.value)
    finish()  # reported once


def _write_in_child(path):
    DISK.write(path, b"from the child")
    finish()


def test_a_forked_process_writes_with_its_own_thread(tmp_path):
    DISK.write(str(tmp_path / "parent.html"), b"parent")  # the parent's thread runs
    child = multiprocessing.get_context("fork").Process(target=_write_in_child, args=(str(tmp_path / "child.html"),))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    finish()
    assert (tmp_path / "child.html").read_bytes() == b"from the child"
    assert (tmp_path / "parent.html").read_bytes() == b"parent"


def test_nothing_is_written_when_rendering_fails(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError):
        with ChangedOnlyWriter(str(tmp_path))._open_w(str(path), "utf-8") as f:
            f.write("half")
            raise ValueError("template error")
    assert path.read_text(encoding="utf-8") == "old"


def test_a_rebuild_rewrites_no_page_it_did_not_change(demo_site, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(demo_site, out)
    pages = [p for p in out.rglob("*") if p.is_file() and (p.suffix in (".html", ".xml") or "search" in p.parts)]
    assert len(pages) > 600
    for p in pages:
        aged(p)
    proc = build_site(out)
    assert proc.returncode == 0, proc.stderr
    assert tree(out) == tree(demo_site)
    assert [p for p in pages if p.stat().st_mtime != OLD] == []


def test_every_page_is_on_disk_before_other_plugins_finalize(tmp_path, monkeypatch):
    """write_changed is first in PLUGINS, so its `finalized` handler (which waits for the
    thread) runs before the others': blinker calls receivers in the order connected."""
    import threading

    import pelicanconf
    from blinker import Signal

    assert pelicanconf.PLUGINS[0] == "write_changed"
    gate = held_thread(monkeypatch, "page.html")
    page = tmp_path / "page.html"
    seen = []
    finalized = Signal()
    finalized.connect(finish)
    finalized.connect(lambda sender: seen.append(page.read_bytes()), weak=False)
    DISK.write(str(page), b"page")
    threading.Timer(0.2, gate.set).start()  # the page reaches the disk only after a while
    finalized.send(None)
    assert seen == [b"page"]
