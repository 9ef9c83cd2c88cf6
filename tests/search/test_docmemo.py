"""The documents an index keeps for the next (search.docmemo): an index made after edits
takes the unchanged ones from the last and gives the files of one made from scratch."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from build_report.stages import COUNTS
from search import analysis
from search.indexcache import IndexCache
from search.writing import write_index
from tests.search.test_index import fixture_docs

CONF = {"SEARCH_TITLE_BOOST": 10, "SEARCH_ENTITY_BOOST": 2, "SEARCH_SHARD_BYTES": 300, "SEARCH_FACET_SHARD_DOCS": 2}


def sources():
    """The fixture documents as the spool gives them (documents.source)."""
    return [(d.url, escape(d.title, quote=False), d.date, f"<p>{escape(d.text, quote=False)}</p>",
             [(f.key, f.label, f.url) for f in d.sources], [(f.key, f.label, f.url, f.type) for f in d.entities])
            for d in fixture_docs()]


def index(srcs: list[tuple], cache_folder: Path, target: Path) -> dict[str, bytes]:
    """Write the index of ``srcs`` to ``target`` (their search terms analysed ahead, as the
    annotator does), with the cache in ``cache_folder``; the files written."""
    cache = IndexCache(cache_folder, [repr(s) for s in srcs], CONF)
    values = {s[0]: analysis.analyse_doc(type("Doc", (), {"title": s[1], "html": s[3]})) for s in srcs}
    COUNTS.clear()
    write_index(target, cache, CONF, lambda: [(s, lambda url=s[0]: values[url]) for s in srcs])
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def terms(files: dict[str, bytes]) -> set[str]:
    return {m for rel, data in files.items() if rel.startswith("t/")
            for m in re.findall(r'\["([^"]+)",\[', data.decode("utf-8"))}


def edited(srcs: list[tuple]) -> list[tuple]:
    """One body rewritten (its words gone from the archive), one article gone, one new,
    one dated anew (the documents after it renumbered), one entity renamed."""
    out = [list(s) for s in srcs]
    out[0][3] = "<p>زلزال بقوة سبع درجات يضرب الساحل</p>"
    out[2][2] = "2001-01-01"
    assert out[3][5]
    out[3][5] = [(slug, label + " الثاني", url, type_) for slug, label, url, type_ in out[3][5]]
    del out[1]
    out.append(["articles/new.html", "خبر جديد", "2016-03-01", "<p>وصل الوفد إلى جنيف</p>", [], []])
    return [tuple(s) for s in out]


def test_an_index_after_edits_takes_the_unchanged_documents_and_gives_the_files_from_scratch(tmp_path):
    srcs = sources()
    first = index(srcs, tmp_path / "cache", tmp_path / "out")
    assert COUNTS["search_documents_kept"] == 0
    changed = edited(srcs)
    again = index(changed, tmp_path / "cache", tmp_path / "out")
    assert COUNTS["search_documents_kept"] == len(srcs) - 4  # all but the edited, gone and new
    scratch = index(changed, tmp_path / "scratch-cache", tmp_path / "scratch")
    assert again == scratch
    assert terms(first) - terms(again)  # the rewritten body's words are gone from the terms
    assert any(again[rel] != first.get(rel) for rel in again if rel.startswith("d/"))  # renumbered
    # and back: the files of the first index, its documents kept again
    assert index(srcs, tmp_path / "cache", tmp_path / "out") == first
    assert COUNTS["search_documents_kept"] == len(srcs) - 4


@pytest.mark.parametrize("damage", ["memo", "index"])
def test_kept_documents_that_fail_their_checksum_are_made_again(tmp_path, damage):
    srcs = sources()
    index(srcs, tmp_path / "cache", tmp_path / "out")
    suffix = ".docs" if damage == "memo" else ".index"
    (kept,) = (tmp_path / "cache").glob(f"*{suffix}")
    data = bytearray(kept.read_bytes())
    data[-5] ^= 1
    kept.write_bytes(bytes(data))
    changed = edited(srcs)
    again = index(changed, tmp_path / "cache", tmp_path / "out")
    assert COUNTS["search_documents_kept"] == 0
    assert again == index(changed, tmp_path / "scratch-cache", tmp_path / "scratch")


def test_documents_kept_by_other_settings_are_not_taken(tmp_path):
    srcs = sources()
    index(srcs, tmp_path / "cache", tmp_path / "out")
    CONF["SEARCH_ENTITY_BOOST"] = 3
    try:
        index(edited(srcs), tmp_path / "cache", tmp_path / "out")
    finally:
        CONF["SEARCH_ENTITY_BOOST"] = 2
    assert COUNTS["search_documents_kept"] == 0


def test_a_document_key_is_of_the_value_not_of_how_its_strings_are_shared():
    import marshal

    from search.docmemo import document_key

    label = "الأمم المتحدة"
    entity = (label, label, "entities/un.html", "ORG")
    shared = ("u.html", "t", "2015-01-01", "<p>x</p>", [], [entity, entity])
    copies = ("u.html", "t", "2015-01-01", "<p>x</p>", [], [tuple("".join(list(f)) for f in entity) for _ in "ab"])
    assert shared == copies and marshal.dumps(shared) != marshal.dumps(copies)  # the spool's bytes differ
    assert document_key(shared) == document_key(copies)
    assert document_key(shared) != document_key(shared[:3] + ("<p>y</p>",) + shared[4:])


def test_only_the_index_folders_lose_the_files_the_index_did_not_write(tmp_path):
    srcs = sources()
    out = tmp_path / "out"
    (out / "d").mkdir(parents=True)
    (out / "d" / "99.js").write_text("stale")
    (out / "index.html").write_text("the site's, should SEARCH_DIR be the output folder")
    (out / "pages").mkdir()
    (out / "pages" / "about.html").write_text("the site's")
    files = index(srcs, tmp_path / "cache", out)
    assert "d/99.js" not in files
    assert files["index.html"] and files["pages/about.html"]
