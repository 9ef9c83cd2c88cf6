"""Annotator bookkeeping shared by the plugins."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from multiprocessing.reduction import ForkingPickler

from annotations.registry import Doc, release

sys.path.insert(0, str(Path(__file__).resolve().parent))  # toy_annotators, for the workers too


def test_release_drops_one_annotators_values_only():
    a = SimpleNamespace(annotations={"entities": {"body": []}, "newsmeta": {"dates": []}})
    b = SimpleNamespace()  # an article the annotations plugin did not see
    release([a, b], "entities")
    assert a.annotations == {"newsmeta": {"dates": []}} and not hasattr(b, "annotations")
    release([a], "newsmeta")
    assert not hasattr(a, "annotations"), "an article whose values were all used keeps no mapping"
    c = SimpleNamespace(annotations={})  # one whose values a plugin took itself (the search spool)
    release([c], "search")
    assert not hasattr(c, "annotations")


def test_a_doc_sent_to_a_worker_leaves_its_strings_as_they_were():
    """Pickling a str that is not ASCII caches its UTF-8 form in it for good; a Doc
    goes as bytes, so the build's article bodies do not grow by it."""
    doc = Doc("أخبار/خبر.md", "عنوان الخبر", "<p>" + "نص الخبر " * 500 + "\ud800</p>")
    sizes = [sys.getsizeof(s) for s in (doc.source, doc.title, doc.html)]
    back = ForkingPickler.loads(ForkingPickler.dumps(doc))
    assert back == doc
    assert [sys.getsizeof(s) for s in (doc.source, doc.title, doc.html)] == sizes


def test_an_annotators_options_reach_its_function_in_the_workers(tmp_path):
    """Options travel with the annotator (a worker spawned or on a Dask cluster has
    none of the build's settings or environment), batched or not."""
    from annotations.cache import AnnotationCache
    from annotations.registry import Annotator
    from annotations.runner import annotate

    docs = [Doc(f"{i}.md", "عنوان", f"<p>خبر رقم {i}</p>") for i in range(80)]
    one = Annotator("head", "toy_annotators:head", "1", options=("4",))
    many = Annotator("heads", "toy_annotators:heads", "1", batched=True, options=("6",))
    got = annotate(docs, (one, many), AnnotationCache(tmp_path), workers=2)
    assert [(v["head"], v["heads"]) for v in got] == [(d.html[:4], d.html[:6]) for d in docs]
