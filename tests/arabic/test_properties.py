"""Property tests: the Arabic toolkit and the annotator accept any Unicode string."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arabic import normalize, strip_marks, tokenize
from arabic.analyzer import analyze
from arabic.clitics import light_stem, proclitic_splits, strip_proclitics
from arabic.offsets import normalize_with_offsets
from entities.recognize import recognize

# Any text, weighted towards Arabic letters, marks, digits, joiners and bidi controls
# (a list joined: Hypothesis merges a text's alphabet into one range of characters, in
# which these are all but never drawn).
ARABIC_ISH = st.lists(
    st.one_of(
        st.characters(),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(list("\u200c\u200d\u200f\u202e\u2066\u0640\u064b\ufeff ،.\n")),
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ARABIC_ISH)
def test_normalisation_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert strip_marks(strip_marks(text)) == strip_marks(text)


@settings(max_examples=300, deadline=None)
@given(ARABIC_ISH)
def test_tokens_lie_inside_the_text_and_match_it(text):
    previous_end = 0
    for tok in tokenize(text):
        assert 0 <= previous_end <= tok.start < tok.end <= len(text)
        assert text[tok.start : tok.end] == tok.text
        previous_end = tok.end


@settings(max_examples=200, deadline=None)
@given(ARABIC_ISH)
def test_clitics_and_analysis_never_raise(text):
    for tok in tokenize(text):
        proclitic_splits(tok.text)
        strip_proclitics(tok.text)
        light_stem(tok.text)
    # the search annotator stores terms space-separated: a term never holds a space
    assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in analyze(text))


@settings(max_examples=100, deadline=None)
@given(ARABIC_ISH)
def test_recognised_spans_lie_inside_the_text_and_match_it(text):
    for m in recognize(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.type in {"PERS", "LOC", "ORG", "MISC"}


def test_a_lone_surrogate_does_not_stop_the_tagger():
    # Found by the property above: crfsuite could not encode the feature string.
    text = "\ud800 وصل جون كيري إلى موسكو"
    found = {(m.text, m.type) for m in recognize(text)}
    assert ("موسكو", "LOC") in found


@given(st.text(alphabet="ابتأإآةىيؤئ ـًٌٍَُِّْ\u200b\u200fİIaB١۳.،", max_size=16) | ARABIC_ISH)
def test_offsets_map_each_normalised_character_to_the_one_it_came_from(text):
    norm, origin = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert len(origin) == len(norm) + 1 and origin[-1] == len(text)
    # Character by character, as the definition says (İ lower-cases to two characters).
    expected = [i for i, ch in enumerate(text) for _ in normalize(ch)]
    assert list(origin[:-1]) == expected
