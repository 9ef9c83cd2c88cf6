"""The Pages workflow carries the build cache from one deployment to the next, and a
fresh checkout built with that cache is the site a build from nothing makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 40


def test_the_pages_build_restores_the_folders_the_build_caches_in():
    """Every folder a build keeps between builds (CACHE_PATH by default, the tagger's
    compiled word table) is restored before `make publish`, under a key of the commit
    with the last deployment's as the fallback."""
    from entities import wordtable

    env = {k: v for k, v in os.environ.items() if k != "ARSHIF_CACHE"}
    cache_path = subprocess.run([sys.executable, "-c", "import pelicanconf; print(pelicanconf.CACHE_PATH)"],
                                cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
    wf = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build = wf["jobs"]["build"]["steps"]
    (cache,) = [s for s in build if s.get("uses", "").startswith("actions/cache@")]
    publish = next(s for s in build if "make publish" in s.get("run", ""))
    assert build.index(cache) < build.index(publish)
    paths = set(cache["with"]["path"].split())
    assert paths == {Path(cache_path).relative_to(ROOT).as_posix(), wordtable.FOLDER.relative_to(ROOT).as_posix()}
    assert cache["with"]["key"] == "arshif-build-${{ github.sha }}" and cache["with"]["restore-keys"] == "arshif-build-"


def publish(inputs: Path, out: Path, cache: Path) -> dict:
    """`make publish`'s build of ``inputs`` with the cache ``cache``; its stage counts."""
    times = out.parent / f"{out.name}-times.json"
    env = dict(os.environ, ARSHIF_INPUTS=str(inputs), ARSHIF_CACHE=str(cache), ARSHIF_STAGE_TIMES=str(times),
               PYTHONPATH=str(ROOT / "plugins"), SOURCE_DATE_EPOCH="1443657600",
               SITEURL="https://user.github.io/archive")
    proc = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "-o", str(out), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(times.read_text())["counts"]


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def check_out(inputs: Path) -> None:
    """The demo's first articles written afresh at ``inputs``, as a new checkout does
    (new files: new inodes and times)."""
    shutil.rmtree(inputs, ignore_errors=True)
    (inputs / "content").mkdir(parents=True)
    for path in sorted((ROOT / "content" / "news").glob("snn-*.md"))[:ARTICLES]:
        shutil.copy(path, inputs / "content")


def test_a_fresh_checkout_built_with_the_last_cache_is_the_site_built_from_nothing(tmp_path):
    inputs, out, cache = tmp_path / "checkout", tmp_path / "output", tmp_path / "cache"
    check_out(inputs)
    cold = publish(inputs, out, cache)
    annotated = cold["cache_miss"]  # articles of equal title and body are annotated once
    assert annotated > ARTICLES // 2 and cold.get("cache_hit", 0) == 0
    from_nothing = files(out)
    assert len(from_nothing) > 2 * ARTICLES

    check_out(inputs)  # the next deployment: a new runner, the cache restored
    shutil.rmtree(out)
    counts = publish(inputs, out, cache)
    assert counts["cache_hit"] == annotated and counts.get("cache_miss", 0) == 0
    assert counts["search_cache_hit"] == 1 and counts["entity_links_reused"] == ARTICLES
    assert files(out) == from_nothing
