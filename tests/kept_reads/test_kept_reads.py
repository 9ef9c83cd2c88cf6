"""A source file is not read again when its bytes, and whatever else its reader reads,
are the last build's (kept_reads): the site and the build report are byte for byte the
ones a build from nothing makes, after an edit, a changed sidecar, a damaged memo."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from markupsafe import Markup
from pelican.log import LimitFilter
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag
from pelican.utils import SafeDatetime

from annotations.cache import write_checked
from kept_reads.memo import FORMAT, ReadMemo, Unkept, decode, encode, pack, unpack
from tests.kept_pages.test_kept_pages import build

ARTICLE = "Title: {title}\nDate: 2015-09-{day} 10:00\nSlug: {slug}\nTags: سياسة\n\n{body}\n"
BODY = "وقال وزير الخارجية الأمريكي جون كيري في موسكو إن المحادثات مستمرة مع روسيا.\n"
SEED = "اجتماع في جنيف\n\nوأضاف كيري أن الاجتماع المقبل سيعقد في جنيف الأسبوع المقبل.\n"


def write_inputs(folder: Path) -> Path:
    content, seeds = folder / "content", folder / "seeds"
    content.mkdir(parents=True)
    seeds.mkdir()
    for day, name in enumerate(("a", "b", "c"), start=17):
        (content / f"{name}.md").write_text(ARTICLE.format(title=f"خبر {name}", day=day, slug=name, body=BODY),
                                            encoding="utf-8")
    # no desk signature on its last line: a warning the build report lists
    (seeds / "2015-09-19-unsigned.txt").write_text(SEED, encoding="utf-8")
    (seeds / "dated.txt").write_text("قمة " + SEED + "ع.ع (رويترز)\n", encoding="utf-8")
    (seeds / "dated.meta").write_text("Date: 2015-09-20\n", encoding="utf-8")
    return folder


def files(out: Path) -> dict[str, bytes]:
    """Every output file, the build report (its warnings) included."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def fresh(inputs: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """What a build from nothing, reading every file, makes of ``inputs``."""
    build(inputs, tmp_path / f"{name}-out", tmp_path / f"{name}-cache", "-e", "KEEP_READS=false")
    return files(tmp_path / f"{name}-out")


def test_reads_are_kept_until_a_file_they_read_changes(tmp_path):
    inputs = write_inputs(tmp_path / "inputs")
    out, cache = tmp_path / "out", tmp_path / "cache"
    counts = build(inputs, out, cache)
    assert counts.get("reads_kept", 0) == 0 and counts["reads_made"] == 5
    first = files(out)
    report = json.loads(first["build-report.json"])
    assert report["summary"]["published_with_warnings"] == 1  # the unsigned seed

    # nothing changed: nothing read, the site and the report (its warning) the same
    counts = build(inputs, out, cache)
    assert counts["reads_kept"] == 5 and counts.get("reads_made", 0) == 0
    assert files(out) == first

    # an edited article, and a seed whose sidecar (not the seed) changed: both read again
    (inputs / "content" / "b.md").write_text(ARTICLE.format(title="خبر معدل", day=18, slug="b", body=BODY), encoding="utf-8")
    (inputs / "seeds" / "dated.meta").write_text("Date: 2015-09-21\n", encoding="utf-8")
    counts = build(inputs, out, cache)
    assert counts["reads_kept"] == 3 and counts["reads_made"] == 2
    assert files(out) == fresh(inputs, tmp_path, "edited")

    # a damaged memo is not trusted: every file read again, the same site
    memo = cache / "kept_reads" / "reads.bin"
    data = bytearray(memo.read_bytes())
    data[-10] ^= 0x55
    memo.write_bytes(bytes(data))
    before = files(out)
    counts = build(inputs, out, cache)
    assert counts.get("reads_kept", 0) == 0 and counts["reads_made"] == 5
    assert files(out) == before


def test_off_by_setting_and_beside_pelicans_own_reader_cache(tmp_path):
    inputs = write_inputs(tmp_path / "inputs")
    for name, extra in (("off", ("-e", "KEEP_READS=false")),
                        ("pelican", ("-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"))):
        out, cache = tmp_path / f"{name}-out", tmp_path / f"{name}-cache"
        build(inputs, out, cache, *extra)
        counts = build(inputs, out, cache, *extra)
        assert "reads_kept" not in counts and "reads_made" not in counts, name
        assert not (cache / "kept_reads").exists()


def test_metadata_values_come_back_as_they_were():
    settings = dict(DEFAULT_CONFIG)
    value = {
        "title": "عنوان", "count": 3, "ratio": 0.1, "flag": False, "none": None,
        "date": SafeDatetime(2015, 9, 17, 10, 0, 5, 12), "day": date(2015, 9, 17), "plain": datetime(2015, 1, 2),
        "category": Category("أخبار", settings), "tags": [Tag("سياسة", settings)], "pair": ("a", ["b"]),
    }
    _, kept, _ = unpack(pack("", {k: encode(v) for k, v in value.items()}, []))
    back = {k: decode(v, settings) for k, v in kept.items()}
    assert back == value
    assert [type(v) for v in back.values()] == [type(v) for v in value.values()]
    assert type(back["pair"][1]) is list and back["category"].slug == value["category"].slug
    # what could not be made again exactly is not kept (the file is read every build)
    for other in (datetime(2015, 1, 2, tzinfo=timezone(timedelta(hours=3))), Markup("<b>x</b>"), {"a": 1}, {1, 2}):
        with pytest.raises(Unkept):
            encode(other)


def test_a_read_packs_into_one_line_and_back():
    content = "<p>سطر\nوسطر\tþÿ \x01\x03 \x01\x02 \udc80</p>\n"
    metadata = {"title": "عنوان\n\x01\x03", "n": 10, "m": 266, "one": 1, "date": ["date", "date", "2015-09-17"]}
    logged = [["seeds.reader", 30, "%s: unknown agency %r (%d)", ["a\nb", "وكالة", 10]]]
    value = pack(content, metadata, logged)
    assert b"\n" not in value
    assert unpack(value) == (content, metadata, logged)
    assert pack("", {}, []) and unpack(pack("", {}, [])) == ("", {}, [])


class _Readers:
    """What ReadMemo uses of Pelican's Readers."""

    def __init__(self, path: Path):
        from pelican.readers import MarkdownReader

        self.settings = dict(DEFAULT_CONFIG, CACHE_PATH=str(path))
        self.readers = {"md": MarkdownReader(self.settings)}


