"""Direct quotations and who said them.

A quotation is text inside “ ”, « » or straight "…" quotes of at least
``min_words`` words (shorter ones are scare quotes and titles: «الحشد الشعبي»).
Its speaker is found in the same sentence:

- a speech verb before the quote and the words that follow it, up to the first word
  that ends a subject (``إن``, ``أن``, ``في``, ``أمس``, ``للصحفيين``, ``:`` …):
  ``وقال البنتاغون “…”``, ``وقالت المتحدثة باسم الوزارة ماريا زاخاروفا “…”``,
  ``وأضاف كيري في مستهل محادثات … “…”``;
- or, when the verb has no subject after it, the subject before it
  (``مهاب مميش، رئيس هيئة القناة، قال …``, ``لكن القاضي وائل عبد اللطيف أكد …``), the
  subject of the sentence's first verb (``وأصدرت اللجنة … بيانًا قالت فيه: «…»``) or the
  name between ``عن`` and ``قوله`` (``ونقلت الصحيفة عن صاحب المطعم حسن قوله «…»``);
- or a speech verb right after it: ``«…»، قال العبادي``, ``«…» بحسب الوزارة``;
- a verb with no subject (``وأضاف أن «…»``, ``قائلا: «…»``) takes the previous speaker
  named with a speech verb in the article, quoted or not.

Matching runs on normalised text (:func:`arabic.normalize`); offsets and the quoted
and speaker text are reported from the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from arabic import normalize
from arabic.offsets import normalize_with_offsets
from arabic.tokens import WORD_RE

_VERBS = [
    "قال", "قالت", "يقول", "تقول", "اضاف", "اضافت", "يضيف", "تضيف", "اوضح", "اوضحت",
    "يوضح", "توضح", "اكد", "اكدت", "يوكد", "توكد", "صرح", "صرحت", "تابع", "تابعت",
    "ذكر", "ذكرت", "اعلن", "اعلنت", "اعتبر", "اعتبرت", "شدد", "شددت", "اشار", "اشارت",
    "لفت", "لفتت", "كشف", "كشفت", "بينت", "ختم", "ختمت", "استطرد", "استطردت",
    "اردف", "اردفت", "علق", "علقت", "يعلق", "تعلق", "حذر", "حذرت", "نوه", "نوهت",
    "اعرب", "اعربت", "افاد", "افادت", "كتبت", "غرد", "غردت", "ابلغ", "ابلغت",
    "اكمل", "اكملت", "قالوا", "اضافوا", "اكدوا", "ذكروا", "يشير", "تشير", "يذكر",
    "تذكر", "يعتبر", "تعتبر", "يلفت", "يشدد", "تشدد", "يكشف", "يعلن", "تعلن", "يتابع",
    "أجاب", "أجابت", "يجيب", "تجيب",
]
# ("بين" between, "زاد" increased, "رأى"/"رأي" opinion, "كتب" books: too ambiguous.)
_PARTICIPLES = [
    "قائلا", "قائله", "مضيفا", "مضيفه", "موكدا", "موكده", "موضحا", "موضحه", "مشيرا",
    "مشيره", "معتبرا", "معتبره", "لافتا", "لافته", "مشددا", "مشدده", "متابعا",
    "متابعه", "مستطردا", "منوها", "محذرا", "معربا", "مردفا", "مختتما", "قائلين",
    "القول", "بالقول", "قائلة", "مؤكدا", "مؤكدة",
]
# "عن X قوله «…»": the speaker sits between عن and قوله.
_QAWL = {"قوله", "قولها", "قولهم", "قولهما"}
_AFTER = ["بحسب", "حسب", "حسبما", "وفق", "وفقا", "طبقا", "على لسان"]
# Words that end a subject phrase after a speech verb.
_STOPS = set("""
ان انه انها انهم بان بانه بانها ان ما في فى خلال امام مع الي على علي عبر حول بعد
عقب اثناء قبل امس اليوم غدا ايضا كذلك حينها وقتها بدوره بدورها منذ لدى لدي الذي
التي الذين ردا تعليقا تصريح تصريحات تصريحه تصريحها كلمه كلمته كلمتها فيه فيها
جانبه جانبها جانبهم جهته جهتها ناحيته ناحيتها
لقاء مقابله حديث حديثه حديثها يوم الاحد الاثنين الثلاثاء
الاربعاء الخميس الجمعه السبت اول الاول خلاله لها له لهم للصحفيين للصحافيين
وان وانه انما لكن ثم حين حيث عندما بينما بشان ازاء بخصوص نحو وسط واضاف اذ
قوله قولها قولهم هذا هذه ذلك تلك السياق الصدد اخيرا مجددا
""".split() + _PARTICIPLES)
_STOPS = {normalize(w) for w in _STOPS}
_PARTICLES = {"لكن", "ولكن", "كما", "بينما", "فيما", "اما", "ثم", "غير", "الا", "بل"}
# "صباح أمس", "مساء الجمعة" end a subject; "صباح البزوني" is a name.
_TIME_HEADS = {"صباح", "مساء", "ليل", "ليله", "فجر", "ظهر", "عصر"}
# Words that cannot open a subject ("أكد من جانبه", "قال هو").
_PRONOUN_SUBJECTS = {"هو", "هي", "هم", "بدوره", "بدورها", "من"}
_PUNCT_STOP = re.compile(r"[:،,؛;(\[«“”\"\-–—.!?؟\n]")
# Straight quotes pair only when the opener starts a word and the closer ends one,
# so that a missing mark does not swallow the text between two quotations.
_QUOTE_RE = re.compile(
    r"“([^“”\n]+)”|«([^«»\n]+)»|”([^“”\n]+)“"
    r"|(?:(?<=^)|(?<=[\s(\[:،,])|(?<=\s[وبل])|(?<=^[وبل]))\"(?=\S)([^\"\n]+?)(?<=\S)\""
    r"(?=$|[\s.،,:;؛)!?؟\-])",
    re.M,
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_FULL_STOPS = ".!?؟؛"
_SENTENCE_END = re.compile(rf"[{_FULL_STOPS}](?=\s|$)|\n")
_CLITIC = ("و", "ف")


def _kinds() -> dict[str, str]:
    """Normalised token -> "verb" (قال, وأضاف) or "participle" (قائلا): the word itself
    first, then without a و or ف clitic (tokens longer than three letters), a verb
    before a participle. One lookup per token of every article that quotes."""
    verbs, participles = {normalize(v) for v in _VERBS}, {normalize(v) for v in _PARTICIPLES}
    kinds: dict[str, str] = {}
    for words, kind in ((participles, "participle"), (verbs, "verb")):  # later wins
        kinds.update((c + w, kind) for c in _CLITIC for w in words if len(c + w) > 3)
    for words, kind in ((participles, "participle"), (verbs, "verb")):
        kinds.update((w, kind) for w in words)
    return kinds


_verb_kind = _kinds().get  # token -> "verb", "participle" or None
_AFTER_RE = re.compile(r"(?<!\w)(?:و)?(?:" + "|".join(
    re.escape(a).replace("\\ ", r"\s+") for a in sorted(_AFTER, key=len, reverse=True)) + r")(?!\w)")


@dataclass(slots=True)
class Quote:
    text: str  # the quoted words, without the quote marks
    start: int  # span of the quotation, marks included, in the searched text
    end: int
    speaker: str | None = None  # the subject phrase as written ("المتحدثة باسم الوزارة ماريا زاخاروفا")
    speaker_start: int | None = None  # its span (for "previous", in an earlier sentence)
    speaker_end: int | None = None
    how: str = ""  # "before" | "after" | "previous" | "" (unattributed)
    entity: object | None = None  # linked entity (see link_speakers)
    words: int = 0  # words inside the quotation marks

    @property
    def attributed(self) -> bool:
        return self.speaker is not None

    @property
    def speaker_name(self) -> str | None:
        """Display name: the linked entity's name, else the subject phrase."""
        if self.entity is not None:
            return getattr(self.entity, "name", None) or self.speaker
        return self.speaker


