"""Annotations are cached by content and MODEL_VERSION (through plugins/annotations)."""

import json
from types import SimpleNamespace

import entities.annotate as annotate
from entities.recognize import MODEL_VERSION


def test_cached_by_content_and_version_and_corruption_is_repaired(tmp_path, monkeypatch):
    log = tmp_path / "calls"  # the titles annotated, written by the process that annotates
    real = annotate.annotate_docs

    def counting(docs):
        with log.open("a", encoding="utf-8") as f:
            f.writelines(doc.title + "\n" for doc in docs)
        return real(docs)

    def calls():
        return log.read_text(encoding="utf-8").split() if log.exists() else []

    monkeypatch.setattr(annotate, "annotate_docs", counting)
    ann = annotate.register_annotator({})
    assert ann.version == MODEL_VERSION
    settings = {"CACHE_PATH": str(tmp_path)}
    arts = [SimpleNamespace(title="موسكو", _content="<p>زار كيري موسكو.</p>", source_path="a.md")]
    first = annotate.raw_annotations(arts, settings)
    assert calls() == ["موسكو"]
    assert annotate.raw_annotations(arts, settings) == first and calls() == ["موسكو"]  # hit
    files = list((tmp_path / "annotations" / "entities").rglob("*.json"))
    assert len(files) == 1
    files[0].write_text("{not json", encoding="utf-8")
    # The build's pack (checksummed) still holds the value; without it, the file is rebuilt.
    assert annotate.raw_annotations(arts, settings) == first and len(calls()) == 1
    for pack in (tmp_path / "annotations").glob("pack-*"):
        pack.unlink()
    assert annotate.raw_annotations(arts, settings) == first and len(calls()) == 2  # rebuilt
    json.loads(files[0].read_text(encoding="utf-8"))
    arts[0]._content = "<p>زار كيري لندن.</p>"
    annotate.raw_annotations(arts, settings)
    assert len(calls()) == 3  # new content, new entry
