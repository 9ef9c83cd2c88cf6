"""Build the search index in a process of its own while Pelican writes the pages.

The index needs the finished articles (entities linked) and nothing in the build reads
it, so on a machine with a second core its build — seconds per thousand articles after
any edit — overlaps the page rendering instead of adding to it.

The process is a new interpreter, not a fork of the build: a fork shares the build's
memory only until it writes to it, and building the index wrote to most of it (every
reference counted, every object made in the build's freed space), so the fork came to
hold a copy of the build beside it (at 10,000 articles ~200 MB before any index work).
Nor is it started by multiprocessing, whose new processes import the build's main
module again (Pelican, ~17 MB). The child is given its work pickled — plain data; the
articles reach it through search.spool's file — and sends back its result and its stage
times and counts for the build report.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
import weakref
from typing import Any, Callable

from build_report import stages

# The child's first words: the build's import path, then the work, read from stdin.
_BOOT = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
         "from search.background import _serve; _serve()")


def available() -> bool:
    """Worth it: a second core."""
    return (os.cpu_count() or 1) > 1


class Job:
    """``fn()`` (picklable: a module function, or a partial of one on plain data)
    running in a process of its own; :meth:`result` waits for it."""

    def __init__(self, fn: Callable[[], Any]):
        self._proc = subprocess.Popen([sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        # A build that fails before it asks for the result leaves no process behind.
        weakref.finalize(self, _stop, self._proc)
        with self._proc.stdin as f:
            pickle.dump(sys.path, f)
            pickle.dump(fn, f)

    def result(self) -> Any:
        """The child's return value; its exception (with traceback) raised here."""
        out = self._proc.stdout.read()
        self._proc.stdout.close()
        code = self._proc.wait()
        try:
            status, value, recorded = pickle.loads(out)
        except Exception:  # noqa: BLE001 - nothing or half a message: it died
            raise RuntimeError(f"the search index process died (exit code {code})") from None
        stages.merge(recorded)
        if status == "error":
            raise RuntimeError(f"the search index build failed:\n{value}")
        return value


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def _serve() -> None:
    """The child: run the work read from stdin; its result, pickled, to stdout (what
    the work itself prints goes to stderr)."""
    out, sys.stdout = sys.stdout.buffer, sys.stderr
    fn = pickle.load(sys.stdin.buffer)
    try:
        message = ("ok", fn(), stages.take())
    except BaseException:  # noqa: BLE001 - everything goes back to the build
        message = ("error", traceback.format_exc(), stages.take())
    pickle.dump(message, out)
    out.flush()
