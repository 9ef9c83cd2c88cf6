"""Each article's linking is cached between builds (entities.linkcache), and the whole
site's when nothing it reads changed (entities.sitememo): a build with the same inputs
links nothing again and reads the site back, an edit links that article again, a
corrupt file or a changed editors' file is never trusted."""

import datetime as dt
from types import SimpleNamespace

import pytest
from pelican.settings import DEFAULT_CONFIG

from build_report.stages import COUNTS
from entities.annotate import Builder, linked_html

SETTINGS = {"PATH": "/nonexistent", "SLUG_REGEX_SUBSTITUTIONS": DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]}

BODIES = {
    "a": ("كيري في موسكو", "<p>قال وزير الخارجية الأمريكي جون كيري إن موسكو شريك. وأضاف كيري أن البنتاغون يوافق.</p>"),
    "b": ("البنتاجون يعلق", "<p>قالت وزارة الدفاع الأميركية (البنتاجون) إن كيري سيزور موسكو &amp; لندن.</p>"),
    "c": ("طقس", "<p>الجو حار في الرياض اليوم، قال <a href=\"x.html\">الرياض</a>.</p>"),
}


def archive(edit: dict | None = None):
    bodies = {**BODIES, **(edit or {})}
    return [SimpleNamespace(slug=s, title=t, _content=b, date=dt.datetime(2015, 9, 18 + i), source_path=f"/x/{s}.md")
            for i, (s, (t, b)) in enumerate(sorted(bodies.items()))]


def build(settings, edit=None):
    COUNTS.clear()
    arts = archive(edit)
    entities = Builder(settings).run(arts)
    seen = [(a.slug, linked_html(a), a.mentions, [(e.id, e.count) for e in a.entities], [r.slug for r in a.related]) for a in arts]
    counts = (COUNTS.get("entity_links_reused", 0), COUNTS.get("entity_links_computed", 0))
    site = [(e.key, e.slug, e.name, e.type, e.name_en, e.wikidata, e.url, e.save_as, e.count, e.aliases, dict(e.forms),
             [a.slug for a in e.articles], [(r.slug, n) for r, n in e.related]) for e in entities]
    return seen, site, counts, COUNTS.get("entity_site_reused", 0)


