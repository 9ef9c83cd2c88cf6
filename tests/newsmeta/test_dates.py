from datetime import date, datetime, timezone

import pytest

from newsmeta.dates import distinct_dates, find_dates

PUB = date(2015, 9, 18)  # a Friday


@pytest.mark.parametrize(
    "text,iso,precision",
    [
        ("(18 سبتمبر/ أيلول)", "2015-09-18", "day"),
        ("في 3 تشرين الثاني 2015", "2015-11-03", "day"),
        ("يوم 1 من شهر يوليو 2014م", "2014-07-01", "day"),
        ("1/8/2015", "2015-08-01", "day"),
        ("شهر أغسطس/ آب 2014", "2014-08", "month"),
        ("في يناير عام 2002", "2002-01", "month"),
        ("أغسطس الماضي", "2015-08", "month"),
        ("شهر يناير المقبل", "2016-01", "month"),
        ("سبتمبر الماضي", "2014-09", "month"),
        ("عام 2004", "2004", "year"),
        ("العام الماضي", "2014", "year"),
        ("هذا العام", "2015", "year"),
        ("العام المقبل", "2016", "year"),
        ("أمس", "2015-09-17", "day"),
        ("أول من أمس", "2015-09-16", "day"),
        ("أمس الأول", "2015-09-16", "day"),
        ("غدا", "2015-09-19", "day"),
        ("الأحد الماضي", "2015-09-13", "day"),
        ("يوم الأحد المقبل", "2015-09-20", "day"),
        ("مساء الأربعاء", "2015-09-16", "day"),
        ("الأسبوع الماضي", "2015-W37", "week"),
        ("الأسبوع المقبل", "2015-W39", "week"),
        ("الشهر الماضي", "2015-08", "month"),
        ("5 ذو الحجة 1436 هـ", "2015-09-18", "day"),
        ("5/12/1436هـ", "2015-09-18", "day"),
        ("عام 1436هـ", "2014-10-25/2015-10-13", "year"),
        ("ذي القعدة 1436هـ", "2015-08-16/2015-09-13", "month"),
        ("١٨ سبتمبر ٢٠١٥", "2015-09-18", "day"),
    ],
)
def test_normalised(text, iso, precision):
    found = find_dates(text, PUB)
    assert [(d.iso, d.precision) for d in found] == [(iso, precision)], found


@pytest.mark.parametrize(
    "text",
    ["في أمس الحاجة إلى الدعم", "عقب ثورة 25 يناير", "أحد المسؤولين", "دفع 2015 ريالا", "الجمعة العامة للأمم", "32 سبتمبر"],
)
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_year_of_a_day_without_year_is_the_nearest():
    assert find_dates("في 28 ديسمبر", date(2016, 1, 3))[0].iso == "2015-12-28"
    assert find_dates("في 2 يناير", date(2015, 12, 30))[0].iso == "2016-01-02"


def test_without_publication_date():
    found = find_dates("في 18 سبتمبر قال أمس", None)
    assert [(d.iso, d.relative) for d in found] == [("--09-18", False), (None, True)]


def test_accepts_datetimes_and_keeps_offsets_in_the_original_text():
    text = "قالَ أمسِ إنَّ شهرَ أغسطس/ آب 2014 كان صعبا"
    found = find_dates(text, datetime(2015, 9, 18, 12, tzinfo=timezone.utc))
    assert [text[d.start:d.end] for d in found] == [d.text for d in found]
    assert [d.iso for d in found] == ["2015-09-17", "2014-08"]


def test_distinct_dates_counts_and_sorts():
    found = find_dates("أمس ثم أمس والعام الماضي", PUB)
    assert distinct_dates(found) == [("2014", 1), ("2015-09-17", 2)]


# Texts where every date pattern matches at least once, with the demo articles.
EVERY_PATTERN = [
    "5/12/1436هـ", "1436/12/05 هـ", "1/8/2015", "2015م-08-01", "5 ذو الحجة 1436 هـ", "18 سبتمبر 2015",
    "18 سبتمبر", "ذي القعدة 1436هـ", "شهر أغسطس/ آب 2014", "أغسطس الماضي", "بشهر مايو", "عام 1436هـ",
    "منذ 2004", "أول من أمس", "مساء الأربعاء", "أمس", "في الغد", "الليلة الماضية",
    "خلال الأسبوع الجاري", "هذا الشهر", "هذه السنة",
    # a month's name glued to what comes before it: still past its gate
    "5 شهرمايو 2015", "7 منيونيو", "25مايو 2014",
]


def test_a_pattern_is_skipped_only_where_it_cannot_match():
    """scan_dates tries a pattern only on texts where all its gates are found: every
    match of every pattern (tried on the whole text) must hold each of them."""
    from pathlib import Path

    from arabic.offsets import normalize_with_offsets
    from newsmeta.dates import _COMPILED, scan_dates

    demo = sorted((Path(__file__).resolve().parents[2] / "content" / "news").glob("*.md"))
    texts = EVERY_PATTERN + [p.read_text(encoding="utf-8") for p in demo]
    matched = set()
    for text in texts:
        norm = normalize_with_offsets(text)[0]
        for name, gates, rx in _COMPILED:
            for m in rx.finditer(norm):
                for gate in gates:  # found inside the match, the text before it seen
                    assert gate.search(norm, m.start(), m.end()), (name, m.group(), gate)
                matched.add(name)
    assert matched == {name for name, _, _ in _COMPILED}
    assert [d["kind"] for d in scan_dates("1/8/2015 ثم الليلة الماضية")] == ["numeric_dmy", "last_night"]
