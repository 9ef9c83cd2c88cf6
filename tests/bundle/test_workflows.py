"""The GitHub Actions workflows pass two real linters (offline) and deploy the way docs/deploy.md says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
OFFICIAL = {"actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/cache",
            "actions/upload-pages-artifact", "actions/deploy-pages"}


def load(name: str) -> dict:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", "--config",
                           str(ROOT / ".github" / "zizmor.yml"), *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_workflows_match_github_s_workflow_schema():
    proc = check_jsonschema(WORKFLOWS / "pages.yml", WORKFLOWS / "ci.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_pass_zizmor():
    proc = zizmor(WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_linters_do_fail_on_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    bad.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), encoding="utf-8")
    assert check_jsonschema(bad).returncode != 0
    risky = tmp_path / "risky.yml"
    risky.write_text(text.replace("actions/configure-pages@v5", "someone/configure-pages@main")
                     .replace("persist-credentials: false", "persist-credentials: true"), encoding="utf-8")
    proc = zizmor(risky)
    assert proc.returncode != 0 and "unpinned-uses" in proc.stdout


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def test_pages_workflow_tests_builds_checks_and_deploys_with_the_official_actions():
    wf = load("pages.yml")
    assert wf["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in wf["on"]
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = wf["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/ci.yml"
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    uses = [s["uses"] for job in jobs.values() for s in steps(job) if "uses" in s]
    assert {u.split("@")[0] for u in uses} == OFFICIAL
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", u) for u in uses), uses  # pinned to a major version
    build = steps(jobs["build"])
    pages_step = next(s for s in build if s.get("uses", "").startswith("actions/configure-pages"))
    publish = next(s for s in build if "make publish" in s.get("run", ""))
    assert publish["env"]["SITEURL"] == "${{ steps.%s.outputs.base_url }}" % pages_step["id"]
    linkcheck = next(s for s in build if "make linkcheck" in s.get("run", ""))
    assert build.index(publish) < build.index(linkcheck) < len(build) - 1
    upload = build[-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact") and upload["with"]["path"] == "output"
    assert "OUTPUT=output" in publish["run"]
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert steps(deploy)[0]["uses"].startswith("actions/deploy-pages") and steps(deploy)[0]["id"] == "deployment"


def test_ci_workflow_runs_make_test_and_is_callable():
    wf = load("ci.yml")
    assert "workflow_call" in wf["on"] and "pull_request" in wf["on"]
    assert wf["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in steps(wf["jobs"]["test"])]
    assert runs[-1] == "make test"
    # The browser tests drive /usr/bin/chromium and /usr/bin/chromedriver: the runner's Chrome stands in.
    assert any("/usr/bin/chromium" in r and "/usr/bin/chromedriver" in r for r in runs)


@pytest.mark.parametrize("tool", ["check-jsonschema", "zizmor", "ghp-import"])
def test_the_tools_are_pinned_in_requirements(tool, root):
    wanted = re.compile(rf"^{re.escape(tool)}==\d", re.M)
    assert wanted.search((root / "requirements.in").read_text()), tool
    assert wanted.search((root / "requirements.txt").read_text()), tool
    assert shutil.which(tool, path=str(BIN)), f"{tool} is not installed in {BIN}"
