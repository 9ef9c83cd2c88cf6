"""On-disk cache of annotations, keyed by article content and annotator version.

One JSON file per (annotator, content hash) under CACHE_PATH/annotations/. Each file
records the annotator version and a checksum of its value: a file that does not parse,
fails its checksum or comes from another version is a miss, and is rewritten.

Beside them, a pack: every value of the last build in one checksummed file, which the
next build reads first. A warm build of 30,000 articles otherwise opens 90,000 small
files (~20 s); the small files stay the reference (a Dask run fills them, an article
not in the pack is looked up there).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

from .registry import Annotator, Doc


def content_key(doc: Doc) -> str:
    return hashlib.sha256(f"{doc.title}\x00{doc.html}".encode("utf-8", "surrogatepass")).hexdigest()


def _checksum(value_json: str) -> str:
    return hashlib.sha256(value_json.encode("utf-8", "surrogatepass")).hexdigest()


@contextmanager
def _atomic(path: Path):
    """A binary file that replaces ``path`` once written in full: a crash or a failed
    write never leaves half a file behind, nor a stray temporary."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_checked(path: Path, fmt: str, body: str | Iterable[bytes]) -> None:
    """A whole-build cache file: the line ``fmt checksum``, then ``body`` — text, or
    chunks of bytes written as they come, so that a large body is never joined in
    memory (the checksum is filled in at the end: it has a fixed length)."""
    chunks = [body.encode("utf-8", "surrogatepass")] if isinstance(body, str) else body
    digest = hashlib.sha256()
    with _atomic(path) as f:
        f.write(f"{fmt} {'0' * digest.digest_size * 2}\n".encode())
        for chunk in chunks:
            digest.update(chunk)
            f.write(chunk)
        f.seek(0)
        f.write(f"{fmt} {digest.hexdigest()}\n".encode())


def read_checked_bytes(path: Path, fmt: str) -> memoryview | None:
    """The body :func:`write_checked` wrote with ``fmt``, as bytes; None when the file
    is missing or unreadable, has another format or fails its checksum (never trusted
    then)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    end = data.find(b"\n")
    body = memoryview(data)[end + 1 :]
    if end < 0 or data[:end] != f"{fmt} {hashlib.sha256(body).hexdigest()}".encode():
        return None
    return body


def read_checked(path: Path, fmt: str) -> str | None:
    """:func:`read_checked_bytes` as text."""
    body = read_checked_bytes(path, fmt)
    return None if body is None else str(body, "utf-8", "surrogatepass")


PACK_FORMAT = "arshif-annotation-pack 1"


class AnnotationCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _pack_path(self, annotators: tuple[Annotator, ...]) -> Path:
        return self.folder / f"pack-{'-'.join(a.name for a in annotators)}.txt"

    def _pack_head(self, annotators: tuple[Annotator, ...]) -> bytes:
        return json.dumps([[a.name, a.version] for a in annotators]).encode() + b"\n"

    def read_pack(self, annotators: tuple[Annotator, ...]) -> dict[str, memoryview]:
        """The values the last build packed, by content key: the JSON of ``{annotator
        name: value}``, parsed only when used. Empty when the pack is missing, fails its
        checksum or was made by other annotators or versions."""
        body = read_checked_bytes(self._pack_path(annotators), PACK_FORMAT)
        head = self._pack_head(annotators)
        if body is None or body[: len(head)] != head:
            return {}
        data = body.obj  # the file's bytes; lines: key TAB json NL
        view, packed = memoryview(data), {}
        at = len(data) - len(body) + len(head)
        while at < len(data):
            stop = data.find(b"\n", at)
            stop = len(data) if stop < 0 else stop
            packed[data[at : at + 64].decode("ascii")] = view[at + 65 : stop]
            at = stop + 1
        return packed

    def write_pack(self, annotators: tuple[Annotator, ...], keys: list[str], values: list[dict],
                   packed: dict[str, memoryview] | None = None) -> None:
        """Pack ``values`` (``{annotator name: value}`` of the docs with ``keys``); the
        lines of ``packed`` (what :meth:`read_pack` gave) are copied, not encoded again."""
        packed = packed or {}

        def lines():
            yield self._pack_head(annotators)
            for key, value in dict(zip(keys, values)).items():
                line = packed.get(key)
                if line is None:
                    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                    line = text.encode("utf-8", "surrogatepass")
                yield b"%s\t%s\n" % (key.encode("ascii"), line)

        write_checked(self._pack_path(annotators), PACK_FORMAT, lines())

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
        with _atomic(self._path(ann, key)) as f:
            f.write(record.encode("utf-8", "surrogatepass"))
