"""Which files the build was asked to publish: every file under the article and page paths."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

#: Files that travel with the inputs but are read as part of another (seeds sidecars).
COMPANION_SUFFIXES = {".meta"}


def _ignored(rel: str, name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def input_files(settings: dict) -> list[Path]:
    """All input files, sorted, with the IGNORE_FILES and *_EXCLUDES settings applied."""
    root = Path(settings["PATH"])
    ignores = list(settings.get("IGNORE_FILES", []))
    excludes = [os.path.normpath(e) for e in settings.get("ARTICLE_EXCLUDES", []) + settings.get("PAGE_EXCLUDES", [])]
    found: set[Path] = set()
    for kind in ("ARTICLE_PATHS", "PAGE_PATHS"):
        for sub in settings.get(kind, []):
            base = (root / sub).resolve()
            if not base.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(base):
                rel_dir = os.path.relpath(dirpath, root)
                dirnames[:] = sorted(
                    d for d in dirnames
                    if not d.startswith(".")
                    and not (kind == "ARTICLE_PATHS" and os.path.normpath(os.path.join(rel_dir, d)) in excludes)
                )
                for name in filenames:
                    rel = os.path.normpath(os.path.join(rel_dir, name))
                    if Path(name).suffix in COMPANION_SUFFIXES or _ignored(rel, name, ignores):
                        continue
                    found.add(Path(dirpath, name).resolve())
    return sorted(found)
