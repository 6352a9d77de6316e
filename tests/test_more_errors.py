"""The remaining editor-facing rules, each fed its bad input (on a copy of the small handbook)."""

from __future__ import annotations

import pytest

from handbook.content import handbook as hb_site
from handbook.tools.check import check
from helpers import (build_fails_with, CARD, FIGURE, OTHER_FIGURE, RESEARCH, SLUG, SUMMARY_FI, WEB, edit, edit_line, line_of,
                     own_bibliography)

FI = f"{CARD}/index.fi.md"


def findings(project, rel):
    return {(f.code, f.line): f.message("en") for f in check(project)[1] if f.path == rel}


@pytest.mark.parametrize("old,new,locate,code,message", [
    ("## Ratkaisu", "## Tulokset\n\nEnsin tulokset.\n\n## Ratkaisu", "## Ratkaisu", "section-order",
     "section '## Ratkaisu' is out of order. The order is: Tarve ja tavoitteet, Ratkaisu, Tulokset, Lähteet."),
    ("## Ratkaisu", "## Taustaa\n\nLisää tekstiä.\n\n## Ratkaisu", "## Taustaa", "section-unknown",
     "unknown section '## Taustaa'. A card's sections are: Tarve ja tavoitteet, Ratkaisu, Tulokset, Lähteet. "
     "Use ### for subheadings."),
    ("## Tulokset\n\n", "## Tulokset\n\n## Tyhjä\n\n", "## Tulokset", "section-empty",
     "section '## Tulokset' is empty. Write at least one paragraph in it."),
    (SUMMARY_FI, "# Otsikko\n\n" + SUMMARY_FI, "# Otsikko", "h1-in-card",
     "do not write a # title in a card: the title comes from the name field in card.yml."),
    (SUMMARY_FI, "Toinen kappale.\n\n" + SUMMARY_FI, SUMMARY_FI,
     "summary-long", "the summary must be one paragraph before the first ## heading; there are 2."),
    (SUMMARY_FI, "---\nstatus: ended\n---\n" + SUMMARY_FI, "---",
     "facts-in-text", "the language file has front matter (status). A card's facts belong in card.yml only."),
    (SUMMARY_FI, "---\ntitle: Pori\nstatus: ended: x\n---\n" + SUMMARY_FI,
     "status: ended", "yaml-colon", "this line has a colon and a space (: ) inside the value. Put the value in "
     "quotation marks, e.g. en: \"Team: a new model\"."),
])
def test_card_text_rules(small, old, new, locate, code, message):
    page = small / FI
    edit(page, old, new)
    found = findings(small, FI)
    assert found.get((code, line_of(page, locate))) == message, found


def test_missing_summary(small):
    page = small / FI
    text = page.read_text(encoding="utf-8")
    page.write_text(text[text.index("## Tarve"):], encoding="utf-8")
    assert findings(small, FI).get(("summary-missing", 1)) == \
        "the card has no summary: write one paragraph before the first ## heading."


def test_id_must_match_folder(small):
    yml = small / CARD / "card.yml"
    edit(yml, f"id: {SLUG}", "id: pori-tiimimalli")
    assert findings(small, f"{CARD}/card.yml").get(("id-mismatch", line_of(yml, "id:"))) == \
        f"the card id 'pori-tiimimalli' does not match its folder name '{SLUG}'. " \
        "Use the same slug for both."


def test_card_yml_must_be_a_mapping(small):
    (small / CARD / "card.yml").write_text("- just\n- a list\n", encoding="utf-8")
    assert findings(small, f"{CARD}/card.yml").get(("card-not-mapping", 1)) == \
        "card.yml must be a list of fields (key: value). See schema/card.schema.json."


def test_duplicate_figure_and_term_ids(small):
    facts = small / "docs" / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    first = text[text.index(f"  - id: {FIGURE}"):text.index(f"  - id: {OTHER_FIGURE}")]
    facts.write_text(text + "\n" + first, encoding="utf-8")
    glossary = small / "docs" / "data" / "glossary.yml"
    gtext = glossary.read_text(encoding="utf-8")
    term = gtext[gtext.index("  - id: avohuolto"):gtext.index("  - id: sijoitus")]
    glossary.write_text(gtext + "\n" + term, encoding="utf-8")
    found = {(f.code, f.path): f.message("en") for f in check(small)[1]}
    first_line = line_of(facts, f"id: {FIGURE}")
    assert found[("fact-duplicate", "docs/data/facts.yml")] == \
        f"the figure id '{FIGURE}' is already used (docs/data/facts.yml:{first_line}). " \
        "Give this figure its own id."
    assert found[("term-duplicate", "docs/data/glossary.yml")].startswith("the term id 'avohuolto' is already used")


