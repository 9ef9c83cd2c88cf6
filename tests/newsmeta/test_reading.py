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


def test_cut_words_counts_words_as_the_tokenizer_does():
    """Against the plain definition (the tokenizer's words, cut after the n-th), on
    random runs of letters, digits, joiners, tatweel and punctuation."""
    import random

    from arabic.tokens import WORD_RE

    def reference(paragraph, n):
        words = list(WORD_RE.finditer(paragraph))
        return paragraph if len(words) <= n else paragraph[: words[n - 1].end()].rstrip() + "…"

    rnd = random.Random(7)
    parts = ["و", " ", "،", "كتب", "a1", "ـ", "\u200c", "  ", "«", "»", ".", "x", "٣"]
    for _ in range(3000):
        paragraph = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 60)))
        for n in (1, 2, 3, 7):
            assert cut_words(paragraph, n) == reference(paragraph, n), (paragraph, n)
