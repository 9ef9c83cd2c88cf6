"""Build the search index in a forked process while Pelican writes the pages.

The index needs the finished articles (entities linked) and nothing in the build reads
it, so on a machine with a second core its build — seconds per thousand articles after
any edit — overlaps the page rendering instead of adding to it. The child is a fork of
the build process (it sees the articles as they are, nothing is pickled on the way in)
and sends back its result and its stage times and counts for the build report.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from typing import Any, Callable

from annotations.runner import frozen
from build_report import stages


def available() -> bool:
    """Worth it and possible: a second core, and fork (Linux, BSD; not Windows)."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


class Job:
    """``fn()`` running in a forked child; :meth:`result` waits for it."""

    def __init__(self, fn: Callable[[], Any]):
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(fn, send), daemon=True)
        with frozen():
            self._proc.start()
        send.close()

    def result(self) -> Any:
        """The child's return value; its exception (with traceback) raised here."""
        try:
            status, value, recorded = self._recv.recv()  # before join: the pipe may be full
        except EOFError:
            self._proc.join()
            raise RuntimeError(f"the search index process died (exit code {self._proc.exitcode})") from None
        finally:
            self._recv.close()
        self._proc.join()
        stages.merge(recorded)
        if status == "error":
            raise RuntimeError(f"the search index build failed:\n{value}")
        return value


def _child(fn: Callable[[], Any], send) -> None:
    stages.take()  # the parent's, already counted there: report only the child's own work
    try:
        message = ("ok", fn(), stages.take())
    except BaseException:  # noqa: BLE001 - everything goes back to the build
        message = ("error", traceback.format_exc(), stages.take())
    send.send(message)
    send.close()