def test_bib_date_and_summary_without_review_date(small):
    bib_root = own_bibliography(small)
    edit(bib_root / "sources.bib", "date         = {2017-09-18}", "date         = {18.9.2017}")
    summary = small / f"{RESEARCH}.fi.md"
    edit_line(summary, "reviewed:", "")
    found = {(f.code, f.path, f.line): f.message("en") for f in check(small)[1]}
    line = line_of(bib_root / "sources.bib", "date         = {18.9.2017}")  # the field's line, not the entry's
    assert found[("bib-date", "bibliography/sources.bib", line)] == \
        f"entry '{WEB}' has the date '18.9.2017', which is not a valid date. " \
        "Write YYYY, YYYY-MM or YYYY-MM-DD (a range: YYYY/YYYY)."
    assert found[("summary-structure", f"{RESEARCH}.fi.md", 1)].startswith(
        "the research summary has no reviewed.")


YML = f"{CARD}/card.yml"


# (old, new, the line to point at, code, English message, Finnish message): the typical slips in card.yml,
# each told in the editor's terms at the line where it was made.
FACT_SLIPS = [
    ("region: satakunta", "region: [satakunta", "region: [", "yaml-unclosed-list",
     "the list that starts with [ on this line is not closed: add ] at its end, e.g. approaches: "
     "[relationship-based-work, early-support].",
     "tällä rivillä alkava luettelo [ jää auki: lisää loppuun ], esim. approaches: [relationship-based-work, "
     "early-support]."),
    ("region: satakunta", "region: {satakunta", "region: {", "yaml-unclosed-map",
     "the { that starts on this line is not closed: add } at its end, e.g. name: {fi: Nimi suomeksi, en: Name in "
     "English}.",
     "tällä rivillä alkava { jää auki: lisää loppuun }, esim. name: {fi: Nimi suomeksi, en: Name in English}."),
    ("region: satakunta", 'region: "satakunta', 'region: "', "yaml-unclosed-quote",
     'the quotation mark " that starts on this line is not closed: add another " at the end of the value.',
     'tällä rivillä alkava lainausmerkki " jää auki: lisää arvon loppuun toinen ".'),
    ("region: satakunta", "region: satakunta: Pori", "region: satakunta: Pori", "yaml-colon",
     'this line has a colon and a space (: ) inside the value. Put the value in quotation marks, e.g. '
     'en: "Team: a new model".',
     'rivillä on arvon sisällä kaksoispiste ja välilyönti (: ). Kirjoita arvo lainausmerkkeihin, esim. '
     'fi: "Tiimi: uusi malli".'),
    ("region: satakunta", "region: satakunta\n   extra: x", "extra: x", "yaml-indent",
     "this line's indentation does not match the lines above it. Fields at the same level start after the same "
     "number of spaces (e.g. two spaces under contact:).",
     "rivin sisennys ei sovi yhteen yllä olevien rivien kanssa. Saman tason kentät alkavat yhtä monen välilyönnin "
     "jälkeen (esim. contact:-kentän alla kaksi välilyöntiä)."),
    ("  url: https://", "\turl: https://", "\turl:", "yaml-tab",
     "this line has a tab where spaces belong. Indent with spaces.",
     "rivillä on sarkain (Tab) siellä, missä pitää olla välilyöntejä. Sisennä välilyönneillä."),
    ("region: satakunta", "region: @satakunta", "region: @", "yaml-reserved-char",
     "the value starts with a character that cannot be written as it is (such as @, ` or %). Put the value in "
     "quotation marks.",
     "arvo alkaa merkillä, jota ei voi kirjoittaa sellaisenaan (esim. @, ` tai %). Kirjoita arvo lainausmerkkeihin."),
    ("region: satakunta", "region satakunta", "region satakunta", "yaml-no-colon",
     "this line is neither a field (name: value) nor a list item (- value). Add a colon after the field's name or a "
     "dash before the item.",
     "rivi ei ole kenttä (nimi: arvo) eikä luettelon kohta (- arvo). Lisää kentän nimen perään kaksoispiste tai "
     "kohdan alkuun viiva."),
    ("region: satakunta", "region: satakunta\n---\nstatus: pilot", "---", "yaml-syntax",
     "the file cannot be read from this line on. Check the line's indentation (the spaces at its start), colons, "
     "quotation marks and brackets.",
     "tiedostoa ei voi lukea tästä rivistä alkaen. Tarkista rivin sisennys (välilyönnit rivin alussa), "
     "kaksoispisteet, lainausmerkit ja sulkeet."),
    ("region: satakunta", "regoin: satakunta", "regoin:", "field-unknown-guess",
     "unknown field 'regoin' – did you mean 'region'? Correct the field's name: region:",
     "tuntematon kenttä 'regoin' – tarkoititko 'region'? Korjaa kentän nimi: region:"),
    ("region: satakunta", "maakunta: satakunta", "maakunta:", "field-unknown-guess",
     "unknown field 'maakunta' – did you mean 'region'? Correct the field's name: region:",
     "tuntematon kenttä 'maakunta' – tarkoititko 'region'? Korjaa kentän nimi: region:"),
    ("municipalities: [Pori]", "municipalities: Pori", "municipalities:", "field-list",
     "field 'municipalities' takes a list in square brackets, even of one value: municipalities: [Pori]",
     "kenttään 'municipalities' kirjoitetaan luettelo hakasulkeisiin, vaikka arvoja olisi vain yksi: "
     "municipalities: [Pori]"),
    ("  role:\n    fi: sosiaali- ja perhepalvelut\n    en: social and family services\n", "  role: perhepalvelut\n",
     "role:", "field-pair",
     "field 'contact.role' takes its own fields, e.g. role: {fi: perhetyön ohjaaja, en: family work supervisor}",
     "kenttään 'contact.role' kirjoitetaan sen omat kentät, esim. role: {fi: perhetyön ohjaaja, en: family work "
     "supervisor}"),
    ("region: satakunta", "region: [satakunta]", "region:", "field-one-value",
     "field 'region' takes one value, not a list or fields of its own, e.g. region: uusimaa",
     "kenttään 'region' kirjoitetaan yksi arvo, ei luetteloa eikä alakenttiä, esim. region: uusimaa"),
    ("    en: social and family services", "    en: 2018", "en: 2018", "field-quote",
     'field \'contact.role.en\' has the value 2018, which is read as a number. Write it in quotation marks: '
     'en: "2018"',
     'kentän \'contact.role.en\' arvo 2018 luetaan luvuksi. Kirjoita se lainausmerkkeihin: en: "2018"'),
    ("status: pilot", "status: käynnissä", "status:", "field-enum-label",
     "field 'status': 'käynnissä' is written ongoing in card.yml. Write status: ongoing",
     "kentän 'status' arvo 'käynnissä' kirjoitetaan card.yml-tiedostoon muodossa ongoing. Kirjoita status: ongoing"),
    ("  - multiprofessional-teamwork\n", "  - moniammatillinen tiimityö\n", "- moniammatillinen", "field-enum-label",
     "field 'approaches': 'moniammatillinen tiimityö' is written multiprofessional-teamwork in card.yml. "
     "Write approaches: [multiprofessional-teamwork]",
     "kentän 'approaches' arvo 'moniammatillinen tiimityö' kirjoitetaan card.yml-tiedostoon muodossa "
     "multiprofessional-teamwork. Kirjoita approaches: [multiprofessional-teamwork]"),
    ("status: pilot", "status: ongong", "status:", "field-enum-guess",
     "field 'status' has the value 'ongong', which is not allowed – did you mean 'ongoing'? Allowed values: "
     "ongoing, pilot, ended.",
     "kentän 'status' arvo 'ongong' ei ole sallittu – tarkoititko 'ongoing'? Sallitut arvot: ongoing (käynnissä), "
     "pilot (kokeilu), ended (päättynyt)."),
    ("region: satakunta", "region: Etelä-Karjala", "region:", "field-enum-label",
     "field 'region': 'Etelä-Karjala' is written etela-karjala in card.yml. Write region: etela-karjala",
     "kentän 'region' arvo 'Etelä-Karjala' kirjoitetaan card.yml-tiedostoon muodossa etela-karjala. "
     "Kirjoita region: etela-karjala"),
    ("region: satakunta", "region: Satakuntaa", "region:", "field-enum-guess",
     "field 'region' has the value 'Satakuntaa', which is not allowed – did you mean 'satakunta'? Allowed "
     "values: uusimaa, varsinais-suomi (Southwest Finland), ",
     "kentän 'region' arvo 'Satakuntaa' ei ole sallittu – tarkoititko 'satakunta'? Sallitut arvot: uusimaa, "
     "varsinais-suomi, satakunta, kanta-hame (Kanta-Häme), "),
    ("status_as_of: 2018-05-02", "status_as_of: 2.5.2018", "status_as_of:", "field-date",
     "field 'status_as_of' has the value '2.5.2018', which is not a date as YYYY-MM-DD. Write e.g. "
     "status_as_of: 2018-05-02",
     "kentän 'status_as_of' arvo '2.5.2018' ei ole päivämäärä muodossa VVVV-KK-PP. Kirjoita esim. "
     "status_as_of: 2018-05-02"),
    ("status_as_of: 2018-05-02", "status_as_of: 2018-02-30", "status_as_of:", "field-no-date",
     "field 'status_as_of' has the date 2018-02-30, which does not exist. Check the day and month (YYYY-MM-DD).",
     "kentän 'status_as_of' päivämäärää 2018-02-30 ei ole olemassa. Tarkista päivä ja kuukausi (VVVV-KK-PP)."),
    ("start: 2018-01", "start: 1/2018", "start:", "field-year-month",
     "field 'start' has the value '1/2018', which is not a year (YYYY) or a year and month (YYYY-MM). Write e.g. "
     "start: 2018-01",
     "kentän 'start' arvo '1/2018' ei ole vuosi (VVVV) eikä vuosi ja kuukausi (VVVV-KK). Kirjoita esim. "
     "start: 2018-01"),
    (f"id: {SLUG}", "id: Pori_Tiimimalli", "id:", "field-slug",
     "field 'id' has the value 'Pori_Tiimimalli', which is not a valid slug: use lowercase letters a–z, digits and "
     "single hyphens, e.g. pori-tiimimalli",
     "kentän 'id' arvo 'Pori_Tiimimalli' ei kelpaa tunnukseksi: käytä pieniä kirjaimia a–z (ei ääkkösiä), numeroita "
     "ja yksittäisiä yhdysviivoja, esim. pori-tiimimalli"),
    ("url: https://", "url: www.", "url:", "field-https",
     "field 'contact.url' has the value 'www.",
     "kentän 'contact.url' arvo 'www."),
    ("region: satakunta", "region:", "region:", "field-empty",
     "field 'region' must not be empty. Fill it in, e.g. region: uusimaa",
     "kenttä 'region' ei saa olla tyhjä. Täytä se, esim. region: uusimaa"),
    ("  - multiprofessional-teamwork\n", "  - systemic-team-model\n", "approaches:", "field-repeated",
     "field 'approaches' lists the same value twice. Remove one.",
     "kentässä 'approaches' on sama arvo kahdesti. Poista toinen."),
]


