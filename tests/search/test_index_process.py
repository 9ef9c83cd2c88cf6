"""The search index's own process imports the index modules, not Pelican (~17 MB less
than a process that does) nor importlib.metadata (4 MB). Nothing here imports Pelican either: the child imports this
module to find the function it runs."""

import subprocess
import sys

import pytest

from search import background


def _loaded_after_the_index_modules():
    import search.writing  # noqa: F401 - what the index process runs

    return sorted(name for name in ("pelican", "jinja2", "markdown") if name in sys.modules)


@pytest.mark.skipif(not background.available(), reason="needs two cores")
def test_the_index_process_does_not_load_pelican():
    assert background.Job(_loaded_after_the_index_modules).result() == []


def test_the_index_modules_do_not_load_importlib_metadata():
    """Checked in a bare interpreter: pytest itself loads it, in the Job's child too."""
    from tests.conftest import ROOT

    probe = "import sys, search.writing; print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT / "plugins", capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
