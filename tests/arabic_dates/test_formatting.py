import datetime as dt

import pytest

from arabic_dates.formatting import ArabicDates

D = dt.date(2015, 9, 18)


@pytest.mark.parametrize(
    "months, expected",
    [("gregorian", "18 سبتمبر 2015"), ("levant", "18 أيلول 2015"), ("both", "18 سبتمبر/ أيلول 2015")],
)
def test_month_naming(months, expected):
    assert ArabicDates({"ARABIC_DATES_MONTHS": months}).date(D) == expected


def test_full_and_month_styles_and_arabic_digits():
    fmt = ArabicDates({"ARABIC_DATES_MONTHS": "levant", "ARABIC_DATES_DIGITS": "arab"})
    assert fmt.date(D, "full") == "الجمعة ١٨ أيلول ٢٠١٥"
    assert fmt.date(D, "month") == "أيلول ٢٠١٥"
    assert fmt.number(12345) == "١٢٬٣٤٥"


def test_bad_setting_is_refused():
    with pytest.raises(ValueError, match="ARABIC_DATES_MONTHS"):
        ArabicDates({"ARABIC_DATES_MONTHS": "hijri"})