@pytest.mark.parametrize("old,new,locate,code,en,fi", FACT_SLIPS, ids=[f"{s[3]}:{s[1][:20]}" for s in FACT_SLIPS])
def test_card_facts_messages(small, old, new, locate, code, en, fi):
    yml = small / YML
    edit(yml, old, new)
    found = [f for f in check(small)[1] if f.path == YML and f.severity == "error"]
    assert [(f.code, f.line) for f in found] == [(code, line_of(yml, locate))], [f.text("en") for f in found]
    assert found[0].message("en").startswith(en)
    assert found[0].message("fi").startswith(fi)
    for text in (found[0].message("en"), found[0].message("fi")):  # no parser or programmer wording
        assert not any(word in text for word in ("expected", "odotettiin", "scalar", "mapping", "None", "token"))


def test_bare_year_is_a_start(small):
    yml = small / YML
    edit_line(yml, "start:", "start: 2018")
    hb = hb_site.load(small)
    assert [f.text("en") for f in hb.findings if f.path == YML] == []
    assert hb.card(SLUG).year == "2018"


@pytest.mark.parametrize("heading,guess", [("## Ratkasu", "Ratkaisu"), ("## Solution", "Ratkaisu")])
def test_misspelt_section_did_you_mean(small, heading, guess):
    page = small / FI
    edit(page, "## Ratkaisu", heading)
    found = [f for f in check(small)[1] if f.path == FI]
    assert [(f.code, f.line) for f in found] == [("section-unknown-guess", line_of(page, heading))]
    assert found[0].message("en") == (
        f"unknown section '{heading}' – did you mean '## {guess}'? A card's sections are: Tarve ja tavoitteet, "
        "Ratkaisu, Tulokset, Lähteet.")
    assert found[0].message("fi").startswith(f"tuntematon osio '{heading}' – tarkoititko '## {guess}'?")


