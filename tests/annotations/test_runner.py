import json
import os
import sys
from pathlib import Path

import pytest

from annotations.cache import AnnotationCache, content_key
from annotations.registry import json_line
from annotations.registry import Annotator, Doc
from annotations.runner import annotate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
WORDS = Annotator("words", "toy_annotators:words", "1")
LENGTH = Annotator("length", "toy_annotators:length", "1")
ARTICLES = sorted((HERE.parents[1] / "content" / "news").glob("*.md"))


def docs(n=80):
    out = []
    for p in ARTICLES[:n]:
        head, _, body = p.read_text(encoding="utf-8").partition("\n\n")
        out.append(Doc(p.name, head.splitlines()[0].removeprefix("Title: "), body))
    return out


def _segments(folder, name=None):
    return sorted(folder.glob(f"{name or '*'}/*/*.txt"))


def test_cache_hits_versions_and_corruption(tmp_path):
    cache = AnnotationCache(tmp_path)
    key = content_key(docs(1)[0])
    assert cache.read(WORDS) == {}
    cache.write(WORDS, {key: json_line(["كلمة", 1])}, {})
    assert json.loads(bytes(cache.read(WORDS)[key])) == ["كلمة", 1]
    assert cache.read(Annotator("words", WORDS.target, "2")) == {}  # other version
    assert cache.read(LENGTH) == {}  # other annotator
    [path] = _segments(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"1]", b"2]"))  # checksum no longer matches
    assert cache.read(WORDS) == {} and not path.exists()  # not trusted, removed
    cache.write(WORDS, {key: json_line(["x"])}, {})
    [path] = _segments(tmp_path)
    path.write_bytes(path.read_bytes()[:-3])  # truncated
    assert cache.read(WORDS) == {}


def test_another_annotators_segment_in_the_folder_is_not_read(tmp_path):
    cache = AnnotationCache(tmp_path)
    key = content_key(docs(1)[0])
    cache.write(WORDS, {key: json_line(["كلمة"])}, {})
    [path] = _segments(tmp_path)
    target = AnnotationCache(tmp_path)._version_folder(LENGTH) / path.name
    target.parent.mkdir(parents=True)
    path.rename(target)  # a checksummed file, but its first line names "words"
    assert cache.read(LENGTH) == {}


def test_only_changed_documents_are_annotated_again(tmp_path):
    cache, ds = AnnotationCache(tmp_path), docs(20)
    first = {}
    cold = annotate(ds, [WORDS, LENGTH], cache, stats=first)
    assert first == {"cache_hit": 0, "cache_miss": 20}
    edited = ds[:5] + [Doc(ds[5].source, ds[5].title, ds[5].html + " تعديل")] + ds[6:]
    again = {}
    warm = annotate(edited, [WORDS, LENGTH], cache, stats=again)
    assert again == {"cache_hit": 19, "cache_miss": 1}
    assert warm[:5] == cold[:5] and warm[6:] == cold[6:]
    assert warm[5]["length"]["chars"] == cold[5]["length"]["chars"] + len(" تعديل")


def test_processes_give_the_same_result_as_one_process(tmp_path):
    ds = docs(80)
    serial = annotate(ds, [WORDS, LENGTH], AnnotationCache(tmp_path / "a"), workers=1)
    parallel = annotate(ds, [WORDS, LENGTH], AnnotationCache(tmp_path / "b"), workers=2)
    assert parallel == serial and len(serial) == 80
    files_a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in _segments(tmp_path / "a")}
    files_b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in _segments(tmp_path / "b")}
    assert files_a == files_b and len(files_a) == 2  # the same cache, byte for byte


