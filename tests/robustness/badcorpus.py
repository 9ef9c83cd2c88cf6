"""The bad-input corpus: where it is and how to build it."""

import os
import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
ROOT = BAD.parents[2]
BIG_SEED = "2015-08-19-five-megabytes.txt"


def build_bad(inputs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ARSHIF_INPUTS=str(inputs), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(out), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
