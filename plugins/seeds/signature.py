"""The desk signature that closes a raw agency article: `ص.ش/ع.ج.م (رويترز)`.

Editors' initials come first, separated by `/`; the agencies follow in parentheses,
several of them separated by `،` or `,` or `و`. Agencies are normalised to a code
through ``AGENCIES`` so that `أ ف ب` and `ا ف ب` are one source.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from arabic import normalize


class Agency(NamedTuple):
    code: str
    name: str  # Arabic display name
    name_en: str
    aliases: tuple[str, ...]


AGENCIES = {
    a.code: a
    for a in [
        Agency("reuters", "رويترز", "Reuters", ("رويترز", "رويتر")),
        Agency("afp", "أ ف ب", "AFP", ("أ ف ب", "أ.ف.ب", "فرانس برس", "وكالة الصحافة الفرنسية", "الفرنسية")),
        Agency("dpa", "د ب أ", "dpa", ("د ب أ", "د.ب.أ", "الوكالة الألمانية", "الألمانية")),
        Agency("ap", "أ ب", "AP", ("أ ب", "أ.ب", "أسوشيتد برس", "اسوشيتدبرس", "أسوشيتدبرس")),
        Agency("kna", "ك ن أ", "KNA", ("ك ن أ", "ك.ن.أ")),
        Agency("epd", "إ ب د", "epd", ("إ ب د", "epd")),
        Agency("dw", "DW", "Deutsche Welle", ("DW", "دويتشه فيله")),
        # Arab and regional agencies (newsmeta normalises sources through this table).
        Agency("mena", "أ ش أ", "MENA", ("أ ش أ", "أ.ش.أ", "وكالة أنباء الشرق الأوسط")),
        Agency("spa", "واس", "SPA", ("واس", "وكالة الأنباء السعودية")),
        Agency("wam", "وام", "WAM", ("وام", "وكالة أنباء الإمارات")),
        Agency("qna", "قنا", "QNA", ("قنا", "وكالة الأنباء القطرية")),
        Agency("kuna", "كونا", "KUNA", ("كونا", "وكالة الأنباء الكويتية")),
        Agency("bna", "بنا", "BNA", ("بنا", "وكالة أنباء البحرين")),
        Agency("ona", "العمانية", "ONA", ("العمانية", "وكالة الأنباء العمانية")),
        Agency("petra", "بترا", "Petra", ("بترا", "وكالة الأنباء الأردنية")),
        Agency("sana", "سانا", "SANA", ("سانا", "الوكالة العربية السورية للأنباء")),
        Agency("nna", "الوكالة الوطنية للإعلام", "NNA", ("الوكالة الوطنية للإعلام",)),
        Agency("ina", "واع", "INA", ("واع", "وكالة الأنباء العراقية")),
        Agency("wafa", "وفا", "WAFA", ("وفا", "وكالة الأنباء الفلسطينية")),
        Agency("map", "لاماب", "MAP", ("لاماب", "وكالة المغرب العربي للأنباء")),
        Agency("aps", "واج", "APS", ("واج", "وكالة الأنباء الجزائرية")),
        Agency("tap", "وات", "TAP", ("وات", "وكالة تونس أفريقيا للأنباء")),
        Agency("suna", "سونا", "SUNA", ("سونا", "وكالة السودان للأنباء")),
        Agency("saba", "سبأ", "Saba", ("سبأ", "وكالة سبأ")),
        Agency("anadolu", "الأناضول", "Anadolu Agency", ("الأناضول", "وكالة الأناضول", "AA")),
        Agency("irna", "إرنا", "IRNA", ("إرنا", "ارنا", "IRNA")),
        Agency("tass", "تاس", "TASS", ("تاس", "إيتار تاس", "TASS")),
        Agency("ria", "ريا نوفوستي", "RIA Novosti", ("ريا نوفوستي", "نوفوستي")),
        Agency("sputnik", "سبوتنيك", "Sputnik", ("سبوتنيك",)),
        Agency("xinhua", "شينخوا", "Xinhua", ("شينخوا", "شينخوا", "Xinhua")),
        Agency("efe", "إفي", "EFE", ("إفي", "افي", "EFE")),
        Agency("ansa", "آكي", "ANSA/AKI", ("آكي", "أنسا")),
    ]
}

# Normalised alias (spaces and dots folded) -> agency code.
_ALIAS = {}
for _a in AGENCIES.values():
    for _alias in _a.aliases + (_a.code,):
        _ALIAS[re.sub(r"[\s.]+", "", normalize(_alias))] = _a.code

# Initials: one or more Arabic letters, dot-separated (`ص.ش`, `ع.ج.م`).
_INITIALS = r"[\u0621-\u064a]{1,3}(?:\.[\u0621-\u064a]{1,3})+"
SIGNATURE_RE = re.compile(
    rf"^\s*(?P<editors>{_INITIALS}(?:\s*/\s*{_INITIALS})*)?\s*\((?P<agencies>[^()]+)\)\s*$"
)


class Signature(NamedTuple):
    editors: list[str]
    agencies: list[str]  # known agency codes
    unknown: list[str]  # agency names not in AGENCIES, as written


_SPACES_AND_DOTS = re.compile(r"[\s.]+")


def agency_code(name: str) -> str | None:
    """The code of an agency written as ``name``, or None when unknown."""
    return _ALIAS.get(_SPACES_AND_DOTS.sub("", normalize(name)))


def parse_signature(line: str) -> Signature | None:
    """Parse a desk signature line; None if ``line`` is not one."""
    m = SIGNATURE_RE.match(line)
    if not m:
        return None
    editors = [e.strip() for e in (m.group("editors") or "").split("/") if e.strip()]
    known, unknown = [], []
    for part in re.split(r"\s*[،,]\s*|\s+و\s*(?=\S)", m.group("agencies")):
        part = part.strip()
        if not part:
            continue
        code = agency_code(part)
        if code:
            if code not in known:
                known.append(code)
        else:
            unknown.append(part)
    return Signature(editors, known, unknown)
