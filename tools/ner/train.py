"""Train the CRF entity tagger: `make train-ner` (data/ner/anercorp_dev.conll by default).

Writes plugins/entities/data/model.crfsuite and MODEL.json (data sha256, code hash,
parameters, size), so the committed model says what made it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tools" / "ner")]

import conll  # noqa: E402
from entities.features import Featurizer, memory_features  # noqa: E402
from entities.recognize import DATA, MODEL2_PATH, VERSIONED  # noqa: E402

PARAMS = {
    "algorithm": "lbfgs",
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.minfreq": 1,
    "feature.possible_transitions": True,
}


def train(sents, model_path: Path, params: dict | None = None, featurizer: Featurizer | None = None, memory=None) -> None:
    """Train one CRF; ``memory`` adds document-memory features (pass 2)."""
    fz = featurizer or Featurizer()
    params = {**PARAMS, **(params or {})}
    tr = pycrfsuite.Trainer(algorithm=params["algorithm"], verbose=False)
    for n, (toks, tags) in enumerate(sents):
        x = fz.sentence(toks)
        if memory is not None:
            x = [a + b for a, b in zip(x, memory[n])]
        tr.append(x, tags)
    tr.set_params({k: v for k, v in params.items() if k != "algorithm"})
    model_path.parent.mkdir(parents=True, exist_ok=True)
    tr.train(str(model_path))


def train_two_pass(sents, model_path: Path, model2_path: Path, params: dict | None = None) -> None:
    """Pass 1 on all sentences; pass 2 on pass-1 tags obtained by 2-fold jackknife,
    so that the memory features are as reliable in training as on unseen text."""
    import tempfile

    fz = Featurizer()
    train(sents, model_path, params, fz)
    half = len(sents) // 2
    parts = [(sents[:half], sents[half:]), (sents[half:], sents[:half])]
    pass1: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tagged = []
        for k, (tr_part, te_part) in enumerate(parts):
            m = Path(tmp) / f"half{k}.crfsuite"
            train(tr_part, m, params, fz)
            tg = pycrfsuite.Tagger()
            tg.open(str(m))
            tagged.append([tg.tag(fz.sentence(t)) for t, _ in te_part])
            tg.close()
        pass1 = tagged[1] + tagged[0]
    stems = [[fz.core(t)[1] for t in toks] for toks, _ in sents]
    train(sents, model2_path, params, fz, memory_features(stems, pass1))


def code_hash() -> str:
    h = hashlib.sha256()
    for p in VERSIONED[1:] + [Path(__file__), Path(conll.__file__)]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "data/ner/anercorp_dev.conll"))
    ap.add_argument("--out", default=str(DATA / "model.crfsuite"))
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    sents = conll.read(args.data)
    out = Path(args.out)
    out2 = out.with_name(out.stem + "2" + out.suffix)
    train_two_pass(sents, out, out2, params)
    info = pycrfsuite.Tagger()
    info.open(str(out))
    inf = info.info()
    meta = {
        "model": out.name,
        "model_sha256": conll.sha256(out),
        "size_bytes": out.stat().st_size,
        "model2": out2.name,
        "model2_sha256": conll.sha256(out2),
        "model2_size_bytes": out2.stat().st_size,
        "data": Path(args.data).name,
        "data_sha256": conll.sha256(args.data),
        "sentences": len(sents),
        "tokens": sum(len(t) for t, _ in sents),
        "code_sha256_16": code_hash(),
        "params": {**PARAMS, **params},
        "state_features": len(inf.state_features),
        "transitions": len(inf.transitions),
        "trainer": f"python-crfsuite {pycrfsuite.__version__ if hasattr(pycrfsuite, '__version__') else ''}".strip(),
    }
    (out.parent / "MODEL.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out} ({meta['size_bytes']} bytes, {meta['state_features']} state features)")


if __name__ == "__main__":
    main()
