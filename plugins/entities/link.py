"""Linking mentions to canonical entities.

A mention's *key* is its text with proclitics and titles removed, normalised (hamza,
alef, ة/ه, ى/ي, diacritics, tatweel folded by ``arabic.normalize``) and with a few
spelling variants folded (``الأميركي`` = ``الأمريكي``). Keys are looked up in, in order:
the editors' file (content/entities.toml), the shipped gazetteer, the full names of
people mentioned earlier in the same article (``كيري`` after ``جون كيري``) and, for a
lone first name tagged as a person, the one curated person with that first name
(``بشار`` -> ``بشار الأسد``); otherwise the key itself identifies a new entity. A
lone surname is never linked to a curated person on its own (``الأسد`` may be the
animal): only :func:`propagate_names` links it, inside an article naming the person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from arabic import iter_words, normalize, strip_marks

from .gazetteer import TITLES, Gazetteer
from .recognize import Mention

_VARIANTS = [
    (re.compile("اميرك"), "امريك"),  # الأميركي = الأمريكي
    (re.compile("^ال(?=ولايات المتحد)"), "ال"),
]


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The linking key of a name: normalised words joined by one space, variants folded
    (names repeat across articles: memoised)."""
    k = " ".join(normalize(w) for w in iter_words(text))
    for rx, rep in _VARIANTS:
        k = rx.sub(rep, k)
    return k


def display(text: str) -> str:
    """A surface form fit to show: marks and tatweel removed, spaces collapsed."""
    return " ".join(strip_marks(text).split())


def strip_titles(m: Mention) -> Mention:
    """Drop leading titles (الرئيس، وزير …) from a person mention; offsets adjusted."""
    if m.type != "PERS":
        return m
    start, text = m.start, m.text
    while True:
        mt = re.match(r"\s*(\S+)\s+", text)
        if not mt or normalize(mt.group(1)) not in TITLES:
            break
        start += mt.end()
        text = text[mt.end():]
    return m if start == m.start else Mention(start, m.end, m.type, text)


@dataclass(slots=True)
class Candidate:
    """An entity whose name and type are fixed by the gazetteer or the editors."""

    key: str
    name: str
    type: str
    name_en: str = ""
    wikidata: str = ""
    slug: str = ""


class Linker:
    """Maps mention keys to entity keys; shared by all articles of a build."""

    def __init__(self, gazetteer: Gazetteer, overrides=None):
        self.gazetteer = gazetteer
        self.overrides = overrides
        self.alias: dict[str, str] = {}  # folded form -> entity key
        self.pinned: dict[str, Candidate] = {}
        self.firstname: dict[str, set[str]] = defaultdict(set)
        for e in gazetteer.entries:
            if e.source == "cldr-city":  # tagger features only
                continue
            self._pin(e.name, e.type, e.forms, e.name_en, e.wikidata, overwrite=False)
            if e.type == "PERS" and e.source == "curated":
                words = fold(e.name).split()
                if len(words) > 1:
                    self.firstname[words[0]].add(fold(e.name))
        self.suppressed: set[str] = set()
        if overrides is not None:
            overrides.apply(self)

    def _pin(self, name, typ, forms, name_en="", wikidata="", overwrite=True, slug=""):
        k = fold(name)
        c = self.pinned.get(k)
        if c is None:
            c = self.pinned[k] = Candidate(k, name, typ, name_en, wikidata, slug)
        elif overwrite:
            c.name, c.type = name or c.name, typ or c.type
            c.name_en, c.wikidata = name_en or c.name_en, wikidata or c.wikidata
            c.slug = slug or c.slug
        for f in forms:
            fk = fold(f)
            if overwrite or fk not in self.alias:
                self.alias[fk] = k
        self.alias.setdefault(k, k)
        return c

    def resolve(self, form_key: str) -> str | None:
        return self.alias.get(form_key)

    def link_article(self, mentions: list[Mention], before: list[Mention] = ()) -> list[tuple[Mention, str]]:
        """(mention, entity key) for the mentions of one text, in text order.

        ``before`` are the mentions of a text read first (the title): a full name
        there lets a surname alone in ``mentions`` link to it. Only ``mentions``
        are returned (link the title with a call of its own).
        """
        full_people: dict[str, str] = {}  # word of a multi-word person name -> entity key
        self._link(sorted(before, key=lambda m: (m.start, m.end)), full_people)
        return self._link(sorted(mentions, key=lambda m: (m.start, m.end)), full_people)

    def _link(self, mentions: list[Mention], full_people: dict[str, str]) -> list[tuple[Mention, str]]:
        out: list[tuple[Mention, str]] = []
        for m0 in mentions:
            m = strip_titles(m0)
            k = fold((m.form or m.text) if m.start == m0.start else m.text)
            if not k or k in self.suppressed:
                continue
            ent = self.resolve(k)
            words = k.split()
            if ent is None and len(words) == 1:
                w = words[0]
                if w in full_people:
                    ent = full_people[w]
                elif m.type == "PERS" and len(self.firstname.get(w, ())) == 1:
                    ent = next(iter(self.firstname[w]))
            if ent is None:
                ent = k
            if ent in self.suppressed:
                continue
            typ = self.pinned[ent].type if ent in self.pinned else m.type
            if typ == "PERS" and len(ent.split()) > 1:
                ws = ent.split()
                written = m.text.split()
                for w, wr in ((ws[-1], written[-1]), (ws[0], written[0])):
                    if surname_like(wr) and len(written) > 1:
                        full_people.setdefault(w, ent)
            out.append((m, ent))
        return out


