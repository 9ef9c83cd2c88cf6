"""entities.crf tags as crfsuite does: same weights, same Viterbi, same two-pass tags.

The reference is python-crfsuite's own Tagger on the feature lists of
``Featurizer.sentence`` (what the models were trained on), with the same two-pass
logic the annotator had when it tagged through crfsuite.
"""

import itertools
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from entities.crf import Model
from entities.features import bigram_ids, memory_features
from entities.recognize import MODEL2_PATH, MODEL_PATH, Annotator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "ner"))
import conll  # noqa: E402

DEV = ROOT / "data" / "ner" / "anercorp_dev.conll"


@pytest.fixture(scope="module")
def annotator():
    return Annotator()


def crfsuite_tags(ann: Annotator, documents: list[list[list[str]]]) -> list[list[list[str]]]:
    """Two-pass tags through pycrfsuite.Tagger, then the curated names."""
    fz = ann.featurizer
    first, second = pycrfsuite.Tagger(), pycrfsuite.Tagger()
    first.open(str(MODEL_PATH))
    second.open(str(MODEL2_PATH))
    out = []
    for sentences in documents:
        feats = [fz.sentence(t) if t else [] for t in sentences]
        tags = [first.tag(f) if f else [] for f in feats]
        mem = memory_features([[fz.core(t)[1] for t in toks] for toks in sentences], tags)
        for k, (f, m) in enumerate(zip(feats, mem)):
            if f and (any(t != "O" for t in tags[k]) or any("mem=" in x for token in m for x in token)):
                tags[k] = second.tag([a + b for a, b in zip(f, m)])
        out.append([ann._dictionary([fz.core(t)[0] for t in toks], list(tg)) for toks, tg in zip(sentences, tags)])
    return out


def test_the_model_file_is_read_as_crfsuite_reads_it():
    model = Model(MODEL_PATH)
    attributes, weights = model.state_weights()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    info = tagger.info()  # its text dump rounds weights to 6 decimals
    assert model.labels == tagger.labels()
    col = {label: k for k, label in enumerate(model.labels)}
    row = {a: k for k, a in enumerate(attributes)}
    assert len(row) == len(attributes) == len({a for a, _ in info.state_features})
    for (attr, label), w in info.state_features.items():
        assert weights[row[attr], col[label]] == pytest.approx(w, abs=1e-6)
    assert np.count_nonzero(weights) == len(info.state_features)
    for (a, b), w in info.transitions.items():
        assert model.transitions[col[a], col[b]] == pytest.approx(w, abs=1e-6)


def test_a_file_that_is_not_a_model_is_named(tmp_path):
    bad = tmp_path / "model.crfsuite"
    bad.write_bytes(b"lCRF" + bytes(60))
    with pytest.raises(ValueError, match="model.crfsuite"):
        Model(bad)


def test_viterbi_finds_the_best_path_for_sentences_stepped_together():
    model = Model(MODEL_PATH)
    L = len(model.labels)
    rng = np.random.default_rng(7)
    lens = [int(n) for n in rng.integers(1, 5, 60)] + [7, 1]
    E = rng.normal(scale=3.0, size=(sum(lens) + 2 * len(lens), L))  # two rows between sentences
    firsts = [sum(lens[:s]) + 2 * s for s in range(len(lens))]

    def best(e, n):
        def score(ys):
            return sum(e[t, y] for t, y in enumerate(ys)) + sum(model.transitions[a, b] for a, b in zip(ys, ys[1:]))

        return [model.labels[y] for y in max(itertools.product(range(L), repeat=n), key=score)]

    together = model.viterbi(E, firsts, lens)
    assert [len(t) for t in together] == lens
    for s, n in enumerate(lens):
        own = E[firsts[s] : firsts[s] + n]
        assert together[s] == model.viterbi(own, [0], [n])[0]
        if n <= 4:
            assert together[s] == best(own, n)


