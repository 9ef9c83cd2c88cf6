"""Sanitising results kept between builds (sanitize.memo): the same results as cleaning
afresh, warnings on every build, and a damaged file never trusted."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from sanitize import plugin
from sanitize.cleaning import clean_html
from sanitize.memo import CleanMemo

CLEAN = "<p>نص سليم</p>"
CHANGED = "<p>نص\xa0مع مسافة</p>"  # nh3 writes the no-break space as &nbsp;
DANGEROUS = '<p onclick="alert(1)">نص</p><script>alert(2)</script>'


def test_a_kept_result_is_the_result_of_cleaning(tmp_path):
    path = tmp_path / "clean.txt"
    first = CleanMemo(path)
    results = [first.clean(raw) for raw in (CLEAN, CHANGED, DANGEROUS)]
    assert results == [(False, CLEAN), (False, clean_html(CHANGED)), (True, clean_html(DANGEROUS))]
    assert clean_html(CHANGED) != CHANGED and "script" not in clean_html(DANGEROUS)
    first.save()
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    assert sum(line.endswith("[false, null]") for line in lines) == 1  # unchanged: not stored again
    second = CleanMemo(path)
    assert [second.clean(raw) for raw in (CLEAN, CHANGED, DANGEROUS)] == results
    assert (second.lines.hits, second.lines.misses) == (3, 0)


def test_a_damaged_file_is_cleaned_again(tmp_path):
    path = tmp_path / "clean.txt"
    memo = CleanMemo(path)
    memo.clean(DANGEROUS)
    memo.save()
    damaged = path.read_bytes().replace(b"[true,", b"[null,")
    assert damaged != path.read_bytes()
    path.write_bytes(damaged)  # the checksum no longer matches
    again = CleanMemo(path)
    assert again.clean(DANGEROUS) == (True, clean_html(DANGEROUS))
    assert again.lines.misses == 1


def test_every_build_warns_of_active_html(tmp_path, caplog):
    pelican = SimpleNamespace(settings={"CACHE_PATH": str(tmp_path)})
    for build in range(2):  # (Pelican's log filter drops a message repeated word for word)
        plugin.start(pelican)
        content = SimpleNamespace(source_path=f"x{build}.md", _content=DANGEROUS, title="t", metadata={})
        with caplog.at_level(logging.WARNING, logger="sanitize.plugin"):
            caplog.clear()
            plugin.sanitize(content)
        plugin.finish(pelican)
        assert content._content == clean_html(DANGEROUS)
        assert f"x{build}.md: active HTML" in caplog.text
    # a server rebuilding in the same process: no new `initialized`, the results are kept
    content = SimpleNamespace(source_path="x2.md", _content=DANGEROUS, title="t", metadata={})
    plugin.sanitize(content)
    assert (plugin._memo.lines.hits, plugin._memo.lines.misses) == (1, 0)
    assert content._content == clean_html(DANGEROUS)
