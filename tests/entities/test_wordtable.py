"""entities.wordtable: the commonest words' blocks summed once, read back, never stale.

The table only saves work: the tags must be the same with it and without it, and a
table of another model, another word list or a damaged file must never be read.
"""

import logging
from pathlib import Path

import numpy as np
import pytest

from entities import wordtable
from entities.recognize import Annotator, _sentences

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def annotator():
    return Annotator()


def demo_texts() -> list[str]:
    return [p.read_text(encoding="utf-8").partition("\n\n")[2] for p in sorted((ROOT / "content" / "news").glob("*.md"))]


def small_list(tmp_path: Path, annotator, n: int = 300) -> Path:
    words = tmp_path / "words.txt"
    words.write_text("".join(w + "\n" for w in list(annotator.scorer.compiled.rows)[:n]), encoding="utf-8")
    return words


def test_the_tags_are_the_same_with_and_without_the_table(annotator):
    texts = demo_texts()
    table = annotator.scorer.compiled
    assert table is not None and table.path.parent == wordtable.FOLDER
    tokens = [tok for t in texts for _, toks in _sentences(t) for tok in toks]
    listed = sum(t in table.rows for t in tokens)
    assert listed > 0.8 * len(tokens)  # the demo's words are mostly listed: the table is what tags them
    without = Annotator()
    without.scorer.compiled = without.featurizer.known_cores = None
    assert annotator.recognize_all(texts) == without.recognize_all(texts)


def test_a_listed_words_block_is_the_sum_the_scorer_makes(annotator):
    scorer, table = annotator.scorer, annotator.scorer.compiled
    words = list(table.rows)
    sample = words[:20] + words[1000:1020] + words[-20:]
    made = scorer._blocks([scorer.featurizer._word(w) for w in sample])
    assert np.array_equal(table.blocks([table.rows[w] for w in sample]), made)


def test_a_listed_words_core_is_the_one_the_featurizer_makes(annotator):
    fz, table = annotator.featurizer, annotator.scorer.compiled
    words = list(table.rows)
    for w in words[:50] + words[20000:20050] + words[-50:]:
        assert table.core(w) == fz._make_core(w)
    assert any(table.core(w)[2] for w in words[:50])  # punctuation flags come back too
    assert table.core("كلمةغيرمدرجة") is None and fz.core("كلمةغيرمدرجة") == fz._make_core("كلمةغيرمدرجة")


def test_compiled_once_then_read_back(tmp_path, annotator, caplog):
    words, folder = small_list(tmp_path, annotator), tmp_path / "compiled"
    with caplog.at_level(logging.INFO, logger="entities.wordtable"):
        first = wordtable.load(annotator.scorer, words, folder)
    assert [r.getMessage() for r in caplog.records if "compiled" in r.getMessage()]
    stamp = first.path.stat().st_mtime_ns
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="entities.wordtable"):
        again = wordtable.load(annotator.scorer, words, folder)
    assert not caplog.records and again.path.stat().st_mtime_ns == stamp
    assert len(again.rows) == 300 and np.array_equal(again.blocks(range(300)), first.blocks(range(300)))
    assert np.array_equal(again.blocks(range(300)), annotator.scorer.compiled.blocks(range(300)))


def test_a_damaged_table_is_compiled_again(tmp_path, annotator, caplog):
    words, folder = small_list(tmp_path, annotator), tmp_path / "compiled"
    path = wordtable.load(annotator.scorer, words, folder).path
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # one weight changed
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.INFO, logger="entities.wordtable"):
        table = wordtable.load(annotator.scorer, words, folder)
    assert any("compiled" in r.getMessage() for r in caplog.records)
    assert np.array_equal(table.blocks(range(300)), annotator.scorer.compiled.blocks(range(300)))


def test_another_word_list_or_model_is_another_file(tmp_path, annotator, monkeypatch):
    words, folder = small_list(tmp_path, annotator), tmp_path / "compiled"
    first = wordtable.load(annotator.scorer, words, folder).path
    words.write_text(words.read_text(encoding="utf-8") + "كلمة\n", encoding="utf-8")
    second = wordtable.load(annotator.scorer, words, folder)
    assert second.path != first and not first.exists()  # the stale table is removed
    assert len(second.rows) == 301
    monkeypatch.setattr(wordtable, "MODEL_VERSION", "another model")
    third = wordtable.load(annotator.scorer, words, folder).path
    assert third != second.path and [p.name for p in folder.iterdir()] == [third.name]


def test_without_a_writable_folder_the_tagger_goes_without(tmp_path, annotator, caplog):
    words = small_list(tmp_path, annotator)
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="entities.wordtable"):
        assert wordtable.load(annotator.scorer, words, blocked / "compiled") is None
    assert any("cannot write" in r.getMessage() and "a file" in r.getMessage() for r in caplog.records)
