"""search.documents.html_to_text: its fast way (one pattern) gives what html.parser
gives, on real bodies and on generated fragments, odd ones included."""

import re
import sys

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from search.documents import _parsed, html_to_text

TAGS = ["p", "P", "a", "br", "div", "em", "li", "span", "h2", "script", "style", "title", "x-y", "blockquote"]
ATTRS = st.sampled_from(['', ' class="entity"', " href='x>y'", ' title="a > b"', " data-x=1", " hidden",
                         ' href = "&amp;q"', ' a="<"', " b=c/d"])
TEXT = st.lists(st.sampled_from(list("قال جون\u00a0\t\n&;#<>/x1") + ["&amp;", "&lt;", "&#1576;", "&nbsp;", "&am",
                                                                  "amp;", "\u2028"]),
                max_size=12).map("".join)


@st.composite
def fragments(draw):
    out = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 9))
        tag = draw(st.sampled_from(TAGS))
        if kind < 4:
            out.append(draw(TEXT))
        elif kind < 7:
            out.append(f"<{tag}{draw(ATTRS)}{draw(st.sampled_from(['', '/', ' ']))}>")
        elif kind < 9:
            out.append(f"</{tag}{draw(st.sampled_from(['', ' ', ' x']))}>")
        else:
            out.append(draw(st.sampled_from(["<!-- c -->", "<!doctype html>", "< p>", "<", "<![CDATA[x]]>", "</>"])))
    return "".join(out)


@settings(max_examples=3000, deadline=None)
@given(fragments())
def test_the_fast_way_matches_the_parser(html):
    assert html_to_text(html) == _parsed(html)


def test_real_bodies_match_the_parser(root):
    bodies = [markdown.markdown(p.read_text(encoding="utf-8").partition("\n\n")[2])
              for p in sorted((root / "content" / "news").glob("*.md"))]
    assert len(bodies) > 250
    for body in bodies:
        assert html_to_text(body) == _parsed(body)


def test_str_split_whitespace_is_the_whitespace_of_re():
    space = re.compile(r"\s")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(space.match(c)) != c.isspace()] == []
