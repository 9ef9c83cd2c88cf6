"""On-disk cache of annotations, keyed by article content and annotator version.

One JSON file per (annotator, content hash) under CACHE_PATH/annotations/. Each file
records the annotator version and a checksum of its value: a file that does not parse,
fails its checksum or comes from another version is a miss, and is rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .registry import Annotator, Doc


def content_key(doc: Doc) -> str:
    return hashlib.sha256(f"{doc.title}\x00{doc.html}".encode("utf-8", "surrogatepass")).hexdigest()


def _checksum(value_json: str) -> str:
    return hashlib.sha256(value_json.encode("utf-8", "surrogatepass")).hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    """Write-then-rename: a crash never leaves a half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(text)
    os.replace(tmp, path)


def write_checked(path: Path, fmt: str, body: str) -> None:
    """A whole-build cache file: the line ``fmt checksum``, then ``body``."""
    _write_atomic(Path(path), f"{fmt} {_checksum(body)}\n{body}")


def read_checked(path: Path, fmt: str) -> str | None:
    """The body :func:`write_checked` wrote with ``fmt``; None when the file is missing
    or unreadable, has another format or fails its checksum (never trusted then)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="surrogatepass")
    except (OSError, ValueError):
        return None
    head, _, body = text.partition("\n")
    return body if head == f"{fmt} {_checksum(body)}" else None


class AnnotationCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, ann: Annotator, key: str) -> Path:
        return self.folder / ann.name / key[:2] / f"{key}.json"

    def get(self, ann: Annotator, key: str) -> tuple[bool, Any]:
        """(True, value) on a valid hit; (False, None) when missing, stale or corrupt."""
        path = self._path(ann, key)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            value_json = record["value"]
            if record["version"] != ann.version or record["check"] != _checksum(value_json):
                return False, None
            return True, json.loads(value_json)
        except (OSError, ValueError, KeyError, TypeError):
            return False, None

    def put(self, ann: Annotator, key: str, value: Any) -> None:
        value_json = json.dumps(value, ensure_ascii=False, sort_keys=True)
        record = json.dumps({"version": ann.version, "check": _checksum(value_json), "value": value_json},
                            ensure_ascii=False)
        _write_atomic(self._path(ann, key), record)
