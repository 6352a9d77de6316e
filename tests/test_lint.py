"""The code passes ruff's checks for names that do not exist, unused imports and likely bugs
(the rules are in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "hooks", "tests"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
