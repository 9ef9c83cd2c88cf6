"""Every built page is valid HTML and the theme's CSS valid CSS, by the Nu Html Checker
(vnu.jar from the `vnu-jar` npm package, run by Java) in one run over both archives."""

import json
import os
import shutil
import subprocess

import pytest

from tests.theme.sitebuild import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu_messages(demo_site, fixture_site, standin_site, tmp_path_factory):
    """vnu's errors, by file, for the demo archive, the fixture archive and a broken control page."""
    java = shutil.which("java")
    assert java, "Java is needed for vnu.jar: `make browser` installs default-jre-headless"
    assert VNU.is_file(), "run `make setup` (npm ci installs vnu-jar)"
    control = tmp_path_factory.mktemp("vnu-control")
    (control / "broken.html").write_text(
        '<!DOCTYPE html><html lang="ar"><head><title>x</title></head><body><p><div>x</p></body></html>',
        encoding="utf-8",
    )
    (control / "broken.css").write_text("p { colour: red; }", encoding="utf-8")
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         "--also-check-css", str(demo_site), str(fixture_site), str(standin_site), str(control)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    by_file = {}
    for m in messages:
        by_file.setdefault(m.get("url", "?").rsplit("/", 1)[-1], []).append(
            f"{m.get('url')}:{m.get('lastLine')}: {m['message']}")
    return by_file


def test_validator_reports_broken_files(vnu_messages):
    assert "broken.html" in vnu_messages and "broken.css" in vnu_messages, vnu_messages


def test_every_page_and_stylesheet_is_valid(vnu_messages, demo_site):
    errors = {name: msgs for name, msgs in vnu_messages.items() if name not in ("broken.html", "broken.css")}
    assert errors == {}
    assert sum(1 for _ in demo_site.rglob("*.html")) > 300  # the run covered the whole archive
