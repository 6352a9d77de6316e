"""The GitHub workflows pass zizmor's audit (pinned actions, least privilege, no persisted credentials).

Every file in ``.github/workflows/`` is audited, so a workflow added later is checked too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def zizmor() -> str:
    found = Path(sys.executable).with_name("zizmor")
    return str(found) if found.exists() else (shutil.which("zizmor") or "zizmor")


def test_zizmor_reports_nothing_on_the_workflows():
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_would_catch_an_unpinned_action_and_an_injection(tmp_path):
    """The audit is live: a workflow written the careless way fails it."""
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(bad)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "unpinned-uses" in out and "template-injection" in out


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.search(r"uses:\s*([^\s#]+)(.*)", line)
        if match and not match.group(1).startswith(("./", "docker://")):
            assert re.search(r"@[0-9a-f]{40}$", match.group(1)), line
            assert re.search(r"#\s*v\d", match.group(2)), f"say the version in a comment: {line}"
