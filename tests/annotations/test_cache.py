"""The checksummed whole-build cache files (annotations.cache.write_checked, read whole
by read_checked_bytes or streamed by checked_file) and their keyed lines (stored_lines)."""

from __future__ import annotations

import gc
import os

import pytest

from annotations import cache
from annotations.cache import KEPT_BYTES, KeptLines, StoredValue, checked_file, read_checked_bytes, stored_lines, write_checked


def read_whole(path, fmt):
    body = read_checked_bytes(path, fmt)
    return None if body is None else str(body, "utf-8", "surrogatepass")


def read_streamed(path, fmt):
    f = checked_file(path, fmt)
    if f is None:
        return None
    with f:
        return str(f.read(), "utf-8", "surrogatepass")


read_checked = read_whole


def test_text_and_streamed_chunks_give_the_same_file(tmp_path):
    text = "سطر أول\tx\nsecond \udc80 line\n"
    write_checked(tmp_path / "a", "fmt 1", text)
    write_checked(tmp_path / "b", "fmt 1", (part.encode("utf-8", "surrogatepass") for part in (text[:5], text[5:])))
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    assert read_checked(tmp_path / "a", "fmt 1") == text
    assert bytes(read_checked_bytes(tmp_path / "b", "fmt 1")) == text.encode("utf-8", "surrogatepass")
    assert read_streamed(tmp_path / "b", "fmt 1") == text


@pytest.mark.parametrize("read_checked", [read_whole, read_streamed])
def test_other_format_corruption_and_truncation_are_misses(tmp_path, read_checked):
    path = tmp_path / "c"
    write_checked(path, "fmt 1", "payload")
    assert read_checked(path, "fmt 2") is None
    path.write_bytes(path.read_bytes().replace(b"payload", b"paylaod"))
    assert read_checked(path, "fmt 1") is None
    write_checked(path, "fmt 1", "payload")
    path.write_bytes(path.read_bytes()[:-1])
    assert read_checked(path, "fmt 1") is None
    assert read_checked(tmp_path / "missing", "fmt 1") is None


def test_a_body_that_fails_half_way_leaves_the_old_file_and_no_stray(tmp_path):
    path = tmp_path / "d"
    write_checked(path, "fmt 1", "old")

    def chunks():
        yield b"new, then"
        raise ValueError("the writer failed")

    with pytest.raises(ValueError):
        write_checked(path, "fmt 1", chunks())
    assert read_checked(path, "fmt 1") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def _open_fds() -> set[str]:
    return {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}")}


def test_keyed_lines_short_values_kept_long_ones_read_when_asked(tmp_path):
    a, b, c = "a" * 64, "b" * 64, "c" * 64
    long = '{"x": "نص\u2028' + "ـ" * KEPT_BYTES + '"}'
    write_checked(tmp_path / "k", "fmt 1", f"head\n{a}\t{long}\n{b}\t[]\n{c}\t[1]")  # the last line unended
    lines = stored_lines(tmp_path / "k", "fmt 1", b"head\n")
    assert list(lines) == [a, b, c]
    assert isinstance(lines[a], StoredValue) and lines[b] == b"[]" and lines[c] == b"[1]"
    assert bytes(lines[a]).decode("utf-8") == long and b"%s|" % lines[a] == long.encode("utf-8") + b"|"
    assert stored_lines(tmp_path / "k", "fmt 1", b"other head\n") is None
    assert stored_lines(tmp_path / "k", "fmt 2") is None and stored_lines(tmp_path / "gone", "fmt 1") is None


