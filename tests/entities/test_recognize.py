"""Recognition API: offsets, clitics, variants, multi-word names, speed-independent checks."""

import pytest

from entities.gazetteer import Gazetteer
from entities.link import Linker, fold
from entities.recognize import _TOKEN_RE, MODEL_VERSION, Mention, _sentences, recognize


def names(text):
    linker = Linker(Gazetteer.load())
    out = []
    for m, key in linker.link_article(recognize(text)):
        c = linker.pinned.get(key)
        out.append((m.text, c.name if c else key, m.type))
    return out


def test_model_version_is_a_stable_hash():
    assert len(MODEL_VERSION) == 16 and int(MODEL_VERSION, 16) >= 0


def test_empty_and_nameless_text():
    assert recognize("") == []
    assert recognize("قال إنه سيعود غدا إلى البيت بعد العمل.") == []


@pytest.mark.parametrize(
    "text, surface, canonical",
    [
        ("وصل الوفد إلى وموسكو أمس.", "موسكو", "موسكو"),
        ("التقى الوزير بممثلين عن الولايات المتحدة وقال إن للولايات المتحدة دورا.", "لولايات المتحدة", "الولايات المتحدة"),
        ("وقال فالبنتاغون يرى ذلك.", "البنتاغون", "وزارة الدفاع الأمريكية"),
        ("أعلنت البنتاجون أمس.", "البنتاجون", "وزارة الدفاع الأمريكية"),
        ("قال الرئيس اوباما إن الاتفاق جيد.", "اوباما", "باراك أوباما"),
        ("قال الرئيس أوبـــاما إن الاتفاق جيد.", "أوبـــاما", "باراك أوباما"),
        ("قال الرئيس أُوبَامَا إن الاتفاق جيد.", "أُوبَامَا", "باراك أوباما"),
        ("أعلنت وزارة الدفاع الأميركية أمس.", "وزارة الدفاع الأميركية", "وزارة الدفاع الأمريكية"),
        ("يقاتل التحالف تنظيم الدولة الإسلامية في العراق.", "تنظيم الدولة الإسلامية", "تنظيم الدولة الإسلامية"),
        ("التقى عبد الله بن زايد نظيره.", "عبد الله بن زايد", "عبد الله بن زايد"),
        ("قالت أمريكا إنها ستدعم الحل.", "أمريكا", "الولايات المتحدة"),
    ],
)
def test_clitics_variants_and_multiword_names(text, surface, canonical):
    got = names(text)
    assert (surface, canonical) in [(s, c) for s, c, _t in got], got


def test_title_is_left_out_of_the_name():
    got = names("وقال وزير الخارجية الأمريكي جون كيري إن المحادثات مفيدة.")
    assert ("جون كيري", "جون كيري", "PERS") in got
    assert all(not s.startswith("وزير") for s, _c, _t in got)


def test_surname_alone_links_to_the_full_name_given_earlier():
    linker = Linker(Gazetteer.load())
    text = "قال جان دوبون إن الحل قريب. وأضاف دوبون أن المفاوضات مستمرة."
    a = text.index("جان دوبون")
    b = text.rindex("دوبون")
    ms = [Mention(a, a + 9, "PERS", "جان دوبون"), Mention(b, b + 5, "PERS", "دوبون")]
    linked = linker.link_article(ms)
    assert linked[0][1] == linked[1][1] == fold("جان دوبون")


def test_the_animal_is_not_the_president():
    got = names("شاهد الأطفال الأسد في حديقة الحيوان.")
    assert not any(c == "بشار الأسد" for _s, c, _t in got)


def test_mentions_are_in_text_order_with_true_offsets():
    text = "اجتمع بوتين مع أردوغان في موسكو ثم سافر إلى لندن."
    ms = recognize(text)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    for m in ms:
        assert text[m.start : m.end] == m.text
    assert {"موسكو", "لندن"} <= {m.text for m in ms}


