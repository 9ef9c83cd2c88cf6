"""Annotations are cached by content and MODEL_VERSION (through plugins/annotations)."""

from types import SimpleNamespace

import entities.annotate as annotate
from entities.recognize import MODEL_VERSION


def test_cached_by_content_and_version_and_corruption_is_repaired(tmp_path, monkeypatch):
    log = tmp_path / "calls"  # the titles annotated, written by the process that annotates
    real = annotate.annotate_docs

    def counting(docs, *options):
        with log.open("a", encoding="utf-8") as f:
            f.writelines(doc.title + "\n" for doc in docs)
        return real(docs, *options)

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
    [segment] = (tmp_path / "annotations" / "entities").rglob("*.txt")
    segment.write_bytes(segment.read_bytes().replace("موسكو".encode(), "لندن".encode()))
    assert annotate.raw_annotations(arts, settings) == first and len(calls()) == 2  # rebuilt
    assert annotate.raw_annotations(arts, settings) == first and len(calls()) == 2  # and trusted again
    arts[0]._content = "<p>زار كيري لندن.</p>"
    annotate.raw_annotations(arts, settings)
    assert len(calls()) == 3  # new content, new entry


def test_raw_annotations_hand_over_the_articles_json_unparsed():
    """Linking parses each article's mentions where it links it: the build process
    takes the JSON off the article as it is, and the article keeps no copy."""
    from annotations.registry import Annotations, json_line

    value = {"body": [[0, 5, "LOC", "موسكو", "موسكو"]], "title": []}
    line = json_line(value)
    kept = Annotations(raw={"entities": line, "newsmeta": b"{}"})
    plain = {"entities": value}
    arts = [SimpleNamespace(title="t", _content="<p>موسكو</p>", annotations=kept),
            SimpleNamespace(title="u", _content="<p>موسكو</p>", annotations=plain)]
    got = annotate.raw_annotations(arts, {})
    assert got[0] is line and got[1] == line
    assert "entities" not in kept and "newsmeta" in kept
