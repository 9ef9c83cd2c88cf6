"""The checksummed whole-build cache files (annotations.cache.write_checked, read whole
by read_checked_bytes or streamed by checked_file) and their keyed lines."""

from __future__ import annotations

import pytest

from annotations.cache import checked_file, keyed_lines, read_checked_bytes, write_checked


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


def test_keyed_lines_are_views_of_the_file_by_key(tmp_path):
    a, b = "a" * 64, "b" * 64
    write_checked(tmp_path / "k", "fmt 1", f"{a}\t{{\"x\": \"نص\u2028\"}}\n{b}\t[]\n")
    lines = keyed_lines(read_checked_bytes(tmp_path / "k", "fmt 1"))
    assert list(lines) == [a, b] and isinstance(lines[a], memoryview)
    assert str(lines[a], "utf-8") == '{"x": "نص\u2028"}' and bytes(lines[b]) == b"[]"