def _subject(norm: str, start: int, limit: int, max_words: int = 10) -> tuple[int, int] | None:
    """Span (in norm) of the subject phrase starting at ``start``, before ``limit``."""
    seg = norm[start:limit]
    cut = _PUNCT_STOP.search(seg)
    if cut:
        seg = seg[: cut.start()]
    first = last = None
    count = 0
    words = list(WORD_RE.finditer(seg))
    for i, m in enumerate(words):
        w = m.group()
        bare = w[1:] if w[:1] in _CLITIC and len(w) > 2 else w
        if (w in _STOPS or bare in _STOPS or len(w) == 1
                or (w.startswith("لل") and len(w) > 4)):
            break
        if bare in _TIME_HEADS and (i + 1 == len(words) or words[i + 1].group() in _STOPS):
            break
        if count == 0 and w in _PRONOUN_SUBJECTS:
            break
        if first is None:
            first = m.start()
        last = m.end()
        count += 1
        if count >= max_words:
            break
    if first is None:
        return None
    return start + first, start + last


class _SentenceStarts:
    """Where the sentence holding a position of ``masked`` starts: the end of the last
    sentence end (:data:`_SENTENCE_END`) in the text before it, read as if the text
    stopped there (a stop just before the position ends a sentence whatever follows
    it). The ends are found once, not again for every verb and quotation."""

    def __init__(self, masked: str):
        self.masked = masked
        self.ends = [m.end() for m in _SENTENCE_END.finditer(masked)]

    def __call__(self, pos: int) -> int:
        if pos and self.masked[pos - 1] in _FULL_STOPS:
            return pos
        k = bisect_right(self.ends, pos)
        return self.ends[k - 1] if k else 0


