from datetime import date
import re

import pytest

from arabic import normalize
from arabic.months import (
    HIJRI_MONTHS,
    MONTH_PATTERN,
    MONTHS,
    WEEKDAYS,
    hijri_month_number,
    month_number,
    weekday_number,
)
from arabic.offsets import normalize_with_offsets


@pytest.mark.parametrize(
    "name,number",
    [
        ("سبتمبر", 9), ("أيلول", 9), ("ايلول", 9), ("شتنبر", 9),
        ("أبريل", 4), ("ابريل", 4), ("إبريل", 4), ("نيسان", 4), ("أفريل", 4),
        ("يوليو", 7), ("يوليه", 7), ("تموز", 7), ("جويلية", 7),
        ("أغسطس", 8), ("اغسطس", 8), ("آب", 8), ("أوت", 8), ("غشت", 8),
        ("كانون الثاني", 1), ("كانون  الثاني", 1), ("كانون الأول", 12),
        ("تشرين الأول", 10), ("تشرين الثاني", 11), ("يناير", 1), ("ديسمبر", 12),
        ("شباط", 2), ("آذار", 3), ("أيار", 5), ("حزيران", 6),
    ],
)
def test_month_number_all_regional_forms(name, number):
    assert month_number(name) == number


def test_every_month_has_names_and_keys_are_normalised():
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert sorted(set(HIJRI_MONTHS.values())) == list(range(1, 13))
    for table in (MONTHS, HIJRI_MONTHS, WEEKDAYS):
        for key in table:
            assert normalize(key) == key


def test_unknown_words_are_not_months():
    assert month_number("سوريا") is None
    assert month_number("") is None


def test_hijri_months():
    assert hijri_month_number("ذو الحجة") == 12
    assert hijri_month_number("ذي القعدة") == 11
    assert hijri_month_number("رمضان") == 9
    assert hijri_month_number("سبتمبر") is None


def test_weekdays_match_python_weekday():
    # 2015-09-18 was a Friday.
    assert weekday_number("الجمعة") == date(2015, 9, 18).weekday() == 4
    assert weekday_number("الجمعه") == 4
    assert weekday_number("الإثنين") == weekday_number("الاثنين") == 0
    assert weekday_number("الأحد") == 6
    assert weekday_number("والخميس") == 3
    assert weekday_number("أحد") == 6  # listed; finders ask for context
    assert weekday_number("سوريا") is None
    assert len(set(WEEKDAYS.values())) == 7


def test_month_pattern_prefers_two_word_names():
    m = re.search(MONTH_PATTERN, normalize("في 3 تشرين الثاني 2015"))
    assert m and m.group() == "تشرين الثاني"


def test_normalize_with_offsets_maps_back():
    text = "قالَ مُحمّـد إنّ"
    norm, origin = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert len(origin) == len(norm) + 1
    i = norm.index("محمد")
    j = i + len("محمد")
    assert text[origin[i]:origin[j]].startswith("مُحمّـد"[:1])
    assert normalize(text[origin[i]:origin[j]]) == "محمد"
