"""``handbook check``: the same findings as the build, in three formats, with exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT
from test_card_errors import CARD, edit, line_of


def run(*args: str, cwd=ROOT, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "HANDBOOK_LANG": lang}
    return subprocess.run([sys.executable, "-m", "handbook.tools.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def test_check_passes_on_real_content():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Errors: 0, warnings: " in result.stdout


def test_check_reports_broken_card_in_each_format(project):
    yml = project / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    line = line_of(yml, "status: paused")
    text = run("check", "--root", str(project))
    assert text.returncode == 1
    assert f"{CARD}/card.yml:{line}: error [card-schema] field 'status' has the value 'paused'" in text.stdout
    assert "Errors: 1, warnings: " in text.stdout
    gh = run("check", "--root", str(project), "--format", "github")
    assert f"::error file={CARD}/card.yml,line={line},title=card-schema::field 'status'" in gh.stdout
    data = [f for f in json.loads(run("check", "--root", str(project), "--format", "json").stdout)
            if f["severity"] == "error"]
    assert data == [{
        "path": f"{CARD}/card.yml", "line": line, "rule": "card-schema", "code": "field-enum",
        "params": {"allowed_en": "ongoing, pilot, ended", "allowed_fi": "ongoing (käynnissä), pilot (kokeilu), ended (päättynyt)",
                   "field": "status", "value": "paused"},
        "severity": "error",
        "message": "field 'status' has the value 'paused', which is not allowed. Allowed values: ongoing, pilot, ended.",
    }]
    fi = run("check", "--root", str(project), lang="fi")
    assert "virhe [card-schema] kentän 'status' arvo 'paused' ei ole sallittu" in fi.stdout
    assert "Virheitä: 1, varoituksia: " in fi.stdout


def test_check_cannot_run_without_docs(tmp_path):
    assert run("check", "--root", str(tmp_path)).returncode == 2
