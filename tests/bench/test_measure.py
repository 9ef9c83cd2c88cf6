"""The benchmark's memory sampler counts a process sharing its parent's address space
(a child between vfork and exec) once, and other processes as they are."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("measure", Path(__file__).parents[2] / "bench" / "measure.py")
measure = importlib.util.module_from_spec(spec)
spec.loader.exec_module(measure)


def test_a_process_shares_its_own_memory_and_not_a_childs():
    if not measure.shares_memory(os.getpid(), os.getpid()):
        pytest.skip("kcmp(2) is missing or refused here: the sampler counts every process")
    child = subprocess.Popen([sys.executable, "-c", "import sys; print('up', flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"up\n"
        assert not measure.shares_memory(os.getpid(), child.pid)
        alone = measure.tree_pss_mb(child.pid)
        assert alone > 1
        assert measure.tree_pss_mb(os.getpid()) >= alone  # the child counted in its parent's tree
    finally:
        child.communicate(b"")
