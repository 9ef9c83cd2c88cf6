"""Conservative light stemming of normalised Arabic words.

Not root extraction: only clitics and inflectional suffixes are removed, so that
``السورية``, ``بسوريا`` and ``سوريا`` meet, as do ``والمحادثات`` and ``محادثات``,
while words keep enough letters to stay distinguishable.

Input is a word already folded by :func:`arabic.normalize` (so ``ة`` is ``ه``,
``ى`` and ``ئ`` are ``ي``, hamza on alef is gone). ``arabic.js`` has the JavaScript
twin of every function here; the shared vectors in ``tests/search/vectors.json`` hold
both to the same output, so change the two together.

A single-letter proclitic (و ف ب ك ل) cannot be told from a word's own first letter
without a lexicon (``بسوريا`` against ``بشار``), so :func:`stems` gives every reading:
the word as typed and the word without the proclitic. The same holds for the endings
ين/ون/ان, plural markers in ``المسؤولين`` but part of the name in ``فلسطين``. Index and
query both get all readings, so a query matches whenever one reading is shared, and
the exact form, matching more readings, ranks first. The definite article combinations
(ال، وال، بال، لل …) and the other endings are taken as certain and stripped outright.
"""

from __future__ import annotations

# Article with the proclitics that can precede it, longest first.
ARTICLES = ("وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
CONJUNCTIONS = "وف"
PREPOSITIONS = "بكل"
# Pronoun suffixes (his/her/their/your), removed first, with the letters to keep.
PRONOUNS = (("هما", 3), ("كما", 3), ("ها", 3), ("هم", 3), ("كم", 3))
# Noun and verb endings, longest first: nisba with its plurals (سوري، سوريون، سورية,
# and the country سوريا), feminine ة (ه after folding), plurals, tanwin alef.
ENDINGS = (
    ("يين", 3),
    ("يون", 3),
    ("يات", 3),
    ("يه", 3),
    ("يا", 3),
    ("ات", 3),
    ("وا", 3),
    ("ي", 3),
    ("ه", 3),
    ("ا", 3),
)
# Endings that are as often part of the word (فلسطين، لبنان، سلمان): both readings.
AMBIGUOUS_ENDINGS = (("ين", 3), ("ون", 3), ("ان", 3))
# Stems of foreign names written in more than one way, folded to one spelling.
VARIANTS = {
    "اميرك": "امريك",  # أميركا / أمريكا
    "بنتاج": "بنتاغ",  # البنتاجون / البنتاغون
    "جوجل": "غوغل",
    "قوقل": "غوغل",
}
# Function words, in normalised spelling: dropped from index and queries.
STOPWORDS = frozenset(
    """
    في من الي علي عن ان انه انها الذي التي الذين اللذين اللتين اللواتي هذا هذه ذلك تلك
    هو هي هم هما نحن انا انت انتم هولاء اوليك كان كانت يكون تكون قد لقد لا ما لم لن
    مع بين او ام ثم كل بعد قبل حتي عند اذا اذ اي الا غير لدي منذ حيث كما لكن بل
    اما لان كي عليه عليها فيه فيها منه منها عنه عنها اليه اليها به بها له لها
    لهم بهم منهم عليهم فيهم ايضا هناك هنا تم وقد وفي ومن وعلي وان وهو وهي ولا وما يا
    """.split()
)
# Words that begin with ال without an article in them.
NOT_ARTICLE = frozenset({"الله", "اللهم"})
# Names written joined or apart (عبدالله / عبد الله): the head of such compounds.
COMPOUND_HEAD = "عبد"
MIN_ARTICLE_REST = 2
MIN_PROCLITIC_REST = 3


def _strip_one(word: str, suffixes) -> str:
    for suffix, keep in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)]
    return word


def _suffix_readings(word: str) -> list[str]:
    """Stems of one proclitic-free reading: one, or two for an ambiguous ending."""
    base = _strip_one(word, PRONOUNS)
    if base != word and base.endswith("ت") and not base.endswith("ات") and len(base) > 3:
        base = base[:-1]  # حكومتها: the ة of حكومة is written ت before a pronoun
    stem = _strip_one(base, ENDINGS)
    out = [stem]
    if stem == base:
        shorter = _strip_one(base, AMBIGUOUS_ENDINGS)
        if shorter != base:
            out.append(shorter)
    return [VARIANTS.get(s, s) for s in out]


def _strip_article(word: str) -> str | None:
    if word in NOT_ARTICLE:
        return None
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_ARTICLE_REST:
            return word[len(article) :]
    return None


def _compound(word: str) -> list[str]:
    """``عبدالعزيز`` is also written ``عبد العزيز``: give both parts as readings too."""
    if word.startswith(COMPOUND_HEAD) and word[len(COMPOUND_HEAD) :].startswith("ال"):
        rest = word[len(COMPOUND_HEAD) :]
        if len(rest) >= 4:
            return [COMPOUND_HEAD, rest]
    return []


def _readings(word: str) -> list[str]:
    """Every plausible reading of the word: proclitic readings, then compound parts."""
    readings = _proclitic_readings(word)
    return readings + [r for reading in readings for part in _compound(reading) for r in _proclitic_readings(part)]


def _proclitic_readings(word: str) -> list[str]:
    """The word without its proclitics, in every plausible reading, fullest first."""
    bare = _strip_article(word)
    if bare is not None:
        return [bare]
    readings = [word]
    if word[0] in CONJUNCTIONS and len(word) - 1 >= MIN_PROCLITIC_REST:
        readings.append(word[1:])
    for reading in list(readings):
        if reading[0] in PREPOSITIONS and len(reading) - 1 >= MIN_PROCLITIC_REST:
            readings.append(reading[1:])
    return readings


def is_arabic(word: str) -> bool:
    return any("\u0620" <= c <= "\u06ff" for c in word)


def stems(word: str) -> list[str]:
    """All index terms for one normalised word: [] for a stop word.

    Words with no Arabic letter (numbers, Latin) are returned unchanged.
    """
    if not word:
        return []
    if not is_arabic(word):
        return [word]
    if word in STOPWORDS or len(word) < 2:
        return []
    out: list[str] = []
    for reading in _readings(word):
        if reading in STOPWORDS:
            continue
        for stem in _suffix_readings(reading):
            if stem not in out:
                out.append(stem)
    return out