def test_a_reader_that_fails_leaves_nothing_behind(tmp_path, caplog):
    readers, source = _Readers(tmp_path), tmp_path / "a.md"
    source.write_text("Title: x\n\nنص\n", encoding="utf-8")
    memo = ReadMemo(tmp_path / "reads.bin")
    root_handlers = list(logging.getLogger().handlers)
    assert memo.get(readers, str(source), None) is None  # a miss: the reader reads it…
    logging.getLogger("pelican.readers").warning("%s: broken", source)
    # …and fails: the next file's miss ends the watch on the first one's warnings
    assert memo.get(readers, str(tmp_path / "b.md"), "default") == "default"
    memo.put(readers, str(source), ("<p>x</p>", {}))  # not the file being read: ignored
    memo.save()
    assert logging.getLogger().handlers == root_handlers
    again = ReadMemo(tmp_path / "reads.bin")
    assert again.get(readers, str(source), None) is None  # nothing was kept of it
    again.save()


def test_a_kept_files_warnings_are_logged_again_as_they_were(tmp_path, caplog):
    readers, source = _Readers(tmp_path), tmp_path / "with space.md"
    source.write_text("Title: x\n\nنص\n", encoding="utf-8")
    memo = ReadMemo(tmp_path / "reads.bin")
    assert memo.get(readers, str(source), None) is None
    logging.getLogger("seeds.reader").warning("%s: unknown agency %r (%d)", str(source), "وكالة", 3)
    logging.getLogger("other").error("a %s", source)  # a Path: kept as the message it made
    memo.put(readers, str(source), ("<p>نص</p>", {"title": "x"}))
    memo.save()
    caplog.clear()
    LimitFilter._raised_messages.clear()  # Pelican logs a warning once a process (a build is one)
    assert ReadMemo(tmp_path / "reads.bin").get(readers, str(source), None) == ("<p>نص</p>", {"title": "x"})
    first, second = caplog.records
    assert (first.name, first.levelno, first.msg, first.args) == (
        "seeds.reader", logging.WARNING, "%s: unknown agency %r (%d)", (str(source), "وكالة", 3))
    assert (second.name, second.levelno, second.getMessage()) == ("other", logging.ERROR, f"a {source}")


