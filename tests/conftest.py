"""Shared fixtures: real builds of the real handbook, and copies of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINKED = ("hooks", "schema", "bibliography", "overrides")


def mkdocs_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on ``project`` as a user would; never raises."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_LANG": "en", **env}
    if "GITHUB_ACTIONS" not in env:
        environ.pop("GITHUB_ACTIONS", None)  # annotations only where a test asks for them
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=environ, cwd=project, timeout=600,
    )


def copy_project(dest: Path) -> Path:
    """A copy of the project whose ``docs/`` and ``mkdocs.yml`` a test may change."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real handbook, built once with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")
