"""Proclitics (plugins/arabic/clitics.py): the one implementation of clitic handling."""

import pytest

from arabic.clitics import light_stem, proclitic_splits, strip_proclitics

LEXICON = {"موسكو", "سوريا", "الولايات", "الروسي", "البنتاغون", "الأسد"}


@pytest.mark.parametrize(
    "word, prefix, base",
    [
        ("وموسكو", 1, "موسكو"),
        ("بسوريا", 1, "سوريا"),
        ("للولايات", 1, "الولايات"),  # ل + ال: the alef is elided
        ("والروسي", 1, "الروسي"),
        ("فالبنتاغون", 1, "البنتاغون"),
        ("للأسد", 1, "الأسد"),
        ("وموسكو", 1, "موسكو"),
    ],
)
def test_proclitics_are_split_off_known_words(word, prefix, base):
    s = strip_proclitics(word, LEXICON.__contains__)
    assert (s.prefix, s.base) == (prefix, base)


@pytest.mark.parametrize("word", ["بشار", "واشنطن", "لندن", "فرنسا", "كيري", "موسكو"])
def test_names_that_start_like_a_clitic_are_kept(word):
    assert strip_proclitics(word, LEXICON.__contains__).prefix == 0


def test_without_lexicon_only_article_combinations_are_split():
    assert strip_proclitics("والروسي").base == "الروسي"
    assert strip_proclitics("للولايات").base == "الولايات"
    assert strip_proclitics("وموسكو").prefix == 0  # و + موسكو needs a lexicon to decide


def test_double_proclitic():
    splits = proclitic_splits("وبالولايات")
    assert [s.base for s in splits] == ["الولايات", "بالولايات"]
    assert strip_proclitics("وبالولايات").base == "الولايات"


def test_light_stem_drops_clitics_and_article():
    assert light_stem("وبالولايات") == "ولايات"
    assert light_stem("للولايات") == "ولايات"
    assert light_stem("الأسد") == "أسد"
    assert light_stem("سوريا") == "سوريا"
