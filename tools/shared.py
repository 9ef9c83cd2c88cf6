"""Where the team's optional shared data lives, for the extras that read it.

The build and the tests never need it. Benchmarks and model rebuilding read it from
``$ARSHIF_SHARED`` when set, else from ``../shared`` beside the clone, and skip with a
clear message when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir(*parts: str) -> Path:
    base = os.environ.get("ARSHIF_SHARED") or ROOT.parent / "shared"
    return Path(base).joinpath(*parts)
