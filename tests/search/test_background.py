"""The search index is built in a process of its own while pages are written: same files
as built in the build process, and the child's failures and timings reach the build."""

import json
import os

import pytest

from build_report.stages import COUNTS, TIMES, count, stage
from search import background
from tests.conftest import build_site, demo_cache
from tests.robustness.test_reproducible import tree

pytestmark = pytest.mark.skipif(not background.available(), reason="needs two cores")


# What the jobs run: module functions, as a job's function is pickled to a new process.
def _timed_work():
    with stage("search index"):
        count("search_cache_miss")
        return {"pid": os.getpid(), "text": "نص"}


def _failing_work():
    raise ValueError("bad shard")


def _dying_work():
    os._exit(3)


def test_the_result_comes_from_another_process_with_its_stage_times():
    TIMES.clear()
    COUNTS.clear()
    got = background.Job(_timed_work).result()
    assert got["text"] == "نص" and got["pid"] != os.getpid()
    assert COUNTS == {"search_cache_miss": 1} and TIMES["search index"] >= 0


def test_a_failure_in_the_child_fails_the_build_with_its_traceback():
    with pytest.raises(RuntimeError, match=r"(?s)Traceback.*ValueError: bad shard"):
        background.Job(_failing_work).result()


def test_a_child_that_dies_is_reported():
    with pytest.raises(RuntimeError, match="died"):
        background.Job(_dying_work).result()


def test_index_built_in_the_build_process_is_the_same_and_cached_as_written(demo_site, tmp_path):
    cache = demo_cache(tmp_path / "cache", "annotations")  # for speed; no search index
    proc = build_site(tmp_path / "site", "pelicanconf.py", "-e", "SEARCH_BACKGROUND=false",
                      f"CACHE_PATH={json.dumps(str(cache))}")
    assert proc.returncode == 0, proc.stderr
    assert (cache / "search").is_dir()
    inline = tree(tmp_path / "site" / "search")
    assert len(inline) > 300 and inline == tree(demo_site / "search")
    # The files were cached as they were written: a build from that cache copies them.
    [index] = (cache / "search").glob("*.index")
    stamp = index.stat().st_mtime_ns
    proc = build_site(tmp_path / "again", "pelicanconf.py", "-e", "SEARCH_BACKGROUND=false",
                      f"CACHE_PATH={json.dumps(str(cache))}")
    assert proc.returncode == 0, proc.stderr
    assert tree(tmp_path / "again" / "search") == inline
    assert index.stat().st_mtime_ns == stamp  # read, not built again
