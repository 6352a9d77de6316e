"""``handbook check``: the same findings as the build, in three formats, with exit codes."""

from __future__ import annotations

import json

from helpers import CARD, ROOT, cli, edit, line_of, run


def test_check_passes_on_real_content(capsys):
    status, out, err = cli(capsys, "check", "--root", str(ROOT), "--lang", "en")
    assert status == 0, out + err
    assert "Errors: 0, warnings: " in out


def test_check_reports_broken_card_in_each_format(small, capsys):
    yml = small / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    line = line_of(yml, "status: paused")
    status, text, _ = cli(capsys, "check", "--root", str(small), "--lang", "en")
    assert status == 1
    assert f"{CARD}/card.yml:{line}: error [card-schema] field 'status' has the value 'paused'" in text
    assert "Errors: 1, warnings: " in text
    gh = cli(capsys, "check", "--root", str(small), "--format", "github", "--lang", "en")[1]
    assert f"::error file={CARD}/card.yml,line={line},title=card-schema::field 'status'" in gh
    data = [f for f in json.loads(cli(capsys, "check", "--root", str(small), "--format", "json", "--lang", "en")[1])
            if f["severity"] == "error"]
    assert data == [{
        "path": f"{CARD}/card.yml", "line": line, "rule": "card-schema", "code": "field-enum",
        "params": {"allowed_en": "ongoing, pilot, ended", "allowed_fi": "ongoing (käynnissä), pilot (kokeilu), ended (päättynyt)",
                   "field": "status", "value": "paused"},
        "severity": "error",
        "message": "field 'status' has the value 'paused', which is not allowed. Allowed values: ongoing, pilot, ended.",
    }]
    fi = cli(capsys, "check", "--root", str(small), "--lang", "fi")[1]
    assert "virhe [card-schema] kentän 'status' arvo 'paused' ei ole sallittu" in fi
    assert "Virheitä: 1, varoituksia: " in fi


def test_the_command_reports_in_the_editors_language_and_exits_with_its_status(small):
    """The command in a process of its own, as an editor runs it: the language from HANDBOOK_LANG,
    the exit status of the process."""
    edit(small / CARD / "card.yml", "status: pilot", "status: paused")
    result = run("check", "--root", str(small), lang="fi")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "virhe [card-schema] kentän 'status' arvo 'paused' ei ole sallittu" in result.stdout


def test_check_cannot_run_without_docs(tmp_path):
    assert run("check", "--root", str(tmp_path)).returncode == 2


def test_check_gives_the_pull_requests_verdict(small):
    """Errors fail the pull request's checks and ``make check`` alike; warnings fail neither, and say so."""
    from helpers import CARD, run

    clean = run("check", "--root", str(small))
    assert clean.returncode == 0 and clean.stdout.strip().endswith("This passes the pull request's checks.")
    yml = small / CARD / "card.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("\nstatus: ", "\nstatus: maybe-", 1), encoding="utf-8")
    failing = run("check", "--root", str(small), lang="fi")
    assert failing.returncode == 1
    assert failing.stdout.strip().endswith("Tämä hylkää muutosehdotuksen (pull request) tarkistukset. "
                                           "Korjaa yllä olevat virheet.")


def test_check_tells_when_the_card_schema_is_stale(project):
    """A vocabulary label changed without ``handbook schema``: make check says so, before CI's tests do."""
    from helpers import run

    schema = project / "schema"
    schema.unlink()  # linked to the repository's: this test changes its own copy
    schema.mkdir()
    (schema / "card.schema.json").write_text("{}\n", encoding="utf-8")
    out = run("check", "--root", str(project))
    assert out.returncode == 1
    assert "schema/card.schema.json:1: error [schema] the card schema does not match the code" in out.stdout


def test_a_github_annotation_is_in_both_languages_the_chosen_one_first(small, capsys):
    """A pull request's annotation is read by editors of either language: Finnish first (as CI asks with
    --lang fi), then English, on the next line of the same annotation."""
    yml = small / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    gh = cli(capsys, "check", "--root", str(small), "--format", "github", "--lang", "fi")[1]
    line = next(a for a in gh.splitlines() if "title=card-schema::" in a and "'status'" in a)
    fi, en = line.split("::", 2)[2].split("%0A")
    assert fi.startswith("kentän 'status' arvo 'paused' ei ole sallittu.")
    assert en.startswith("field 'status' has the value 'paused', which is not allowed.")