def test_another_backend_can_be_plugged_in(monkeypatch):
    import pickle

    import entities.annotate as annotate
    from annotations.registry import ANNOTATORS, Doc

    monkeypatch.setitem(ANNOTATORS, "entities", ANNOTATORS.get("entities"))  # restored after
    ann = annotate.register_annotator({"ENTITIES_BACKEND": "tests.entities.toy_backend:find"})
    doc = Doc("a.md", "", "<p>قال زيد إن موسكو بعيدة.</p>")
    # The backend goes with the annotator, as to a worker spawned or on a Dask cluster
    # (which has none of the build's environment).
    (raw,) = pickle.loads(pickle.dumps(ann)).run([doc])
    assert raw["body"] == [[4, 7, "PERS", "زيد", "زيد"]]
    assert ann.version == annotate.backend_version("tests.entities.toy_backend:find") != MODEL_VERSION
    # The shipped tagger again, in the same process: no setting left behind.
    (raw,) = annotate.register_annotator({}).run([doc])
    assert [m[2:4] for m in raw["body"]] == [["PERS", "زيد"], ["LOC", "موسكو"]]


ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(ARABIC, min_size=1, max_size=8), st.sampled_from(["موسكو", "وموسكو", "للولايات المتحدة", "جون كيري", "\u064e", "ـ", " ", ".", "\n", "(", "،", "A1"])), max_size=30))
def test_offsets_hold_on_any_text(parts):
    text = " ".join(parts)
    for m in recognize(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.type in ("PERS", "LOC", "ORG", "MISC")


def test_surname_propagation_respects_spelling_and_clitics():
    from entities.link import propagate_names

    text = "قال محمد علي إن الأمر على ما يرام. وأكد علي ذلك. ثم قال سلمان للإغاثة شيئا عن للإغاثة."
    a = text.index("محمد علي")
    b = text.index("سلمان للإغاثة")
    linked = [
        (Mention(a, a + 8, "PERS", "محمد علي"), fold("محمد علي")),
        (Mention(b, b + 13, "PERS", "سلمان للإغاثة"), fold("سلمان للإغاثة")),
    ]
    added = propagate_names([(0, text)], linked)
    assert [m.text for m, _k in added] == ["علي"]  # not the preposition على, not للإغاثة
    assert added[0][0].start == text.index("وأكد علي") + 5


def test_surname_propagation_across_blocks_and_after_la_l():
    """A later block may hold the surname only as للسادات (ل + السادات, alef elided)."""
    from entities.link import propagate_names

    first = "حضر جمال عبد الناصر وأنور السادات الحفل."
    later = "كما كان للسادات دور. وقال آخرون شيئا."
    a = first.index("أنور السادات")
    linked = [(Mention(a, a + 12, "PERS", "أنور السادات"), fold("أنور السادات"))]
    off = len(first) + 1
    added = propagate_names([(0, first), (off, later), (off + len(later), " لا شيء هنا.")], linked)
    assert [(m.start - off, m.text) for m, _k in added] == [(later.index("للسادات") + 1, "لسادات")]
    assert added[0][1] == fold("أنور السادات")


def sentences_token_by_token(text):
    """The reference split: line by line, a sentence closed after each end mark."""
    sents, start = [], 0
    for line in text.split("\n"):
        sent = []
        for m in _TOKEN_RE.finditer(text, start, start + len(line)):
            sent.append(m.span())
            if m.group() in ".!?؟…":
                sents.append(sent)
                sent = []
        sents += [sent] if sent else []
        start += len(line) + 1
    return sents


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["موسكو", "ab", "12", " ", "\n", "\r", "\u2028", ".", "...", "!", "?", "؟", "…", "،", "«", "\u064e"]), max_size=40))
def test_sentences_are_cut_after_end_marks_and_at_line_breaks(parts):
    text = "".join(parts)
    sents = _sentences(text)
    assert [[m.span() for m in _TOKEN_RE.finditer(text, *s.span())] for s, _ in sents] == sentences_token_by_token(text)
    assert [toks for _, toks in sents] == [[text[a:b] for a, b in s] for s in sentences_token_by_token(text)]
