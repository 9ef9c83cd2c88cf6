"""The search index is built in a forked process while pages are written: same files as
built in the build process, and the child's failures and timings reach the build."""

import json
import os
import shutil

import pytest

from build_report.stages import COUNTS, TIMES, count, stage
from search import background
from tests.conftest import build_site, demo_cache
from tests.robustness.test_reproducible import tree

pytestmark = pytest.mark.skipif(not background.available(), reason="needs fork and two cores")


def test_the_result_comes_from_another_process_with_its_stage_times():
    TIMES.clear()
    COUNTS.clear()

    def work():
        with stage("search index"):
            count("search_cache_miss")
            return {"pid": os.getpid(), "text": "نص"}

    got = background.Job(work).result()
    assert got["text"] == "نص" and got["pid"] != os.getpid()
    assert COUNTS == {"search_cache_miss": 1} and TIMES["search index"] >= 0


def test_a_failure_in_the_child_fails_the_build_with_its_traceback():
    def work():
        raise ValueError("bad shard")

    with pytest.raises(RuntimeError, match=r"(?s)Traceback.*ValueError: bad shard"):
        background.Job(work).result()


def test_a_child_that_dies_is_reported():
    with pytest.raises(RuntimeError, match="died"):
        background.Job(lambda: os._exit(3)).result()


def test_index_built_in_the_build_process_is_the_same_and_cached_as_written(demo_site, tmp_path):
    cache = demo_cache(tmp_path / "cache", "annotations")  # for speed; no search index
    proc = build_site(tmp_path / "site", "pelicanconf.py", "-e", "SEARCH_BACKGROUND=false",
                      f"CACHE_PATH={json.dumps(str(cache))}")
    assert proc.returncode == 0, proc.stderr
    assert (cache / "search").is_dir()
    inline = tree(tmp_path / "site" / "search")
    assert len(inline) > 300 and inline == tree(demo_site / "search")
    # The files were cached as they were written: a build from that cache copies them.
    [index] = (cache / "search").iterdir()
    stamp = index.stat().st_mtime_ns
    proc = build_site(tmp_path / "again", "pelicanconf.py", "-e", "SEARCH_BACKGROUND=false",
                      f"CACHE_PATH={json.dumps(str(cache))}")
    assert proc.returncode == 0, proc.stderr
    assert tree(tmp_path / "again" / "search") == inline
    assert index.stat().st_mtime_ns == stamp  # read, not built again


def test_the_index_process_analyses_what_the_cache_lacks_and_stores_it(demo_site, tmp_path, monkeypatch):
    """The search annotator is deferred: the annotation workers leave the articles'
    analyses to the index process, which stores them for the builds after it."""
    from annotations.cache import AnnotationCache
    from annotations.registry import Annotator
    from search.analysis import NAME, TARGET, VERSION

    cache = demo_cache(tmp_path / "cache", "annotations")
    shutil.rmtree(cache / "annotations" / NAME, ignore_errors=True)  # every other value cached
    stages = tmp_path / "stages.json"
    monkeypatch.setenv("ARSHIF_STAGE_TIMES", str(stages))

    def build(out):
        proc = build_site(tmp_path / out, "pelicanconf.py", "-e", f"CACHE_PATH={json.dumps(str(cache))}")
        assert proc.returncode == 0, proc.stderr
        counts = json.loads(stages.read_text())["counts"]
        return counts.get("search_analyses_made", 0), counts.get("search_analyses_reused", 0)

    made, reused = build("site")
    assert made > 100 and reused == 0  # not made by the annotation workers
    assert tree(tmp_path / "site" / "search") == tree(demo_site / "search")
    stored = AnnotationCache(cache / "annotations").read(Annotator(NAME, TARGET, VERSION))
    assert len(stored) == made
    shutil.rmtree(cache / "search")  # the index is built again, from the stored analyses
    assert build("again") == (0, made)
    assert tree(tmp_path / "again" / "search") == tree(demo_site / "search")