def test_field_written_twice(small):
    yml = small / YML
    edit(yml, "region: satakunta\n", "region: satakunta\nregion: pirkanmaa\n")
    found = [f for f in check(small)[1] if f.path == YML]
    first = line_of(yml, "region: satakunta")
    assert [(f.code, f.line) for f in found] == [("field-twice", first + 1)]
    assert found[0].message("en") == (f"field 'region' is written twice (also on line {first}); only the later one "
                                      "would count. Remove one.")
    assert found[0].message("fi").startswith(f"kenttä 'region' on kirjoitettu kahdesti (myös rivillä {first})")


def test_person_name_in_contact_is_a_warning_the_allow_list_answers(small):
    yml = small / YML
    edit(yml, "fi: sosiaali- ja perhepalvelut", "fi: Matti Meikäläinen")
    edit(yml, "en: social and family services", "en: Senior Social Worker")  # a role in title case is no name
    found = [f for f in check(small)[1] if f.path == YML]
    assert [(f.code, f.severity, f.line) for f in found] == [("privacy-name", "warning", line_of(yml, "Meikäläinen"))]
    assert found[0].message("en") == (
        "the contact seems to name a person (Matti Meikäläinen). Give the organisation and a role, not a person. "
        "If 'Matti Meikäläinen' is not a person, add to checks-allow.yml at the top of the project, under the line "
        f"allow:, the line - {{path: {YML}, rule: privacy-name, match: Matti Meikäläinen, reason: why this is no "
        "person} (see the guide's section Allowed exceptions).")
    assert found[0].message("fi").startswith("yhteystiedossa näyttää olevan henkilön nimi (Matti Meikäläinen).")
    (small / "checks-allow.yml").write_text(
        f"allow:\n  - {{path: {YML}, rule: privacy-name, match: Matti Meikäläinen, reason: the team's name}}\n",
        encoding="utf-8")
    assert [f for f in check(small)[1] if f.path == YML] == []


