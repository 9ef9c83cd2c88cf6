"""Shared fixtures: the project root and one build of the demo archive per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def demo_cache(dest: Path, part: str = "") -> Path:
    """``dest``, holding a copy of the demo build's cache (or of its folder ``part``) when
    there is one, so that another build of the demo reuses that work."""
    src = Path(os.environ.get("ARSHIF_CACHE", ROOT / "cache")) / part
    if src.is_dir():
        shutil.copytree(src, dest / part)
    return dest


def build_site(out: Path, settings: str = "pelicanconf.py", *extra: str) -> subprocess.CompletedProcess:
    """Run Pelican on the demo archive into ``out``; the completed process is returned."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / settings), "-o", str(out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo archive built once into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


# --- Real browser: Debian chromium + chromedriver, installed by `make browser` ---------

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium driven by selenium; `browser.get_log("browser")` gives console errors.

    Fails (not skips) when chromium is missing: `make test` installs it.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), "run `make browser` (Debian chromium)"
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL of a static server on 127.0.0.1 for that folder."""
    import functools
    import http.server
    import threading

    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in servers:
        httpd.shutdown()


class QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass
