from hypothesis import given, settings
from hypothesis import strategies as st

from newsmeta.quotes import _SENTENCE_END, _SentenceStarts, find_quotes


def speakers(text, **kw):
    return [(q.text, q.speaker, q.how) for q in find_quotes(text, **kw)]


def test_speaker_before_with_colon_and_guillemets():
    text = "وقال رئيس الوزراء حيدر العبادي: «لن نسمح بعودة الفساد إلى المؤسسات»."
    assert speakers(text) == [("لن نسمح بعودة الفساد إلى المؤسسات", "رئيس الوزراء حيدر العبادي", "before")]


def test_subject_stops_at_time_and_complementiser():
    text = "وصرح العبادي أمس بأن «تعاون الجميع سيسير بالبلد إلى الإصلاح»."
    assert speakers(text)[0][1] == "العبادي"


def test_added_without_subject_takes_previous_speaker():
    text = ("وقال وزير الخارجية جون كيري إن المحادثات مهمة. "
            "وأضاف أن «الخطوة التالية ستكون محادثات عسكرية قريبة»."
            )
    assert speakers(text) == [("الخطوة التالية ستكون محادثات عسكرية قريبة", "وزير الخارجية جون كيري", "previous")]


def test_speaker_after_the_quote():
    text = "«سنواصل العمل حتى تحقيق كل الأهداف المعلنة»، قال المتحدث العسكري."
    assert speakers(text)[0][1:] == ("المتحدث العسكري", "after")
    text = "«الوضع الأمني مستقر في جميع المناطق الحدودية» بحسب الوزارة."
    assert speakers(text)[0][1:] == ("الوزارة", "after")


def test_reported_through_an_intermediary():
    text = "ونقلت الصحيفة عن صاحب المطعم حسن قوله «نحاول جهدنا لتطبيق أكبر ما يمكن»."
    assert speakers(text)[0][1] == "صاحب المطعم حسن"


def test_short_scare_quotes_are_skipped_and_unattributed_kept():
    text = "ناقش الطرفان «الحشد الشعبي» ثم نشرت لافتة كتب عليها «هدية مصر إلى العالم كله»."
    found = find_quotes(text)
    assert [(q.text, q.attributed) for q in found] == [("هدية مصر إلى العالم كله", False)]
    assert len(find_quotes(text, min_words=2)) == 2


def test_straight_quotes_do_not_pair_across_a_missing_mark():
    text = 'هاتفي جالكسي أس6" و"جالكسي أس6 إيدج في المعرض. وقال المدير "نحن سعداء جدا بهذا الإطلاق الكبير".'
    found = find_quotes(text)
    assert [(q.text, q.speaker) for q in found] == [("نحن سعداء جدا بهذا الإطلاق الكبير", "المدير")]


def test_offsets_cover_the_quotation_marks():
    text = "وقال كيري “تركيزنا ما زال ينصب على قتال داعش”"
    q = find_quotes(text)[0]
    assert text[q.start:q.end] == "“تركيزنا ما زال ينصب على قتال داعش”"
    assert text[q.speaker_start:q.speaker_end] == "كيري"


def test_subject_before_the_verb():
    text = "مهاب مميش، رئيس هيئة القناة، قال في مقابلة تلفزيونية «إن التجارة العالمية تتزايد بسرعة»."
    assert speakers(text)[0][1:] == ("مهاب مميش", "before")
    text = ("وقال الشمري إن الحكومة ضعيفة. لكن القاضي وائل عبد اللطيف أكد من جانبه أنه "
            "«في الوقت الذي يتوجب فيه على القائد الناجح أن يعمل»." )
    assert speakers(text)[0][1:] == ("القاضي وائل عبد اللطيف", "before")


def test_verb_first_sentence_is_not_read_as_subject_first():
    text = ("وقال قطان إن العلاقات قوية. وانتقد قطان من يحاولون النيل من العلاقات، وقال "
            "«الرجل لا علاقة له بالحقائق على الإطلاق»." )
    assert speakers(text)[0][1:] == ("قطان", "previous")


def test_time_words_end_a_subject_but_names_stay():
    text = "وقال الوزير صباح أمس «إن العمل سيستمر حتى نهاية العام»."
    assert speakers(text)[0][1] == "الوزير"
    text = "وقال صباح البزوني، رئيس مجلس محافظة البصرة: «القرار سيجعل المشاريع متوقفة تماما»."
    assert speakers(text)[0][1] == "صباح البزوني"


def test_answered():
    text = "وسئل عن الخيار العسكري، فأجاب الوزير: «كل الخيارات مطروحة على الطاولة الآن»."
    assert speakers(text)[0][1] == "الوزير"


def test_statement_as_subject():
    text = "وقال بيان من مكتب الوزير: «إن المذكرة تتعلق بالحادثة بشكل خاص»."
    assert speakers(text)[0][1] == "بيان من مكتب الوزير"
    text = "وقال وزير الصحة في بيان «الوضع تحت السيطرة تماما الآن»."
    assert speakers(text)[0][1] == "وزير الصحة"


def test_statement_said_in():
    text = "وأصدرت اللجنة السعودية للرقابة على المنشطات بيانًا قالت فيه: «بناء على صلاحيات اللجنة تقرر ما يلي»."
    assert speakers(text)[0][1] == "اللجنة السعودية"
    text = "وكتب بيدج الرئيس التنفيذي تدوينة قال فيها «نحن نعيد تنظيم الشركة من أجل المستقبل»."
    assert speakers(text)[0][1] == "بيدج الرئيس التنفيذي"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="قال وزير.!?؟؛\n\t x", max_size=60))
def test_a_sentence_starts_after_the_last_stop_before_a_position(text):
    """The sentence ends found once hold for every position as a scan of the text up to
    it does (a stop just before the position counts, whatever follows it)."""
    starts = _SentenceStarts(text)
    for pos in range(len(text) + 1):
        scanned = [m.end() for m in _SENTENCE_END.finditer(text, 0, pos)]
        assert starts(pos) == (scanned[-1] if scanned else 0)