def test_the_allow_list_takes_the_form_a_warning_shows_and_refuses_others(small):
    """The entry as the warning writes it (a list item, with allow: above it or alone) is accepted; an entry
    in another form, or with the advice's own placeholder for a reason, is an error at its line."""
    yml = small / YML
    edit(yml, "fi: sosiaali- ja perhepalvelut", "fi: Matti Meikäläinen")
    entry = f"- {{path: {YML}, rule: privacy-name, match: Matti Meikäläinen, reason: the team is named so}}\n"
    allow_file = small / "checks-allow.yml"
    for text in (entry, "allow:\n" + entry, f"allow:\n  {entry}"):
        allow_file.write_text(text, encoding="utf-8")
        assert [f for f in check(small)[1] if f.path in (YML, "checks-allow.yml")] == [], text
    allow_file.write_text(f"allow:\n  - {{file: {YML}, rule: privacy-name}}\n  - {{path: {YML}, rule: privacy-name, "
                          "reason: …}\n", encoding="utf-8")
    found = {(f.code, f.line): f.message("en") for f in check(small)[1] if f.path == "checks-allow.yml"}
    assert found[("allow-form", 2)].startswith("this allow-list entry is not in the right form. Write it like this:")
    assert ("allow-no-reason", 3) in found


@pytest.mark.parametrize("text,name", [
    ("Anna-Liisa Virtanen", "Anna-Liisa Virtanen"), ("yhteyshenkilö Sirkka Rousu", "Sirkka Rousu"),
    ("Porin kaupunki, perusturva", None), ("Etelä-Karjalan hyvinvointialue", None), ("Family Services", None),
    ("vastaava sosiaalityöntekijä", None), ("Head of Child Protection", None),
])
def test_person_name_pattern(text, name):
    from handbook.content.personal import person_name

    assert person_name(text) == name


@pytest.mark.build
def test_a_summary_review_date_that_is_no_date_is_told_at_its_line(small, tmp_path):
    """A research summary's ``reviewed`` written the Finnish way (3.5.2024), or a day that does not
    exist: the build fails with ``file:line`` and what to write, not with a traceback."""
    summary = small / f"{RESEARCH}.fi.md"
    rel = summary.relative_to(small).as_posix()
    edit_line(summary, "reviewed:", "reviewed: 3.5.2024")
    line = line_of(summary, "reviewed:")
    build_fails_with(small, tmp_path / "out", f"{rel}:{line}: field 'reviewed' has the value '3.5.2024', which is "
                                              "not a date as YYYY-MM-DD. Write e.g. reviewed: 2024-05-03", HANDBOOK_LANG="en")
    edit_line(summary, "reviewed:", "reviewed: 2024-02-30")
    found = {(f.code, f.path, f.line): f for f in check(small)[1]}
    assert found[("field-no-date", rel, line)].message("fi") == \
        "kentän 'reviewed' päivämäärää 2024-02-30 ei ole olemassa. Tarkista päivä ja kuukausi (VVVV-KK-PP)."