def _subject_before(masked: str, verb_start: int, sentence_start: _SentenceStarts) -> tuple[int, int] | None:
    """SVO order: "مهاب مميش، رئيس هيئة القناة، قال …" -> the phrase opening the sentence."""
    s0 = sentence_start(verb_start)
    first = WORD_RE.search(masked, s0, verb_start)
    # "لكن وزير … عبد اللطيف أكد": skip a discourse particle before the subject.
    after_particle = False
    while first is not None and first.group() in _PARTICLES:
        s0, after_particle = first.end(), True
        first = WORD_RE.search(masked, s0, verb_start)
    if first is None or _verb_kind(first.group()) or first.group() in ("عن", "وعن"):
        return None
    # A sentence opening with و/ف is verb-first ("وانتقد قطان … وقال"), unless a particle
    # came before ("لكن وزير …").
    if first.group()[:1] in _CLITIC and not after_particle:
        return None
    return _subject(masked, s0, verb_start, max_words=14)


_DOCUMENT_NOUNS = {"بيانا", "تدوينه", "رساله", "تغريده", "خطابا", "مقالا", "تقريرا", "منشورا"}


def _subject_of_document(masked: str, ev, sentence_start: _SentenceStarts) -> tuple[int, int] | None:
    """"وأصدرت اللجنة … بيانًا قالت فيه: «…»" -> the subject of the sentence's first verb."""
    after = WORD_RE.match(masked, ev[1] + 1) if ev[1] < len(masked) else None
    if after is None or after.group() not in ("فيه", "فيها"):
        return None
    s0 = sentence_start(ev[0])
    first = WORD_RE.search(masked, s0, ev[0])
    if first is None or first.group()[:1] not in _CLITIC:
        return None
    span = _subject(masked, first.end(), ev[0], max_words=8)
    if span is None:
        return None
    # Stop before the document noun ("بيانًا", "تدوينة").
    end = span[0]
    for m in WORD_RE.finditer(masked, span[0], span[1]):
        if m.group() in _DOCUMENT_NOUNS:
            break
        end = m.end()
    return (span[0], end) if end > span[0] else None


