"""Run Pelican in this process and record its peak memory (self and worker processes).

Usage: python bench/measure.py RESULT.json -- <pelican arguments>
"""

import json
import resource
import sys
import time

from pelican import main


def peak_rss_mb() -> float:
    """VmHWM: this process's peak resident memory (unlike ru_maxrss, reset by exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if __name__ == "__main__":
    result, args = sys.argv[1], sys.argv[sys.argv.index("--") + 1 :]
    start = time.perf_counter()
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code or 0
    elapsed = time.perf_counter() - start
    with open(result, "w") as f:
        json.dump({
            "exit": code,
            "seconds": elapsed,
            "maxrss_mb": peak_rss_mb(),
            "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }, f)
    sys.exit(code)
