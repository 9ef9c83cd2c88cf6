import datetime as dt

from arabic_dates.formatting import ArabicDates


def test_hijri_date_umm_al_qura():
    assert ArabicDates({}).hijri(dt.date(2015, 9, 18)) == "5 ذو الحجة 1436 هـ"
    assert ArabicDates({}).hijri(dt.datetime(2015, 7, 17, 9)) == "1 شوال 1436 هـ"


def test_hijri_digits_and_range():
    assert ArabicDates({"ARABIC_DATES_DIGITS": "arab"}).hijri(dt.date(2015, 9, 18)) == "٥ ذو الحجة ١٤٣٦ هـ"
    assert ArabicDates({}).hijri(dt.date(1800, 1, 1)) == ""  # outside the Umm al-Qura table
