"""The build report: every input file ends as published, published with warnings, or skipped.

Warnings and errors logged during the build are attached to the input file they name,
so the reason for a skip is whatever Pelican or a plugin said about that file.
Published + skipped = inputs, always; the report is written as build-report.json.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from write_changed.files import write_if_changed

from .inputs import RealPaths, input_files

_PATH_RE = re.compile(r"[^\s'\"<>|()]+\.[A-Za-z0-9]{1,6}")


@dataclass
class FileRecord:
    path: str
    status: str = "skipped"
    url: str | None = None
    reasons: list[str] = field(default_factory=list)


class LogCollector(logging.Handler):
    """Collects WARNING+ log records that name one of the input files."""

    def __init__(self, root: Path, files: list[tuple[str, str]]):
        """``files``: (input file, its path relative to ``root``) pairs."""
        super().__init__(level=logging.WARNING)
        self.root = root
        self.by_name: dict[str, str] = {}
        for f, rel in files:
            self.by_name[f] = rel
            self.by_name[rel] = rel
        self.messages: dict[str, list[str]] = {}
        self.unattached: list[str] = []

    def _relativise(self, text: str) -> str:
        return text.replace(str(self.root) + "/", "")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not break the build report
            message = str(record.msg)
        candidates = [str(a) for a in (record.args or ()) if isinstance(a, (str, Path))]
        candidates += _PATH_RE.findall(message)
        targets = sorted({self.by_name[c] for c in candidates if c in self.by_name})
        # Pelican logs "Could not process FILE" inside its except block, without the
        # exception unless DEBUG: take it from the handling context to say why.
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None and record.levelno >= logging.ERROR:
            exc = sys.exc_info()[1]
        if exc is not None and str(exc) not in message:
            where = locate(self.root / targets[0], exc) if len(targets) == 1 else None
            message = f"{message}: {where + ': ' if where else ''}{type(exc).__name__}: {exc}"
        text = " ".join(self._relativise(message).split())
        for rel in targets:
            bucket = self.messages.setdefault(rel, [])
            if text not in bucket:
                bucket.append(text)
        if not targets:
            self.unattached.append(text)


def locate(path: Path, exc: BaseException) -> str | None:
    """`line N` of ``path`` that an exception is about, when it can be told."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if isinstance(exc, UnicodeDecodeError):
        return "line %d" % (raw.count(b"\n", 0, exc.start) + 1)
    text = raw.decode("utf-8", "replace")
    # Messages name the bad value in quotes ("'2015-02-30' is not a valid date") or last.
    message = str(exc)
    values = re.findall(r"'([^']{4,})'", message) + [message.rsplit(": ", 1)[-1].strip(" '\"")]
    for value in (v for v in values if len(v) >= 4):
        for n, line in enumerate(text.splitlines(), 1):
            if value in line:
                return f"line {n}"
    return None


class BuildReport:
    """Tracks one build: inputs, what was published, and why anything was not."""

    def __init__(self, settings: dict):
        self.root = Path(settings["PATH"]).resolve()
        self.real_path = RealPaths()
        self.files = [(f, self._relative(f)) for f in input_files(settings, self.real_path)]
        self.collector = LogCollector(self.root, self.files)
        self.published: dict[str, str] = {}  # relative source path -> url
        self.notes: dict[str, list[str]] = {}  # reasons that are not log records

    def mark_published(self, content) -> None:
        self.published[self._rel(content.source_path)] = content.url

    def note(self, content, reason: str) -> None:
        self.notes.setdefault(self._rel(content.source_path), []).append(reason)

    def _rel(self, source_path: str) -> str:
        """``source_path`` relative to the content folder, with /."""
        return self._relative(self.real_path(source_path))

    def _relative(self, real: str) -> str:
        """A resolved path relative to the content folder, with /: the prefix cut off
        (pathlib's relative_to took a tenth of a second per thousand articles); a
        file linked into the folder from elsewhere by its whole real path."""
        root = f"{self.root}{os.sep}"
        if not real.startswith(root):
            return Path(real).as_posix()  # a file linked from outside PATH: where it really is
        return real[len(root):].replace(os.sep, "/")

    def records(self) -> list[FileRecord]:
        out = []
        for f, rel in self.files:
            reasons = self.notes.get(rel, []) + self.collector.messages.get(rel, [])
            rec = FileRecord(rel, reasons=reasons)
            if rel in self.published:
                rec.url = self.published[rel]
                rec.status = "published_with_warnings" if reasons else "published"
            elif not rec.reasons:
                rec.reasons = [f"{rel}: not read: no reader for '{Path(f).suffix or Path(f).name}' files"]
            out.append(rec)
        return out

    def as_dict(self) -> dict:
        recs = self.records()
        published = [r for r in recs if r.status != "skipped"]
        return {
            "summary": {
                "inputs": len(recs),
                "published": len(published),
                "published_with_warnings": sum(r.status == "published_with_warnings" for r in recs),
                "skipped": sum(r.status == "skipped" for r in recs),
            },
            "files": [r.__dict__ for r in recs],
        }

    def write(self, output_path: Path) -> dict:
        """``build-report.json``: the summary, then one line per input file (to grep,
        and made by json's C encoder: an indented dump of 10,000 files took 0.15 s)."""
        data = self.as_dict()
        files = ",\n".join(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in data["files"])
        summary = json.dumps(data["summary"], ensure_ascii=False, sort_keys=True)
        text = f'{{"summary": {summary},\n"files": [\n{files}\n]}}\n'
        write_if_changed(output_path / "build-report.json", text.encode("utf-8"))
        return data