def find_quotes(text: str, min_words: int = 4) -> list[Quote]:
    """The direct quotations of ``text`` with their speakers, in text order."""
    norm, origin = normalize_with_offsets(text)
    spans = []
    for m in _QUOTE_RE.finditer(norm):
        inner = next(g for g in m.groups() if g is not None)
        spans.append((m.start(), m.end(), len(WORD_RE.findall(inner))))
    if not any(n >= min_words for _, _, n in spans):
        return []  # a third of agency articles: no speech verb need be looked for
    # Mask every quotation (short ones too) so that verbs and sentence ends inside
    # quoted text do not count; keep the length so offsets stay valid.
    parts, at = [], 0
    for a, b, _ in spans:
        parts += [norm[at : a + 1], _NOT_NEWLINE.sub("x", norm[a + 1 : b - 1])]
        at = b - 1
    masked = "".join([*parts, norm[at:]])
    sentence_start = _SentenceStarts(masked)

    # Every speech verb in the text, with its subject phrase when it has one.
    events: list[tuple[int, int, str, tuple[int, int] | None]] = []
    words = list(WORD_RE.finditer(masked))
    for i, m in enumerate(words):
        word = m.group()
        if word in _QAWL:
            s0 = sentence_start(m.start())
            an = [w for w in words[max(0, i - 11):i] if w.group() == "عن" and w.start() >= s0]
            if an:
                j = words.index(an[-1])
                if j + 1 < i:
                    events.append((m.start(), m.end(), "verb", (words[j + 1].start(), words[i - 1].end())))
                    continue
        kind = _verb_kind(word)
        if kind:
            limit = next((a for a, _, _ in spans if a >= m.end()), len(masked))
            subj = _subject(masked, m.end(), limit) if kind == "verb" else None
            events.append((m.start(), m.end(), kind, subj))

    def orig(a: int, b: int) -> str:
        return text[origin[a]:origin[b]].strip()

    quotes: list[Quote] = []
    for a, b, n in spans:
        if n < min_words:
            continue
        inner = orig(a + 1, b - 1)
        q = Quote(inner, origin[a], origin[b], words=n)
        s0 = sentence_start(a)
        before = [e for e in events if s0 <= e[0] and e[1] <= a]
        subj = None
        if before:
            ev = before[-1]
            subj = ev[3]
            if subj is None and ev[2] == "verb":
                subj = _subject_before(masked, ev[0], sentence_start) or _subject_of_document(masked, ev, sentence_start)
            if subj is not None:
                q.how = "before"
            else:
                prev = [e for e in events if e[0] < ev[0] and e[3] is not None]
                if prev:
                    subj = prev[-1][3]
                    q.how = "previous"
        else:
            # "«…»، قال العبادي" / "«…» بحسب الوزارة"
            tail = masked[b:b + 40]
            mt = re.match(r"[\s،,]*", tail)
            pos = b + mt.end()
            mv = WORD_RE.match(masked, pos)
            if mv and _verb_kind(mv.group()) == "verb":
                subj = _subject(masked, mv.end(), len(masked))
            else:
                ma = _AFTER_RE.match(masked, pos)
                if ma:
                    subj = _subject(masked, ma.end(), len(masked))
            if subj is not None:
                q.how = "after"
        if subj is not None:
            q.speaker = orig(*subj)
            q.speaker_start, q.speaker_end = origin[subj[0]], origin[subj[1]]
        quotes.append(q)
    return quotes


def speaker_names(ent) -> tuple[str, str, tuple[str, ...]]:
    """What :func:`link_speakers` reads of an article entity: its name, type and
    aliases (on the object, or on the site-wide entity it wraps: entities plugin)."""
    aliases = getattr(ent, "aliases", None) or getattr(getattr(ent, "entity", None), "aliases", None) or ()
    return getattr(ent, "name", ""), getattr(ent, "type", ""), tuple(aliases)


def link_speakers(quotes: list[Quote], entities) -> None:
    """Set ``quote.entity`` to the article entity named in the speaker phrase.

    ``entities`` are objects with ``.name`` (and optionally ``.aliases``); the longest
    name or alias found inside the normalised speaker phrase wins, and for people the
    last word of the name (``كيري`` for ``جون كيري``) counts as a name too.
    """
    if not any(q.speaker for q in quotes):
        return  # most articles: the entity index below would be built for nothing
    index: list[tuple[str, str, object]] = []  # (" word word ", " الword word ", entity)
    for ent in entities or []:
        index += [(key, defined, ent) for key, defined in _name_keys(*speaker_names(ent))]
    for q in quotes:
        if not q.speaker:
            continue
        words = _phrase(q.speaker)
        best = None
        for key, defined, ent in index:
            if key in words or defined in words:
                if best is None or len(key) > len(best[0]):
                    best = (key, ent)
        q.entity = best[1] if best else None


@lru_cache(maxsize=1 << 14)
def _name_keys(name: str, kind: str, aliases: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The phrases an entity is named by in a speaker phrase, each also with the
    definite article (entities recur in article after article: memoised)."""
    phrases = [_phrase(n) for n in (name, *aliases) if n]
    if kind == "PERS" and name:
        parts = normalize(name).split()
        if len(parts) > 1 and len(parts[-1]) > 2:
            phrases.append(_phrase(parts[-1]))
    return tuple((key, f" ال{key.strip()} ") for key in phrases if key.strip())


@lru_cache(maxsize=1 << 14)
def _phrase(text: str) -> str:
    """The words of ``text`` normalised, one space between them and around them
    (entity names recur in article after article: memoised)."""
    return f" {' '.join(WORD_RE.findall(normalize(text)))} "
