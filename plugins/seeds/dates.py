"""Publication date of a raw agency article that carries no full date.

Agency copy says `اليوم الجمعة (18 سبتمبر/ أيلول)`: a weekday, a day and a month but
no year. The year is the first one, from the latest year the text mentions onwards,
on which that day falls on that weekday. The result is marked as inferred.
"""

from __future__ import annotations

import datetime as dt
import re

from arabic import normalize
from arabic.months import MONTHS, WEEKDAYS

_YEAR_RE = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-9]{2})(?![0-9])")
_DAY_RE = r"(?P<day>[0-9]{1,2})"
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted((re.escape(w) for w in WEEKDAYS), key=len, reverse=True))
# weekday, up to 12 characters of brackets/commas/spaces, day, month name
_WEEKDAY_DATE_RE = re.compile(
    rf"(?<![\w])(?P<weekday>{_WEEKDAY_ALT})[\s(،,]{{1,12}}{_DAY_RE}\s*(?P<month>{_MONTH_ALT})(?![\w])"
)
# A year within this many years after the latest one mentioned is accepted.
MAX_YEARS_AHEAD = 7


def infer_date(text: str) -> dt.date | None:
    """Infer the date an agency article was written from its text, or None."""
    norm = normalize(text)
    years = [int(y) for y in _YEAR_RE.findall(norm)]
    if not years:
        return None
    latest = max(years)
    for m in _WEEKDAY_DATE_RE.finditer(norm):
        weekday = WEEKDAYS[m.group("weekday")]
        day, month = int(m.group("day")), MONTHS[m.group("month")]
        for year in range(latest, latest + MAX_YEARS_AHEAD + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                break
            if candidate.weekday() == weekday:
                return candidate
    return None


_FILENAME_DATE_RE = re.compile(r"(?<![0-9])(\d{4})-?(\d{2})-?(\d{2})(?![0-9])")


def date_from_filename(name: str) -> dt.date | None:
    """A date written in the file name (`2015-09-18-…`, `20150918_…`), if valid."""
    for m in _FILENAME_DATE_RE.finditer(name):
        if not 1900 <= int(m.group(1)) <= 2100:
            continue
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None