_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
# A word opening with a preposition or conjunction glued to the article is not a surname.
_CLITIC_ARTICLE = ("لل", "وال", "بال", "فال", "كال")


def spelling(word: str) -> str:
    """A word as written, up to diacritics, tatweel and hamza on alef: ``على`` stays
    distinct from ``علي`` and ``ة`` from ``ه``, unlike :func:`fold`."""
    return strip_marks(word).translate(_ALEFS)


def surname_like(written: str) -> bool:
    return len(written) > 2 and not written.startswith(_CLITIC_ARTICLE) and normalize(written) not in TITLES


@lru_cache(maxsize=1 << 16)
def _readings(token: str) -> tuple[tuple[int, str], ...]:
    """(offset in ``token``, spelling) of the token whole, then of each proclitic split,
    longest first: the forms in which a surname can occur (words repeat: memoised)."""
    from arabic.clitics import proclitic_splits

    from .recognize import _orig_offset

    out = [(0, spelling(token))]
    out += [(_orig_offset(token, sp.prefix), spelling(sp.base)) for sp in proclitic_splits(strip_marks(token))]
    return tuple(out)


def propagate_names(blocks: list[tuple[int, str]], linked: list[tuple[Mention, str]], names: dict[str, str] | None = None) -> list[tuple[Mention, str]]:
    """Later one-word mentions of people already named in full in the same text.

    The tagger often misses a surname repeated alone (``الأسد`` after ``بشار الأسد``,
    ``للأسد``). For each person named with several words, later occurrences of the
    surname exactly as written there (up to hamza and diacritics; proclitics allowed),
    not inside another mention, are added. A surname two people of the text share is
    ambiguous and skipped. ``blocks`` are (offset, text) pieces of one plain text;
    ``names`` gives canonical names (for a person met as ``بشار`` alone).
    """
    from arabic import tokenize

    names = names or {}
    first_at: dict[str, tuple[str, int]] = {}  # written surname -> (entity key, first offset)
    owners = defaultdict(set)
    for m, k in linked:
        if m.type != "PERS" or len(k.split()) < 2:
            continue
        words = m.text.split()
        if len(words) < 2:
            words = names.get(k, "").split()  # بشار alone, linked to بشار الأسد
            if len(words) < 2:
                continue
        written = spelling(words[-1])
        if not surname_like(written):
            continue
        owners[written].add(k)
        if written not in first_at or m.start < first_at[written][1]:
            first_at[written] = (k, m.start)
    first_at = {w: v for w, v in first_at.items() if len(owners[w]) == 1}
    if not first_at:
        return []
    taken = sorted((m.start, m.end) for m, _ in linked)
    out = []
    # spelling() maps or drops single characters, and a split's base is the end of its
    # token, with the article's alef restored after لل. So a block in whose spelling no
    # surname occurs (less that alef) holds none (most blocks), nor a token whose
    # spelling does not end so; its last character tells first (a mark, spelt as
    # nothing, or the last letter of such an ending: surnames are over two letters).
    ends = tuple(w[1:] if w.startswith("ا") else w for w in first_at)
    last_letters = {e[-1] for e in ends}
    may_end: dict[str, bool] = {}
    for off, text in blocks:
        spelt = spelling(text)
        if not any(e in spelt for e in ends):
            continue
        for t in tokenize(text):
            last = t.text[-1]
            may = may_end.get(last)
            if may is None:
                sp = spelling(last)
                may = may_end[last] = not sp or sp[-1] in last_letters
            if not may or not spelling(t.text).endswith(ends):
                continue
            hit = next(((pre, w) for pre, w in _readings(t.text) if w in first_at), None)
            if hit is None:
                continue
            k, first = first_at[hit[1]]
            start = off + t.start + hit[0]
            end = off + t.end
            if start <= first or any(a < end and start < b for a, b in taken):
                continue
            out.append((Mention(start, end, "PERS", text[start - off:end - off], hit[1]), k))
    return out
