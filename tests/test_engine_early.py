"""The early-warning build (.ci/early_warning.py, `make early-warning`, the weekly workflow).

Its real run installs the newest releases from the package index, so the suite tests its parts:
the comparison with the lock, the report and its exit status, and the workflow's shape.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "early-warning.yml"


@pytest.fixture(scope="module")
def early():
    spec = importlib.util.spec_from_file_location("early_warning", ROOT / ".ci" / "early_warning.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pins_read_a_lock_and_pip_freeze(early):
    text = "# comment\nMarkdown==3.11.3\nmkdocs_static.i18n==1.3.1  # why\n-e file:///x\nnh3==0.3.8\n"
    assert early.pins(text) == {"markdown": "3.11.3", "mkdocs-static-i18n": "1.3.1", "nh3": "0.3.8"}


def test_differences_name_each_changed_package(early):
    locked = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "gone": "1.0", "same": "2.0"}
    resolved = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.3", "new": "0.1", "same": "2.0"}
    assert early.differences(locked, resolved) == [
        "gone: 1.0, no longer installed", "mkdocs-material: 9.8.1 → 9.8.3", "new: new, 0.1"]


def test_the_ceilings_come_from_pyproject(early):
    bounds = early.ceilings(ROOT / "pyproject.toml")
    assert "<1.7" in bounds["mkdocs"] and "<10" in bounds["mkdocs-material"]
    assert set(early.ENGINE) <= set(bounds)


def test_the_newest_release_from_pip_index(early):
    output = "mkdocs (2.0.dev6)\nAvailable versions: 2.0.dev6, 1.6.1, 1.6.0\n"
    assert early.latest_of(output) == "2.0.dev6"
    assert early.latest_of("") is None


def test_the_report_says_what_broke(early, tmp_path, monkeypatch, capsys):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status = early.report({"install (newest within the ceilings)": True, "mkdocs build --strict": False},
                          ["mkdocs-material: 9.8.1 → 9.8.3"], ["mkdocs 2.0.dev6 (installed 1.6.1, ceiling >=1.6,<1.7)"],
                          tmp_path)
    assert status == 1
    text = summary.read_text(encoding="utf-8")
    assert "**FAILED**: mkdocs build --strict" in text and "What broke: mkdocs build --strict" in text
    assert "mkdocs-material: 9.8.1 → 9.8.3" in text and "mkdocs 2.0.dev6" in text
    assert text in capsys.readouterr().out
    assert early.report({"tests": True}, [], [], tmp_path) == 0


def test_the_workflow_is_weekly_not_a_pull_request_check_and_pinned():
    text = WORKFLOW.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    triggers = data.get("on", data.get(True))
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert len(triggers["schedule"]) == 1 and len(triggers["schedule"][0]["cron"].split()) == 5
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u, _ in uses), uses
    assert all(re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment) for _, comment in uses), uses
    steps = [s.get("run", "") for s in data["jobs"]["newest"]["steps"]]
    assert "make early-warning" in steps


def test_the_workflow_passes_zizmor():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
