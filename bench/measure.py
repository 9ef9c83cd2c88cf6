"""Run Pelican in this process and record its peak memory (self and worker processes).

Two figures: ``pss_peak_mb``, the largest proportional set size of the whole process
tree (this process and its workers, sampled every 0.1 s from /proc/*/smaps_rollup):
memory shared between forked processes counted once, as the machine sees it; and the
cruder resident peaks ``maxrss_mb`` + ``children_maxrss_mb``, in which every forked
child counts again all the pages it shares with its parent.

Usage: python bench/measure.py RESULT.json -- <pelican arguments>
"""

import json
import os
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


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and its descendants."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:")) / 1024
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                total += sum(tree_pss_mb(int(child)) for child in f.read().split())
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
