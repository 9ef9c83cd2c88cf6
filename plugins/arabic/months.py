"""Arabic month and weekday names, for reading dates written in running text.

One table for the whole project: the seeds reader infers a publication date from
``اليوم الجمعة`` and the newsmeta date finder reads ``18 سبتمبر/ أيلول`` or
``شهر أغسطس/ آب 2014``. Names are listed as written in the press of each region
and keyed by their :func:`arabic.normalize` form, so ``أبريل``, ``ابريل`` and ``إبريل``
are one key.

- Gregorian names used in Egypt, the Gulf and most agencies (``سبتمبر``), with the
  Egyptian ``يونيه``/``يوليه``;
- Syriac names used in the Levant and Iraq (``أيلول``, ``تشرين الأول``), two words for
  four of them;
- Maghreb (Morocco: ``شتنبر``, ``غشت``) and Algeria/Tunisia (``جانفي``, ``أوت``) forms;
- Hijri months (``رمضان``, ``ذو الحجة``) in :data:`HIJRI_MONTHS`.

Some keys are also ordinary words (``آب``/``أب`` father, ``ماي``, ``صفر`` zero): a
finder must ask for context (a day number, ``شهر``, a year, a ``/`` pair) before it
trusts a bare month name.
"""

from __future__ import annotations

import re

from .normalize import normalize

_GREGORIAN = {
    1: ["يناير", "كانون الثاني", "جانفي", "ينير"],
    2: ["فبراير", "شباط", "فيفري", "فبرير"],
    3: ["مارس", "آذار"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "ابرايل"],
    5: ["مايو", "أيار", "ماي"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلية", "يوليوز"],
    8: ["أغسطس", "اغسطس", "آب", "أوت", "غشت", "أغشت"],
    9: ["سبتمبر", "أيلول", "شتنبر"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "أكتوبير"],
    11: ["نوفمبر", "تشرين الثاني", "نونبر"],
    12: ["ديسمبر", "كانون الأول", "دجنبر"],
}

_HIJRI = {
    1: ["محرم", "المحرم"],
    2: ["صفر"],
    3: ["ربيع الأول", "ربيع الاول"],
    4: ["ربيع الثاني", "ربيع الآخر"],
    5: ["جمادى الأولى", "جمادى الأول"],
    6: ["جمادى الآخرة", "جمادى الثانية", "جمادى الآخر"],
    7: ["رجب"],
    8: ["شعبان"],
    9: ["رمضان"],
    10: ["شوال"],
    11: ["ذو القعدة", "ذي القعدة"],
    12: ["ذو الحجة", "ذي الحجة"],
}

# Python's date.weekday(): Monday is 0.
_WEEKDAYS = {
    0: ["الاثنين", "الإثنين", "اثنين"],
    1: ["الثلاثاء", "الثلثاء", "ثلاثاء"],
    2: ["الأربعاء", "أربعاء"],
    3: ["الخميس", "خميس"],
    4: ["الجمعة", "جمعة"],
    5: ["السبت", "سبت"],
    6: ["الأحد", "أحد"],
}


def _table(names: dict[int, list[str]]) -> dict[str, int]:
    return {normalize(n): k for k, ns in names.items() for n in ns}


#: normalised Gregorian month name (any regional form) -> month number 1..12
MONTHS: dict[str, int] = _table(_GREGORIAN)
#: normalised Hijri month name -> month number 1..12
HIJRI_MONTHS: dict[str, int] = _table(_HIJRI)
#: normalised weekday name, with and without the article -> date.weekday() (Monday 0).
#: Bare أحد/سبت are also ordinary words ("one", "Sabbath"): finders ask for context.
WEEKDAYS: dict[str, int] = _table(_WEEKDAYS)


def _alternation(keys) -> str:
    # Longest first, so "كانون الثاني" wins over a shorter prefix; a space inside a
    # two-word name matches any run of spaces.
    parts = sorted(keys, key=lambda k: (-len(k), k))
    return "|".join(re.escape(p).replace("\\ ", r"\s+") for p in parts)


#: regex alternation matching any key of MONTHS in *normalised* text
MONTH_PATTERN = _alternation(MONTHS)
#: regex alternation matching any key of HIJRI_MONTHS in *normalised* text
HIJRI_MONTH_PATTERN = _alternation(HIJRI_MONTHS)
#: regex alternation matching the weekday names *with the article* in normalised text
WEEKDAY_PATTERN = _alternation(k for k in WEEKDAYS if k.startswith("ال"))

_SPACES = re.compile(r"\s+")


def month_number(name: str) -> int | None:
    """Gregorian month number of a month name in any regional form, else None."""
    return MONTHS.get(_SPACES.sub(" ", normalize(name.strip())))


def hijri_month_number(name: str) -> int | None:
    """Hijri month number of a Hijri month name, else None."""
    return HIJRI_MONTHS.get(_SPACES.sub(" ", normalize(name.strip())))


def weekday_number(name: str) -> int | None:
    """``date.weekday()`` (Monday 0) of an Arabic weekday name, else None.

    Accepts the word with or without the article and with a leading و/ب/ف/ل
    before the article (``والجمعة``, ``بالأحد``).
    """
    key = normalize(name.strip())
    if key in WEEKDAYS:
        return WEEKDAYS[key]
    if len(key) > 3 and key[0] in "وبفل" and key[1:3] == "ال":
        return WEEKDAYS.get(key[1:])
    return None
