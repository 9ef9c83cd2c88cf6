"""Wrapping mentions in article HTML: only in text, never in links/code/attributes/headings,
and the text is unchanged character for character once the markup is stripped."""

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from entities.markup import blocks, insert, locate, plain_text, runs

A = '<a class="entity entity-LOC" href="entities/x.html" title="x">'


def wrap(source: str, spans: list[tuple[int, int, str]]) -> str:
    """``open_tag`` … ``</a>`` around the plain-text spans ``(start, end, open_tag)`` that
    lie inside one wrappable text run, as the entity plugin marks mentions up."""
    spans = sorted(spans)
    places = locate([(a, b) for a, b, _t in spans], runs(source))
    return insert(source, [(p, t) for p, (_a, _b, t) in zip(places, spans) if p is not None])


def strip(source: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", source))


def spans_for(source: str, word: str):
    text = plain_text(source)
    out, i = [], text.find(word)
    while i >= 0:
        out.append((i, i + len(word), A))
        i = text.find(word, i + len(word))
    return out


def test_plain_text_decodes_references():
    assert plain_text("<p>أ &amp; ب &#1605;</p>") == "أ & ب م"


def test_wraps_text_but_not_links_code_headings_or_attributes():
    source = (
        '<h2 id="موسكو">موسكو</h2>'
        '<p title="موسكو">زار موسكو و<a href="x.html">موسكو</a> <code>موسكو</code></p>'
        '<pre>موسكو</pre><p><img alt="موسكو"> موسكو</p>'
    )
    out = wrap(source, spans_for(source, "موسكو"))
    assert out.count(A) == 2
    assert '<a href="x.html">موسكو</a>' in out
    assert "<code>موسكو</code>" in out and "<pre>موسكو</pre>" in out
    assert '<h2 id="موسكو">موسكو</h2>' in out
    assert '<img alt="موسكو">' in out
    assert strip(out) == strip(source)


def test_entity_references_survive_byte_for_byte():
    source = "<p>&laquo;موسكو&raquo; &amp; واشنطن</p>"
    out = wrap(source, spans_for(source, "موسكو") + spans_for(source, "واشنطن"))
    assert out == f"<p>&laquo;{A}موسكو</a>&raquo; &amp; {A}واشنطن</a></p>"


def test_a_mention_across_inline_markup_is_not_wrapped():
    source = "<p><em>جون</em> كيري</p>"
    text = plain_text(source)
    assert wrap(source, [(0, len(text), A)]) == source


def test_blocks_do_not_run_paragraphs_together():
    bl = blocks(runs("<p>سوريا</p><p>روسيا <b>اليوم</b></p><pre>code</pre>"))
    assert [t for _o, t in bl] == ["سوريا", "روسيا اليوم"]


WORDS = ["موسكو", "سوريا", "&amp;", "&lt;", "&#1605;", " ", "،", "\n"]
TAGS = ["<p>", "</p>", "<em>", "</em>", '<a href="u">', "</a>", "<code>", "</code>", "<br>", '<span title="سوريا">', "</span>", "<h3>", "</h3>"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS + TAGS), max_size=40), st.data())
def test_wrapping_never_changes_the_text(parts, data):
    source = "".join(parts)
    text = plain_text(source)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    spans = [(cuts[i], cuts[i + 1], A) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]
    out = wrap(source, spans)
    assert strip(out) == strip(source)
    assert plain_text(out) == text
    # an entity link is never opened inside another link (or code, or a heading)
    stack = []
    for tag in re.findall(r"</?(?:a|code|h3|span|p)\b[^>]*>", out):
        name = re.match(r"</?(\w+)", tag).group(1)
        if tag == A:
            assert not [t for t in stack if t in ("a", "code", "h3")], stack
            stack.append("a")
        elif tag.startswith("</"):
            for k in range(len(stack) - 1, -1, -1):  # an end tag closes up to its element,
                if stack[k] == name:  # but not across a protected or block element
                    del stack[k:]
                    break
                if stack[k] in ("a", "code", "h3", "p"):
                    break
        else:
            stack.append(name)


def test_links_inserted_in_one_pass_as_by_sorting_every_tag():
    import random

    from entities.markup import _insert_sorted

    rng = random.Random(7)
    for _ in range(300):
        source = "".join(rng.choice("ab <>&ج") for _ in range(rng.randint(0, 40)))
        cuts = sorted(rng.sample(range(len(source) + 1), k=min(len(source) + 1, 2 * rng.randint(0, 5))))
        places = [((a, b), f'<a href="{i}">') for i, (a, b) in enumerate(zip(cuts[::2], cuts[1::2])) if a < b]
        assert insert(source, places) == _insert_sorted(source, places)
        rng.shuffle(places)  # out of text order: sorted first
        assert insert(source, places) == _insert_sorted(source, places)
    adjacent = [((0, 2), "<a 1>"), ((2, 4), "<a 2>")]
    assert insert("abcd", adjacent) == _insert_sorted("abcd", adjacent) == "<a 1>ab</a><a 2>cd</a>"