@pytest.fixture
def settings(tmp_path):
    return {**SETTINGS, "PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "cache")}


def test_a_second_build_reuses_every_article_and_equals_an_uncached_one(settings):
    uncached = build(SETTINGS)
    first = build(settings)
    second = build(settings)
    assert first[2:] == ((0, 3), 0) and second[2:] == ((3, 0), 1)  # the second read the site back
    assert first[:2] == second[:2] == uncached[:2]
    assert 'title="جون كيري">جون كيري</a>' in second[0][0][1]



def test_a_site_read_back_holds_each_string_once(settings):
    build(settings)
    COUNTS.clear()
    entities = Builder(settings).run(archive())
    assert COUNTS.get("entity_site_reused", 0) == 1
    shared = [e for e in entities if e.key == e.name]
    assert shared and all(e.key is e.name for e in shared)
    named = [(e, next(f for f in e.forms if f == e.name)) for e in entities if e.name in e.forms]
    assert named and all(form is e.name for e, form in named)
    assert len({id(e.type) for e in entities}) == len({e.type for e in entities})

def test_an_edit_links_only_that_article_again(settings):
    build(settings)
    edit = {"c": ("طقس", "<p>زار جون كيري الرياض اليوم.</p>")}
    edited = build(settings, edit)
    assert edited[2:] == ((2, 1), 0)
    assert edited[:2] == build(SETTINGS, edit)[:2]


def test_an_edit_that_keeps_the_names_reads_the_site_back_with_that_articles_links_moved(settings):
    """Words added before every mention, none named: the entity table and related
    articles are the last build's; the article's links go where its new text has them,
    and the memo, patched, serves the next build as it is."""
    build(settings)
    edit = {"a": ("كيري في موسكو", BODIES["a"][1].replace("<p>", "<p>عاجل اليوم. ", 1))}
    edited = build(settings, edit)
    assert edited[2:] == ((2, 1), 1) and COUNTS["entity_site_articles_updated"] == 1
    uncached = build(SETTINGS, edit)
    assert edited[:2] == uncached[:2]
    assert edited[0][0][1] != build(SETTINGS)[0][0][1]  # its links did move
    assert build(settings, edit) == (*uncached[:2], (3, 0), 1)
    assert COUNTS.get("entity_site_articles_updated", 0) == 0  # the memo holds the edit
    # later stages (ENTITIES_SITE_KEY) still see the article's links change
    assert site_key(settings, edit) == site_key(SETTINGS, edit) != site_key(SETTINGS)


def test_an_article_added_or_removed_computes_the_site_again(settings):
    build(settings)
    more = {"d": ("جنيف", "<p>وصل جون كيري إلى جنيف.</p>")}
    added = build(settings, more)
    assert added[2:] == ((3, 1), 0) and added[:2] == build(SETTINGS, more)[:2]

    def without_b(settings):
        arts = [a for a in archive() if a.slug != "b"]
        entities = Builder(settings).run(arts)
        return ([(linked_html(a), a.mentions, [e.id for e in a.entities], [r.slug for r in a.related]) for a in arts],
                [(e.key, e.slug, e.count, [a.slug for a in e.articles]) for e in entities])

    COUNTS.clear()
    fewer = without_b(settings)  # the memo has four articles
    assert COUNTS.get("entity_site_reused", 0) == 0 and fewer == without_b(SETTINGS)


def site_key(settings, edit=None) -> str:
    builder = Builder(settings)
    builder.run(archive(edit))
    return builder.site_key


def test_a_corrupt_cache_is_rebuilt_not_trusted(settings, tmp_path):
    clean = build(settings)
    path = tmp_path / "cache" / "entities" / "linking.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("جون كيري", "جون كيرى", 1), encoding="utf-8")  # checksum now fails
    (tmp_path / "cache" / "entities" / "site.txt").unlink()
    again = build(settings)
    assert again[2] == (0, 3) and again[:2] == clean[:2]
    assert build(settings)[2:] == ((3, 0), 1)


def test_a_corrupt_site_memo_is_computed_again_not_trusted(settings, tmp_path):
    clean = build(settings)
    path = tmp_path / "cache" / "entities" / "site.txt"
    data = path.read_bytes()  # marshal records keep names as UTF-8
    assert "جون كيري".encode() in data
    path.write_bytes(data.replace("جون كيري".encode(), "جون كيرى".encode()))  # checksum now fails
    again = build(settings)
    assert again[2:] == ((3, 0), 0) and again[:2] == clean[:2]


def test_a_changed_date_or_setting_computes_the_site_again(settings):
    first = build(settings)
    COUNTS.clear()
    arts = archive()
    arts[0].date = dt.datetime(2016, 1, 1)  # related articles are ordered by date
    Builder(settings).run(arts)
    assert COUNTS.get("entity_site_reused", 0) == 0
    fewer = build({**settings, "ENTITIES_RELATED_COUNT": 1})
    assert fewer[3] == 0 and all(len(related) <= 1 for *_x, related in fewer[0])
    assert build(settings)[:2] == first[:2]


def test_a_changed_editors_file_links_everything_again(settings, tmp_path):
    build(settings)
    (tmp_path / "entities.toml").write_text('[suppress]\nnames = ["موسكو"]\n', encoding="utf-8")
    changed = build({**settings, "ENTITIES_OVERRIDES": "entities.toml"})
    assert changed[2] == (0, 3)
    assert "موسكو" not in [name for _s, name, *_r in changed[1]]


def test_linking_in_worker_processes_gives_the_same_site(monkeypatch):
    from annotations import runner

    one = build({**SETTINGS, "ANNOTATIONS_WORKERS": 1})
    calls = []
    real = runner.fork_map
    monkeypatch.setattr(runner, "PARALLEL_MIN", 2)
    monkeypatch.setattr(runner, "fork_map", lambda *a, **k: calls.append(a) or real(*a, **k))
    two = build({**SETTINGS, "ANNOTATIONS_WORKERS": 2})
    assert calls, "the articles were not linked in worker processes"
    assert two[:2] == one[:2]


def test_the_annotation_key_is_reused_only_for_the_very_body_annotated(settings):
    """The linking key takes the annotation cache's key of a body only if the body is
    still the one annotated: one changed since (by another plugin) is keyed afresh, so
    it is not given the linking kept for its old text."""
    from annotations.cache import content_key
    from annotations.registry import Annotations, Doc

    build(settings)  # the linking of the original bodies is kept
    edit = {"c": ("طقس", "<p>زار جون كيري الرياض اليوم.</p>")}
    expected = build(SETTINGS, edit)[:2]  # no cache
    arts = archive(edit)
    for art, old in zip(arts, archive()):
        # annotated as the original bodies were; then "c" changed to the edit
        art.annotations = Annotations(body=(old.title, old._content, content_key(Doc("", old.title, old._content))))
    arts[0].annotations = Annotations(body=(arts[0].title, arts[0]._content, content_key(Doc("", arts[0].title, arts[0]._content))))
    COUNTS.clear()
    Builder(settings).run(arts)
    assert [(a.slug, linked_html(a), a.mentions) for a in arts] == [(s, c, m) for s, c, m, *_ in expected[0]]
    # "a" reused its annotation key (same object), "b" and "c" were hashed again
    assert (COUNTS.get("entity_links_reused", 0), COUNTS.get("entity_links_computed", 0)) == (2, 1)


def test_the_annotated_body_is_given_once_and_not_held():
    from annotations.registry import Annotations

    body = "<p>نص</p>"
    ann = Annotations(body=("t", body, "k"))
    assert ann.take_content_key("t", "".join(["<p>نص", "</p>"])) is None  # equal text, another object
    ann = Annotations(body=("t", body, "k"))
    assert ann.take_content_key("x", body) is None  # another title
    ann = Annotations(body=("t", body, "k"))
    assert ann.take_content_key("t", body) == "k" and ann.take_content_key("t", body) is None


def test_an_articles_kept_linking_counts_each_shown_form_and_type():
    from entities.linkcache import LinkCache, Linking, encode, linking
    from entities.recognize import Mention

    title = [(Mention(0, 5, "LOC", "موسكو", "موسكو"), "موسكو")]
    body = [(Mention(0, 8, "PERS", "جون كيري", ""), "جون كيري"),  # no form: its text is shown
            (Mention(20, 24, "PERS", "كيرى", "كيري"), "جون كيري"),  # a form of another key: its text
            (Mention(30, 36, "LOC", "موسكوف", "موسكو"), "موسكو"),  # a form of its key: the form
            (Mention(40, 44, "PERS", "كيرى", "كيري"), "جون كيري")]
    places = [(100, 108), None, (130, 136), (140, 144)]
    cache = LinkCache(None, "salt")
    cache.put("k", encode(linking(title, body, places)))
    assert cache.linked("k") == Linking(
        ["موسكو", "جون كيري"],  # first named first, the title before the body
        [0, "موسكو", "LOC", 2, 1, "جون كيري", "PERS", 1, 1, "كيرى", "PERS", 2],
        [0, 8, 1, 20, 24, 1, 30, 36, 0, 40, 44, 1],
        [100, 108, 1, 130, 136, 0, 140, 144, 1])  # the unplaced link left out
