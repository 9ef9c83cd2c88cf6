"""The search annotator and the index built from its cached analyses.

The index must not depend on whether an article's terms came from the cache or from
lunr's own tokeniser and pipeline: same files, byte for byte.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from annotations.registry import Doc
from search import analysis, shards
from search.documents import SearchDoc, html_to_text, ordered
from search.index import build
from search.pipeline import run, terms
from tests.search.lunr_reference import LunrPostings, lunr_index

ROOT = Path(__file__).resolve().parents[2]


def demo_docs(limit: int = 120) -> list[SearchDoc]:
    docs = []
    for path in sorted((ROOT / "content" / "news").glob("snn-*.md"))[:limit]:
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        title = next(" ".join(line[6:].split()) for line in head.splitlines() if line.startswith("Title:"))
        docs.append(SearchDoc(f"articles/{path.stem}.html", title, "2015-08-01", " ".join(body.split())))
    # Latin words (lunr lower-cases them) and marks, hamza and tatweel forms.
    docs.append(SearchDoc("articles/mixed.html", "Reuters قال OPEC", "2015-08-02", "أُوباما ـــ IAEA و«الأمم» 2015"))
    return ordered(docs)


@pytest.fixture(scope="module")
def docs():
    return demo_docs()


def test_terms_equal_lunr_pipeline_run(docs):
    for doc in docs:
        for text in (doc.title, doc.text):
            assert terms(text) == run(text)


def test_index_from_cached_analyses_is_lunr_builders_index(docs):
    native = dict(shards.files(docs, LunrPostings(lunr_index(docs))))
    cached = [analysis.analyse_doc(Doc("x.md", escape(d.title), f"<p>{escape(d.text)}</p>")) for d in docs]
    assert all(c["check"] == analysis.checksum(d.title, d.text) for c, d in zip(cached, docs))
    assert dict(shards.files(docs, build(docs, cached=cached))) == native
    assert dict(shards.files(docs, build(docs))) == native


def test_the_index_is_the_same_made_in_small_batches(docs, monkeypatch):
    """Terms picked and weighted a few at a time (many batches, batch edges inside
    the postings of frequent terms) give lunr's files too."""
    from search import postings

    native = dict(shards.files(docs, LunrPostings(lunr_index(docs))))
    monkeypatch.setattr(postings, "SCAN", 64)
    monkeypatch.setattr(postings, "BATCH", 7)
    assert dict(shards.files(docs, build(docs))) == native


def test_a_stale_analysis_is_not_used(docs):
    doc = docs[0]
    stale = {"check": analysis.checksum("old title", "old body"), "title": "zzz", "body": "zzz"}
    index = build([doc], cached=[stale])
    assert "zzz" not in index.terms
    fresh = build([doc])
    assert index.terms == fresh.terms


def test_the_annotator_reads_the_text_the_index_sees():
    doc = Doc("a.md", "عنوان <em>الخبر</em>", "<p>قال <a href='x'>أوباما</a> في واشنطن</p><p>ثم غادر</p>")
    value = analysis.analyse_doc(doc)
    assert value["check"] == analysis.checksum(html_to_text(doc.title), html_to_text(doc.html))
    assert value["title"].split() == terms("عنوان الخبر")
    assert value["body"].split() == terms("قال أوباما في واشنطن ثم غادر")
