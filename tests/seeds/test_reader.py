import datetime as dt
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

from seeds.dates import date_from_filename, infer_date
from seeds.reader import SeedFormatError, SeedReader, decode, parse_seed, slug_for
from seeds.signature import agency_code, parse_signature

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_5304fa1f4398c22f.txt"
BODY = "قال مسؤول اليوم إن المحادثات ستستمر.\nوأضاف أن الوفد سيصل غدا.\n"


def read(path: Path):
    settings = dict(DEFAULT_CONFIG, TIMEZONE="UTC", SLUGIFY_USE_UNICODE=True)
    return SeedReader(settings).read(str(path))


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def test_seed_article_is_read_whole():
    content, meta = read(SEED)
    assert meta["title"] == "واشنطن وموسكو تناقشان “تفادي الصدام” بينهما في سوريا"
    assert content.count("<p>") == 8
    assert meta["editors"] == ["ص.ش", "ع.ج.م"]
    assert meta["agencies"] == ["reuters"]
    assert meta["agency_names"] == ["رويترز"]
    assert meta["date"].date() == dt.date(2015, 9, 18)
    assert meta["date_inferred"] is True and meta["date_source"] == "text"
    assert meta["slug"] == "واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا"
    # typographic quotes and the ellipsis are kept as written
    assert "“لم نرفض الحوار مع الولايات المتحدة مطلقا… نحن" in content
    assert "ص.ش/ع.ج.م" not in content  # the signature is metadata, not body


def test_body_is_kept_exactly_and_escaped(tmp_path):
    text = "عنوان\n  فقرة <b>أولى</b> & “ثانية”  \n\nفقرة ثالثة\nع.ع (رويترز)\n"
    content, _ = read(write(tmp_path, "2015-01-02-x.txt", text))
    assert content == "<p>فقرة &lt;b&gt;أولى&lt;/b&gt; &amp; “ثانية”</p>\n<p>فقرة ثالثة</p>"


@pytest.mark.parametrize(
    "line, editors, agencies",
    [
        ("ص.ش/ع.ج.م (رويترز)", ["ص.ش", "ع.ج.م"], ["reuters"]),
        ("ح.ز (أ ف ب، د ب أ)", ["ح.ز"], ["afp", "dpa"]),
        ("ع.ش (ا ف ب, أ ب)", ["ع.ش"], ["afp", "ap"]),
        ("(رويترز، أ ف ب)", [], ["reuters", "afp"]),
        ("س.ك (رويترز وأ ف ب)", ["س.ك"], ["reuters", "afp"]),
        ("م.م/ه.د (أ.ف.ب)", ["م.م", "ه.د"], ["afp"]),
    ],
)
def test_signatures(line, editors, agencies):
    sig = parse_signature(line)
    assert sig.editors == editors and sig.agencies == agencies and sig.unknown == []


def test_not_a_signature():
    assert parse_signature("وقال المتحدث (رويترز) إن الاجتماع انتهى") is None
    assert agency_code("وكالة مجهولة") is None


def test_unknown_agency_is_a_warning(tmp_path, caplog):
    _, meta = read(write(tmp_path, "2015-01-02-a.txt", "عنوان\n" + BODY + "ع.ع (وكالة النجوم)\n"))
    assert meta["agencies"] == [] and meta["agency_names"] == ["وكالة النجوم"]
    assert "unknown agency 'وكالة النجوم'" in caplog.text


def test_missing_signature_is_a_warning_and_text_is_kept(tmp_path, caplog):
    _, meta = read(write(tmp_path, "2015-01-02-b.txt", "عنوان\n" + BODY))
    assert "editors" not in meta
    assert "b.txt:4: no desk signature" in caplog.text


def test_header_and_sidecar_metadata_win(tmp_path):
    p = write(tmp_path, "c.txt", "Date: 2016-03-01\nTags: سوريا\n\nعنوان\n" + BODY + "ع.ع (رويترز)\n")
    _, meta = read(p)
    assert meta["date"].date() == dt.date(2016, 3, 1) and meta["date_source"] == "metadata"
    assert meta["title"] == "عنوان" and [str(t) for t in meta["tags"]] == ["سوريا"]
    q = write(tmp_path, "d.txt", "عنوان\n" + BODY + "ع.ع (رويترز)\n")
    write(tmp_path, "d.meta", "Date: 2014-05-06\nSlug: my-slug\n")
    _, meta = read(q)
    assert meta["date"].date() == dt.date(2014, 5, 6) and meta["slug"] == "my-slug"


def test_date_from_file_name(tmp_path):
    _, meta = read(write(tmp_path, "20150918_x.txt", "عنوان\n" + BODY + "ع.ع (رويترز)\n"))
    assert meta["date"].date() == dt.date(2015, 9, 18)
    assert meta["date_source"] == "filename" and meta["date_inferred"] is False
    assert date_from_filename("2015-02-30-x.txt") is None
    assert date_from_filename("000_5304fa1f4398c22f.txt") is None


def test_no_date_anywhere_is_reported_not_invented(tmp_path, caplog):
    _, meta = read(write(tmp_path, "nodate.txt", "عنوان\n" + BODY + "ع.ع (رويترز)\n"))
    assert "date" not in meta
    assert "nodate.txt:1: no date" in caplog.text


def test_infer_date_needs_weekday_day_month_and_a_year():
    assert infer_date("الخميس 3 سبتمبر/ أيلول … في عام 2015") == dt.date(2015, 9, 3)
    # 18 September 2014 was a Thursday, so Friday the 18th is in 2015
    assert infer_date("اليوم الجمعة (18 سبتمبر) ... أغسطس 2014") == dt.date(2015, 9, 18)
    assert infer_date("اليوم الجمعة (18 سبتمبر)") is None  # no year mentioned
    assert infer_date("في عام 2014 وقع الحادث") is None  # no weekday and day


def test_encodings_and_line_ends():
    assert decode("\ufeffعنوان\r\nنص\rآخر".encode(), "x") == "عنوان\nنص\nآخر"
    with pytest.raises(SeedFormatError, match=r"bad\.txt:2: not valid UTF-8"):
        decode("عنوان\n".encode() + b"\xff\xfe", "bad.txt")


def test_empty_and_title_only_files_are_errors():
    with pytest.raises(SeedFormatError, match="e.txt:1: empty file"):
        parse_seed("\n \n", "e.txt")
    with pytest.raises(SeedFormatError, match="t.txt:2: title only"):
        parse_seed("\nعنوان فقط\n", "t.txt")


def test_long_titles_give_bounded_slugs():
    slug = slug_for("كلمة " * 60, dict(DEFAULT_CONFIG))
    assert 0 < len(slug) <= 80 and not slug.endswith("-")
    assert slug.startswith("كلمة-كلمة")
