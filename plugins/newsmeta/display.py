"""Arabic display of a mentioned date's ISO form, through the arabic_dates formatter.

``2015-09-18`` -> ``18 سبتمبر/ أيلول 2015``, ``2014-08`` -> ``أغسطس/ آب 2014``,
``2015-W37`` -> ``الأسبوع 37 من 2015``, intervals as ``بداية – نهاية``; the month naming
and digits follow the ARABIC_DATES_* settings.
"""

from __future__ import annotations

import datetime as dt
import re

from arabic_dates.formatting import ArabicDates

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_NOYEAR = re.compile(r"^--(\d{2})(?:-(\d{2}))?$")


def format_iso(iso: str, fmt: ArabicDates) -> str:
    if not iso:
        return ""
    if "/" in iso:
        a, b = iso.split("/", 1)
        return f"{format_iso(a, fmt)} – {format_iso(b, fmt)}"
    if m := _DAY.match(iso):
        return fmt.date(dt.date(*map(int, m.groups())), "long")
    if m := _MONTH.match(iso):
        return fmt.date(dt.date(int(m[1]), int(m[2]), 1), "month")
    if m := _WEEK.match(iso):
        return fmt.number_text(f"الأسبوع {int(m[2])} من {m[1]}")
    if m := _YEAR.match(iso):
        return fmt.number_text(m[1])
    if m := _NOYEAR.match(iso):
        month = fmt.date(dt.date(2000, int(m[1]), 1), "month").rsplit(" ", 1)[0]
        return fmt.number_text(f"{int(m[2])} {month}" if m[2] else month)
    return iso
