"""Misses annotated while the articles are still being read (annotations.ahead) get the
values of annotating them after the reading, whatever changed in between."""

import json
import multiprocessing
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from annotations import runner
from annotations.ahead import Ahead
from annotations.cache import AnnotationCache
from annotations.registry import Annotator, Doc
from annotations.runner import annotate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from test_runner import LENGTH, WORDS, docs  # noqa: E402

PID = Annotator("pid", "toy_annotators:pid", "1")
BASE = "/archive"


def articles(ds):
    """Pelican-like articles of ``ds`` (source_path under BASE, title, _content)."""
    return [SimpleNamespace(source_path=f"{BASE}/{d.source}", title=d.title, _content=d.html) for d in ds]


def docs_of(arts):
    return [Doc(os.path.relpath(a.source_path, BASE), a.title, a._content) for a in arts]


def read_ahead(arts, cache, annotators=(LENGTH, WORDS), change=None):
    """Send ``arts`` to an Ahead one by one as Pelican reads them; ``change(article)``
    runs after each is added, as another receiver of the signal would."""
    ahead = Ahead(tuple(annotators), cache, BASE, workers=2)
    for art in arts:
        ahead.add(art)
        if change:
            change(art)
    return ahead


def test_values_are_those_of_annotating_after_the_reading(tmp_path):
    arts = articles(docs(90))
    ahead = read_ahead(arts, AnnotationCache(tmp_path / "a"),
                       change=lambda art: setattr(art, "_content", art._content + " منقح"))
    arts[40]._content += " تعديل لاحق"  # changed after it was taken: annotated again
    stats = {}
    got = annotate(docs_of(arts), (LENGTH, WORDS), AnnotationCache(tmp_path / "a"), stats=stats, ahead=ahead)
    expected = annotate(docs_of(arts), (LENGTH, WORDS), AnnotationCache(tmp_path / "b"), workers=1)
    assert got == expected
    assert all(v["length"]["chars"] == len(a._content) for v, a in zip(got, arts))
    assert stats == {"cache_hit": 0, "cache_miss": 90, "annotated_ahead": 89}
    cached = (tmp_path / "a").rglob("*.txt"), (tmp_path / "b").rglob("*.txt")
    assert [p.read_bytes() for p in sorted(cached[0])] == [p.read_bytes() for p in sorted(cached[1])]


def test_an_article_without_a_title_or_body_is_passed_over(tmp_path):
    arts = articles(docs(70))
    del arts[3].title  # Pelican reads it, then finds it invalid and leaves it out
    arts[5]._content = None
    ahead = read_ahead(arts, AnnotationCache(tmp_path / "a"))
    kept = [a for i, a in enumerate(arts) if i not in (3, 5)]
    stats = {}
    got = annotate(docs_of(kept), (LENGTH, WORDS), AnnotationCache(tmp_path / "a"), stats=stats, ahead=ahead)
    assert got == annotate(docs_of(kept), (LENGTH, WORDS), AnnotationCache(tmp_path / "b"))
    assert stats["annotated_ahead"] == 68


def test_this_process_and_a_worker_share_the_misses(tmp_path):
    arts = articles(docs(300))
    ahead = read_ahead(arts, AnnotationCache(tmp_path), (PID,))
    pids = [v["pid"] for v in annotate(docs_of(arts), (PID,), AnnotationCache(tmp_path), ahead=ahead)]
    assert pids[: runner.CHUNK] == [os.getpid()] * runner.CHUNK  # the first chunk loads the models here
    workers = set(pids) - {os.getpid()}
    assert len(workers) == 1  # two cores: this one reads, one worker annotates meanwhile
    assert not multiprocessing.active_children()  # the pool is ended


def test_only_a_few_chunks_per_worker_are_sent_before_the_results_are_asked(tmp_path):
    from annotations.ahead import IN_FLIGHT

    slow = Annotator("slow", "toy_annotators:slow", "1")
    ahead = read_ahead(articles(docs(300)), AnnotationCache(tmp_path), (slow,))
    unfinished = sum(not future.done() for _, future in ahead._sent)
    kept = len(ahead._chunks)
    ahead.close()  # a build that failed before annotating: little left for the worker
    assert 0 < unfinished <= IN_FLIGHT and kept > 6


class _Bar:
    """A progress bar that records each value it shows."""

    def __init__(self, total):
        self.total, self.n, self.shown = total, 0, []

    def update(self, k):
        self.n += k
        self.shown.append(self.n)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_bar_counts_the_workers_chunks_as_they_finish(tmp_path, monkeypatch):
    import annotations.ahead as ahead_module

    bars = []
    monkeypatch.setattr(ahead_module, "progress", lambda total: bars.append(_Bar(total)) or bars[-1])
    ahead = read_ahead(articles(docs(300)), AnnotationCache(tmp_path))
    finished = sum(len(future.result()) for _, future in ahead._sent)  # the worker's, before asking
    here = len(ahead._out)
    assert finished and ahead._chunks  # some left for this process: the bar runs a while
    assert len(ahead.results()) == 300
    (bar,) = bars
    assert bar.total == 300 and bar.n == 300
    assert bar.shown[0] == here + finished  # not only this process's own chunks
    assert bar.shown == sorted(bar.shown)


