"""Run Pelican in this process and record its peak memory (self and worker processes).

Two figures: ``pss_peak_mb``, the largest proportional set size of the whole process
tree (this process and its workers, sampled every 0.1 s from /proc/*/smaps_rollup):
memory shared between forked processes counted once, as the machine sees it; and the
cruder resident peaks ``maxrss_mb`` + ``children_maxrss_mb``, in which every forked
child counts again all the pages it shares with its parent.

Usage: python bench/measure.py RESULT.json -- <pelican arguments>
"""

import ctypes
import json
import os
import platform
import resource
import sys
import threading
import time

from pelican import main


def peak_rss_mb() -> float:
    """VmHWM: this process's peak resident memory (unlike ru_maxrss, reset by exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# kcmp(2), to tell a child that still shares its parent's address space.
_SYS_KCMP = {"x86_64": 312, "aarch64": 272}.get(platform.machine())
_KCMP_VM = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


def shares_memory(a: int, b: int) -> bool:
    """Whether processes ``a`` and ``b`` have one address space: a child between
    vfork and exec (how subprocess starts a program), whose PSS reads as its parent's
    whole PSS again. False where kcmp is missing or refused."""
    return _SYS_KCMP is not None and _LIBC.syscall(_SYS_KCMP, a, b, _KCMP_VM, 0, 0) == 0


def tree_pss_mb(pid: int, parent: int | None = None) -> float:
    """Proportional set size of ``pid`` and its descendants (a child that shares its
    parent's memory counted once, with the parent)."""
    total = 0.0
    try:
        if parent is None or not shares_memory(pid, parent):
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:")) / 1024
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                total += sum(tree_pss_mb(int(child), pid) for child in f.read().split())
    except (OSError, ValueError):  # a process that has just exited
        pass
    return total


class PssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0.0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.1):
            self.peak = max(self.peak, tree_pss_mb(os.getpid()))


if __name__ == "__main__":
    result, args = sys.argv[1], sys.argv[sys.argv.index("--") + 1 :]
    sampler = PssSampler()
    sampler.start()
    start = time.perf_counter()
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code or 0
    elapsed = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    with open(result, "w") as f:
        json.dump({
            "exit": code,
            "seconds": elapsed,
            "pss_peak_mb": max(sampler.peak, tree_pss_mb(os.getpid())),
            "maxrss_mb": peak_rss_mb(),
            "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }, f)
    sys.exit(code)
