"""What newsmeta keeps between builds — each article's metadata (newsmeta.metamemo) and
page head (JSON-LD, social tags; newsmeta.headmemo): read back only under the same key,
never from a damaged file, the keys cover everything they read, and what is read back
is what would be made."""

import json
import marshal
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from newsmeta.annotate import Settings, annotate
from newsmeta.headmemo import HEAD_FIELDS, HEAD_SETTINGS, PageHeads, heads_key
from newsmeta.metamemo import article_ids, meta_key
from newsmeta.sources import SourceRegistry
from newsmeta.structured import page_head

ROOT = Path(__file__).resolve().parents[2]


def heads(tmp_path, make, key="k" * 64, n=3):
    return PageHeads([f"article {i}" for i in range(n)], make, tmp_path / "heads.bin", lambda: key)


def made(art):
    return (f"<json {art}>", [("name", "description", f"عن {art}")])


def refuse(art):
    raise AssertionError(f"made again: {art}")


def test_heads_saved_in_article_order_and_read_back_without_making(tmp_path):
    first = heads(tmp_path, made)
    # pages ask in any order, each part in turn; one page is never written
    assert first.get(2) == made("article 2") and first.get(2) == made("article 2")
    assert first.get(0)[0] == "<json article 0>" and first.get(1) == made("article 1")
    first.finish()
    again = heads(tmp_path, refuse)
    assert [again.get(i) for i in (1, 0, 2)] == [made("article 1"), made("article 0"), made("article 2")]
    again.finish()
    assert [heads(tmp_path, refuse).get(i)[1] for i in range(3)] == [made(f"article {i}")[1] for i in range(3)]


def test_heads_are_saved_only_when_every_page_asked(tmp_path):
    """A build that kept most article pages (an edit) makes only the heads of the pages
    it rendered, and saves none."""
    calls = []

    def counting(art):
        calls.append(art)
        return made(art)

    some = heads(tmp_path, counting)
    assert some.get(1) == made("article 1")
    some.finish()
    assert calls == ["article 1"] and not (tmp_path / "heads.bin").exists()


def test_another_key_or_a_damaged_file_makes_them_again(tmp_path):
    first = heads(tmp_path, made)
    for i in range(3):
        first.get(i)
    first.finish()
    calls = []

    def counting(art):
        calls.append(art)
        return made(art)

    other = heads(tmp_path, counting, key="0" * 64)
    assert [other.get(i) for i in (1, 0, 2)] == [made(f"article {i}") for i in (1, 0, 2)]
    assert calls == ["article 1", "article 0", "article 2"]
    other.finish()
    with pytest.raises(AssertionError, match="made again"):
        heads(tmp_path, refuse).get(0)  # the file now holds the other key's heads
    path = tmp_path / "heads.bin"
    data = bytearray(path.read_bytes())
    data[data.index("عن".encode())] ^= 1
    path.write_bytes(bytes(data))
    calls.clear()
    assert heads(tmp_path, counting, key="0" * 64).get(2) == made("article 2") and calls == ["article 2"]
    assert heads(tmp_path, counting, key="0" * 64, n=4).get(0) == made("article 0")  # another article count


def test_nothing_kept_without_a_path(tmp_path):
    keyless = PageHeads(["a"], made, None, lambda: pytest.fail("no key needed"))
    assert keyless.get(0) == made("a")
    keyless.finish()
    assert not list(tmp_path.iterdir())


