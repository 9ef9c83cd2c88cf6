"""The index writer and the plugin: shards, determinism, escaping, metadata from articles."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from search import shards
from search.documents import Facet, from_article, from_source, html_to_text, ordered, source
from search.index import FIELDS, build
from tests.search.lunr_reference import lunr_index

HERE = Path(__file__).resolve().parent


def fixture_docs():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_fixture", HERE / "build_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DOCS


def payload(text: str):
    """(kind, key, payload) of one generated script file."""
    m = re.fullmatch(r'arshifSearchData\((".*?"),(-?\d+),(.*)\);\n', text, re.S)
    assert m, text[:200]
    return json.loads(m.group(1)), int(m.group(2)), json.loads(m.group(3))


@pytest.fixture(scope="module")
def built():
    docs = ordered(fixture_docs())
    return docs, lunr_index(docs), dict(shards.files(docs, build(docs), shard_bytes=300, facet_shard_docs=2))


def test_js_literal_is_safe_in_scripts():
    text = shards.js_literal({"t": "</script><!-- \u2028 \u2029 & 'x'"})
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"t": "</script><!-- \u2028 \u2029 & 'x'"}


def test_every_term_is_in_the_shard_its_boundary_names(built):
    docs, reference, files = built
    manifest = payload(files["manifest.js"])[2]
    first = manifest["shards"]
    assert first == sorted(first) and len(first) == len(set(first))
    seen = {}
    for n in range(len(first)):
        kind, key, records = payload(files[f"t/{n}.js"])
        assert (kind, key) == ("terms", n)
        for term, _ in records:
            assert term not in seen
            seen[term] = n
            # the shard a reader's engine picks: last boundary <= term
            assert max(i for i, b in enumerate(first) if b <= term) == n
    assert set(seen) == set(reference.inverted_index)


def test_shard_postings_reproduce_the_lunr_weights(built):
    docs, reference, files = built
    manifest = payload(files["manifest.js"])[2]
    weights = {}
    for n in range(len(manifest["shards"])):
        for term, per_field in payload(files[f"t/{n}.js"])[2]:
            for field, flat in zip(FIELDS, per_field):
                doc = 0
                for i in range(0, len(flat), 2):
                    doc += flat[i]
                    weights[(term, field, doc)] = flat[i + 1] / 1000
    expected = {}
    for term, posting in reference.inverted_index.items():
        for field in FIELDS:
            for ref in posting[field]:
                vector = reference.field_vectors[f"{field}/{ref}"].elements
                at = vector.index(posting["_index"], 0)
                while at % 2:  # an index value, not a weight
                    at = vector.index(posting["_index"], at + 1)
                expected[(term, field, int(ref))] = vector[at + 1]
    assert weights == expected


def test_weights_are_rounded_to_thousandths_as_python_rounds():
    import numpy as np

    from search.postings import thousandths

    rng = random.Random(7)
    scores = [rng.uniform(0, 60) for _ in range(20000)] + [rng.randrange(0, 60000) / 1000 for _ in range(5000)]
    # exact halves in binary (round half to even decides), and values a hair off a half
    scores += [0.0625, 0.1875, 2.5 / 1000, 1.0005, 0.0005, 12.3455, 7.0625, 0.0, 1e-9]
    scores += [np.nextafter(x, 0.0) for x in (0.0625, 1.0005)] + [np.nextafter(x, 99.0) for x in (0.0625, 1.0005)]
    got = thousandths(np.array(scores, dtype=np.float64)).tolist()
    assert got == [round(round(float(s), 3) * 1000) for s in scores]


def test_shards_stay_near_the_target_size():
    docs = ordered(fixture_docs() * 1)
    index = build(docs)
    files = dict(shards.files(docs, index, shard_bytes=2000))
    sizes = [len(t.encode()) for k, t in files.items() if k.startswith("t/")]
    assert len(sizes) > 1
    assert max(sizes) < 2000 + 600  # one record may straddle the target


def test_output_is_deterministic_and_independent_of_input_order(built):
    docs, _, files = built
    shuffled = list(fixture_docs())
    random.Random(7).shuffle(shuffled)
    again = dict(shards.files(ordered(shuffled), build(ordered(shuffled)), shard_bytes=300, facet_shard_docs=2))
    assert again == files


def test_the_streamed_index_numbers_documents_as_the_ordered_one_does(built):
    """writing.built takes the articles in their order, gives each its number from its
    URL and date, and keeps no text: the same files as the ordered documents give."""
    from html import escape
    from types import SimpleNamespace as NS

    from build_report.stages import COUNTS
    from search import analysis
    from search.writing import built as streamed

    docs, _, files = built
    shuffled = list(fixture_docs())
    random.Random(3).shuffle(shuffled)
    assert [d.url for d in shuffled] != [d.url for d in docs]
    sources = [(d.url, escape(d.title, quote=False), d.date, escape(d.text, quote=False),
                [(f.key, f.label, f.url) for f in d.sources], [(f.key, f.label, f.url, f.type) for f in d.entities])
               for d in shuffled]
    cached = {d.url: analysis.analyse_doc(NS(title=escape(d.title, quote=False), html=escape(d.text, quote=False)))
              for d in shuffled[::2]}  # half of them analysed ahead, as the annotator does
    conf = {"SEARCH_TITLE_BOOST": 10, "SEARCH_ENTITY_BOOST": 2, "SEARCH_SHARD_BYTES": 300, "SEARCH_FACET_SHARD_DOCS": 2}
    COUNTS.clear()
    made = dict(streamed(conf, lambda: [(src, lambda url=src[0]: cached.get(url)) for src in sources]))
    assert COUNTS["search_analyses_reused"] == len(cached)
    whole = ordered([from_source(src) for src in sources])
    expected = dict(shards.files(whole, build(whole, cached=[cached.get(d.url) for d in whole]),
                                 shard_bytes=300, facet_shard_docs=2))
    assert {rel: data.decode("utf-8") for rel, data in made.items()} == expected
    assert sorted(made) == sorted(files)


def test_manifest_names_the_pipeline_and_fields(built):
    _, _, files = built
    manifest = payload(files["manifest.js"])[2]
    assert manifest["pipeline"] == ["arabic-normalize", "arabic-stem"]
    assert manifest["fields"] == list(FIELDS)
    assert manifest["docs"] == len(fixture_docs())


def test_facets_list_years_sources_entities_with_types(built):
    docs, _, files = built
    values = payload(files["facets.js"])[2]
    kinds = {(v[0], v[1]): v for v in values}
    assert ("year", "2014") in kinds and ("year", "2015") in kinds
    assert kinds[("entity", "جون-كيري")][2:] == ["جون كيري", "entities/جون-كيري.html", "PERS"]
    assert kinds[("source", "reuters")][2] == "رويترز"
    per_doc = payload(files["f/0.js"])[2] + payload(files["f/1.js"])[2] + payload(files["f/2.js"])[2]
    assert len(per_doc) == len(docs)
    first = {tuple(values[n][:2]) for n in per_doc[0]}  # doc 0 is the Reuters article of 2015-09-18
    assert first == {("year", "2015"), ("source", "reuters"), ("entity", "سوريا"), ("entity", "موسكو"), ("entity", "جون-كيري")}


def test_documents_are_numbered_newest_first(built):
    docs, _, files = built
    dates = [payload(files[f"d/{n}.js"])[2]["date"] for n in range(len(docs))]
    assert dates == sorted(dates, reverse=True)


def test_html_to_text_drops_tags_and_keeps_entities_text():
    html = '<p>قال <a class="entity" href="x">جون كيري</a> إن&nbsp;المحادثات</p><p>2015 &lt;b&gt;</p>'
    assert html_to_text(html) == "قال جون كيري إن المحادثات 2015 <b>"


def fake_article(**extra):
    fields = {
        "url": "articles/x.html",
        "title": "عنوان &amp; <em>مهم</em>",
        "date": dt.datetime(2015, 8, 3),
        "_content": "<p>نص</p>",
        "metadata": {},
    }
    return SimpleNamespace(**{**fields, **extra})


def test_article_without_other_plugins_uses_reader_metadata():
    doc = from_article(fake_article(metadata={"source": "Ain Alyoum", "source_id": "3alyoum"}))
    assert doc.title == "عنوان & مهم" and doc.date == "2015-08-03" and doc.text == "نص"
    assert doc.entities == [] and doc.sources == [Facet("source", "3alyoum", "Ain Alyoum")]
    seed = from_article(fake_article(metadata={"agencies": ["reuters", "afp"], "agency_names": ["رويترز", "أ ف ب"]}))
    assert [(s.key, s.label) for s in seed.sources] == [("reuters", "رويترز"), ("afp", "أ ف ب")]


def test_article_with_entities_and_sources_plugins():
    entity = SimpleNamespace(id=1, name="سوريا", type="LOC", slug="سوريا", url="entities/سوريا.html", count=3)
    source = SimpleNamespace(code="reuters", name="رويترز", name_en="Reuters", slug="reuters", url="sources/reuters.html", kind="agency")
    doc = from_article(fake_article(entities=[entity], sources=[source]))
    assert doc.entities == [Facet("entity", "سوريا", "سوريا", "entities/سوريا.html", "LOC")]
    assert doc.sources == [Facet("source", "reuters", "رويترز", "sources/reuters.html")]
    assert doc.fields()["entities"] == "سوريا" and "رويترز" in doc.fields()["source"]


def test_documents_made_together_share_their_facets():
    entity = SimpleNamespace(id=1, name="سوريا", type="LOC", slug="سوريا", url="entities/سوريا.html", count=3)
    facets = {}
    a, b = (from_source(source(fake_article(url=f"articles/{n}.html", entities=[entity])), facets) for n in "ab")
    assert a.entities == b.entities == [Facet("entity", "سوريا", "سوريا", "entities/سوريا.html", "LOC")]
    assert a.entities[0] is b.entities[0] and len(facets) == 1


def test_settings_have_defaults():
    from search.generator import DEFAULTS, settings_of

    assert settings_of({}) == DEFAULTS
    assert settings_of({"SEARCH_SHARD_BYTES": 5})["SEARCH_SHARD_BYTES"] == 5
    assert all(name.startswith("SEARCH_") for name in DEFAULTS)


def test_an_archive_without_articles_gets_an_empty_index():
    files = dict(shards.files([], build([])))
    assert sorted(files) == ["facets.js", "manifest.js"]
    manifest = payload(files["manifest.js"])[2]
    assert manifest["docs"] == 0 and manifest["shards"] == []
    assert manifest["pipeline"] == ["arabic-normalize", "arabic-stem"]


def test_index_cache_key_changes_with_anything_the_documents_read(tmp_path):
    from search.documents import fingerprint
    from search.indexcache import IndexCache

    conf = {"SEARCH_TITLE_BOOST": 10}
    entity = SimpleNamespace(slug="موسكو", name="موسكو", type="LOC", url="entities/موسكو.html")

    def key(*arts, conf=conf):
        return IndexCache(tmp_path, [fingerprint(a) for a in arts], conf).path

    a, b = fake_article(), fake_article(url="articles/y.html")
    assert key(a, b) == key(b, a) == key(fake_article(), fake_article(url="articles/y.html"))
    changed = [
        fake_article(_content="<p>نص آخر</p>"),
        fake_article(title="عنوان آخر"),
        fake_article(date=dt.datetime(2015, 8, 4)),
        fake_article(entities=[entity]),
        fake_article(metadata={"source": "Okaz"}),
    ]
    assert len({key(c, b) for c in changed} | {key(a, b)}) == len(changed) + 1
    assert key(a, b, conf={"SEARCH_TITLE_BOOST": 5}) != key(a, b)
    cache = IndexCache(tmp_path, [fingerprint(a)], conf)
    assert cache.load() is None
    files = [("d/0.js", "نص\n".encode()), ("manifest.js", b"x"), ("t/0.js", b"")]
    cache.save(files)
    assert list(IndexCache(tmp_path, [fingerprint(fake_article())], conf).load()) == files


def test_a_body_the_entities_plugin_keyed_is_not_hashed_again():
    from search.documents import fingerprint

    entity = SimpleNamespace(slug="موسكو", name="موسكو", type="LOC", url="entities/موسكو.html")
    a = fake_article(entities=[entity])
    hashed = fingerprint(a)
    a.linked_body = (a._content, "k1")
    keyed = fingerprint(a)
    assert keyed != hashed and "k1" in keyed
    a.linked_body = (a._content, "k2")
    assert fingerprint(a) != keyed
    a._content = "".join(["<p>", "نص</p>"])  # the same text, but not the body that was keyed
    assert a._content is not a.linked_body[0] and fingerprint(a) == hashed
    a._content = "<p>نص آخر</p>"
    assert fingerprint(a) not in (hashed, keyed)


def test_the_output_is_known_unchanged_only_while_every_file_is_as_written(tmp_path):
    import os

    from search.documents import fingerprint
    from search.indexcache import IndexCache

    cache = IndexCache(tmp_path / "cache", [fingerprint(fake_article())], {})
    target = tmp_path / "out" / "search"
    (target / "t").mkdir(parents=True)
    files = {"manifest.js": b"arshifSearchData(1);", "t/0.js": "نص".encode()}
    for rel, data in files.items():
        (target / rel).write_bytes(data)
    cache.save(list(files.items()))
    assert cache.output_unchanged(target) is None  # nothing noted yet
    cache.stamp(target, list(files))
    assert cache.output_unchanged(target) == 2
    assert cache.output_unchanged(tmp_path / "elsewhere") is None
    st = os.stat(target / "t/0.js")
    os.utime(target / "t/0.js", ns=(st.st_atime_ns, st.st_mtime_ns + 1000))  # touched, same size
    assert cache.output_unchanged(target) is None
    cache.stamp(target, list(files))
    (target / "manifest.js").unlink()
    assert cache.output_unchanged(target) is None
    (target / "manifest.js").write_bytes(b"arshifSearchData(1);")
    cache.stamp(target, list(files))
    stamp = cache.path.with_suffix(".written")
    stamp.write_bytes(stamp.read_bytes().replace(b"manifest", b"manifesT"))
    assert cache.output_unchanged(target) is None  # fails its checksum
    cache.stamp(target, list(files))
    cache.save(list(files.items()))  # a new index: the old note goes with the old index
    assert cache.output_unchanged(target) is None


def test_a_corrupt_index_cache_is_rebuilt_not_trusted(tmp_path):
    from search.documents import fingerprint
    from search.indexcache import IndexCache

    cache = IndexCache(tmp_path, [fingerprint(fake_article())], {})
    cache.save([("manifest.js", b"arshifSearchData(1);")])
    assert list(cache.load()) == [("manifest.js", b"arshifSearchData(1);")]
    cache.path.write_bytes(cache.path.read_bytes().replace(b"(1)", b"(2)"))
    assert cache.load() is None  # well framed, but not what was written
    cache.path.write_bytes(cache.path.read_bytes()[:-3])
    assert cache.load() is None  # cut short
    from annotations.cache import write_checked
    from search.indexcache import FORMAT

    write_checked(cache.path, FORMAT, [b"manifest.js\t99\nabc"])
    assert cache.load() is None  # checksum right, but the record runs past the end
