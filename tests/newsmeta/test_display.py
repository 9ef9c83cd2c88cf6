import pytest

from arabic_dates.formatting import ArabicDates
from newsmeta.display import format_iso


@pytest.mark.parametrize(
    "iso,expected",
    [
        ("2015-09-18", "18 سبتمبر/ أيلول 2015"),
        ("2014-08", "أغسطس/ آب 2014"),
        ("2014", "2014"),
        ("2015-W37", "الأسبوع 37 من 2015"),
        ("--09-18", "18 سبتمبر/ أيلول"),
        ("2015-08-16/2015-09-13", "16 أغسطس/ آب 2015 – 13 سبتمبر/ أيلول 2015"),
    ],
)
def test_format_iso(iso, expected):
    assert format_iso(iso, ArabicDates({})) == expected


def test_levant_names_and_arabic_digits():
    fmt = ArabicDates({"ARABIC_DATES_MONTHS": "levant", "ARABIC_DATES_DIGITS": "arab"})
    assert format_iso("2014-08", fmt) == "آب ٢٠١٤"
