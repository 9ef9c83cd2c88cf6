"""Article HTML: extract the plain text, and wrap entity mentions in links.

The HTML is split into tags and text runs without re-serialising it, so everything
that is not a wrapped mention stays byte for byte as it was. The *plain text* is the
concatenation of the text runs with character references decoded; offsets of
``article.mentions`` refer to it. Text inside ``a``, ``code``, ``pre``, ``kbd``,
``samp``, ``script``, ``style``, ``textarea`` and headings is never wrapped, and the
contents of ``code``/``pre``/``script``/``style`` are not annotated at all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^>]*>|</?[A-Za-z][^\s/>]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.S)
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_TAGNAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
NO_WRAP = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "h1", "h2", "h3", "h4", "h5", "h6", "title", "button", "select", "option", "svg", "math"})
NO_TEXT = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"})
BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td", "th", "hr", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "dl", "pre", "aside", "nav"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "base", "col", "embed", "param", "track"})


@dataclass
class Run:
    """One text run of the HTML: raw source ``raw`` at ``pos``, decoded ``text`` at
    plain-text offset ``start``; ``wrap`` says whether links may be put inside it,
    ``annotate`` whether its text is read at all, ``block`` the block it belongs to."""

    pos: int
    raw: str
    text: str
    start: int
    wrap: bool
    annotate: bool
    block: int
    # raw offset of each decoded char, plus the raw length at the end
    index: "list[int] | range"


def _decode(raw: str) -> tuple[str, "list[int] | range"]:
    if "&" not in raw:  # most runs: the text is the source, offsets map to themselves
        return raw, range(len(raw) + 1)
    out, index, i = [], [], 0
    for m in _CHARREF.finditer(raw):
        for j in range(i, m.start()):
            out.append(raw[j])
            index.append(j)
        dec = html.unescape(m.group())
        for ch in dec:
            out.append(ch)
            index.append(m.start())
        i = m.end()
    for j in range(i, len(raw)):
        out.append(raw[j])
        index.append(j)
    index.append(len(raw))
    return "".join(out), index


def runs(source: str) -> list[Run]:
    """The text runs of an HTML fragment with their context."""
    out: list[Run] = []
    stack: list[str] = []
    pos, plain, block = 0, 0, 0

    def add_text(a: int, b: int):
        nonlocal plain
        if a >= b:
            return
        raw = source[a:b]
        text, index = _decode(raw)
        out.append(Run(a, raw, text, plain, not any(t in NO_WRAP for t in stack), not any(t in NO_TEXT for t in stack), block, index))
        plain += len(text)

    for m in _TOKEN.finditer(source):
        add_text(pos, m.start())
        pos = m.end()
        tag = m.group()
        nm = _TAGNAME.match(tag)
        if not nm:
            continue
        name = nm.group(1).lower()
        if name in BLOCK:
            block += 1
        if tag.startswith("</"):
            # As HTML parsers do: close up to the matching element unless a block or
            # protected element stands in between (then the end tag is ignored).
            for k in range(len(stack) - 1, -1, -1):
                if stack[k] == name:
                    del stack[k:]
                    break
                if stack[k] in BLOCK or stack[k] in NO_WRAP:
                    break
        elif name not in VOID and not tag.endswith("/>"):
            stack.append(name)
    add_text(pos, len(source))
    return out


def plain_text(source: str) -> str:
    return "".join(r.text for r in runs(source))


def blocks(rs: list[Run]) -> list[tuple[int, str]]:
    """(plain-text offset, text) of each block of annotatable text; runs of one block
    (a paragraph with inline markup) are read together, blocks never are."""
    out: list[tuple[int, list[str]]] = []
    last = None
    for r in rs:
        if not r.annotate:
            last = None
            continue
        if last is not None and last[0] == r.block and last[1] == r.start:
            out[-1][1].append(r.text)
        else:
            out.append((r.start, [r.text]))
        last = (r.block, r.start + len(r.text))
    return [(s, "".join(parts)) for s, parts in out]


def locate(spans: list[tuple[int, int]], rs: list[Run]) -> list[tuple[int, int] | None]:
    """The source offsets ``(a, b)`` of each sorted plain-text span ``(start, end)``, or
    None for a span that does not lie inside one wrappable text run."""
    out: list[tuple[int, int] | None] = []
    ri = 0
    for start, end in spans:
        while ri < len(rs) and rs[ri].start + len(rs[ri].text) <= start:
            ri += 1
        r = rs[ri] if ri < len(rs) else None
        if r is None or not (r.wrap and r.start <= start and end <= r.start + len(r.text)):
            out.append(None)
            continue
        out.append((r.pos + r.index[start - r.start], r.pos + r.index[end - r.start]))
    return out


def insert(source: str, places: list[tuple[tuple[int, int], str]]) -> str:
    """``source`` with ``open_tag`` at ``a`` and ``</a>`` at ``b`` for each
    ``((a, b), open_tag)`` of :func:`locate` (the plain-text spans of which do not overlap)."""
    if not places:
        return source
    out, pos = [], 0
    for (a, b), t in places:  # in text order, as locate gives them: no sort
        if a < pos:
            return _insert_sorted(source, places)
        out += (source[pos:a], t, source[a:b], "</a>")
        pos = b
    out.append(source[pos:])
    return "".join(out)


def _insert_sorted(source: str, places: list[tuple[tuple[int, int], str]]) -> str:
    """:func:`insert` of ``places`` in any order."""
    inserts = sorted([(a, 1, t) for (a, _b), t in places] + [(b, 0, "</a>") for (_a, b), _t in places])
    out, pos = [], 0
    for p, _o, t in inserts:
        out.append(source[pos:p])
        out.append(t)
        pos = p
    out.append(source[pos:])
    return "".join(out)
