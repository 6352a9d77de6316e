"""Each card error fails ``mkdocs build --strict`` with its exact ``file:line: message``."""

from __future__ import annotations

from pathlib import Path


from conftest import mkdocs_build

SLUG = "pori-systeeminen-tiimimalli"
CARD = f"docs/cards/{SLUG}"


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_line(path: Path, start: str, new: str) -> None:
    """Replace the first line that starts with ``start`` (e.g. a field, whatever its value today) by ``new``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith(start))
    lines[number] = new + "\n" if new else ""
    path.write_text("".join(lines), encoding="utf-8")


def build_fails_with(project: Path, tmp_path: Path, expected: str, **env: str) -> str:
    result = mkdocs_build(project, tmp_path / "out", **env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert expected in output, output
    assert "Traceback" not in output
    return output


def test_missing_required_field(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "region: satakunta\n", "")
    first = line_of(yml, "id:")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{first}: required field 'region' is missing. Add it: region: uusimaa")


def test_wrong_type(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "municipalities: [Pori]", "municipalities: Pori")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, 'municipalities:')}: field 'municipalities' takes a list in "
                     "square brackets, even of one value: municipalities: [Pori]")


def test_unknown_approach(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "  - multiprofessional-teamwork\n", "  - hugging\n")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, '- hugging')}: field 'approaches' has the value 'hugging', "
                     "which is not allowed. Allowed values: relationship-based-work, systemic-team-model, ")


def test_unknown_status_in_finnish(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, 'status: paused')}: kentän 'status' arvo 'paused' ei ole "
                     "sallittu. Sallitut arvot: ongoing (käynnissä), pilot (kokeilu), ended (päättynyt).",
                     HANDBOOK_LANG="fi")


def test_date_in_the_future(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit_line(yml, "reviewed:", "reviewed: 2999-01-01")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, 'reviewed:')}: field 'reviewed' has the date 2999-01-01, "
                     "which is in the future. Use a date that has passed.")


def test_malformed_date(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "status_as_of: 2018-05-02", "status_as_of: 2.5.2018")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, 'status_as_of:')}: field 'status_as_of' has the value '2.5.2018', "
                     "which is not a date as YYYY-MM-DD. Write e.g. status_as_of: 2018-05-02")


def test_yaml_syntax_error(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "region: satakunta", "region: [satakunta")
    output = build_fails_with(project, tmp_path, f"{CARD}/card.yml:{line_of(yml, 'region: [satakunta')}: the list "
                              "that starts with [ on this line is not closed: add ] at its end")
    assert "flow sequence" not in output and "expected ','" not in output  # no parser wording


def test_missing_language_file(project, tmp_path):
    (project / CARD / "index.en.md").unlink()
    build_fails_with(project, tmp_path,
                     f"{CARD}/index.en.md:1: the card has no index.en.md. Create the file "
                     "(copy the structure of the other language version).")


def test_missing_section(project, tmp_path):
    md = project / CARD / "index.fi.md"
    text = md.read_text(encoding="utf-8")
    start = text.index("## Tulokset")
    md.write_text(text[:start] + text[text.index("## Lähteet"):], encoding="utf-8")
    last = len(md.read_text(encoding="utf-8").split("\n"))
    build_fails_with(project, tmp_path,
                     f"{CARD}/index.fi.md:{last}: section '## Tulokset' is missing. A card needs these sections "
                     "in this order: Tarve ja tavoitteet, Ratkaisu, Tulokset, Lähteet.")


def test_unknown_field(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "region: satakunta\n", "region: satakunta\nbudget: 100\n")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, 'budget:')}: unknown field 'budget'. Allowed fields: id, name,")


def test_personal_contact_refused(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "fi: sosiaali- ja perhepalvelut", "fi: matti.meikalainen@pori.fi")
    build_fails_with(project, tmp_path,
                     f"{CARD}/card.yml:{line_of(yml, 'matti.meikalainen')}: a contact must not be a person's "
                     "e-mail or phone number (matti.meikalainen@pori.fi).")


def test_github_annotation(project, tmp_path):
    yml = project / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    line = line_of(yml, "status: paused")
    build_fails_with(project, tmp_path,
                     f"::error file={CARD}/card.yml,line={line},title=card-schema::field 'status' has the value "
                     "'paused', which is not allowed.", GITHUB_ACTIONS="true")


def test_month_that_does_not_exist_and_a_mail_address_as_the_contact(project, tmp_path):
    """'2024-13' is told as a month that does not exist (not as a wrong form); a mailto: or an
    e-mail address in contact.url is told as an e-mail address the handbook does not publish."""
    yml = project / CARD / "card.yml"
    edit_line(yml, "start:", "start: 2024-13")
    edit_line(yml, "  url:", "  url: mailto:matti.meikalainen@pori.fi")
    output = build_fails_with(project, tmp_path,
                              f"{CARD}/card.yml:{line_of(yml, 'start:')}: field 'start' has the value '2024-13', whose "
                              "month does not exist: a month is 01–12. Fix the month or write the year alone, e.g. "
                              "start: 2024")
    assert (f"{CARD}/card.yml:{line_of(yml, 'mailto:')}: field 'contact.url' has the value "
            "'mailto:matti.meikalainen@pori.fi', an e-mail address. The handbook does not publish") in output