def test_tags_are_crfsuites_on_every_sentence_of_the_dev_data(annotator):
    sentences = [toks for toks, _ in conll.read(DEV)]
    # Documents of 12 sentences, so that pass 2 has a memory; one with an empty sentence.
    documents = [sentences[i : i + 12] for i in range(0, len(sentences), 12)]
    documents[0] = documents[0][:3] + [[]] + documents[0][3:]
    # All at once: more distinct words than the word cache holds, so a table of their own.
    ours = annotator.tag_documents(documents)
    assert ours == crfsuite_tags(annotator, documents)
    assert sum(t != "O" for doc in ours for s in doc for t in s) > 5000  # it does tag names
    # One by one: through the word cache, which fills and starts again several times.
    assert [annotator.tag_document(doc) for doc in documents] == ours


def test_bigrams_found_by_pair_are_the_feature_strings_ones(annotator):
    """The tagger looks the bigram features up by pair of words (bigram_ids), not by
    the strings Featurizer.extras makes for training: the same ids."""
    scorer, fz = annotator.scorer, annotator.featurizer
    known = 0
    for toks, _ in conll.read(DEV):
        norms = [fz.core(t)[0] for t in toks]
        strings = fz.extras(toks)
        for i, pair in enumerate(zip(norms, norms[1:])):
            assert scorer.before.get(pair, 0) == scorer.index.get(strings[i + 1][0], 0)
            assert scorer.after.get(pair, 0) == scorer.index.get(strings[i][1], 0)
            known += pair in scorer.before
        assert scorer.ends == (scorer.index.get(strings[0][0], 0), scorer.index.get(strings[-1][1], 0))
    assert known > 1000
    # A token may be a "|": a feature is listed under each way of splitting it.
    before, after = bigram_ids({"b-=a||b": 1, "b+=|x": 2, "n=a|b": 3})
    assert before == {("a", "|b"): 1, ("a|", "b"): 1} and after == {("", "x"): 2}


def memory_by_counting(stems, tags, window):
    """The reference memory_features: each token's stem counted afresh in its window."""
    labels = [[t[2:] if t != "O" else "O" for t in tg] for tg in tags]
    seen = Counter(w for st in stems for w in st)
    out = []
    for s, st in enumerate(stems):
        near = range(max(0, s - window), min(len(stems), s + window + 1))
        own = []
        for w, t in zip(st, labels[s]):
            c = Counter(lab for k in near for v, lab in zip(stems[k], labels[k]) if v == w)
            ent = {k: n - (k == t) for k, n in c.items() if k != "O" and n - (k == t) > 0}
            if len(w) < 3 or seen[w] < 2 or c.total() < 2:
                own.append([])
            elif ent:
                best = max(sorted(ent), key=ent.get)
                own.append([f"mem={best}", f"memr={best}{'+' if ent[best] >= c['O'] - (t == 'O') else '-'}"])
            else:
                own.append(["memO"] if c["O"] - (t == "O") > 0 else [])
        heads = [f[0] if f and f[0].startswith("mem=") else "" for f in own]
        last = len(own) - 1
        out.append([
            f + (["-1" + heads[i - 1]] if i > 0 and heads[i - 1] else []) + (["+1" + heads[i + 1]] if i < last and heads[i + 1] else [])
            for i, f in enumerate(own)
        ])
    return out


def test_memory_features_are_the_counts_of_the_sliding_window(annotator):
    fz = annotator.featurizer
    data = conll.read(DEV)[:600]
    stems = [[fz.core(t)[1] for t in toks] for toks, _ in data]
    tags = [tags for _, tags in data]
    for window in (15, 3):
        for d in range(0, len(data), 40):
            got = memory_features(stems[d : d + 40], tags[d : d + 40], window)
            assert got == memory_by_counting(stems[d : d + 40], tags[d : d + 40], window)
    assert sum(f == ["memO"] for s in got for f in s) and sum(bool(f) and f != ["memO"] for s in got for f in s)


def test_texts_recognised_together_are_recognised_as_one_by_one(annotator):
    texts = [
        "زار وزير الخارجية الأمريكي جون كيري موسكو.\nوالتقى كيري بوتين في الكرملين.",
        "",
        "قال زيد إن موسكو بعيدة",
        "أعلنت وزارة الدفاع الأمريكية (البنتاغون) أن داعش خسر. وقال المتحدث إن التحالف مستمر.",
    ]
    assert annotator.recognize_all(texts) == [annotator.recognize(t) for t in texts]
    assert any(m.text == "موسكو" for m in annotator.recognize(texts[0]))
