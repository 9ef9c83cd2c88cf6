"""conlleval semantics of the span scorer used by `make eval-ner`."""

import subprocess
import sys

from entities.recognize import spans

from tools.ner.conll import Score, read


def test_an_i_tag_without_b_opens_a_span():
    assert spans(["I-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"]) == [(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_exact_span_matching():
    s = Score()
    s.add(["B-PERS", "I-PERS", "O", "B-LOC"], ["B-PERS", "O", "O", "B-LOC"])
    assert (s.tp["PERS"], s.tp["LOC"]) == (0, 1)
    p, r, f = s.micro()
    assert (p, r) == (0.5, 0.5)


def test_eval_ner_on_the_committed_sample(root):
    data = root / "tests/entities/sample.conll"
    assert len(read(data)) >= 20
    proc = subprocess.run([sys.executable, "tools/ner/evaluate.py", str(data)], cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    name, value = last.split()
    assert name == "micro-F1" and 0.5 <= float(value) <= 1.0
    for t in ("PERS", "LOC", "ORG", "MISC"):
        assert any(line.startswith(t) for line in proc.stdout.splitlines())
