"""The build engine stays replaceable and its versions stay explicit.

- every dependency in ``pyproject.toml`` has an upper bound below its next major release, and the
  lock's pins fall inside the bounds;
- only the MkDocs adapter (``handbook.build``) imports MkDocs or mkdocs-static-i18n, nothing imports
  the adapter, and the package has no import cycle (import-linter's contracts in ``pyproject.toml``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT


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
