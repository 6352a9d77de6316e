"""Each card error is an error at its exact ``file:line: message`` (so ``mkdocs build --strict`` fails on it).

Each test breaks the small handbook's card (``helpers.write_small_site``) and asserts the finding in
this process; ``tests/test_reporting.py`` builds the path that takes such a finding to ``--strict``.
"""

from __future__ import annotations

from helpers import CARD, edit, edit_line, fails_with, findings, line_of


def test_missing_required_field(small):
    yml = small / CARD / "card.yml"
    edit(yml, "region: satakunta\n", "")
    first = line_of(yml, "id:")
    fails_with(small, f"{CARD}/card.yml:{first}: required field 'region' is missing. Add it: region: uusimaa")


def test_wrong_type(small):
    yml = small / CARD / "card.yml"
    edit(yml, "municipalities: [Pori]", "municipalities: Pori")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'municipalities:')}: field 'municipalities' takes a list in "
                      "square brackets, even of one value: municipalities: [Pori]")


def test_unknown_approach(small):
    yml = small / CARD / "card.yml"
    edit(yml, "  - multiprofessional-teamwork\n", "  - hugging\n")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, '- hugging')}: field 'approaches' has the value 'hugging', "
                      "which is not allowed. Allowed values: relationship-based-work, systemic-team-model, ")


def test_unknown_status_in_finnish(small):
    yml = small / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'status: paused')}: kentän 'status' arvo 'paused' ei ole "
                      "sallittu. Sallitut arvot: ongoing (käynnissä), pilot (kokeilu), ended (päättynyt).", lang="fi")


def test_date_in_the_future(small):
    yml = small / CARD / "card.yml"
    edit_line(yml, "reviewed:", "reviewed: 2999-01-01")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'reviewed:')}: field 'reviewed' has the date 2999-01-01, "
                      "which is in the future. Use a date that has passed.")


def test_malformed_date(small):
    yml = small / CARD / "card.yml"
    edit(yml, "status_as_of: 2018-05-02", "status_as_of: 2.5.2018")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'status_as_of:')}: field 'status_as_of' has the value "
                      "'2.5.2018', which is not a date as YYYY-MM-DD. Write e.g. status_as_of: 2018-05-02")


def test_yaml_syntax_error(small):
    yml = small / CARD / "card.yml"
    edit(yml, "region: satakunta", "region: [satakunta")
    texts = fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'region: [satakunta')}: the list that starts with [ "
                              "on this line is not closed: add ] at its end")
    output = "\n".join(texts)
    assert "flow sequence" not in output and "expected ','" not in output  # no parser wording


def test_missing_language_file(small):
    (small / CARD / "index.en.md").unlink()
    fails_with(small, f"{CARD}/index.en.md:1: the card has no index.en.md. Create the file "
                      "(copy the structure of the other language version).")


def test_missing_section(small):
    md = small / CARD / "index.fi.md"
    text = md.read_text(encoding="utf-8")
    start = text.index("## Tulokset")
    md.write_text(text[:start] + text[text.index("## Lähteet"):], encoding="utf-8")
    last = len(md.read_text(encoding="utf-8").split("\n"))
    fails_with(small, f"{CARD}/index.fi.md:{last}: section '## Tulokset' is missing. A card needs these sections "
                      "in this order: Tarve ja tavoitteet, Ratkaisu, Tulokset, Lähteet.")


def test_unknown_field(small):
    yml = small / CARD / "card.yml"
    edit(yml, "region: satakunta\n", "region: satakunta\nbudget: 100\n")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'budget:')}: unknown field 'budget'. Allowed fields: id, name,")


def test_personal_contact_refused(small):
    yml = small / CARD / "card.yml"
    edit(yml, "fi: sosiaali- ja perhepalvelut", "fi: matti.meikalainen@pori.fi")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'matti.meikalainen')}: a contact must not be a person's "
                      "e-mail or phone number (matti.meikalainen@pori.fi).")


def test_github_annotation(small):
    yml = small / CARD / "card.yml"
    edit(yml, "status: pilot", "status: paused")
    line = line_of(yml, "status: paused")
    annotations = [f.github("en") for f in findings(small)]
    assert any(a.startswith(f"::error file={CARD}/card.yml,line={line},title=card-schema::field 'status' has the "
                            "value 'paused', which is not allowed.") for a in annotations), annotations


def test_month_that_does_not_exist_and_a_mail_address_as_the_contact(small):
    """'2024-13' is told as a month that does not exist (not as a wrong form); a mailto: or an
    e-mail address in contact.url is told as an e-mail address the handbook does not publish."""
    yml = small / CARD / "card.yml"
    edit_line(yml, "start:", "start: 2024-13")
    edit_line(yml, "  url:", "  url: mailto:matti.meikalainen@pori.fi")
    texts = fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'start:')}: field 'start' has the value '2024-13', "
                              "whose month does not exist: a month is 01–12. Fix the month or write the year alone, "
                              "e.g. start: 2024")
    assert any(text.startswith(f"{CARD}/card.yml:{line_of(yml, 'mailto:')}: field 'contact.url' has the value "
                               "'mailto:matti.meikalainen@pori.fi', an e-mail address. The handbook does not publish")
               for text in texts), texts


def test_a_missing_field_of_fixed_values_lists_them_instead_of_proposing_one(small):
    """"Add it: status: ongoing" could be pasted into a pilot card as it is: the values are listed instead."""
    from handbook.tools.check import check

    yml = small / CARD / "card.yml"
    yml.write_text("\n".join(line for line in yml.read_text(encoding="utf-8").split("\n")
                             if not line.startswith("status:")), encoding="utf-8")
    found = [f.message("en") for f in check(small)[1] if f.code == "field-missing"]
    assert found == ["required field 'status' is missing. Add it: status: ongoing | pilot | ended"]