def test_a_builds_long_new_lines_wait_in_an_unnamed_file_until_saved(tmp_path):
    """Long values put are not held in memory (a spool file holds them, unlinked) and
    come back whole; short ones stay as they are; saving writes them all."""
    path = tmp_path / "memo" / "lines.txt"
    a, b = "a" * 64, "b" * 64
    long = ("نص الخبر \u2028" * KEPT_BYTES).encode("utf-8")
    lines = KeptLines(path, "fmt 1")
    lines.put(a, long)
    lines.put(b, b"[]")
    assert isinstance(lines[a], StoredValue) and bytes(lines[a]) == long and lines[b] == b"[]"
    assert list(path.parent.iterdir()) == []
    lines.save()
    assert [p.name for p in path.parent.iterdir()] == ["lines.txt"]
    again = KeptLines(path, "fmt 1")
    assert bytes(again.get(a)) == long and again.get(b) == b"[]"
    assert KeptLines(None, "fmt 1")._spooled(long) is long  # nowhere to keep it: in memory


@pytest.mark.parametrize("chunk", [1, 2, 7, 64, 65, 66, 300, 1 << 20])
def test_keyed_lines_are_the_same_however_the_file_is_cut_into_chunks(tmp_path, monkeypatch, chunk):
    a, b, c, d = "a" * 64, "b" * 64, "c" * 64, "d" * 64
    long = "لـ" * KEPT_BYTES
    write_checked(tmp_path / "k", "fmt 1", f"head\n{a}\t{long}\n{b}\t[]\n{c}\t\n{d}\t{long}.")  # the last line unended
    monkeypatch.setattr(cache, "CHUNK", chunk)
    lines = stored_lines(tmp_path / "k", "fmt 1", b"head\n")
    assert {k: bytes(v) for k, v in lines.items()} == {a: long.encode(), b: b"[]", c: b"", d: f"{long}.".encode()}
    assert isinstance(lines[a], StoredValue) and isinstance(lines[d], StoredValue)
    assert stored_lines(tmp_path / "k", "fmt 1", b"hea\n") is None
    assert stored_lines(tmp_path / "k", "fmt 1", b"head\nx") is None


def test_a_damaged_line_makes_a_miss_not_an_error(tmp_path):
    path = tmp_path / "k"
    write_checked(path, "fmt 1", f"{'a' * 64}\t{'x' * 2 * KEPT_BYTES}\n")  # a value read when used
    path.write_bytes(path.read_bytes().replace(b"a" * 64, b"\xff" + b"a" * 63))  # parsed before the checksum is known
    assert stored_lines(path, "fmt 1") is None
    gc.collect()
    assert str(path) not in _open_fds()  # nor is the file kept open


def test_without_pread_every_value_is_kept(tmp_path, monkeypatch):
    a, b = "a" * 64, "b" * 64
    write_checked(tmp_path / "k", "fmt 1", f"{a}\t{'x' * 2 * KEPT_BYTES}\n{b}\t[]\n")
    monkeypatch.delattr(os, "pread")
    lines = stored_lines(tmp_path / "k", "fmt 1")
    assert lines == {a: b"x" * 2 * KEPT_BYTES, b: b"[]"}


def test_a_stored_value_is_of_the_file_checked_and_its_descriptor_closes_after_it(tmp_path):
    path, key = tmp_path / "k", "a" * 64
    value = "ق" * KEPT_BYTES
    write_checked(path, "fmt 1", f"{key}\t{value}\n")
    lines = stored_lines(path, "fmt 1")
    assert str(path) in _open_fds()
    write_checked(path, "fmt 1", f"{key}\t{'ك' * KEPT_BYTES}\n")  # replaced, as a merge does
    assert bytes(lines[key]).decode("utf-8") == value
    del lines
    gc.collect()
    assert str(path) + " (deleted)" not in _open_fds()


def test_a_stored_value_whose_file_was_cut_short_in_place_names_the_file(tmp_path):
    path, key = tmp_path / "k", "a" * 64
    write_checked(path, "fmt 1", f"{key}\t{'x' * 2 * KEPT_BYTES}\n")
    lines = stored_lines(path, "fmt 1")
    os.truncate(path, path.stat().st_size - 10)
    with pytest.raises(OSError, match="k: changed after it was checked"):
        bytes(lines[key])
