"""Reading aids: plain text, word count, lead."""

from __future__ import annotations

from newsmeta.reading import cut_words, first_paragraph, plain_text, word_count


def lead(text, max_words):
    """The lead as news metadata makes it: the first paragraph (cached by the
    annotator), cut after ``max_words`` words."""
    return cut_words(first_paragraph(text), max_words)


def test_lead_is_the_first_paragraph_with_words_cut_after_max_words():
    ten = " ".join(f"كلمة{i}" for i in range(10))
    assert lead(f"—\n{ten}\nثان", 10) == ten  # exactly max_words: whole
    assert lead(f"{ten} زائدة.", 10) == ten + "…"  # one more: cut after the tenth
    assert lead(f"{ten} زائدة.", 3) == "كلمة0 كلمة1 كلمة2…"
    long = " ".join(["خبر"] * 5000)
    assert lead(long, 40) == " ".join(["خبر"] * 40) + "…"
    assert lead("", 40) == "" and lead("...\n!!", 40) == ""


def test_plain_text_and_word_count():
    text = plain_text("<p>قال  <b>الوزير</b> &amp; زاد</p><p>ثم</p>")
    assert text == "قال الوزير & زاد\nثم"
    assert word_count(text) == 4
