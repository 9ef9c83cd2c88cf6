"""The theme's Jinja macros rendered on their own: most-mentioned entities, Arabic
counted nouns, reading time, sources."""

import datetime as dt
from types import SimpleNamespace as NS

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from arabic_dates.formatting import ArabicDates
from tests.theme.sitebuild import ROOT


def env(digits="latn"):
    e = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")), trim_blocks=True, lstrip_blocks=True,
                    autoescape=True)  # as pelicanconf.JINJA_ENVIRONMENT
    fmt = ArabicDates({"ARABIC_DATES_DIGITS": digits})
    e.filters.update(arabic_date=fmt.date, arabic_number=fmt.number, arabic_digits=fmt.number_text)
    return e


def render(call, digits="latn", **context):
    template = env(digits).from_string('{% from "partials/macros.html" import counted, minutes, news, '
                                       'reading_minutes, top_entities, source_names with context %}' + call)
    return template.render(SITEURL=".", **context).strip()


def entity(id, name, type, count):
    return NS(id=id, name=name, type=type, count=count, slug=id, url=f"entities/{id}.html")


ARTICLES = [  # newest first, as Pelican gives them
    NS(date=dt.datetime(2015, 9, 18), entities=[entity("moscow", "موسكو", "LOC", 3), entity("shoigu", "سيرغي شويغو", "PERS", 2)]),
    NS(date=dt.datetime(2015, 8, 11), entities=[entity("moscow", "موسكو", "LOC", 1), entity("aramco", "أرامكو", "ORG", 5)]),
    NS(date=dt.datetime(2015, 8, 1), entities=[entity("shoigu", "سيرغي شويغو", "PERS", 2), entity("un", "الأمم المتحدة", "ORG", 1)]),
    NS(date=dt.datetime(2015, 8, 1)),  # an article the entities plugin left alone
]


def test_top_entities_sums_mentions_and_sorts():
    html = render("{{ top_entities(articles, 3, 'الأكثر ذكرًا') }}", articles=ARTICLES)
    soup = BeautifulSoup(html, "html.parser")
    chips = [(li.a["href"], li.bdi.get_text(), li.select_one(".count").get_text()) for li in soup.select("li.chip")]
    # aramco 5, moscow 4, shoigu 4 (tie broken by id), un 1 cut by the limit.
    assert chips == [("./entities/aramco.html", "أرامكو", "5"), ("./entities/moscow.html", "موسكو", "4"),
                     ("./entities/shoigu.html", "سيرغي شويغو", "4")]
    assert soup.select_one("li.chip")["class"] == ["chip", "chip-ORG"]
    assert "1 أغسطس/ آب 2015" in soup.p.get_text() and "18 سبتمبر/ أيلول 2015" in soup.p.get_text()


def test_top_entities_renders_nothing_without_entities():
    assert render("{{ top_entities(articles, 3, 'x') }}", articles=[NS(date=dt.datetime(2015, 8, 1))]) == ""


@pytest.mark.parametrize("n, text", [
    (1, "خبر واحد"), (2, "خبران"), (3, "3 أخبار"), (10, "10 أخبار"), (11, "11 خبرًا"), (99, "99 خبرًا"),
    (100, "100 خبر"), (102, "102 خبر"), (103, "103 أخبار"), (301, "301 خبر"), (1000, "1,000 خبر"),
])
def test_counted_noun_agrees_with_the_number(n, text):
    assert render("{{ news(n) }}", n=n) == text


def test_counts_follow_arabic_digits_setting():
    assert render("{{ news(301) }} · {{ minutes(3) }}", digits="arab", n=0) == "٣٠١ خبر · ٣ دقائق"


@pytest.mark.parametrize("words, expected", [(10, "دقيقة واحدة"), (360, "دقيقتان"), (361, "3 دقائق"), (2000, "12 دقيقة")])
def test_reading_time_at_180_words_a_minute(words, expected):
    article = NS(content="<p>" + " ".join(["كلمة"] * words) + "</p>")
    assert render("{{ minutes(reading_minutes(article)|int) }}", article=article) == expected


def test_sources_prefer_newsmeta_then_agencies_then_header():
    newsmeta = NS(sources=[NS(name="رويترز", url="sources/reuters.html"), NS(name="أ ف ب", url="sources/afp.html")])
    assert render("{{ source_names(a) }}", a=newsmeta) == (
        '<a href="./sources/reuters.html"><bdi>رويترز</bdi></a>، <a href="./sources/afp.html"><bdi>أ ف ب</bdi></a>')
    assert render("{{ source_names(a) }}", a=NS(agency_names=["رويترز", "د ب أ"])) == "رويترز، د ب أ"
    assert render("{{ source_names(a) }}", a=NS(source="Ain Alyoum")) == "<bdi>Ain Alyoum</bdi>"
