"""Name lists shipped with the annotator: CLDR territory names and curated entities.

Two sources, both offline:

* the Arabic territory names of CLDR through Babel (``babel.Locale('ar').territories``),
  with their English names, typed LOC, and CLDR's Arabic exemplar city names (features only);
* ``data/entities.tsv``, a curated list of people, places and organisations of modern
  news, with aliases and, when known, an English name and a Wikidata id.

The tagger uses them as features (:meth:`Gazetteer.word_types`,
:meth:`Gazetteer.match_features`); the annotator uses the curated entries, which are
unambiguous by construction, as a dictionary (:meth:`Gazetteer.find`); the linker uses
them to unify variants under one canonical entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from arabic import iter_words, normalize
from arabic.clitics import light_stem, proclitic_splits

DATA = Path(__file__).resolve().parent / "data"
FILES = ("entities.tsv", "titles.txt")  # the data files under DATA that the gazetteer reads
TYPES = ("PERS", "LOC", "ORG", "MISC")
# Territory codes whose Arabic name is also a common word or needs context.
_AMBIGUOUS_TERRITORIES = {"ML", "BJ", "CV", "GE", "TG", "CG", "CD", "DM", "SX", "MF", "BL", "TA", "DG", "EA", "IC", "AC", "CP", "QO", "EZ", "UN"}


@dataclass
class Entry:
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    name_en: str = ""
    wikidata: str = ""
    source: str = "curated"  # or "cldr"

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


def _load_titles() -> frozenset[str]:
    out = set()
    for line in (DATA / "titles.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(normalize(line))
    return frozenset(out)


#: Titles and roles that precede names but are not part of them (normalised).
TITLES = _load_titles()


def key(text: str) -> tuple[str, ...]:
    """The lookup key of a name: normalised words (hamza, ة, ى, diacritics folded)."""
    return tuple(normalize(w) for w in iter_words(text))


# Foreign names write the hard g as غ, ج or ك (هونغ كونغ، هونج كونج): one letter for features.
_G_FOLD = str.maketrans({"غ": "ج"})


def feature_stem(word: str, stem: str | None = None) -> str:
    """Light stem with the g-letters folded, for gazetteer features only (``stem``:
    ``light_stem(word)``, when the caller has it already)."""
    return (light_stem(word) if stem is None else stem).translate(_G_FOLD)


def stem_key(text: str) -> tuple[str, ...]:
    return tuple(feature_stem(w) for w in key(text))


def read_tsv(path: Path) -> list[Entry]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t") + [""] * 5
            typ, name, aliases, en, qid = (c.strip() for c in cols[:5])
            if typ not in TYPES:
                raise ValueError(f"{path.name}: bad type {typ!r} in line {line!r}")
            out.append(Entry(typ, name, [a.strip() for a in aliases.split("|") if a.strip()], en, qid))
    return out


def territories() -> list[Entry]:
    from babel import Locale

    ar, en = Locale("ar").territories, Locale("en").territories
    out = []
    for code in sorted(ar):
        if not code.isalpha() or code in _AMBIGUOUS_TERRITORIES:
            continue
        name = ar[code].split("(")[0].strip()  # هونغ كونغ الصينية (منطقة إدارية خاصة)
        if not name:
            continue
        out.append(Entry("LOC", name, [], en.get(code, ""), "", "cldr"))
    return out


def cities() -> list[Entry]:
    """CLDR's exemplar cities of time zones (``babel.Locale('ar').time_zones``), LOC:
    capitals and large cities the territory names miss (مدريد، الدار البيضاء، كراتشي).

    Tagger features only (source ``cldr-city``): some are also ordinary words or given
    names (نوم Nome, جوني Juneau), so they neither pin a type nor fill gaps.
    """
    from babel import Locale

    names = {z["city"] for z in Locale("ar").time_zones.values() if "city" in z}
    return [Entry("LOC", n, [], "", "", "cldr-city") for n in sorted(names) if "،" not in n and "غير" not in n]


class Gazetteer:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._words: dict[str, set[str]] = {}
        self._stem_trie: dict = {}
        self._dict: dict[tuple[str, ...], Entry] = {}
        self._first: set[str] = set()
        self.max_len = 1
        # A token's readings that begin a curated name recur with the token: memoised.
        self._firsts = lru_cache(maxsize=1 << 14)(self._first_readings)
        for e in entries:
            for form in e.forms:
                sk = stem_key(form)
                if not sk:
                    continue
                tag = e.type + ("1" if len(sk) == 1 else "p")
                for w in sk:
                    self._words.setdefault(w, set()).add(tag)
                node = self._stem_trie
                for w in sk:
                    node = node.setdefault(w, {})
                node.setdefault("$", e.type)
                if e.source == "curated":
                    k = key(form)
                    self._dict.setdefault(k, e)
                    self._first.add(k[0])
                    self.max_len = max(self.max_len, len(k))

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Gazetteer":
        return cls(read_tsv(DATA / "entities.tsv") + territories() + cities())

    def word_types(self, stem: str) -> list[str]:
        return sorted(self._words.get(stem, ()))

    def match_features(self, stems: list[str]) -> list[tuple[int, str]]:
        """B/I features of the longest gazetteer match starting at each position, as
        (position, feature) pairs in order: few tokens have one."""
        out: list[tuple[int, str]] = []
        trie, T = self._stem_trie, len(stems)
        i = 0  # where the next match may start
        for start in [k for k, w in enumerate(stems) if w in trie]:
            if start < i:
                continue
            node, best, j = trie, None, start
            while j < T and stems[j] in node:
                node = node[stems[j]]
                j += 1
                if "$" in node:
                    best = (j, node["$"])
            if best:
                end, typ = best
                out.append((start, f"gB={typ}"))
                out += ((k, f"gI={typ}") for k in range(start + 1, end))
                i = end
        return out

    def _first_readings(self, tok: str) -> tuple[tuple[int, str], ...]:
        """(proclitic length, word) of each reading of ``tok`` that begins a curated name."""
        firsts = [(0, tok)] if tok in self._first else []
        if tok[:1] in "وفبكل":
            firsts += [(s.prefix, s.base) for s in proclitic_splits(tok) if s.base in self._first]
        return tuple(firsts)

    def find(self, norm_tokens: list[str]) -> list[tuple[int, int, int, Entry]]:
        """Curated names in a token sequence: (start token, end token, proclitic length, entry).

        ``norm_tokens`` are normalised words. The first word of a name may carry
        proclitics (``وموسكو``, ``للولايات``); longest matches win, left to right.
        """
        out = []
        T = len(norm_tokens)
        readings = list(map(self._firsts, norm_tokens))
        i = 0  # where the next name may start
        for start in [k for k, r in enumerate(readings) if r]:
            if start < i:
                continue
            hit = None
            for L in range(min(self.max_len, T - start), 0, -1):
                tail = tuple(norm_tokens[start + 1 : start + L])
                for pre, first in readings[start]:
                    e = self._dict.get((first, *tail))
                    if e is not None:
                        hit = (start, start + L, pre, e)
                        break
                if hit:
                    break
            if hit:
                out.append(hit)
                i = hit[1]
        return out
