"""Wall time spent in arshif's own build stages (annotation, search index, bundle…).

Plugins wrap their work in ``with stage("annotation"):`` (or decorate a signal
handler with ``@stage("sanitize")``). Times never go into the
output (builds must be byte-identical); they are written to the file named by the
ARSHIF_STAGE_TIMES environment variable, which the benchmark reads.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import ContextDecorator

TIMES: dict[str, float] = {}
COUNTS: dict[str, int] = {}


class stage(ContextDecorator):
    """Time spent inside ``with stage(name):`` (or in a function decorated with it),
    added to ``name``'s. A class, not a generator: some stages are entered thousands of
    times a build (each article sanitised, each page's head)."""

    __slots__ = ("name", "start")

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        TIMES[self.name] = TIMES.get(self.name, 0.0) + time.perf_counter() - self.start

    def _recreate_cm(self):
        return stage(self.name)  # each call of a decorated function times itself


def count(name: str, n: int = 1) -> None:
    """Count events such as cache hits and misses, reported beside the times."""
    COUNTS[name] = COUNTS.get(name, 0) + n


def take() -> dict:
    """The times and counts recorded so far, cleared here (a worker process reports
    its own work with them)."""
    recorded = {"seconds": dict(TIMES), "counts": dict(COUNTS)}
    TIMES.clear()
    COUNTS.clear()
    return recorded


def merge(recorded: dict) -> None:
    """Add what :func:`take` returned in another process."""
    for name, seconds in recorded["seconds"].items():
        TIMES[name] = TIMES.get(name, 0.0) + seconds
    for name, n in recorded["counts"].items():
        count(name, n)


def write_if_asked() -> None:
    recorded = take()
    path = os.environ.get("ARSHIF_STAGE_TIMES")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(recorded, f, indent=1, sort_keys=True)
