"""Shared fixtures: real builds of the real handbook, copies of it to break, and the source documents."""

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


#: why the tests that read the source documents were skipped (one reason for all of them)
NO_SOURCES = "needs the source documents: HANDBOOK_SOURCES is not set (.ci/run sets it to ../shared/sources)"


@pytest.fixture(scope="session")
def sources() -> Path:
    """The source documents (``HANDBOOK_SOURCES``). Without it the test is skipped; a wrong path fails."""
    value = os.environ.get("HANDBOOK_SOURCES", "").strip()
    if not value:
        pytest.skip(NO_SOURCES)
    path = Path(value).expanduser()
    if not path.is_dir() or not any(path.glob("*.txt")):
        pytest.fail(f"HANDBOOK_SOURCES={value}: no source documents (*.txt) there. Fix the path or unset it.")
    return path


def _skipped_for_sources(reports: list) -> list:
    return [r for r in reports if isinstance(r.longrepr, tuple) and r.longrepr[2].endswith(NO_SOURCES)]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """Say once, in one line, which tests were skipped for want of the source documents, and why.

    Runs around pytest's own summary: those skips are left out of its per-reason list
    (``-ra``) and put back before the final counts.
    """
    skipped = terminalreporter.stats.get("skipped", [])
    ours = _skipped_for_sources(skipped)
    if ours:
        names = ", ".join(sorted({r.nodeid.split("[")[0] for r in ours}))
        terminalreporter.write_line(f"{len(ours)} skipped, {NO_SOURCES}: {names}", yellow=True)
        terminalreporter.stats["skipped"] = [r for r in skipped if r not in ours]
    try:
        return (yield)
    finally:
        if ours:
            terminalreporter.stats["skipped"] = skipped
