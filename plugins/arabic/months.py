"""Arabic month and weekday names, keyed by their normalised spelling.

Arabic news names Gregorian months two ways: the Egyptian/Maghreb transliterations
(سبتمبر) and the Levantine/Iraqi Syriac names (أيلول), often both (`سبتمبر/ أيلول`).
Parsers look words up here after ``arabic.normalize``.
"""

from __future__ import annotations

from .normalize import normalize

_MONTH_NAMES = {
    1: ["يناير", "كانون الثاني", "جانفي"],
    2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "آذار"],
    4: ["أبريل", "إبريل", "ابريل", "نيسان", "أفريل"],
    5: ["مايو", "أيار", "ماي"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلية"],
    8: ["أغسطس", "اغسطس", "آب", "أوت"],
    9: ["سبتمبر", "أيلول"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول"],
    11: ["نوفمبر", "تشرين الثاني"],
    12: ["ديسمبر", "كانون الأول"],
}

_WEEKDAY_NAMES = {
    0: ["الاثنين", "الإثنين", "اثنين"],
    1: ["الثلاثاء", "ثلاثاء"],
    2: ["الأربعاء", "أربعاء"],
    3: ["الخميس", "خميس"],
    4: ["الجمعة", "جمعة"],
    5: ["السبت", "سبت"],
    6: ["الأحد", "أحد"],
}

#: normalised month name (one or two words) -> month number 1..12
MONTHS = {normalize(n): m for m, names in _MONTH_NAMES.items() for n in names}
#: normalised weekday name -> Python weekday (Monday = 0)
WEEKDAYS = {normalize(n): d for d, names in _WEEKDAY_NAMES.items() for n in names}
