"""Arabic dates and numbers through Babel, as the theme shows them.

Arab newsrooms name months two ways: Egypt and the Maghreb/Gulf write the Gregorian
transliteration (`سبتمبر`), the Levant and Iraq the Syriac name (`أيلول`); DW and
others write both (`18 سبتمبر/ أيلول 2015`). ``ARABIC_DATES_MONTHS`` picks one.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date
from babel.numbers import format_decimal
from hijridate import Gregorian

# Babel locales whose month names are the Gregorian and the Levantine forms.
GREGORIAN_LOCALE = "ar"
LEVANT_LOCALE = "ar_SY"
PATTERNS = {
    "long": ("d", "y"),
    "full": ("EEEE d", "y"),
    "month": ("", "y"),
}
# Babel's numbering_system="arab" switches separators (٬ ٫) but leaves the digits Latin.
ARAB_DIGITS = str.maketrans("0123456789", "".join(chr(0x0660 + i) for i in range(10)))


class ArabicDates:
    """Formats dates and numbers from the ARABIC_DATES_* settings."""

    def __init__(self, settings: dict):
        self.months = settings.get("ARABIC_DATES_MONTHS", "both")
        self.digits = settings.get("ARABIC_DATES_DIGITS", "latn")
        if self.months not in ("gregorian", "levant", "both"):
            raise ValueError(f"ARABIC_DATES_MONTHS must be gregorian, levant or both, not {self.months!r}")
        if self.digits not in ("latn", "arab"):
            raise ValueError(f"ARABIC_DATES_DIGITS must be latn or arab, not {self.digits!r}")

    def _month(self, value: dt.date) -> str:
        greg = format_date(value, "MMMM", locale=GREGORIAN_LOCALE)
        levant = format_date(value, "MMMM", locale=LEVANT_LOCALE)
        return {"gregorian": greg, "levant": levant, "both": f"{greg}/ {levant}"}[self.months]

    def date(self, value: dt.date, style: str = "long") -> str:
        """`18 سبتمبر/ أيلول 2015` (long), with the weekday (full), or month and year."""
        # Babel formats a datetime by its date part; one archive has few distinct days,
        # which entity and listing pages format hundreds of thousands of times.
        return self._date(value.date() if isinstance(value, dt.datetime) else value, style)

    @functools.lru_cache(maxsize=8192)
    def _date(self, value: dt.date, style: str) -> str:
        before, after = PATTERNS[style]
        parts = [format_date(value, before, locale=GREGORIAN_LOCALE)] if before else []
        parts += [self._month(value), format_date(value, after, locale=GREGORIAN_LOCALE)]
        return self.number_text(" ".join(parts))

    def hijri(self, value: dt.date) -> str:
        """The Umm al-Qura Hijri date through ``hijridate``: `5 ذو الحجة 1436 هـ`.

        Empty for dates outside the converter's range (1343–1500 AH).
        """
        if isinstance(value, dt.datetime):
            value = value.date()
        try:
            h = Gregorian(value.year, value.month, value.day).to_hijri()
        except (ValueError, OverflowError):
            return ""
        return self.number_text(f"{h.day} {h.month_name('ar')} {h.year} {h.notation('ar')}")

    @functools.lru_cache(maxsize=8192)  # templates format the same counts thousands of times
    def number(self, value: int) -> str:
        """A count in the chosen digits, grouped the Arabic way."""
        return self.number_text(format_decimal(value, locale="ar", numbering_system=self.digits))

    def number_text(self, text: str) -> str:
        """Digits inside an already formatted string, in the chosen digits."""
        return text.translate(ARAB_DIGITS) if self.digits == "arab" else text
