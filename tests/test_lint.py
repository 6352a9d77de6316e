"""The code passes ruff's checks for names that do not exist, unused imports and likely bugs, and
mypy's type checks (the rules of both are in pyproject.toml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NotRequired, get_origin, get_type_hints

from helpers import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "hooks", "tests"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def mypy(project: Path) -> subprocess.CompletedProcess:
    """``mypy -p handbook`` in ``project`` (its pyproject.toml and hooks/), as a developer runs it."""
    return subprocess.run([sys.executable, "-m", "mypy", "-p", "handbook", "--no-color-output"], cwd=project,
                          capture_output=True, text=True, check=False, timeout=600)


def test_mypy_finds_nothing():
    result = mypy(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr  # mypy's own file:line: error lines


def test_mypy_is_strict_everywhere_and_reports_file_and_line(tmp_path):
    """A parameter left untyped and a None that reaches an attribute, planted in two layers (the
    engine and a check): each is an error in both (the whole package is checked strictly), reported
    as ``file:line: error``. (A copy of the package: the code itself is not touched.)"""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "hooks" / "handbook", tmp_path / "hooks" / "handbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    planted = ("\n\nimport re as _re\n\n\ndef _untyped(value):\n    return value\n\n\n"
               "def _maybe(text: str) -> int:\n    return _re.search('x', text).start()\n")
    for module in ("engine/build.py", "checks/privacy.py"):
        path = tmp_path / "hooks" / "handbook" / module
        path.write_text(path.read_text(encoding="utf-8") + planted, encoding="utf-8")
    result = mypy(tmp_path)
    errors = re.findall(r"^(hooks/handbook/[\w/]+\.py):(\d+): error: .*\[([\w-]+)\]$", result.stdout, re.M)
    assert result.returncode == 1, result.stdout + result.stderr
    assert sorted((path, code) for path, _, code in errors) == [
        ("hooks/handbook/checks/privacy.py", "no-untyped-def"),
        ("hooks/handbook/checks/privacy.py", "union-attr"),
        ("hooks/handbook/engine/build.py", "no-untyped-def"),
        ("hooks/handbook/engine/build.py", "union-attr"),
    ], result.stdout
    lines = {path: (tmp_path / path).read_text(encoding="utf-8").splitlines() for path, _, _ in errors}
    assert all(lines[path][int(line) - 1].startswith(("def _untyped", "    return _re.search"))
               for path, line, _ in errors), result.stdout


def _fields(typed_dict: type) -> tuple[list[str], set[str]]:
    """A TypedDict's keys in order, and those it requires (as the type checker reads them)."""
    hints = get_type_hints(typed_dict, include_extras=True)
    return list(hints), {key for key, hint in hints.items() if get_origin(hint) is not NotRequired}


def test_the_type_of_a_valid_card_has_the_fields_of_the_schema():
    """:class:`~handbook.content.cards.CardFacts` (what the code may read of a valid card.yml) has the
    schema's fields in its order, and requires the ones the schema requires; so do its contact and knowledge."""
    from handbook.content import cards, schema

    assert _fields(cards.CardFacts) == (list(schema.FIELD_NAMES), set(schema.REQUIRED))
    properties = schema.card_schema()["properties"]
    for typed, name in ((cards.Contact, "contact"), (cards.Knowledge, "knowledge")):
        keys, required = _fields(typed)
        assert (set(keys), required) == (set(properties[name]["properties"]), set(properties[name]["required"])), name
