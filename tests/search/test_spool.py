"""The articles reach the search index's own process through a file: the same sources
and search values as read from the articles, in a process that never loads Pelican."""

import datetime as dt
import pickle
from types import SimpleNamespace

from annotations.registry import Annotations, json_line
from search import analysis, documents
from search.generator import _from_articles
from search.spool import Spool


def article(n: int, annotations: Annotations | None) -> SimpleNamespace:
    entity = SimpleNamespace(slug=f"كيان-{n}", name=f"كيان {n}", type="ORG", url=f"entities/{n}.html")
    return SimpleNamespace(url=f"articles/{n}.html", title=f"عنوان {n} &amp; <em>مهم</em>",
                           date=dt.datetime(2015, 8, n + 1), _content=f"<p>نص \ud800 رقم {n}</p>",
                           metadata={"agencies": ["spa"], "agency_names": ["واس"]},
                           entities=[entity], annotations=annotations)


def articles() -> list:
    value = {"check": "x", "title": "عنوان", "body": "نص \ud800"}
    return [
        article(0, Annotations(raw={analysis.NAME: json_line(value), "entities": b"[]"})),  # as cached: JSON
        article(1, Annotations(values={analysis.NAME: value})),  # already parsed
        article(2, Annotations()),  # no search value
        article(3, None),
    ]


def read(items) -> list:
    return [(src, value()) for src, value in items]


def test_the_spool_gives_what_the_articles_give(tmp_path):
    spooled = Spool(tmp_path, articles(), analysis.NAME)
    got = read(spooled.items())
    assert len(got) == 4
    assert got == read(_from_articles(articles()))
    assert [v for _, v in got] == [{"check": "x", "title": "عنوان", "body": "نص \ud800"}] * 2 + [None, None]
    assert documents.from_source(got[0][0]) == documents.from_article(articles()[0])


def test_the_spool_is_what_the_articles_were_and_reads_the_same_when_pickled(tmp_path):
    arts = articles()
    spooled = Spool(tmp_path, arts, analysis.NAME)
    assert analysis.NAME not in arts[0].annotations and "entities" in arts[0].annotations  # taken, the rest kept
    arts[0]._content = "<p>تغير</p>"
    again = pickle.loads(pickle.dumps(spooled))
    assert read(again.items()) == read(spooled.items())
    assert "رقم 0" in read(again.items())[0][0][3]
    spooled.close()
    assert not spooled.path.exists() and list(tmp_path.iterdir()) == []


def test_a_spool_left_by_a_stopped_build_is_removed(tmp_path):
    (tmp_path / "spool-old").write_bytes(b"x")
    Spool(tmp_path, [], analysis.NAME)
    assert [p.name for p in tmp_path.iterdir() if p.name == "spool-old"] == []


def test_take_json_leaves_cached_json_unparsed():
    raw = json_line({"a": "ب"})
    values = Annotations(raw={"x": raw}, values={"y": [1, "ج"]})
    assert values.take_json("x") is raw
    assert values.take_json("y") == json_line([1, "ج"])  # a parsed value, as the cache stores it
    assert values.take_json("x") is None and len(values) == 0
