"""entities.gazetteer's scans jump from one possible start to the next: the same
matches as trying every position in turn (the reference scans here)."""

import sys
from pathlib import Path

import pytest

from entities.features import Featurizer
from entities.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "ner"))
import conll  # noqa: E402


@pytest.fixture(scope="module")
def sentences():
    fz = Featurizer(word_cache=0)
    out = [[fz.core(t) for t in toks] for toks, _ in conll.read(ROOT / "data" / "ner" / "anercorp_dev.conll")]
    out.append([fz.core(t) for t in "وقال إن الولايات المتحدة الأمريكية وللولايات المتحدة وموسكو".split()])
    return out


def every_position_matches(gaz: Gazetteer, stems: list[str]) -> list[tuple[int, str]]:
    out, i = [], 0
    while i < len(stems):
        node, best, j = gaz._stem_trie, None, i
        while j < len(stems) and stems[j] in node:
            node = node[stems[j]]
            j += 1
            if "$" in node:
                best = (j, node["$"])
        if best:
            out += [(i, f"gB={best[1]}")] + [(k, f"gI={best[1]}") for k in range(i + 1, best[0])]
            i = best[0]
        else:
            i += 1
    return out


def every_position_names(gaz: Gazetteer, norms: list[str]) -> list[tuple]:
    out, i = [], 0
    while i < len(norms):
        hit = None
        for L in range(min(gaz.max_len, len(norms) - i), 0, -1):
            for pre, first in gaz._first_readings(norms[i]):
                e = gaz._dict.get((first, *norms[i + 1 : i + L]))
                if e is not None and hit is None:
                    hit = (i, i + L, pre, e)
            if hit:
                break
        out += [hit] if hit else []
        i = hit[1] if hit else i + 1
    return out


def test_the_scans_find_what_trying_every_position_finds(sentences):
    gaz = Gazetteer.load()
    features, names = [], []
    for cores in sentences:
        stems, norms = [c[3] for c in cores], [c[0] for c in cores]
        assert gaz.match_features(stems) == every_position_matches(gaz, stems)
        assert gaz.find(norms) == every_position_names(gaz, norms)
        features += gaz.match_features(stems)
        names += gaz.find(norms)
    assert len(features) > 1000 and len(names) > 300
    assert any(pre for _, _, pre, _ in names) and any(j - i > 1 for i, j, _, _ in names)  # proclitics, several words
