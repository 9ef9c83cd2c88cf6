"""Linking a set of articles: article.entities / article.mentions / markup / related."""

import datetime as dt
import html
import re
from types import SimpleNamespace

import pytest

from entities.annotate import Builder, linked_html
from entities.markup import plain_text

SETTINGS = {"PATH": "/nonexistent", "SLUG_REGEX_SUBSTITUTIONS": [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]}


def article(slug, title, body, day):
    return SimpleNamespace(slug=slug, title=title, _content=body, date=dt.datetime(2015, 9, day), source_path=f"/x/{slug}.md")


@pytest.fixture(scope="module")
def built():
    arts = [
        article("a", "كيري في موسكو", "<p>قال وزير الخارجية الأمريكي جون كيري إن <a href=\"x.html\">موسكو</a> شريك. وأضاف كيري أن البنتاغون يوافق.</p><pre>موسكو</pre>", 18),
        article("b", "البنتاجون يعلق", "<p>قالت وزارة الدفاع الأميركية (البنتاجون) إن كيري سيزور موسكو. &laquo;داعش&raquo; خطر.</p>", 19),
        article("c", "طقس", "<p>الجو حار في الرياض اليوم.</p>", 20),
    ]
    originals = {a.slug: a._content for a in arts}
    entities = Builder(SETTINGS).run(arts)
    return arts, originals, entities


def test_article_entities_follow_the_contract(built):
    arts, _o, _e = built
    a = arts[0]
    names = {e.name: e for e in a.entities}
    assert {"جون كيري", "موسكو", "وزارة الدفاع الأمريكية"} <= set(names)
    kerry = names["جون كيري"]
    assert (kerry.type, kerry.count) == ("PERS", 3)  # two in the body, one in the title
    assert kerry.url == f"entities/{kerry.slug}.html" and kerry.id
    counts = [(-e.count, e.name) for e in a.entities]
    assert counts == sorted(counts)


def test_mentions_are_offsets_into_the_plain_text(built):
    arts, originals, _e = built
    for a in arts:
        text = plain_text(originals[a.slug])
        ids = {e.id for e in a.entities}
        for start, end, eid in a.mentions:
            assert eid in ids
            assert 0 <= start < end <= len(text)


def test_mentions_read_as_a_list_of_tuples(built):
    """article.mentions is kept as numbers; read, it behaves as the list it stands for."""
    arts, _o, _e = built
    a = max(arts, key=lambda a: len(a.mentions))
    listed = list(a.mentions)
    assert len(listed) >= 2 and all(type(m) is tuple and len(m) == 3 for m in listed)
    assert [a.mentions[i] for i in range(-len(listed), len(listed))] == listed + listed
    assert a.mentions[1:] == listed[1:] and a.mentions == listed and a.mentions != listed[:-1]
    with pytest.raises(IndexError):
        a.mentions[len(listed)]


def test_related_entities_are_pairs_made_when_asked(built):
    _a, _o, entities = built
    e = max(entities, key=lambda e: len(e.related))
    pairs = e.related
    assert pairs and all(isinstance(o, type(e)) and isinstance(n, int) and n > 0 for o, n in pairs)
    e.related = pairs[:1]
    assert e.related == pairs[:1] and e.related is not e.related
    e.related = []
    assert e.related == []
    e.related = pairs


def test_markup_keeps_text_and_skips_links_and_code(built):
    arts, originals, _e = built
    for a in arts:
        strip = lambda s: html.unescape(re.sub(r"<[^>]*>", "", s))
        assert a._content is originals[a.slug]  # the body read stays; links are put in when rendered
        assert strip(linked_html(a)) == strip(originals[a.slug])
    linked = linked_html(arts[0])
    assert '<a href="x.html">موسكو</a>' in linked
    assert "<pre>موسكو</pre>" in linked
    assert re.search(r'<a class="entity entity-PERS" href="entities/[^"]+\.html" title="جون كيري">جون كيري</a>', linked)
    assert "&laquo;<a class=\"entity entity-ORG\"" in linked_html(arts[1])


def test_a_body_changed_after_linking_is_shown_as_it_is(built):
    arts, _o, _e = built
    a = arts[0]
    linked, body = linked_html(a), a._content
    try:
        a._content = body.replace("كيري", "كيري ")
        assert linked_html(a) == a._content and 'class="entity' not in linked_html(a)
    finally:
        a._content = body
    assert linked_html(a) == linked


