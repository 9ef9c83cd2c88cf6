"""Annotator bookkeeping shared by the plugins."""

from __future__ import annotations

from types import SimpleNamespace

from annotations.registry import release


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
