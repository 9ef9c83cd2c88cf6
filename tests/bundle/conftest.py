"""Fixtures for the offline bundle and the GitHub Pages build (each built once per session)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site

BUNDLE = "arshif-offline"  # BUNDLE_NAME in pelicanconf.py + "-offline"
CNAME = "archive.example.org"
EPOCH = 1443657600  # the SOURCE_DATE_EPOCH the Makefile exports: 2015-10-01T00:00:00Z


def make(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run a make target of the project. The set-up stamps are taken as done (`make test`
    has run `make setup` before the tests), so make never reinstalls from inside a test."""
    environ = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "GITHUB_PAGES_CNAME", "MAKEFLAGS")}
    environ.update(env)
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "node_modules/.installed", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def offline_zip(demo_site, tmp_path_factory) -> Path:
    """dist/arshif-offline.zip as `make offline` makes it: the zip step (`python -m tools.bundle`)
    run on the session's pelicanconf.py build; tests/robustness shows two builds are identical."""
    from tools.bundle import main

    dist = tmp_path_factory.mktemp("dist")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        assert main([str(demo_site), str(dist), "--settings", str(ROOT / "pelicanconf.py")]) == 0
    return dist / f"{BUNDLE}.zip"


@pytest.fixture(scope="session")
def pages_site(tmp_path_factory, serve) -> tuple[Path, str]:
    """The publishconf.py build for a project site: served on 127.0.0.1 under /repo/, SITEURL
    set to that URL (as actions/configure-pages reports it) and a custom domain configured."""
    www = tmp_path_factory.mktemp("www")
    site_url = serve(www) + "/repo"
    out = www / "repo"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITEURL", site_url)
        env.setenv("GITHUB_PAGES_CNAME", CNAME)
        proc = build_site(out, "publishconf.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, site_url


class Traffic:
    """What the browser requested since the last `take()`: DevTools network events and console errors."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.take()

    def take(self) -> tuple[list[str], list[str], list[str]]:
        requests, failures = [], []
        for entry in self.browser.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
                failures.append(f"{params.get('type')}: {params.get('errorText')}")
        errors = [e["message"] for e in self.browser.get_log("browser") if e["level"] == "SEVERE"]
        return requests, failures, errors

    def assert_clean(self, where: str, base: str) -> list[str]:
        """No failed request, no console error, and every request under ``base`` (or a data: URL)."""
        requests, failures, errors = self.take()
        assert failures == [], where
        assert errors == [], where
        outside = [u for u in requests if not u.startswith((base.rstrip("/") + "/", "data:"))]
        assert outside == [], f"{where}: requests outside {base}"
        return requests
