"""The acceptance test of issue 6 on the seed article seeds/000_5304fa1f4398c22f.txt."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsmeta.annotate import analyse, analyse_text
from newsmeta.quotes import link_speakers
from newsmeta.sources import SourceRegistry
from seeds.reader import decode, parse_seed
from seeds.signature import parse_signature

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_5304fa1f4398c22f.txt"


@pytest.fixture(scope="module")
def seed():
    return parse_seed(decode(SEED.read_bytes(), str(SEED)), str(SEED))


@pytest.fixture(scope="module")
def meta(seed):
    return analyse_text("\n".join(seed["paragraphs"]), date(2015, 9, 18))


def test_agency_and_editors(seed):
    sig = parse_signature(seed["signature"])
    assert sig.editors == ["ص.ش", "ع.ج.م"]
    sources = SourceRegistry().for_metadata(sig.agencies, None, None)
    assert [(s.code, s.name, s.name_en, s.kind, s.url) for s in sources] == [
        ("reuters", "رويترز", "Reuters", "agency", "sources/reuters.html")
    ]


def test_mentioned_dates(meta):
    isos = [d for d, _ in meta.dates_distinct]
    assert "2015-09-18" in isos  # اليوم الجمعة (18 سبتمبر/ أيلول)
    assert "2014-08" in isos  # شهر أغسطس/ آب 2014
    assert "2014" in isos  # العام الماضي
    month = next(d for d in meta.dates if d.iso == "2014-08")
    assert month.text == "شهر أغسطس/ آب 2014" and month.precision == "month" and not month.relative
    day = next(d for d in meta.dates if d.text.startswith("18"))
    assert day.text == "18 سبتمبر/ أيلول" and day.iso == "2015-09-18"


def _speaker_of(meta, words):
    q = next(q for q in meta.quotes if q.text.startswith(words))
    return q.speaker


def test_quotes_attributed_to_the_right_speaker(meta):
    assert len(meta.quotes) == 4 and all(q.attributed for q in meta.quotes)
    assert _speaker_of(meta, "اتفق الوزيران") == "البنتاغون"
    assert _speaker_of(meta, "لم نرفض الحوار") == "المتحدثة باسم الوزارة ماريا زاخاروفا"
    assert _speaker_of(meta, "يأمل (الرئيس") == "كيري"
    assert _speaker_of(meta, "تركيزنا ما زال") == "كيري"
    # The short scare quote “الصدام” in the lead is not a quotation.
    assert not any(q.text == "الصدام" for q in meta.quotes)


def test_speakers_link_to_entities(meta):
    ents = [
        SimpleNamespace(id="kerry", name="جون كيري", type="PERS", url="entities/kerry.html"),
        SimpleNamespace(id="zakharova", name="ماريا زاخاروفا", type="PERS", url="entities/z.html"),
        SimpleNamespace(id="pentagon", name="وزارة الدفاع الأمريكية", type="ORG",
                        aliases=("البنتاغون", "البنتاجون"), url="entities/p.html"),
        SimpleNamespace(id="moscow", name="موسكو", type="LOC", url="entities/m.html"),
    ]
    link_speakers(meta.quotes, ents)
    assert [q.entity.id for q in meta.quotes] == ["pentagon", "zakharova", "kerry", "kerry"]
    assert meta.quotes[0].speaker_name == "وزارة الدفاع الأمريكية"


def test_reading_aids(seed, meta):
    assert 380 < meta.words < 450
    assert meta.minutes == 3  # 138 words a minute
    assert meta.lead == seed["paragraphs"][0]  # 36 words: under the 40-word cut


def test_cached_annotation_round_trips_through_json(seed):
    import json

    from newsmeta.annotator import VERSION, annotate_text

    text = "\n".join(seed["paragraphs"])
    value = json.loads(json.dumps(annotate_text(text), ensure_ascii=False, sort_keys=True))
    direct, cached = analyse_text(text, date(2015, 9, 18)), analyse(value, date(2015, 9, 18))
    assert cached.dates == direct.dates and cached.dates_distinct == direct.dates_distinct
    assert (cached.words, cached.minutes, cached.lead) == (direct.words, direct.minutes, direct.lead) != (0, 0, "")
    assert [(q.text, q.speaker, q.how) for q in cached.quotes] == [(q.text, q.speaker, q.how) for q in direct.quotes]
    # Quotes of every length are cached; the length filter applies when rendering.
    assert any(q["text"] == "الصدام" for q in value["quotes"])
    assert len(VERSION) == 16
