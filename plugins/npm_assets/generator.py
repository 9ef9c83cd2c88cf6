"""Copies front-end files installed from npm (fonts, lunr.js) into the output.

Front-end libraries come from the npm registry through package.json, never copied
into the repository by hand; this generator puts the few files the theme needs
where the templates expect them.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

logger = logging.getLogger(__name__)


class NpmAssetsGenerator(Generator):
    """Copy NPM_ASSETS = [(glob under the project root, output folder), …]."""

    def generate_output(self, writer):
        root = Path(self.settings.get("NPM_ASSETS_ROOT", Path(self.settings["PATH"])))
        for pattern, dest in self.settings.get("NPM_ASSETS", []):
            matches = sorted(root.glob(pattern))
            if not matches:
                raise FileNotFoundError(
                    f"NPM_ASSETS: nothing matches {root / pattern}; run `make setup` "
                    "(npm ci) to install the front-end packages from package.json"
                )
            target = Path(self.output_path) / dest
            target.mkdir(parents=True, exist_ok=True)
            for src in matches:
                shutil.copyfile(src, target / src.name)
            logger.debug("copied %d files to %s", len(matches), target)