READ = ("<p>نص أول</p>", {"title": "x"})


def _read_once(tmp_path: Path, monkeypatch) -> tuple[_Readers, Path, list]:
    """A memo saved after reading ``a.md`` once; then every file the memo module opens
    is noted in the list returned."""
    import kept_reads.memo as memo_module

    readers, source = _Readers(tmp_path), tmp_path / "a.md"
    source.write_text("Title: x\n\nنص أول\n", encoding="utf-8")
    memo = ReadMemo(tmp_path / "reads.bin")
    assert memo.get(readers, str(source), None) is None
    memo.put(readers, str(source), READ)
    memo.save()
    opened: list = []
    monkeypatch.setattr(memo_module, "open", lambda *a, **k: opened.append(a) or open(*a, **k), raising=False)
    return readers, source, opened


def test_a_settled_file_is_known_by_its_status_and_any_write_is_seen(tmp_path, monkeypatch):
    import kept_reads.memo as memo_module

    monkeypatch.setattr(memo_module, "SETTLED_NS", 0)  # as if written long ago
    readers, source, opened = _read_once(tmp_path, monkeypatch)
    again = ReadMemo(tmp_path / "reads.bin")
    assert again.get(readers, str(source), None) == READ
    assert opened == []  # known by its status: not opened
    again.save()

    # the same size, its old modification time set back: the status-change time tells
    before = source.stat()
    time.sleep(0.05)
    source.write_text("Title: y\n\nنص ثان\n", encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size and source.stat().st_mtime_ns == before.st_mtime_ns
    assert ReadMemo(tmp_path / "reads.bin").get(readers, str(source), None) is None  # read again
    assert opened == [(str(source), "rb")]


def test_a_file_written_just_now_is_hashed_again_next_build(tmp_path, monkeypatch):
    readers, source, opened = _read_once(tmp_path, monkeypatch)
    # its times are within SETTLED_NS of that build: a write in the same tick would not
    # have changed them, so its status was not noted, and its bytes are hashed
    assert ReadMemo(tmp_path / "reads.bin").get(readers, str(source), None) == READ
    assert opened == [(str(source), "rb")]


@pytest.mark.parametrize("value", [
    '["<p>x</p>", {"title": "x"}, []]'.encode(),  # a JSON value, as the format before
    b"<p>x</p>\xfe",  # cut short
    b"<p>x</p>\xfe[\x02\x00",
    b"<p>x</p>\xfei\x05\x00\x00\x00",  # marshal data, not (metadata, logged)
    b"<p>\xd8</p>\xfe" + pack("", {}, []).split(b"\xfe", 1)[1],  # not UTF-8
])
def test_a_kept_value_that_does_not_unpack_is_read_again(tmp_path, monkeypatch, value):
    readers, source, _ = _read_once(tmp_path, monkeypatch)
    (key,) = [line[:64] for line in (tmp_path / "reads.bin").read_bytes().split(b"\n")[1:] if line]
    write_checked(tmp_path / "reads.bin", FORMAT, [key + b"\t" + value + b"\n"])
    assert ReadMemo(tmp_path / "reads.bin").get(readers, str(source), None) is None
