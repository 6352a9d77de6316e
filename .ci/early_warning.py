"""Early warning: build and test the handbook with the newest releases inside pyproject.toml's ceilings.

``make early-warning`` runs this (and the weekly workflow .github/workflows/early-warning.yml does):

1. a fresh virtual environment ``.venv-early`` with ``pip install --upgrade -e '.[test]'`` and no
   lock, so every dependency (ProperDocs and Material too) is its newest release within the bounds;
2. the versions that differ from ``requirements.lock``, and the newest releases of the engine packages
   (pre-releases too) that were not installed: what the ceilings keep out (MkDocs 2, a Material 10, …);
3. ``properdocs build --strict`` and ``mkdocs build --strict``, then the test suite;
4. a summary of what broke (also into the GitHub job summary); exit status 1 if anything did.

Environment: ``EARLY_PYTEST_ARGS`` (default: the whole suite), ``EARLY_VENV`` (default ``.venv-early``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ("mkdocs", "properdocs", "mkdocs-material", "mkdocs-static-i18n")


def normal(name: str) -> str:
    """A package name as pip compares them: lower case, ``-`` for ``_`` and ``.``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """``name==version`` lines (a lock file or ``pip freeze``) → normalised name → version."""
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==", 1)
            out[normal(name.split("[")[0])] = version.strip()
    return out


def differences(locked: dict[str, str], resolved: dict[str, str]) -> list[str]:
    """What the newest resolve changed against the lock, one line per package."""
    out = []
    for name in sorted(set(locked) | set(resolved)):
        old, new = locked.get(name), resolved.get(name)
        if old == new:
            continue
        if old is None:
            out.append(f"{name}: new, {new}")
        elif new is None:
            out.append(f"{name}: {old}, no longer installed")
        else:
            out.append(f"{name}: {old} → {new}")
    return out


def ceilings(pyproject: Path) -> dict[str, str]:
    """Normalised name → the version specifier of every dependency in ``pyproject.toml``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    out = {}
    for requirement in requirements:
        match = re.match(r"^\s*([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
        if match:
            out[normal(match.group(1))] = match.group(3).strip()
    return out


def latest_of(pip_index_output: str) -> str | None:
    """The newest version in ``pip index versions`` output (``name (1.2.3)`` on its first line)."""
    match = re.search(r"^\S+ \(([^)]+)\)", pip_index_output, re.MULTILINE)
    return match.group(1) if match else None


def run(step: str, command: list[str], log: Path, **kwargs) -> bool:
    """Run one step, its output into ``log`` and, on failure, its last lines on the screen."""
    print(f"\n== {step}: {shlex.join(command)}", flush=True)
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, text=True, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        wanted = [ln for ln in lines if re.match(r"^(WARNING|ERROR|FAILED|E )|.*(Aborted|Error)", ln)] or lines
        print("\n".join(wanted[-40:]))
        print(f"-- {step} FAILED (full output: {log})", flush=True)
    else:
        print(f"-- {step} ok", flush=True)
    return result.returncode == 0


def main() -> int:
    venv = ROOT / os.environ.get("EARLY_VENV", ".venv-early")
    bin_dir = venv / "bin"
    logs = Path(tempfile.mkdtemp(prefix="early-warning-"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    results: dict[str, bool] = {}

    shutil.rmtree(venv, ignore_errors=True)
    results["install (newest within the ceilings)"] = (
        run("venv", [sys.executable, "-m", "venv", str(venv)], logs / "venv.log")
        and run("install", [str(bin_dir / "python"), "-m", "pip", "install", "--upgrade", "-e", ".[test]"],
                logs / "install.log", env=env))
    if not results["install (newest within the ceilings)"]:
        return report(results, [], [], logs)

    frozen = subprocess.run([str(bin_dir / "python"), "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, cwd=ROOT, env=env).stdout
    changed = differences(pins((ROOT / "requirements.lock").read_text(encoding="utf-8")), pins(frozen))
    print("\n== versions that differ from requirements.lock")
    print("\n".join(changed) or "none: the lock is the newest within the ceilings")

    bounds, resolved, outside = ceilings(ROOT / "pyproject.toml"), pins(frozen), []
    for name in ENGINE:
        index = subprocess.run([str(bin_dir / "python"), "-m", "pip", "index", "versions", "--pre", name],
                               capture_output=True, text=True, cwd=ROOT, env=env).stdout
        newest = latest_of(index)
        if newest and newest != resolved.get(name):
            outside.append(f"{name} {newest} (installed {resolved.get(name)}, ceiling {bounds.get(name) or 'none'})")
    print("\n== newest engine releases, pre-releases too, that were not installed")
    print("\n".join(outside) or "none")

    with tempfile.TemporaryDirectory() as out:
        for engine in ("properdocs", "mkdocs"):
            results[f"{engine} build --strict"] = run(
                f"{engine} build", [str(bin_dir / engine), "build", "--strict", "-f", "mkdocs.yml", "-d",
                                    str(Path(out) / engine)], logs / f"{engine}.log", env=env)
    pytest_args = shlex.split(os.environ.get("EARLY_PYTEST_ARGS", ""))
    results["tests"] = run("tests", [str(bin_dir / "python"), "-m", "pytest", "-q", *pytest_args],
                           logs / "tests.log", env=env)
    return report(results, changed, outside, logs)


def report(results: dict[str, bool], changed: list[str], outside: list[str], logs: Path) -> int:
    """Print (and, on GitHub, add to the job summary) what broke; 1 if anything did."""
    broken = [step for step, ok in results.items() if not ok]
    lines = ["## Early warning: the newest releases within the ceilings", ""]
    lines += [f"- {'ok' if ok else '**FAILED**'}: {step}" for step, ok in results.items()]
    lines += ["", "### Versions that differ from requirements.lock", ""]
    lines += [f"- {line}" for line in changed] or ["- none"]
    lines += ["", "### Newest engine releases (pre-releases too) not installed", ""]
    lines += [f"- {line}" for line in outside] or ["- none"]
    if broken:
        lines += ["", f"What broke: {', '.join(broken)}. Logs: {logs}. If a new release is the cause, "
                  "pin it below that release in pyproject.toml (with a comment) and open an issue; "
                  "see docs/engine.en.md for when to move."]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(text)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
