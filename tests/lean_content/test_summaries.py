"""Listing summaries are kept for the next build (lean_content.summaries): read back
while what they are made of is unchanged, made again when it changed."""

from array import array

from pelican.settings import DEFAULT_CONFIG

from entities.annotate import EntityLinks
from lean_content.summaries import SummaryMemo
from tests.kept_pages.test_kept_pages import BODIES, build, files, fresh, write_inputs
from tests.lean_content.test_lean_content import article

BODY = "<p>وقال وزير الخارجية وكيري في موسكو إن المحادثات مستمرة.</p>"


def memo(tmp_path) -> SummaryMemo:
    return SummaryMemo(tmp_path / "summaries.bin", dict(DEFAULT_CONFIG), {"truncate.leeway": 5})


def test_the_key_holds_where_the_links_go_and_skips_intrasite_links(tmp_path):
    m = memo(tmp_path)
    plain = article(BODY)
    linked, other = article(BODY), article(BODY)
    start = BODY.index("كيري")
    linked.entity_links = EntityLinks(linked._content, array("i", [start, start + 4, 0]), [])
    # the same entity put one letter earlier (its clitic inside the link): other words
    other.entity_links = EntityLinks(other._content, array("i", [start - 1, start + 4, 7]), [])
    keys = {m.key(a, 255) for a in (plain, linked, other)}
    assert len(keys) == 3 and None not in keys
    assert m.key(linked, 255) != m.key(linked, 100)
    # which entity a link names is not in the key: its tags are stripped
    renamed = article(BODY)
    renamed.entity_links = EntityLinks(renamed._content, array("i", [start, start + 4, 3]), [])
    assert m.key(renamed, 255) == m.key(linked, 255)
    # a body changed after linking gets no links: keyed as the plain body
    changed = article(BODY)
    changed.entity_links = EntityLinks("<p>other</p>", array("i", [0, 3, 0]), [])
    assert m.key(changed, 255) == m.key(plain, 255)
    # intrasite links are resolved (and reported) by every build that makes the summary
    assert m.key(article('<p>انظر <a href="{filename}/b.md">الخبر</a></p>'), 255) is None
    summarised = article(BODY)
    summarised.metadata["summary"] = "ملخص"
    assert m.key(summarised, 255) not in keys


def test_a_kept_text_is_read_back_and_a_damaged_one_made_again(tmp_path):
    m, art = memo(tmp_path), article(BODY)
    assert m.text(art, 255, lambda: "النص") == "النص"
    m.save()
    again = memo(tmp_path)
    assert again.text(art, 255, lambda: "غيره") == "النص"
    damaged = memo(tmp_path)
    damaged.lines.old[damaged.key(art, 255)] = b"not json"
    assert damaged.text(art, 255, lambda: "غيره") == "غيره"


def test_summaries_are_kept_until_their_article_changes(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    made = build(inputs, out, cache)["summaries_made"]
    assert made >= len(BODIES)
    # every listing rendered again (their keys forgotten): every text read back
    (cache / "kept_pages" / "listing-pages.bin").unlink()
    counts = build(inputs, out, cache)
    assert counts["summaries_kept"] == made and "summaries_made" not in counts
    # the listing pages kept (kept_pages.listings): no text asked for, none forgotten
    counts = build(inputs, out, cache)
    assert counts["listing_pages_kept"] > 0 and not {"summaries_kept", "summaries_made"} & set(counts)
    # words added after the last entity: the links' places are the same, the text not
    edited = dict(BODIES, a=(BODIES["a"][0], BODIES["a"][1] + " وقال إنها جادة ومثمرة."))
    write_inputs(inputs, edited)
    counts = build(inputs, out, cache)
    assert 0 < counts["summaries_made"] < made and counts["summaries_kept"] > 0
    site = files(out)
    assert site == fresh(tmp_path, "edited", edited, "-e", "KEEP_SUMMARIES=false", "KEEP_PAGES=false")
    assert "جادة ومثمرة" in site["index.html"].decode()
