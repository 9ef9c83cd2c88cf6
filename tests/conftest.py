"""Shared fixtures: the project root and one build of the demo archive per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_site(out: Path, settings: str = "pelicanconf.py", *extra: str) -> subprocess.CompletedProcess:
    """Run Pelican on the demo archive into ``out``; the completed process is returned."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / settings), "-o", str(out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo archive built once into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out
