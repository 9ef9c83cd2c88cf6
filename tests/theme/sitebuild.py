"""Builds the theme's small fixture archive (tests/theme/site): a category, tags, two
authors, two years, a page and Latin fragments, which the demo archive does not have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = "tests/theme/site"


def build_fixture_site(out: Path, **settings) -> Path:
    """Pelican with the project's pelicanconf.py on tests/theme/site into ``out``; extra settings override."""
    overrides = {
        "ARTICLE_PATHS": [SITE],
        "PAGE_PATHS": [f"{SITE}/pages"],
        "ARTICLE_EXCLUDES": [f"{SITE}/pages"],
        **settings,
    }
    extra = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(out), "-e", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def build_standin_site(out: Path) -> Path:
    """The fixture archive with tests/theme/standin/standin_entities.py, a stand-in for the
    entities plugin that sets article.entities and article.related as the data contract says
    (in place of the real plugin when that one is on)."""
    import pelicanconf

    return build_fixture_site(
        out,
        PLUGIN_PATHS=[*pelicanconf.PLUGIN_PATHS, "tests/theme/standin"],
        PLUGINS=[p for p in pelicanconf.PLUGINS if p != "entities"] + ["standin_entities"],
    )
