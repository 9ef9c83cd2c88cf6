"""Two clean builds of the same input are byte-identical."""

import hashlib

from tests.conftest import build_site


def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_identical(demo_site, tmp_path):
    proc = build_site(tmp_path / "again")
    assert proc.returncode == 0, proc.stderr
    first, second = tree(demo_site), tree(tmp_path / "again")
    assert len(first) > 300
    assert first == second