def test_few_misses_without_a_cache_start_no_pool(tmp_path):
    arts = articles(docs(40))  # fewer than runner.PARALLEL_MIN, and nothing cached
    ahead = read_ahead(arts, AnnotationCache(tmp_path))
    assert ahead.results() == {} and not multiprocessing.active_children()
    stats = {}
    got = annotate(docs_of(arts), (LENGTH, WORDS), AnnotationCache(tmp_path), stats=stats,
                   ahead=read_ahead(arts, AnnotationCache(tmp_path)))
    assert stats == {"cache_hit": 0, "cache_miss": 40}  # the usual way
    assert got == annotate(docs_of(arts), (LENGTH, WORDS), AnnotationCache(tmp_path / "fresh"))


def test_with_a_cache_the_first_miss_goes_to_one_worker_and_this_process_loads_nothing(tmp_path):
    """An edit, a few new articles: annotated in one worker while the others are read;
    the build process never runs the annotators (it would hold their models)."""
    ds = docs(80)
    cache = AnnotationCache(tmp_path)
    annotate(ds[5:], (PID, LENGTH), cache)
    arts = articles(ds)
    ahead = read_ahead(arts[:2], cache, (PID, LENGTH))
    sent_early = len(ahead._sent)  # the first article, sent when taken (the second read)
    for art in arts[2:]:
        ahead.add(art)
    stats = {}
    got = annotate(docs_of(arts), (PID, LENGTH), cache, stats=stats, ahead=ahead)
    assert sent_early == 1
    assert stats == {"cache_hit": 75, "cache_miss": 5, "annotated_ahead": 5}
    pids = {v["pid"] for v in got[:5]}
    assert len(pids) == 1 and os.getpid() not in pids and not multiprocessing.active_children()
    assert [v["length"] for v in got] == [v["length"] for v in annotate(ds, (LENGTH,), AnnotationCache(tmp_path / "b"))]


def test_a_build_that_ends_before_annotating_leaves_no_worker(tmp_path):
    ahead = read_ahead(articles(docs(100)), AnnotationCache(tmp_path))
    assert multiprocessing.active_children()
    ahead.close()
    assert not multiprocessing.active_children()


@pytest.mark.slow
def test_a_site_annotated_ahead_is_the_site_annotated_in_one_process(root, tmp_path, monkeypatch):
    from tests.conftest import build_site

    inputs = tmp_path / "inputs" / "content"
    inputs.mkdir(parents=True)
    for path in sorted((root / "content" / "news").glob("*.md"))[:80]:
        shutil.copy(path, inputs)
    monkeypatch.setenv("ARSHIF_INPUTS", str(tmp_path / "inputs"))
    trees, counts = [], []
    for workers in (1, 2):
        monkeypatch.setenv("ARSHIF_CACHE", str(tmp_path / f"cache{workers}"))
        monkeypatch.setenv("ARSHIF_STAGE_TIMES", str(tmp_path / f"stages{workers}.json"))
        out = tmp_path / f"site{workers}"
        proc = build_site(out, "pelicanconf.py", "-e", f"ANNOTATIONS_WORKERS={workers}")
        assert proc.returncode == 0, proc.stderr
        trees.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
        counts.append(json.loads((tmp_path / f"stages{workers}.json").read_text())["counts"])
    assert len(trees[0]) > 100 and trees[0] == trees[1]
    assert counts[0]["cache_miss"] == counts[1]["cache_miss"] > 60
    assert "annotated_ahead" not in counts[0] and counts[1]["annotated_ahead"] > 60


def test_a_new_version_of_one_annotator_misses_every_article_and_shares_its_models(tmp_path):
    """A cache without values of one of the annotators (its new version) is a cold build
    for it: the pool starts at runner.PARALLEL_MIN misses, its first chunk annotated in
    this process, whose loaded models the worker then shares."""
    arts = articles(docs(300))
    cache = AnnotationCache(tmp_path)
    annotate(docs_of(arts), (LENGTH,), cache)
    ahead = read_ahead(arts[:10], cache, (LENGTH, PID))
    assert ahead._pool is None  # not yet: ten misses
    for art in arts[10:]:
        ahead.add(art)
    pids = [v["pid"] for v in annotate(docs_of(arts), (LENGTH, PID), cache, ahead=ahead)]
    assert pids[: runner.CHUNK] == [os.getpid()] * runner.CHUNK
