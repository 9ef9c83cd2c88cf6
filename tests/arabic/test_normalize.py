from hypothesis import given, settings
from hypothesis import strategies as st

from arabic import normalize, strip_marks, tokenize
from arabic.months import MONTHS, WEEKDAYS
from arabic.normalize import _TABLE, DIACRITICS, FOLD, INVISIBLE, TATWEEL


def test_hamza_alef_yeh_teh_marbuta_fold():
    assert normalize("إسرائيل") == normalize("اسرائيل") == "اسراييل"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("السورية") == "السوريه"
    assert normalize("آشتون") == "اشتون"
    assert normalize("مؤتمر") == "موتمر"


def test_diacritics_tatweel_and_invisibles_are_dropped():
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("الـــقـــدس") == "القدس"
    assert normalize("سو\u200cريا\u202e") == "سوريا"


def test_digits_and_latin():
    assert normalize("٢٠١٥ و۱۹۹۰ Reuters") == "2015 و1990 reuters"


def test_strip_marks_keeps_letters():
    assert strip_marks("أُوبَامَا") == "أوباما"


def test_tokenize_offsets_and_punctuation():
    text = "قال كيري، «نحن» (الآن) 50 دقيقة؟"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["قال", "كيري", "نحن", "الآن", "50", "دقيقة"]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_month_and_weekday_tables():
    assert MONTHS[normalize("أيلول")] == MONTHS[normalize("سبتمبر")] == 9
    assert MONTHS[normalize("آب")] == 8
    assert WEEKDAYS[normalize("الجمعة")] == 4


@settings(max_examples=300, deadline=None)
# A list joined, not st.text: Hypothesis merges a text's alphabet into one range of
# characters, in which the folded ones are all but never drawn.
@given(st.lists(st.one_of(st.sampled_from(sorted(FOLD) + list(DIACRITICS + TATWEEL + INVISIBLE)),
                          st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), st.characters()),
                min_size=22, max_size=300).map("".join))
def test_long_texts_fold_as_short_ones(text):
    """A long text is folded rule by rule (normalize's fast path): as character by
    character, the way a word is."""
    for each in (text, text * 3):  # the second at least 64 characters long: folded rule by rule
        assert normalize(each) == each.translate(_TABLE).lower()
