"""Dates mentioned inside an article's text, normalised to ISO 8601.

Finds absolute dates (``18 سبتمبر/ أيلول 2015``, ``شهر أغسطس/ آب 2014``, ``1/8/2015``,
``عام 2014``), Hijri ones (``5 رمضان 1436 هـ``, ``1436 هـ``), weekdays (``اليوم الجمعة``,
``الأحد الماضي``) and relative expressions (``أمس``, ``الأسبوع الماضي``, ``العام الماضي``),
and resolves the incomplete or relative ones against the publication date.

The ISO form keeps the precision that the text gives: ``2015-09-18`` (day),
``2015-W37`` (week), ``2014-08`` (month), ``2014`` (year), ``--09-18`` (day and month
without a known year), or an interval ``2014-10-25/2015-10-13`` for a Hijri month or
year, which does not fall on Gregorian boundaries.

Matching runs on :func:`arabic.normalize`-d text (hamza, ة, digits folded), with
offsets mapped back to the original text; month names come from
:mod:`arabic.months`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta

from hijridate import Hijri

from arabic.months import (
    HIJRI_MONTH_PATTERN,
    MONTH_PATTERN,
    WEEKDAY_PATTERN,
    hijri_month_number,
    month_number,
    weekday_number,
)
from arabic.offsets import normalize_with_offsets


@dataclass(frozen=True, slots=True)
class MentionedDate:
    text: str  # as written in the article
    start: int  # offsets in the text that was searched
    end: int
    iso: str | None  # ISO 8601 (see module doc); None when it cannot be resolved
    precision: str  # "day" | "week" | "month" | "year"
    calendar: str  # "gregorian" | "hijri" (as written; iso is always Gregorian)
    relative: bool  # resolved against the publication date

    @property
    def sort_key(self) -> str:
        return self.iso or ""


# Word boundaries that treat Arabic letters as letters (\b does, with re.UNICODE).
_B = r"(?<![\w])"
_E = r"(?![\w])"
_DAY = r"(?P<day>[0-3]?\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?:\s*م" + _E + r")?"
_HYEAR = r"(?P<year>1[34]\d\d)"
_HSUFFIX = r"\s*(?:ه" + _E + r"\.?|هجريه|للهجره)"
_MONTHS = rf"(?P<month>{MONTH_PATTERN})(?:\s*[/\-–]\s*(?P<month2>{MONTH_PATTERN}))?"
_OF = r"(?:\s+من)?(?:\s+شهر)?\s*"
_PAST = "الماضي|الماضيه|المنصرم|المنصرمه|الفائت|الفائته|السابق"
_NEXT = "المقبل|المقبله|القادم|القادمه"
_THIS = "الحالي|الحاليه|الجاري|الجاريه"
_REL = rf"(?P<rel>{_PAST}|{_NEXT}|{_THIS})"

# What every match of a pattern contains (a pattern is tried on a text only where all
# its gates are found: each of these scans costs a tenth of one of the patterns, which
# test every position of the text behind a lookbehind; tests/newsmeta check each gate).
_SLASH = "/"
_NUMERIC = r"\d[/.\-]\d"
_HIJRI_YEAR = r"1[34]\d\d"
_GREGORIAN_YEAR = r"(?:19|20)\d\d"
_DIGIT = r"\d"
_RELATIVE = rf"{_PAST}|{_NEXT}|{_THIS}"
_LETTER = re.compile(r"[^\W\d_]")


class _LoneName:
    """A gate: a month's name where a pattern can take it — not inside a word ("اب" in
    "انتخابات", in nine articles in ten), but after a digit, a space or a mark, or glued
    to a "شهر" or "من" before it. Searched as a regular expression is (``pos`` and
    ``endpos``, the text before ``pos`` seen), without one: a lookbehind first in a
    pattern makes re try every position of the text."""

    def __init__(self, names: str):
        self.names = re.compile(names)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        for m in self.names.finditer(text, pos, endpos):
            a = m.start()
            if not a or not _LETTER.match(text, a - 1) or text.endswith(("شهر", "من"), 0, a):
                return m
        return None


_MONTH = _LoneName(MONTH_PATTERN)
_HIJRI_MONTH = _LoneName(HIJRI_MONTH_PATTERN)
# (priority order) name, gates, pattern
_PATTERNS = [
    ("hijri_numeric", (_SLASH,), rf"{_B}(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/{_HYEAR}{_HSUFFIX}"),
    ("hijri_numeric_ymd", (_SLASH,), rf"{_B}{_HYEAR}/(?P<month>[01]?\d)/(?P<day>[0-3]?\d){_E}{_HSUFFIX}"),
    ("numeric_dmy", (_NUMERIC,), rf"{_B}(?P<day>[0-3]?\d)[/.\-](?P<month>[01]?\d)[/.\-]{_YEAR}{_E}"),
    ("numeric_ymd", (_NUMERIC,), rf"{_B}{_YEAR}[/\-](?P<month>[01]?\d)[/\-](?P<day>[0-3]?\d){_E}"),
    ("hijri_dmy", (_HIJRI_MONTH, _HIJRI_YEAR), rf"{_B}{_DAY}{_OF}(?P<hmonth>{HIJRI_MONTH_PATTERN})\s+(?:من\s+)?(?:عام\s+|سنه\s+)?{_HYEAR}(?:{_HSUFFIX})?{_E}"),
    ("dmy", (_MONTH, _GREGORIAN_YEAR), rf"{_B}{_DAY}{_OF}{_MONTHS}\s*,?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?{_YEAR}{_E}"),
    # Not "ثورة 25 يناير" / "حرب 6 أكتوبر": events named by their date.
    ("dm", (_MONTH, _DIGIT), rf"{_B}(?<!ثوره )(?<!حرب )(?<!انتفاضه )(?<!احداث ){_DAY}{_OF}{_MONTHS}{_E}"),
    ("hijri_my", (_HIJRI_MONTH, _HIJRI_YEAR), rf"{_B}(?:شهر\s+)?(?P<hmonth>{HIJRI_MONTH_PATTERN})\s+(?:من\s+)?(?:عام\s+|سنه\s+)?{_HYEAR}(?:{_HSUFFIX})?{_E}"),
    ("my", (_MONTH, _GREGORIAN_YEAR), rf"{_B}(?:(?:ب|ل|و)?شهر\s+)?{_MONTHS}\s*,?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?{_YEAR}{_E}"),
    ("month_rel", (_MONTH, _RELATIVE), rf"{_B}(?:(?:ب|ل|و)?شهر\s+)?{_MONTHS}\s+{_REL}{_E}"),
    ("month_named", (_MONTH, "شهر"), rf"{_B}(?:ب|ل|و|ف)?شهر\s+{_MONTHS}{_E}"),
    ("hijri_year", (_HIJRI_YEAR,), rf"{_B}(?:(?:ال|ل|و)?(?:عام|سنه)\s+)?{_HYEAR}{_HSUFFIX}"),
    ("year", ("عام|سنه|منذ", _GREGORIAN_YEAR), rf"{_B}(?:و|ب|ل|ف)?(?:ال)?(?:عام|سنه|منذ)\s+{_YEAR}{_E}"),
    ("day_before", ("امس", "اول"), rf"{_B}(?:و|ف)?(?:اول\s+(?:من\s+)?امس|امس\s+الاول){_E}"),
    ("weekday", (WEEKDAY_PATTERN,), rf"{_B}(?:(?P<pre>(?:و|ف|ب|ل)?(?:اليوم|يوم|مساء|صباح|ليله|ليل|ظهر|فجر|امس|غدا))\s+)?(?P<wd>(?:و|ب|ل|ف)?{WEEKDAY_PATTERN})(?:\s+(?P<rel>{_PAST}|{_NEXT}))?{_E}"),
    ("yesterday", ("امس",), rf"{_B}(?:و|ف|ب)?(?:ال)?امس{_E}(?!\s+الحاجه)"),
    ("tomorrow", ("غد",), rf"{_B}(?:و|ف)?(?:غدا|يوم\s+غد|(?:في\s+)?الغد){_E}"),
    ("last_night", ("الليله",), rf"{_B}(?:و|ف|ب)?الليله\s+(?:الماضيه|البارحه){_E}"),
    ("week_rel", ("الاسبوع",), rf"{_B}(?:و|ف|ب|ل|خلال\s+)?الاسبوع\s+{_REL}{_E}|{_B}(?:و|ف|ب|ل)?هذا\s+(?P<this>الاسبوع){_E}"),
    ("month_rel_generic", ("الشهر",), rf"{_B}(?:و|ف|ب|ل)?الشهر\s+{_REL}{_E}|{_B}(?:و|ف|ب|ل)?هذا\s+(?P<this>الشهر){_E}"),
    ("year_rel", ("عام|سنه", rf"{_RELATIVE}|هذا|هذه"), rf"{_B}(?:و|ف|ب|ل)?(?:العام|السنه|عام)\s+{_REL}{_E}|{_B}(?:و|ف|ب|ل)?(?:هذا\s+(?P<this>العام)|هذه\s+(?P<this2>السنه)){_E}"),
]
_WEEKDAY_PRE = ("اليوم", "يوم", "مساء", "صباح", "ليله", "ليل", "ظهر", "فجر", "امس", "غدا")
_COMPILED = [(name, tuple(g if isinstance(g, _LoneName) else re.compile(g) for g in gates), re.compile(p))
             for name, gates, p in _PATTERNS]


def _rel_sign(rel: str | None) -> int | None:
    if not rel:
        return None
    rel = rel.strip()
    if rel in _PAST.split("|"):
        return -1
    if rel in _NEXT.split("|"):
        return 1
    return 0


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _hijri_interval(y: int, m: int | None) -> str | None:
    try:
        if m is None:
            start = Hijri(y, 1, 1).to_gregorian()
            end = Hijri(y + 1, 1, 1).to_gregorian()
        else:
            h = Hijri(y, m, 1)
            start = h.to_gregorian()
            end = date.fromordinal(start.toordinal() + h.month_length())
    except (ValueError, OverflowError):
        return None
    return f"{start.isoformat()}/{(end - timedelta(days=1)).isoformat()}"


def _month_shift(d: date, months: int) -> tuple[int, int]:
    k = d.year * 12 + (d.month - 1) + months
    return k // 12, k % 12 + 1


def _resolve(name: str, g: dict, pub: date | None):
    """-> (iso, precision, calendar, relative) or None when the match is not a date.

    Whether a match is a date never depends on ``pub`` (so matches can be found once
    and cached, and resolved later); only its ISO form does.
    """
    if name in ("hijri_numeric", "hijri_numeric_ymd", "hijri_dmy"):
        mon = int(g["month"]) if g.get("month") else hijri_month_number(g["hmonth"])
        try:
            gd = Hijri(int(g["year"]), mon, int(g["day"])).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return gd.isoformat(), "day", "hijri", False
    if name in ("numeric_dmy", "numeric_ymd"):
        d = _valid(int(g["year"]), int(g["month"]), int(g["day"]))
        return (d.isoformat(), "day", "gregorian", False) if d else None
    if name in ("dmy", "dm"):
        mon = month_number(g["month"])
        if g.get("month2") and month_number(g["month2"]) != mon:
            return None  # "سبتمبر/ أكتوبر": a range, not one date
        day = int(g["day"])
        if g.get("year"):
            d = _valid(int(g["year"]), mon, day)
            return (d.isoformat(), "day", "gregorian", False) if d else None
        if not 1 <= day <= 31:
            return None
        if pub is None:
            return f"--{mon:02d}-{day:02d}", "day", "gregorian", False
        cands = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid(y, mon, day))]
        if not cands:
            return None
        best = min(cands, key=lambda d: (abs((d - pub).days), d))
        return best.isoformat(), "day", "gregorian", True
    if name == "hijri_my":
        iso = _hijri_interval(int(g["year"]), hijri_month_number(g["hmonth"]))
        return (iso, "month", "hijri", False) if iso else None
    if name == "my":
        mon = month_number(g["month"])
        if g.get("month2") and month_number(g["month2"]) != mon:
            return None
        return f"{int(g['year']):04d}-{mon:02d}", "month", "gregorian", False
    if name in ("month_rel", "month_named"):
        mon = month_number(g["month"])
        if g.get("month2") and month_number(g["month2"]) != mon:
            return None
        if pub is None:
            return f"--{mon:02d}", "month", "gregorian", False
        sign = _rel_sign(g.get("rel"))
        if sign == -1:
            y = pub.year if mon < pub.month else pub.year - 1
        elif sign == 1:
            y = pub.year if mon > pub.month else pub.year + 1
        elif sign == 0:
            y = pub.year
        else:  # nearest
            y = min((pub.year - 1, pub.year, pub.year + 1),
                    key=lambda yy: (abs((yy * 12 + mon) - (pub.year * 12 + pub.month)), yy))
        return f"{y:04d}-{mon:02d}", "month", "gregorian", True
    if name == "hijri_year":
        iso = _hijri_interval(int(g["year"]), None)
        return (iso, "year", "hijri", False) if iso else None
    if name == "year":
        return f"{int(g['year']):04d}", "year", "gregorian", False
    if name == "weekday":
        pre = g.get("pre") or ""
        if pre[:1] in ("و", "ف", "ب", "ل") and pre[1:] in _WEEKDAY_PRE:
            pre = pre[1:]
        sign = _rel_sign(g.get("rel"))
        if not pre and sign is None:
            return None  # a bare weekday name is too often something else
        wd = weekday_number(g["wd"])
        if wd is None:
            return None
        if pub is None:
            return "", "day", "gregorian", True
        if pre == "امس":
            d = pub - timedelta(days=1)
        elif pre == "غدا":
            d = pub + timedelta(days=1)
        elif sign == 1:
            d = pub + timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
        elif sign == -1:
            d = pub - timedelta(days=(pub.weekday() - wd - 1) % 7 + 1)
        else:  # "اليوم الجمعة", "يوم الأحد": the latest such day on or before publication
            d = pub - timedelta(days=(pub.weekday() - wd) % 7)
        return d.isoformat(), "day", "gregorian", True
    if pub is None:  # relative, with nothing to resolve against
        precision = {"week_rel": "week", "month_rel_generic": "month", "year_rel": "year"}
        return "", precision.get(name, "day"), "gregorian", True
    if name == "day_before":
        return (pub - timedelta(days=2)).isoformat(), "day", "gregorian", True
    if name == "yesterday":
        return (pub - timedelta(days=1)).isoformat(), "day", "gregorian", True
    if name == "last_night":
        return (pub - timedelta(days=1)).isoformat(), "day", "gregorian", True
    if name == "tomorrow":
        return (pub + timedelta(days=1)).isoformat(), "day", "gregorian", True
    sign = _rel_sign(g.get("rel"))
    if sign is None:
        sign = 0  # "هذا الأسبوع"
    if name == "week_rel":
        y, w, _ = (pub + timedelta(weeks=sign)).isocalendar()
        return f"{y:04d}-W{w:02d}", "week", "gregorian", True
    if name == "month_rel_generic":
        y, mo = _month_shift(pub, sign)
        return f"{y:04d}-{mo:02d}", "month", "gregorian", True
    if name == "year_rel":
        return f"{pub.year + sign:04d}", "year", "gregorian", True
    return None


def scan_dates(text: str) -> list[dict]:
    """The date expressions of ``text`` before resolution, JSON-serialisable.

    Each is ``{"kind", "groups", "start", "end", "text"}`` (offsets in ``text``), in
    text order, without overlaps; the more specific pattern wins an overlap.
    """
    norm, origin = normalize_with_offsets(text)
    taken: list[tuple[int, int]] = []
    found: list[dict] = []
    gated: dict = {}
    for name, gates, rx in _COMPILED:
        for gate in gates:
            if gate not in gated:
                gated[gate] = gate.search(norm) is not None
        if not all(gated[gate] for gate in gates):
            continue
        for m in rx.finditer(norm):
            a, b = m.span()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            if _resolve(name, groups, None) is None:
                continue
            start, end = origin[a], origin[b]
            found.append({"kind": name, "groups": groups, "start": start, "end": end,
                          "text": text[start:end]})
            taken.append((a, b))
    found.sort(key=lambda d: (d["start"], d["end"]))
    return found


def resolve_dates(scanned: list[dict], published: date | None = None) -> list[MentionedDate]:
    """:class:`MentionedDate` objects from :func:`scan_dates` output.

    ``published`` (a date or datetime) resolves relative and year-less mentions;
    without it those get ``iso`` None (relative) or a year-less ISO form.
    """
    if published is not None and hasattr(published, "date") and callable(published.date):
        published = published.date()
    out = []
    for d in scanned:
        res = _resolve(d["kind"], d["groups"], published)
        if res is None:  # e.g. 29 February in none of the candidate years
            continue
        iso, precision, calendar, relative = res
        # interned: the same dates recur across an archive, and a build holds them all
        out.append(MentionedDate(d["text"], d["start"], d["end"], sys.intern(iso) if iso else None,
                                 precision, calendar, relative))
    return out


def find_dates(text: str, published: date | None = None) -> list[MentionedDate]:
    """All dates mentioned in ``text``, in text order, resolved against ``published``."""
    return resolve_dates(scan_dates(text), published)


def distinct_dates(mentions: list[MentionedDate]) -> list[tuple[str, int]]:
    """The distinct normalised dates with how often each is mentioned, by ISO order."""
    counts: dict[str, int] = {}
    for d in mentions:
        if d.iso:
            counts[d.iso] = counts.get(d.iso, 0) + 1
    return sorted(counts.items())
