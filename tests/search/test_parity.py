"""Python and JavaScript Arabic pipelines give the same tokens.

The shared vectors are checked here against the Python toolkit and lunr.py's own
pipeline, and by `node --test` against arabic.js and lunr.js (run from here, so that
`make test` runs the Node tests too).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arabic import stem, tokens
from arabic.analyzer import PIPELINE, analyze
from search import pipeline

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
normalize_mod = importlib.import_module("arabic.normalize")  # the package re-exports the function
ARABIC_JS = ROOT / "theme/static/js/arabic.js"
VECTORS = json.loads((HERE / "vectors.json").read_text(encoding="utf-8"))
ALL = VECTORS["hand"] + VECTORS["corpus"]


def node(script: str, payload) -> object:
    proc = subprocess.run(
        ["node", "-e", script, str(ARABIC_JS)],
        input=json.dumps(payload, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


ANALYZE_JS = (
    "const a=require(process.argv[1]);const t=JSON.parse(require('fs').readFileSync(0,'utf8'));"
    "process.stdout.write(JSON.stringify(t.map(x=>a.analyze(x))))"
)


def test_vector_file_is_substantial():
    assert len(VECTORS["hand"]) >= 30 and len(VECTORS["corpus"]) >= 300
    assert len(VECTORS["groups"]) >= 20


def test_python_pipeline_matches_vectors():
    bad = [(v["text"], analyze(v["text"]), v["tokens"]) for v in ALL if analyze(v["text"]) != v["tokens"]]
    assert bad == []


def test_lunr_py_pipeline_matches_vectors():
    bad = [v["text"] for v in ALL if pipeline.run(v["text"]) != v["tokens"]]
    assert bad == []


def test_variant_groups_share_a_term():
    for group in VECTORS["groups"]:
        first = set(analyze(group[0]))
        for word in group[1:]:
            assert first & set(analyze(word)), (group[0], word)


def test_distinct_words_stay_apart():
    for a, b in VECTORS["distinct"]:
        assert not set(analyze(a)) & set(analyze(b)), (a, b)


def test_labels_are_the_contract():
    assert [label for label, _ in PIPELINE] == ["arabic-normalize", "arabic-stem"]
    labels = node(
        "const a=require(process.argv[1]);process.stdout.write(JSON.stringify(a.labels))", None
    )
    assert labels == ["arabic-normalize", "arabic-stem"]


def test_tables_are_identical_in_both_languages():
    js = node(
        "const a=require(process.argv[1]);process.stdout.write(JSON.stringify(a._tables))", None
    )
    py = {
        "DIACRITICS": normalize_mod.DIACRITICS,
        "TATWEEL": normalize_mod.TATWEEL,
        "INVISIBLE": normalize_mod.INVISIBLE,
        "FOLD": normalize_mod.FOLD,
        "WORD_CHARS": tokens.WORD_CHARS,
        "ARTICLES": list(stem.ARTICLES),
        "CONJUNCTIONS": stem.CONJUNCTIONS,
        "PREPOSITIONS": stem.PREPOSITIONS,
        "PRONOUNS": [list(p) for p in stem.PRONOUNS],
        "ENDINGS": [list(p) for p in stem.ENDINGS],
        "AMBIGUOUS_ENDINGS": [list(p) for p in stem.AMBIGUOUS_ENDINGS],
        "VARIANTS": stem.VARIANTS,
        "STOPWORDS": sorted(stem.STOPWORDS),
        "NOT_ARTICLE": sorted(stem.NOT_ARTICLE),
        "COMPOUND_HEAD": stem.COMPOUND_HEAD,
        "MIN_ARTICLE_REST": stem.MIN_ARTICLE_REST,
        "MIN_PROCLITIC_REST": stem.MIN_PROCLITIC_REST,
    }
    assert js == py


# Letters, marks, hamza forms, digits, punctuation, Latin, invisible characters.
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "ءآأإؤئىةـ" "ًٌٍَُِّْٰ" "٠١٢٣٩۰۴۹0123"
    "،؛؟«».:-/ \n" "abcXYZéÉ" "\u200c\u200d\u200f\ufeff" "ﻻﷲیک"
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=ALPHABET, min_size=0, max_size=40), min_size=60, max_size=60))
def test_random_text_gives_identical_tokens(texts):
    assert node(ANALYZE_JS, texts) == [analyze(t) for t in texts]


def test_node_tests_pass():
    """tests/search/*.test.mjs: parity in JS, and the engine on a fixture index."""
    env = dict(os.environ, PYTHON=sys.executable)
    files = sorted(str(p) for p in HERE.glob("*.test.mjs"))
    assert len(files) >= 2
    proc = subprocess.run(["node", "--test", *files], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    summary = [line for line in proc.stdout.splitlines() if line.startswith("# ")]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in summary and any(line.startswith("# pass ") and line != "# pass 0" for line in summary)
