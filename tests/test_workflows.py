"""The GitHub Actions workflows: both linters (actionlint and zizmor, offline) report
nothing on them (zizmor audits permissions, credentials, caches and pinning), each linter
is shown to catch a planted problem (so a clean report is not vacuous), and the publishing
workflow does what the README says: make test, then make book, then deploy the site that
make book builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from book.data.project import report_version

from support import ROOT, run_book

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
TEST = WORKFLOWS / "test.yml"

# A pull request title is attacker-controlled: expanded inside run: it is a
# script injection, which both linters must report.
BAD_WORKFLOW = """\
name: Bad
on: pull_request
permissions: {}
jobs:
  greet:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    permissions: {}
    steps:
      - name: Greet
        run: echo "${{ github.event.pull_request.title }}"
"""


def tool(name: str) -> str:
    """A linter installed from requirements.txt: in the venv running pytest,
    else on PATH. Missing is a failure, not a skip."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run make setup (it is pinned in requirements.txt)")
    return found


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    # shellcheck and pyflakes are switched off explicitly: actionlint would use
    # them only when they happen to be on PATH (GitHub's runners have
    # shellcheck, this machine may not), and the result must not depend on that.
    return subprocess.run(
        [tool("actionlint"), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def zizmor(*files: Path, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    # --offline: no network, so the audits that query GitHub are not run.
    return subprocess.run(
        [tool("zizmor"), "--offline", "--color", "never", "--no-progress", *extra, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert PUBLISH in files and TEST in files, f"expected publish.yml and test.yml in {WORKFLOWS}, found {files}"
    return files


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the bare key `on` as the boolean True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def run_commands(job: dict) -> list[str]:
    return [
        line.strip()
        for step in job["steps"]
        if "run" in step
        for line in step["run"].splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def make_plan(target: str) -> str:
    """The commands ``make TARGET`` would run, without running them."""
    result = subprocess.run(["make", "-n", target], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def report(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


# --- the linters are clean on the real workflows ---------------------------


def test_actionlint_reports_nothing():
    result = actionlint(*workflow_files())
    assert result.returncode == 0 and not result.stdout.strip(), report(result)


def test_zizmor_reports_nothing():
    result = zizmor(*workflow_files())
    assert result.returncode == 0, report(result)
    assert "No findings to report" in result.stdout, report(result)


# --- each linter catches a planted problem ---------------------------------


@pytest.fixture
def bad_workflow(tmp_path: Path) -> Path:
    path = tmp_path / ".github" / "workflows" / "bad.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BAD_WORKFLOW)
    return path


def test_actionlint_catches_script_injection(bad_workflow):
    result = actionlint(bad_workflow)
    assert result.returncode == 1, report(result)
    assert "github.event.pull_request.title" in result.stdout and "potentially untrusted" in result.stdout, report(
        result
    )


def test_zizmor_catches_script_injection(bad_workflow):
    # --no-config: only zizmor's defaults, whatever configuration lies around.
    result = zizmor(bad_workflow, extra=("--no-config",))
    assert result.returncode >= 10, report(result)  # 10-14: findings, by highest severity
    assert "template-injection" in result.stdout, report(result)


# --- the publishing workflow does what the README says ---------------------


def test_publish_tests_then_builds_then_uploads_the_site():
    build = load(PUBLISH)["jobs"]["build"]
    assert [c for c in run_commands(build) if c in ("make test", "make book")] == ["make test", "make book"]
    steps = [step.get("run") or step.get("uses", "").split("@")[0] for step in build["steps"]]
    upload = steps.index("actions/upload-pages-artifact")
    assert steps.index("make test") < steps.index("make book") < upload
    assert build["steps"][upload]["with"]["path"] == "_build/html"
    # What make book does (asked of make itself): build the site and print the PDF into it.
    plan = make_plan("book")
    assert "-m book build" in plan and "-m book pdf" in plan, plan


@pytest.mark.parametrize("path", [PUBLISH, TEST], ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_tag(path):
    lines = [line for line in path.read_text().splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert lines
    for line in lines:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_pull_requests_run_make_test():
    workflow = load(TEST)
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert run_commands(job) == ["make test"]


def test_a_release_tag_must_name_the_version():
    """On a tag, the publishing job first checks that the tag is v + pyproject's version."""
    build = load(PUBLISH)["jobs"]["build"]
    step = next(s for s in build["steps"] if "book check-tag" in s.get("run", ""))
    assert step["if"] == "startsWith(github.ref, 'refs/tags/')"
    assert build["steps"].index(step) < [s.get("run") for s in build["steps"]].index("make test")
    right = run_book(ROOT, "check-tag", f"v{report_version()}")
    assert right.returncode == 0, right.stderr
    wrong = run_book(ROOT, "check-tag", "v0.0.0-wrong")
    assert wrong.returncode != 0 and "does not name the version" in wrong.stderr