@pytest.mark.slow
def test_dask_cluster_fills_the_same_cache(tmp_path, monkeypatch):
    from distributed import LocalCluster

    plugins = str(HERE.parents[1] / "plugins")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE), plugins, os.environ.get("PYTHONPATH", "")]))
    ds = docs(40)
    local = annotate(ds, [WORDS, LENGTH], AnnotationCache(tmp_path / "local"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        stats = {}
        remote = annotate(ds, [WORDS, LENGTH], AnnotationCache(tmp_path / "dask"),
                          scheduler=cluster.scheduler_address, stats=stats)
    assert remote == local and stats["cache_miss"] == 40
    later = {}
    assert annotate(ds, [WORDS, LENGTH], AnnotationCache(tmp_path / "dask"), stats=later) == local
    assert later == {"cache_hit": 40, "cache_miss": 0}


def test_a_warm_run_writes_nothing_and_an_edit_adds_one_line_per_annotator(tmp_path):
    cache, ds = AnnotationCache(tmp_path), docs(20)
    cold = annotate(ds, [WORDS, LENGTH], cache)
    segments = _segments(tmp_path)
    assert len(segments) == 2  # one per annotator, for 20 articles
    stamps = [p.stat().st_mtime_ns for p in segments]
    stats = {}
    assert annotate(ds, [WORDS, LENGTH], cache, stats=stats) == cold
    assert stats == {"cache_hit": 20, "cache_miss": 0}
    assert _segments(tmp_path) == segments and [p.stat().st_mtime_ns for p in segments] == stamps
    edited = ds[:3] + [Doc(ds[3].source, ds[3].title, ds[3].html + " تعديل")] + ds[4:]
    stats = {}
    warm = annotate(edited, [WORDS, LENGTH], cache, stats=stats)
    assert stats == {"cache_hit": 19, "cache_miss": 1}
    added = sorted(set(_segments(tmp_path)) - set(segments))
    assert len(added) == 2 and all(p.read_bytes().count(b"\n") == 3 for p in added)  # check, head, 1 line
    stats = {}
    assert annotate(edited, [WORDS, LENGTH], cache, stats=stats) == warm and stats["cache_hit"] == 20


def test_segments_are_merged_past_merge_at_and_keep_every_value(tmp_path):
    from annotations.cache import MERGE_AT

    cache, ds = AnnotationCache(tmp_path), docs(MERGE_AT + 3)
    for d in ds:  # one build per article: one segment each
        annotate([d], [WORDS], cache)
        assert len(_segments(tmp_path)) <= MERGE_AT + 1
    assert len(_segments(tmp_path)) < MERGE_AT
    stats = {}
    values = annotate(ds, [WORDS], cache, stats=stats)
    assert stats == {"cache_hit": len(ds), "cache_miss": 0}
    assert values == annotate(ds, [WORDS], AnnotationCache(tmp_path / "fresh"))


def test_a_damaged_segment_or_a_new_version_annotates_only_what_it_lacks(tmp_path, monkeypatch):
    cache, ds = AnnotationCache(tmp_path), docs(10)
    cold = annotate(ds, [WORDS, LENGTH], cache)
    [words_segment] = _segments(tmp_path, "words")
    data = words_segment.read_bytes()
    forged = data.replace(b'"', b"'", 1)  # a value changed, checksum not
    assert forged != data
    words_segment.write_bytes(forged)
    log = tmp_path / "calls"
    import toy_annotators

    real = toy_annotators.length

    def spy(doc):
        with log.open("a") as f:
            f.write("length\n")
        return real(doc)

    monkeypatch.setattr(toy_annotators, "length", spy)
    stats = {}
    assert annotate(ds, [WORDS, LENGTH], cache, stats=stats) == cold
    assert stats == {"cache_hit": 0, "cache_miss": 10}
    assert not log.exists()  # the lengths were cached: only the words computed again
    assert _segments(tmp_path, "words")[0].read_bytes() == data  # rewritten as it was
    length2 = Annotator("length", LENGTH.target, "2")
    stats = {}
    assert annotate(ds, [WORDS, length2], cache, stats=stats) == cold
    assert stats == {"cache_hit": 0, "cache_miss": 10} and log.read_text().split() == ["length"] * 10


def test_a_batched_annotator_gets_chunks_and_gives_the_same_values(tmp_path, monkeypatch):
    import toy_annotators

    seen = tmp_path / "chunks"  # written by the process that annotates
    real = toy_annotators.words_of_many

    def spy(ds):
        with seen.open("a") as f:
            f.write(f"{len(ds)}\n")
        return real(ds)

    monkeypatch.setattr(toy_annotators, "words_of_many", spy)
    batched = Annotator("words", "toy_annotators:words_of_many", "1", batched=True)
    ds = docs(40)
    assert annotate(ds, [batched, LENGTH], AnnotationCache(tmp_path / "b")) == annotate(
        ds, [WORDS, LENGTH], AnnotationCache(tmp_path / "a"))
    assert seen.read_text().split() == ["16", "16", "8"]  # the runner's chunks


def test_a_few_misses_are_annotated_in_a_forked_process_that_holds_the_models(tmp_path, monkeypatch):
    """An edit's few articles are annotated in a child, so the build process never loads
    the tagger; where fork is missing they are annotated here, with the same values."""
    from annotations import runner

    pid = Annotator("pid", "toy_annotators:pid", "1")
    ds = docs(3)
    forked = annotate(ds, [pid, LENGTH], AnnotationCache(tmp_path / "a"))
    assert {v["pid"] for v in forked} != {os.getpid()}
    monkeypatch.setattr(runner, "FORK", False)
    here = annotate(ds, [pid, LENGTH], AnnotationCache(tmp_path / "b"))
    assert {v["pid"] for v in here} == {os.getpid()}
    assert [v["length"] for v in here] == [v["length"] for v in forked]


def test_fork_map_works_in_other_processes_in_order_on_inherited_objects():
    from annotations.runner import fork_map

    words = ["كلمة", "نص", "خبر"] * 30
    table = {w: len(w) for w in words}  # reached through the closure: never pickled
    parts = []
    got = fork_map(lambda w: (w, table[w], os.getpid()), words, workers=2, per_task=7, done=parts.append)
    assert [(w, n) for w, n, _pid in got] == [(w, len(w)) for w in words]
    assert os.getpid() not in {pid for *_, pid in got}
    assert [len(p) for p in parts] == [7] * 12 + [6]


def test_fork_map_raises_a_workers_error():
    from annotations.runner import fork_map

    with pytest.raises(ZeroDivisionError):
        fork_map(lambda x: 1 / x, [1, 2, 0, 3], workers=2)


def test_cached_values_are_parsed_only_when_read(tmp_path, monkeypatch):
    from annotations import registry
    from annotations.registry import release

    cache, ds = AnnotationCache(tmp_path), docs(5)
    cold = annotate(ds, [WORDS, LENGTH], cache)
    parsed = []
    real = registry.json.loads
    monkeypatch.setattr(registry.json, "loads", lambda text: parsed.append(text) or real(text))
    fresh = [v["length"] for v in cold]  # computed values come as JSON too, parsed when read
    assert len(parsed) == 5
    warm = annotate(ds, [WORDS, LENGTH], cache)
    assert len(parsed) == 5
    assert [v["length"] for v in warm] == fresh and len(parsed) == 10
    articles = [type("Article", (), {"annotations": v})() for v in warm]
    release(articles, "words")  # never parsed, dropped
    assert len(parsed) == 10 and all(list(v) == ["length"] and v.get("words") is None for v in warm)
    warm[0]["length"] = {"chars": 0}
    assert warm[0]["length"] == {"chars": 0} and len(warm[0]) == 1
    assert annotate(ds, [WORDS, LENGTH], cache) == cold  # compares as the dicts it stands for


def test_cached_values_can_be_pickled_and_copied(tmp_path):
    """Pelican pickles articles when CACHE_CONTENT is on; unparsed values view a segment."""
    import copy
    import pickle

    cache, ds = AnnotationCache(tmp_path), docs(3)
    cold = annotate(ds, [WORDS, LENGTH], cache)
    warm = annotate(ds, [WORDS, LENGTH], cache)
    warm[0]["length"]  # one parsed, one still JSON
    assert [pickle.loads(pickle.dumps(v)) for v in warm] == cold
    assert copy.deepcopy(warm) == cold


@pytest.mark.parametrize("complete, kept", [(True, 10 + 1), (False, 10 + 9)])
def test_a_complete_build_drops_old_versions_when_segments_merge(tmp_path, complete, kept):
    from annotations.cache import MERGE_AT

    cache, ds = AnnotationCache(tmp_path), docs(10)
    annotate(ds, [WORDS], cache, complete=complete)
    for n in range(MERGE_AT + 1):  # a build after each edit of the first article
        current = [Doc(ds[0].source, ds[0].title, ds[0].html + " تعديل" * (n + 1))] + ds[1:]
        annotate(current, [WORDS], cache, complete=complete)
    # Merged at the 8th edit: the build's 10 values (and, not complete, the 8 old versions
    # of the first article), then the 9th edit's value.
    assert len(cache.read(WORDS)) == kept
    stats = {}
    assert annotate(current, [WORDS], cache, stats=stats) == annotate(current, [WORDS], AnnotationCache(tmp_path / "b"))
    assert stats == {"cache_hit": 10, "cache_miss": 0}


def test_a_builds_objects_stay_frozen_until_the_next_build():
    import gc
    import weakref

    from annotations.runner import frozen, hold_frozen, thaw_previous_build

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    gc.collect()
    try:
        hold_frozen()  # a build's first annotation
        before = gc.get_freeze_count()
        assert before > 0
        made = cycle()  # garbage of this build, made while it annotates
        with frozen():  # a stage's block: its end must not thaw the build's objects
            inside = cycle()  # made in the block: frozen at its end, as the build's
        assert gc.get_freeze_count() >= before + 2
        gc.collect()
        assert made() is not None and inside() is not None  # frozen: the collector leaves them alone
        hold_frozen()  # the next build in this process: the last one's garbage is collected
        assert made() is None and inside() is None
    finally:
        thaw_previous_build()
    assert gc.get_freeze_count() == 0


def test_computed_values_are_read_back_from_the_segment_written_even_one_merged(tmp_path):
    """The values a build computes are held by the cache's new segment, not in memory,
    and are the annotators' values, also when the segment merged the older ones
    (whose lines come first in it)."""
    from annotations.cache import MERGE_AT, StoredValue

    cache, ds = AnnotationCache(tmp_path), docs(MERGE_AT + 4)
    for d in ds[:MERGE_AT]:  # one segment each: the next write merges them
        annotate([d], [WORDS], cache)
    got = annotate(ds, [WORDS, LENGTH], cache)
    assert len(_segments(tmp_path, "words")) == 1
    assert all(isinstance(v._raw["words"], StoredValue) for v in got[MERGE_AT:])
    assert [dict(v) for v in got] == [{"words": w, "length": n} for w, n in zip(WORDS.run(ds), LENGTH.run(ds))]


def test_the_collector_runs_less_often_while_a_chunk_is_annotated_and_as_before_after():
    import gc

    from annotations.runner import CHUNK_GC_THRESHOLD, annotate_chunk

    before = gc.get_threshold()
    (value,) = annotate_chunk((Annotator("gc", "toy_annotators:gc_threshold", "1"),), docs(1))
    assert json.loads(value["gc"]) == max(before[0], CHUNK_GC_THRESHOLD) > 700
    assert gc.get_threshold() == before


def test_a_build_keeps_the_values_of_its_version_and_of_the_last_other_one_used(tmp_path):
    """Every release makes new versions: the older ones' folders go, so that the cache
    (which the Pages workflow carries from one deployment to the next) does not grow
    with each; the last other one stays, for a build switched back."""
    cache, ds = AnnotationCache(tmp_path), docs(10)
    v1, v2, v3 = (Annotator("words", WORDS.target, v) for v in "123")
    folder = {v: cache._version_folder(v) for v in (v1, v2, v3)}
    annotate(ds, [v1], cache, complete=True)
    os.utime(folder[v1], ns=(10**18, 10**18))  # last used long ago
    annotate(ds, [v2], cache, complete=True)
    assert folder[v1].is_dir() and folder[v2].is_dir()
    annotate(ds[:5], [v3], cache)  # not a whole build: nothing removed
    assert folder[v1].is_dir()
    annotate(ds, [v3], cache, complete=True)
    assert not folder[v1].exists() and folder[v2].is_dir() and folder[v3].is_dir()
    stats = {}
    assert annotate(ds, [v2], cache, stats=stats, complete=True) == annotate(ds, [v2], AnnotationCache(tmp_path / "b"))
    assert stats == {"cache_hit": 10, "cache_miss": 0}  # switched back: v2's values still there
    assert sorted(p.name for p in (tmp_path / "words").iterdir()) == sorted([folder[v2].name, folder[v3].name])
