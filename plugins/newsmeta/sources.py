"""Sources of an article: the agencies of its desk signature and its newspaper.

Agencies come from the seeds reader (``article.agencies``, codes of
``seeds.signature.AGENCIES``, the one agency table) and from a byline that is a
dateline (``برلين - (أ ف ب)``, ``جدة : واس``, ``رويترز (الكويت)``); newspapers from the
Markdown ``Source_id``/``Source`` headers through :data:`NEWSPAPERS`. A newspaper id
that is itself an agency (SaudiNewsNet's ``was`` is the Saudi Press Agency) maps to
the agency.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from seeds.signature import AGENCIES, agency_code

# SaudiNewsNet source ids (the demo archive) -> (Arabic name, English name).
NEWSPAPERS = {
    "3alyoum": ("عين اليوم", "Ain Alyoum"),
    "aawsat": ("الشرق الأوسط", "Al-Sharq Al-Awsat"),
    "aleqtisadiya": ("الاقتصادية", "Al-Eqtisadiya"),
    "aljazirah": ("الجزيرة", "Al-Jazirah"),
    "almadina": ("المدينة", "Al-Madina"),
    "alriyadh": ("الرياض", "Al-Riyadh"),
    "alwatan": ("الوطن", "Al-Watan"),
    "alweeam": ("الوئام", "Al-Weeam"),
    "alyaum": ("اليوم", "Al-Yaum"),
    "arriyadiyah": ("الرياضية", "Arriyadiyah"),
    "okaz": ("عكاظ", "Okaz"),
    "sabq": ("سبق", "Sabq"),
}
# Newspaper ids that are agencies.
SOURCE_ID_AGENCY = {"was": "spa", "spa": "spa"}


_BYLINE_SPLIT = re.compile(r"[-–—ـ:|()\[\]،,/«»\"]+")


def byline_agencies(byline) -> list[str]:
    """Agency codes named in a byline/dateline, in order (``برلين - (أ ف ب):`` -> afp)."""
    codes: list[str] = []
    for part in _BYLINE_SPLIT.split(str(byline or "")):
        code = agency_code(part.strip()) if part.strip() else None
        if code and code not in codes:
            codes.append(code)
    return codes


@dataclass(eq=False)
class Source:
    """A source agency or newspaper, shared by all its articles."""

    code: str
    name: str  # Arabic
    name_en: str
    kind: str  # "agency" | "newspaper"
    slug: str = ""
    url: str = ""
    save_as: str = ""
    articles: list = field(default_factory=list)
    feed_url: str | None = None  # set by the generator when feeds are written

    @property
    def count(self) -> int:
        return len(self.articles)

    def __str__(self) -> str:
        return self.name

    def __lt__(self, other: "Source") -> bool:
        return (self.name, self.code) < (other.name, other.code)


class SourceRegistry:
    """One Source object per code, with URLs from the NEWSMETA_SOURCE_* settings."""

    def __init__(self, url: str = "sources/{slug}.html", save_as: str = "sources/{slug}.html",
                 slug_subs=None):
        self.url_pattern, self.save_as_pattern = url, save_as
        self.slug_subs = slug_subs if slug_subs is not None else DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
        self.by_code: dict[str, Source] = {}
        self._slugs: dict[str, str] = {}
        self._found: dict[tuple, list[Source]] = {}  # for_metadata's, by its arguments

    def slug(self, text: str) -> str:
        """Pelican's slug of ``text``, made once per text (a newspaper's name is
        looked up by its slug for each of its articles)."""
        slug = self._slugs.get(text)
        if slug is None:
            slug = self._slugs[text] = slugify(text, regex_subs=self.slug_subs, use_unicode=True)
        return slug

    def get(self, code: str, name: str, name_en: str, kind: str) -> Source:
        src = self.by_code.get(code)
        if src is None:
            slug = self.slug(code) or code
            src = Source(code, name, name_en, kind, slug,
                         self.url_pattern.format(slug=slug), self.save_as_pattern.format(slug=slug))
            self.by_code[code] = src
        return src

    def agency(self, code: str) -> Source | None:
        a = AGENCIES.get(code)
        return self.get(a.code, a.name, a.name_en, "agency") if a else None

    def for_metadata(self, agencies, source_id, source_name, byline=None) -> list[Source]:
        """Sources from agency codes, a dateline byline and a newspaper id/name,
        without repeats, agencies first: worked out once for each set of these values
        given as text (most articles of a newspaper share theirs)."""
        agencies = tuple(agencies or ())
        key = (agencies, source_id, source_name, byline)
        if not all(v is None or type(v) is str for v in (*agencies, *key[1:])):
            return self._for_metadata(agencies, source_id, source_name, byline)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._for_metadata(agencies, source_id, source_name, byline)
        return list(found)

    def _for_metadata(self, agencies, source_id, source_name, byline) -> list[Source]:
        out: list[Source] = []
        for code in [*agencies, *byline_agencies(byline)]:
            src = self.agency(code)
            if src and src not in out:
                out.append(src)
        sid = str(source_id or "").strip().lower()
        if sid:
            if sid in SOURCE_ID_AGENCY:
                src = self.agency(SOURCE_ID_AGENCY[sid])
            elif sid in NEWSPAPERS:
                ar, en = NEWSPAPERS[sid]
                src = self.get(sid, ar, en, "newspaper")
            elif agency_code(sid):
                src = self.agency(agency_code(sid))
            else:
                name = str(source_name or sid)
                src = self.get(sid, name, name, "newspaper")
            if src and src not in out:
                out.append(src)
        elif source_name:
            code = agency_code(str(source_name))
            src = self.agency(code) if code else None
            if src is None:
                name = str(source_name)
                src = self.get(self.slug(name), name, name, "newspaper")
            if src not in out:
                out.append(src)
        return out

    def all(self) -> list[Source]:
        """Sources with at least one article, agencies first, then by name."""
        return sorted((s for s in self.by_code.values() if s.articles),
                      key=lambda s: (s.kind != "agency", s.name, s.code))
