"""The seed article must come out right: every listed name found, nothing that is not a name."""

from collections import defaultdict
from pathlib import Path

import pytest

from entities.gazetteer import Gazetteer
from entities.link import Linker
from entities.recognize import recognize

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_5304fa1f4398c22f.txt"

PERSONS = ["آشتون كارتر", "سيرغي شويغو", "تشاك هاغل", "ماريا زاخاروفا", "جون كيري", "باراك أوباما", "عبد الله بن زايد", "بشار الأسد"]
PLACES = ["واشنطن", "موسكو", "سوريا", "روسيا", "الولايات المتحدة", "لندن", "القرم", "أوكرانيا", "اللاذقية", "الإمارات"]
ORGS = ["وزارة الدفاع الأمريكية", "تنظيم الدولة الإسلامية", "وزارة الخارجية الروسية", "البيت الأبيض", "وكالة الإعلام الروسية", "رويترز"]
# Names the issue does not list but which are names all the same.
ALSO_NAMES = {"الجيش السوري", "وزارة الدفاع", "مشاة البحرية"}


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    mentions = recognize(text)
    linker = Linker(Gazetteer.load())
    linked = linker.link_article(mentions)
    entities = defaultdict(set)
    for m, key in linked:
        c = linker.pinned.get(key)
        entities[c.name if c else m.text].add(c.type if c else m.type)
    return text, mentions, linked, dict(entities)


@pytest.mark.parametrize("name", PERSONS)
def test_persons(seed, name):
    assert seed[3].get(name) == {"PERS"}


@pytest.mark.parametrize("name", PLACES)
def test_places(seed, name):
    assert seed[3].get(name) == {"LOC"}


@pytest.mark.parametrize("name", ORGS)
def test_organisations(seed, name):
    assert seed[3].get(name) == {"ORG"}


def test_no_entity_that_is_not_a_name(seed):
    extra = set(seed[3]) - set(PERSONS) - set(PLACES) - set(ORGS) - ALSO_NAMES
    assert not extra


def test_variants_are_one_entity(seed):
    text, _m, linked, _e = seed
    by_surface = defaultdict(set)
    for m, key in linked:
        by_surface[m.text].add(key)
    pentagon = by_surface["البنتاغون"] | by_surface["البنتاجون"] | by_surface["وزارة الدفاع الأمريكية"]
    assert len(pentagon) == 1
    assert by_surface["داعش"] == by_surface["تنظيم الدولة الإسلامية"]
    assert by_surface["أمريكا"] == by_surface["الولايات المتحدة"]
    assert by_surface["شويغو"] == by_surface["سيرغي شويغو"]
    assert by_surface["كيري"] == by_surface["جون كيري"]


def test_offsets_point_into_the_text_and_leave_proclitics_out(seed):
    text, mentions, _l, _e = seed
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert not m.text.startswith(("وموسكو", "لموسكو", "للولايات"))
    spans = {(m.text, text[m.start - 1]) for m in mentions}
    assert ("موسكو", "و") in spans  # واشنطن وموسكو: span is موسكو, و stays outside
    assert ("موسكو", "ل") in spans  # لموسكو


def test_titles_are_not_part_of_names(seed):
    _t, _m, linked, _e = seed
    texts = {m.text for m, _k in linked}
    assert "جون كيري" in texts
    assert not any(t.startswith(("وزير", "الرئيس", "المتحدثة")) for t in texts)