class Recording:
    """An article that notes which attributes are read (and which metadata keys)."""

    def __init__(self, **fields):
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name):
        self.read.add(name)
        if name == "metadata":
            return RecordingDict(self.read, self._fields["metadata"])
        if name in self._fields:
            return self._fields[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        self._fields[name] = value


class RecordingDict(dict):
    def __init__(self, read, data, prefix="metadata."):
        super().__init__(data)
        self._read, self._prefix = read, prefix

    def get(self, key, default=None):
        self._read.add(self._prefix + key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._read.add(self._prefix + key)
        return super().__getitem__(key)


def sample_article():
    entity = SimpleNamespace(id="kerry", name="جون كيري", type="PERS", slug="kerry", url="entities/kerry.html", count=2)
    return Recording(
        title="خبر", url="articles/a.html", slug="a", lang="ar", date=datetime(2015, 9, 17, tzinfo=timezone.utc),
        modified=datetime(2015, 9, 18, tzinfo=timezone.utc), _content="<p>وقال كيري “نحن نعمل من أجل حل سياسي”.</p>",
        annotations={}, agencies=["reuters"], source_id="aawsat", source="الشرق الأوسط", entities=[entity],
        category="أخبار", tags=["سوريا"], author="جدة : واس", editors=["ص.ش"], original_url="https://example.org/a",
        metadata={"author": "جدة : واس"},
    )


def test_the_key_lists_every_article_field_and_setting_the_heads_read():
    art = sample_article()
    settings = RecordingDict(set(), {"SITENAME": "أرشيف", "AUTHOR": "arshif"}, prefix="")
    cfg = Settings.from_pelican({"SITEURL": "https://example.org"})
    meta = annotate(art, SourceRegistry(cfg.source_url, cfg.source_save_as), cfg)
    page_head(art, meta, settings, cfg.siteurl)
    # title and body: through the annotation and the site's linking key; date: its own
    covered = {"title", "_content", "annotations", "entities", "date", "metadata", "metadata.author"}
    assert art.read - covered <= set(HEAD_FIELDS), art.read - covered - set(HEAD_FIELDS)
    assert settings._read <= set(HEAD_SETTINGS)


@pytest.mark.parametrize("field", [*HEAD_FIELDS, "metadata"])
def test_the_key_changes_with_each_field(field):
    settings = {"SITENAME": "أرشيف"}
    arts = [sample_article(), sample_article()]
    before = heads_key(arts, settings, "meta")
    changed = {"modified": None, "metadata": {"author": "آخر"},
               "tags": ["اليمن"], "editors": [], "agencies": ["afp"]}.get(field, "آخر")
    setattr(arts[1], field, changed)
    assert heads_key(arts, settings, "meta") != before


def test_the_key_changes_with_settings_the_metadata_and_order():
    arts = [sample_article(), sample_article()]
    arts[1].url = "articles/b.html"
    key = heads_key(arts, {"SITENAME": "أرشيف"}, "meta")
    assert heads_key(arts, {"SITENAME": "غيره"}, "meta") != key
    assert heads_key(arts, {"SITENAME": "أرشيف"}, "meta2") != key
    assert heads_key(arts[::-1], {"SITENAME": "أرشيف"}, "meta") != key
    # the metadata's key: newsmeta's settings (and the code); each article's id below
    assert meta_key("cfg2") != meta_key("cfg") == meta_key("cfg")


def test_an_articles_id_is_its_linked_bodys_key_and_its_date():
    arts = [sample_article(), sample_article()]
    for i, art in enumerate(arts):
        art.linked_body = (art._content, f"key {i}")
    ids = article_ids(arts)
    assert len(ids) == 32 and ids[:16] != ids[16:] and article_ids(arts) == ids
    arts[1].linked_body = (arts[1]._content, "key 9")  # b edited: its id alone changes
    assert article_ids(arts)[:16] == ids[:16] and article_ids(arts)[16:] != ids[16:]
    arts[0].date = datetime(2016, 1, 1, tzinfo=timezone.utc)
    assert article_ids(arts)[:16] != ids[:16]
    arts[0]._content = "<p>changed after linking</p>"  # the key is not its body's: no ids
    assert article_ids(arts) is None


ARTICLE = """Title: {title}
Date: 2015-09-17 10:00
Slug: {slug}
Tags: {tags}
Source: الشرق الأوسط
Source_id: aawsat

وقال وزير الخارجية الأمريكي جون كيري في موسكو إن المحادثات مستمرة.

وأضاف أن الاجتماع المقبل سيعقد في جنيف.
"""


def build(inputs: Path, out: Path, cache: Path) -> None:
    env = dict(os.environ, ARSHIF_INPUTS=str(inputs), ARSHIF_CACHE=str(cache), SITEURL="https://example.org/arshif",
               PYTHONPATH=str(ROOT / "plugins"), SOURCE_DATE_EPOCH="1443657600")
    proc = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "-o", str(out), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def jsonld(out: Path, slug: str) -> dict:
    page = BeautifulSoup((out / "articles" / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")
    return json.loads(page.find("script", type="application/ld+json").string)


def test_a_build_with_only_a_tag_changed_writes_the_new_head(tmp_path):
    """A tag is not in the site's linking key: the heads' own key must see it."""
    content = tmp_path / "inputs" / "content"
    content.mkdir(parents=True)
    for slug, tags in (("a", "سوريا"), ("b", "روسيا")):
        (content / f"{slug}.md").write_text(ARTICLE.format(title=f"خبر {slug}", slug=slug, tags=tags), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(tmp_path / "inputs", out, cache)
    memo = cache / "newsmeta" / "heads.bin"
    assert jsonld(out, "a")["keywords"] == ["سوريا"] and memo.exists()
    stamp = memo.stat().st_mtime_ns
    build(tmp_path / "inputs", out, cache)  # nothing changed: read back, not written again
    assert memo.stat().st_mtime_ns == stamp and jsonld(out, "a")["keywords"] == ["سوريا"]
    (content / "a.md").write_text(ARTICLE.format(title="خبر a", slug="a", tags="اليمن"), encoding="utf-8")
    build(tmp_path / "inputs", out, cache)
    assert jsonld(out, "a")["keywords"] == ["اليمن"] and jsonld(out, "b")["keywords"] == ["روسيا"]
    (out / "articles" / "b.html").unlink()  # b's page rendered again: its head made anew
    build(tmp_path / "inputs", out, cache)
    assert jsonld(out, "a")["keywords"] == ["اليمن"] and jsonld(out, "b")["keywords"] == ["روسيا"]


def test_kept_metadata_is_the_metadata_with_speakers_on_the_same_entities():
    from newsmeta.metamemo import from_record, meta_record

    art = sample_article()
    art._content = ("<p>وقال جون كيري “نحن نعمل من أجل حل سياسي في سوريا” في 17 سبتمبر 2015. "
                    "وقال مسؤول آخر “لا تعليق لدينا على هذا الأمر الآن”.</p>")
    cfg = Settings()
    meta = annotate(art, SourceRegistry(cfg.source_url, cfg.source_save_as), cfg)
    assert meta.dates and [q.entity for q in meta.quotes] == [art.entities[0], None]
    rec = marshal.loads(marshal.dumps(meta_record(meta, art.entities)))  # as the file gives it back
    kept = from_record(rec, art.entities)
    assert kept.quotes[0].entity is art.entities[0]
    meta.sources = []
    assert kept == meta
    # the strings that recur across an archive are one object each, made or kept
    for m in (meta, kept):
        shared = [d.iso for d in m.dates] + [iso for iso, _ in m.dates_distinct] + [q.how for q in m.quotes]
        assert shared and all(sys.intern(x) is x for x in shared)


def test_a_build_with_nothing_changed_reads_the_metadata_back(tmp_path):
    content = tmp_path / "inputs" / "content"
    content.mkdir(parents=True)
    (content / "a.md").write_text(ARTICLE.format(title="خبر a", slug="a", tags="سوريا"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(tmp_path / "inputs", out, cache)
    kept = cache / "newsmeta" / "site.bin"
    first, stamp = (out / "articles" / "a.html").read_bytes(), kept.stat().st_mtime_ns
    build(tmp_path / "inputs", out, cache)
    assert kept.stat().st_mtime_ns == stamp and (out / "articles" / "a.html").read_bytes() == first
    # another date: the dates are resolved again (the file made anew)
    (content / "a.md").write_text(ARTICLE.format(title="خبر a", slug="a", tags="سوريا").replace("2015-09-17", "2015-09-20"),
                                  encoding="utf-8")
    build(tmp_path / "inputs", out, cache)
    assert kept.stat().st_mtime_ns != stamp


def test_after_an_edit_only_the_edited_article_is_analysed_again(tmp_path):
    """An edit that names another entity changes every linked body's key: each article's
    record is found by its own key (newsmeta.metamemo.ArticleMetas). One that names no
    one more keeps the site memo, its edited record replaced. Either way the site is the
    one a build from nothing makes."""
    from tests.kept_pages.test_kept_pages import BODIES, build as build_counted, files, fresh, write_inputs

    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    counts = build_counted(inputs, out, cache)
    assert counts["newsmeta_records_made"] == len(BODIES) and counts["newsmeta_records_reused"] == 0
    assert "newsmeta_records_made" not in build_counted(inputs, out, cache)  # the site memo read back
    quoted = ("اجتماع جنيف", "وقال الرئيس الروسي فلاديمير بوتين “إن الاجتماع المقبل سيعقد في جنيف يوم 20 سبتمبر 2015” للصحفيين.")
    edited = dict(BODIES, b=quoted)
    write_inputs(inputs, edited)
    counts = build_counted(inputs, out, cache)
    assert "entity_site_reused" not in counts and "newsmeta_site_reused" not in counts
    assert counts["newsmeta_records_made"] == 1 and counts["newsmeta_records_reused"] == len(BODIES) - 1
    assert files(out) == fresh(tmp_path, "edited", edited)
    reworded = dict(edited, b=(quoted[0], quoted[1] + " وأضاف أن العمل مستمر."))
    write_inputs(inputs, reworded)
    counts = build_counted(inputs, out, cache)
    assert counts["entity_site_articles_updated"] == 1 and counts["newsmeta_site_reused"] == 1
    assert counts["newsmeta_records_made"] == 1 and counts["newsmeta_records_reused"] == len(BODIES) - 1
    assert files(out) == fresh(tmp_path, "reworded", reworded)
    counts = build_counted(inputs, out, cache)
    assert counts["newsmeta_site_reused"] == 1 and "newsmeta_records_made" not in counts


def test_an_articles_own_key_changes_with_what_its_record_reads(tmp_path):
    from newsmeta.metamemo import ArticleMetas

    metas = ArticleMetas(tmp_path / "articles.bin", "cfg")
    key = metas.key(sample_article())
    assert metas.key(sample_article()) == key
    assert ArticleMetas(tmp_path / "articles.bin", "cfg2").key(sample_article()) != key
    changes = {
        "title": lambda a: setattr(a, "title", "خبر آخر"),
        "body": lambda a: setattr(a, "_content", a._content + "<p>و</p>"),
        "date": lambda a: setattr(a, "date", datetime(2015, 9, 18, tzinfo=timezone.utc)),
        "entity name": lambda a: setattr(a.entities[0], "name", "كيري"),
        "entity type": lambda a: setattr(a.entities[0], "type", "ORG"),
        "entity aliases": lambda a: setattr(a.entities[0], "aliases", ("جون كيري", "كيري")),
        "entities' order": lambda a: a.entities.insert(0, SimpleNamespace(name="موسكو", type="LOC")),
    }
    for what, change in changes.items():
        art = sample_article()
        change(art)
        assert metas.key(art) != key, what
    # what the record does not read: the entity's URL, the article's tags
    art = sample_article()
    art.entities[0].url, art.tags = "elsewhere.html", ["روسيا"]
    assert metas.key(art) == key