def test_variants_share_one_entity_page(built):
    _a, _o, entities = built
    pentagon = [e for e in entities if e.name == "وزارة الدفاع الأمريكية"]
    assert len(pentagon) == 1
    assert {"البنتاغون", "البنتاجون", "وزارة الدفاع الأميركية"} <= set(pentagon[0].aliases)
    assert [a.slug for a in pentagon[0].articles] == ["b", "a"]  # newest first


def test_related_articles_share_entities(built):
    arts, _o, entities = built
    assert arts[0].related[0] is arts[1]
    assert arts[1].related[0] is arts[0]
    assert all(r is not arts[2] for r in arts[0].related)
    kerry = next(e for e in entities if e.name == "جون كيري")
    assert "موسكو" in [o.name for o, _n in kerry.related]


def test_slugs_are_unique_and_arabic(built):
    _a, _o, entities = built
    slugs = [e.slug for e in entities]
    assert len(slugs) == len(set(slugs))
    assert "موسكو" in slugs


def related_archive():
    arts = [article(f"r{i}", "خبر", "<p>زار جون كيري موسكو اليوم.</p>", 1 + i) for i in range(4)]
    arts.append(article("lav", "خبر", "<p>زار جون كيري موسكو والتقى سيرغي لافروف.</p>", 10))
    arts.append(article("lav2", "خبر", "<p>قال سيرغي لافروف شيئا.</p>", 11))
    return {a.slug: a for a in arts}


def test_related_ranks_rare_shared_entities_first():
    by = related_archive()
    Builder(SETTINGS).run(list(by.values()))
    # lav shares the rare لافروف with lav2 only: that outranks the common names
    assert by["lav"].related[0] is by["lav2"]
    # ties (the same shared entities) go newest first
    assert [a.slug for a in by["r0"].related[:3]] == ["lav", "r3", "r2"]


def test_entities_of_too_many_articles_do_not_relate_them():
    by = related_archive()
    Builder({**SETTINGS, "ENTITIES_RELATED_MAX_ARTICLES": 3}).run(list(by.values()))
    # كيري and موسكو are in 5 articles (more than 3): only لافروف relates articles now
    assert [a.slug for a in by["lav"].related] == ["lav2"]
    assert by["r0"].related == []


def test_each_linked_body_is_known_by_a_key_of_the_site_and_the_article():
    def run(titles):
        arts = [article(s, t, f"<p>زار جون كيري {t}.</p>", d) for s, t, d in zip("ab", titles, (18, 19))]
        Builder(SETTINGS).run(arts)
        assert all(a.linked_body[0] is a._content for a in arts)  # the body as linking left it
        return [a.linked_body[1] for a in arts]

    first = run(["موسكو", "الرياض"])
    assert len(set(first)) == 2 and run(["موسكو", "الرياض"]) == first
    again = run(["موسكو", "جدة"])  # b's body changed, and with it the site: both keys change
    assert again[1] != first[1] and again[0] != first[0]
    reworded = run(["موسكو", "الرياض اليوم"])  # b's body changed, its names did not: its key alone
    assert reworded[1] != first[1] and reworded[0] == first[0]


def test_a_build_whose_site_linking_is_kept_does_not_load_the_gazetteer(tmp_path, monkeypatch):
    from entities.gazetteer import Gazetteer

    settings = {**SETTINGS, "PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "cache")}

    def articles():
        return [article("a", "كيري في موسكو", "<p>قال جون كيري إن موسكو شريك.</p>", 18)]

    first = articles()
    Builder(settings).run(first)
    real_load = Gazetteer.load
    monkeypatch.setattr(Gazetteer, "load", lambda: pytest.fail("the gazetteer was loaded"))
    again, builder = articles(), Builder(settings)
    builder.run(again)
    assert "linker" not in builder.__dict__
    assert linked_html(again[0]) == linked_html(first[0]) and 'class="entity' in linked_html(again[0])
    assert again[0].linked_body[1] == first[0].linked_body[1]
    # the editors' file is part of what the linker is made from: a new one links again
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "entities.toml").write_text('[[entity]]\nname = "جون كيري"\ntype = "PERS"\nslug = "kerry"\n',
                                                        encoding="utf-8")
    monkeypatch.setattr(Gazetteer, "load", real_load)
    edited, builder = articles(), Builder(settings)
    builder.run(edited)
    assert "linker" in builder.__dict__ and 'href="entities/kerry.html"' in linked_html(edited[0])
