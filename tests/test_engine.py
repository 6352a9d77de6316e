"""The build engine stays replaceable and its versions stay explicit.

- every dependency in ``pyproject.toml`` has an upper bound below its next major release, and the
  lock's pins fall inside the bounds;
- only the MkDocs adapter (``handbook.engine.plugin``) imports MkDocs or mkdocs-static-i18n, nothing imports
  the adapter, and the package has no import cycle (import-linter's contracts in ``pyproject.toml``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from helpers import ROOT


def dependencies(pyproject: Path) -> list[str]:
    """Every requirement string of the project: runtime and optional (test) dependencies."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    out = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        out.extend(extra)
    return out


def ceiling_problem(requirement: str) -> str | None:
    """Why ``requirement`` lacks a ceiling below its next major release, or None if it has one.

    The ceiling is a ``<`` bound (or an exact ``==`` pin) no higher than the next major release
    after its lower bound: ``>=6,<7`` and ``>=1.6,<1.7`` pass, ``>=6`` and ``>=6,<8`` do not.
    """
    req = Requirement(requirement)
    lower = [Version(s.version) for s in req.specifier if s.operator in (">=", ">", "~=", "==")]
    upper = [Version(s.version) for s in req.specifier if s.operator in ("<", "<=", "==")]
    if not upper and not any(s.operator == "~=" for s in req.specifier):
        return f"{requirement}: no upper bound"
    if not lower:
        return f"{requirement}: no lower bound, so its next major release is unknown"
    next_major = Version(f"{max(lower).major + 1}")
    if upper and min(upper) > next_major:
        return f"{requirement}: the upper bound {min(upper)} lets in {next_major} (the next major release)"
    return None


def locked(lock: Path) -> dict[str, Version]:
    """Package name (normalised) → pinned version in ``requirements.lock``."""
    out = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            out[Requirement(name).name.lower().replace("_", "-")] = Version(version.strip())
    return out


def test_every_dependency_has_a_ceiling():
    problems = [p for p in map(ceiling_problem, dependencies(ROOT / "pyproject.toml")) if p]
    assert problems == []


@pytest.mark.parametrize("requirement, ok", [
    ("mkdocs>=1.6,<1.7", True),
    ("PyYAML>=6,<7", True),
    ("ruff>=0.17,<0.18", True),
    ("nh3>=0.3,<0.4", True),
    ("black==24.1.0", True),
    ("PyYAML>=6", False),
    ("jsonschema>=4.20,<6", False),
    ("pytest", False),
    ("pytest<9", False),
])
def test_the_ceiling_rule(requirement, ok):
    assert (ceiling_problem(requirement) is None) is ok


def test_the_lock_is_inside_the_ceilings():
    pins = locked(ROOT / "requirements.lock")
    outside = []
    for requirement in map(Requirement, dependencies(ROOT / "pyproject.toml")):
        version = pins.get(requirement.name.lower().replace("_", "-"))
        if version is not None and version not in requirement.specifier:
            outside.append(f"{requirement}: locked {version}")
    assert outside == []


def lint_imports(project: Path, hooks: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with ``project``'s contracts on the ``handbook`` package in ``hooks``."""
    env = {**os.environ, "PYTHONPATH": str(hooks)}
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def test_the_import_rules_hold():
    result = lint_imports(ROOT, ROOT / "hooks")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("engine/preview.py", "from handbook.engine.plugin import report", "Nothing in the package imports the adapter"),
    ("render/cards.py", "import mkdocs.plugins", "Only the adapter (handbook.engine.plugin) imports the engine"),
    ("checks/html.py", "from mkdocs_static_i18n import suffix", "Only the adapter (handbook.engine.plugin) imports the engine"),
    ("content/citations.py", "from handbook.content import handbook", "No import cycles"),
    ("content/cards.py", "from handbook.render import cards", "Each layer imports only the layers below it"),
    ("i18n.py", "from handbook import findings", "Each layer imports only the layers below it"),
])
def test_a_broken_import_rule_fails(tmp_path, module, line, contract):
    """The contracts catch each kind of violation, in a copy of the package with one bad import."""
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "hooks" / "handbook", tmp_path / "hooks" / "handbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "hooks" / "handbook" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tmp_path, tmp_path / "hooks")
    assert result.returncode != 0, result.stdout
    broken = [ln for ln in result.stdout.splitlines() if ln.endswith("BROKEN") or ln.startswith(contract)]
    assert any(ln.startswith(contract) and "BROKEN" in ln for ln in broken), result.stdout


def test_the_checks_run_without_the_engine():
    """``handbook check``'s work (load, all source checks, the generated pages) loads no MkDocs module."""
    code = ("import sys; from pathlib import Path; from handbook.tools.check import check\n"
            f"hb, found = check(Path({str(ROOT)!r}))\n"
            "engine = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'mkdocs_static_i18n', 'material'))\n"
            "print('ENGINE', engine, len(hb.pages) > 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "ENGINE [] True" in result.stdout, result.stdout
