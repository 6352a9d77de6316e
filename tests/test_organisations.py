"""Organisation names stated once in ``card.yml``: one name for both languages, or ``{fi: …, en: …}``.

Each language's pages, the open data and the privacy check use the name of their language;
a malformed name is an error at its line in the build and in ``handbook check``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from helpers import CARD, OTHER_CARD, cli, fails_with, frictionless, line_of, mkdocs_build, write_small_site

#: one worker builds this module's shared site for all its tests (pytest -n, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("named")

from handbook.publish import exports
from handbook.render import card_index, cards as render, map as map_html
from handbook.content.cards import Card, load_card
from handbook.checks.privacy import contact_names
from handbook.content.yamlmap import LineMap

FI_NAME, EN_NAME, SHARED = "Testikaupungin perhepalvelut", "Testville Family Services", "Yhteinen Testiyhdistys ry"


def _a_card(project: Path) -> Path:
    """The folder of the small handbook's card whose organisations the tests rewrite."""
    return project / CARD


def set_organisations(yml: Path, items: list[str], municipalities: str | None = None) -> None:
    """Replace the card's ``organisations`` (whatever it holds today) by ``items``, one YAML line each."""
    text = yml.read_text(encoding="utf-8")
    block = "organisations:\n" + "".join(f"  - {item}\n" for item in items)
    text, count = re.subn(r"(?m)^organisations:.*\n(?:[ \t]+.*\n|[ \t]*#.*\n)*", block, text, count=1)
    assert count == 1, text
    if municipalities is not None:
        text, count = re.subn(r"(?m)^municipalities:.*\n(?:[ \t]+-.*\n)*", f"municipalities: {municipalities}\n", text,
                              count=1)
        assert count == 1, text
    yml.write_text(text, encoding="utf-8")


def _text(html: str) -> str:
    return html.replace("&#x27;", "'").replace("&amp;", "&")


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """The small handbook, built, with one card's organisations written in each language (and no
    municipalities) and the other card's contact organisation in each language: (project, site, the
    data package's validation report)."""
    project = write_small_site(tmp_path_factory.mktemp("named") / "project")
    set_organisations(project / CARD / "card.yml", [f'{{fi: "{FI_NAME}", en: "{EN_NAME}"}}', SHARED],
                      municipalities="[]")
    set_contact_organisation(project / OTHER_CARD / "card.yml", f'{{fi: "{CONTACT_FI}", en: "{CONTACT_EN}"}}')
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site, frictionless(site / "datapackage.json")


@pytest.mark.build
def test_each_language_shows_its_own_name_and_the_exports_keep_both(named):
    project, site, report = named
    slug = _a_card(project).name

    for prefix, shown, hidden in (("", FI_NAME, EN_NAME), ("en/", EN_NAME, FI_NAME)):
        card = _text((site / prefix / "cards" / slug / "index.html").read_text(encoding="utf-8"))
        facts = card[card.index('class="hb-facts"'):card.index("</aside>", card.index('class="hb-facts"'))]
        assert f"{shown}, {SHARED}" in facts and hidden not in card
        # the card index names the organisations of a card without municipalities; so do the compare page
        # and the area's card list
        index = _text((site / prefix / "cards" / "index.html").read_text(encoding="utf-8"))
        row = index[index.index(f'cards/{slug}/"'):]
        row = row[:row.index("</tr>")]
        assert f"{shown}, {SHARED}" in row and hidden not in index
        compare = _text((site / prefix / "cards" / "compare" / "index.html").read_text(encoding="utf-8"))
        assert shown in compare and hidden not in compare
        lists = [p for p in (site / prefix / "regions").glob("*/index.html") if f"cards/{slug}/" in p.read_text("utf-8")]
        assert lists, f"no area page lists {slug}"
        for page in lists:
            text = _text(page.read_text(encoding="utf-8"))
            assert shown in text and hidden not in text

    data = json.loads((site / "cards.json").read_text(encoding="utf-8"))
    record = next(c for c in data["cards"] if c["facts"]["id"] == slug)
    assert record["facts"]["organisations"] == [{"fi": FI_NAME, "en": EN_NAME}, SHARED]  # as written
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "cards.csv").read_text(encoding="utf-8")))}
    assert rows[slug]["organisations"] == f"{FI_NAME}; {SHARED}"
    assert rows[slug]["organisations_en"] == f"{EN_NAME}; {SHARED}"
    for other in set(rows) - {slug}:  # a card written with plain names has the same names in both columns
        card, _ = load_card(project / "docs" / "cards" / other, project)
        assert rows[other]["organisations_en"] == "; ".join(card.organisation_names("en"))

    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["organisations_en"]["type"] == "list" and "English" in fields["organisations_en"]["description"]
    assert "Finnish" in fields["organisations"]["description"]
    assert report["valid"], json.dumps(report, indent=1)[:3000]


BAD_ITEMS = ['{fi: "Porin kaupunki"}', '{fi: "Porin kaupunki", en: "City of Pori", sv: "Björneborgs stad"}',
             '{fi: "", en: "City of Pori"}']


def test_malformed_names_fail_the_build_and_the_check_at_their_lines(small, capsys):
    folder = _a_card(small)
    yml = folder / "card.yml"
    set_organisations(yml, BAD_ITEMS)
    rel = yml.relative_to(small).as_posix()
    missing, unknown, empty = (line_of(yml, item) for item in BAD_ITEMS)
    expected = [
        f"{rel}:{missing}: a name in field 'organisations' has no en. Write the name in both languages, "
        "e.g. - {fi: Porin kaupunki, en: City of Pori}, or the name alone when it is the same in both languages.",
        f"{rel}:{unknown}: a name in field 'organisations' has the unknown language 'sv'. The languages are fi and en",
        f"{rel}:{empty}: a name in field 'organisations' is empty in fi. Write the name",
    ]
    for message in expected:
        fails_with(small, message)
    status, out, _ = cli(capsys, "check", "--root", str(small), "--lang", "en")
    assert status == 1
    for message in expected:
        path_line, text = message.split(": ", 1)
        assert f"{path_line}: error [card-schema] {text}" in out, out
    _, fi, _ = cli(capsys, "check", "--root", str(small), "--lang", "fi")
    assert f"{rel}:{missing}: virhe [card-schema] kentän 'organisations' nimestä puuttuu kieli en." in fi
    assert f"{rel}:{unknown}: virhe [card-schema] kentän 'organisations' nimessä on tuntematon kieli 'sv'." in fi
    assert f"{rel}:{empty}: virhe [card-schema] kentän 'organisations' nimi kielellä fi on tyhjä." in fi


def test_a_name_in_two_lines_is_reported_at_the_line_of_its_problem(small):
    folder = _a_card(small)
    yml = folder / "card.yml"
    set_organisations(yml, ['fi: "Porin kaupunki"\n    se: "City of Pori"'])
    card, problems = load_card(folder, small)
    assert card is None
    found = {(f.code, f.line) for f in problems if f.rule == "card-schema"}
    assert found == {("name-lang-unknown", line_of(yml, "se: ")), ("name-lang-missing", line_of(yml, "- fi: "))}


def test_privacy_check_looks_inside_both_names(small):
    folder = _a_card(small)
    yml = folder / "card.yml"
    person = "Matti Virtanen"
    set_organisations(yml, [f'{{fi: "{FI_NAME}", en: "{person}"}}', f'"{person}"'])
    card, problems = load_card(folder, small)
    assert card is not None, problems
    found = contact_names(card, "card.yml")
    assert [(f.code, f.line, f.severity) for f in found if f.code == "privacy-name-org"] \
        == [("privacy-name-org", line_of(yml, FI_NAME), "warning"), ("privacy-name-org", line_of(yml, f'- "{person}"'),
                                                                     "warning")]
    assert found[0].message("en").startswith(f"an organisation's name seems to name a person ({person}).")
    assert "organisaation nimessä näyttää olevan henkilön nimi" in found[0].message("fi")


def test_names_are_escaped_wherever_they_enter_html(small):
    """A name with markup (refused by the checks) still comes out as text on every page that shows it."""
    hostile = {"fi": "Kunta <script>alert(1)</script>", "en": 'Town "><img src=x onerror=alert(2)>'}
    card, _ = load_card(_a_card(small), small)
    facts = {**card.facts, "organisations": [hostile, "<b>Yhdistys</b>"], "municipalities": []}
    card = Card(slug=card.slug, folder=card.folder, facts=facts, texts=card.texts, lines=LineMap(None))
    for lang in ("fi", "en"):
        shown = [render.fact_box(card, lang, "../../"), card_index.card_table([card], lang, "../"),
                 card_index.compare_page([card], lang), map_html.card_list([card], lang, "../../")]
        for html in shown:
            assert "<script>" not in html and "<img" not in html and "<b>" not in html
            assert "&lt;b&gt;Yhdistys&lt;/b&gt;" in html
        assert all(("&lt;script&gt;" if lang == "fi" else "&quot;&gt;&lt;img") in html for html in shown)
    assert f"{hostile['fi']}; <b>Yhdistys</b>" in exports.cards_csv([card])  # the data files are not HTML


def test_search_results_name_the_organisations_in_the_pages_language(small):
    """The municipality line under a card's search result falls back to its organisations, in that language."""
    from handbook.publish.search import card_meta

    card, _ = load_card(_a_card(small), small)
    facts = {**card.facts, "organisations": [{"fi": FI_NAME, "en": EN_NAME}, SHARED], "municipalities": []}
    card = Card(slug=card.slug, folder=card.folder, facts=facts, texts=card.texts, lines=LineMap(None))
    meta = card_meta([card], ("fi", "en"))
    assert meta[card.url("fi")]["municipality"] == f"{FI_NAME}, {SHARED}"
    assert meta[card.url("en")]["municipality"] == f"{EN_NAME}, {SHARED}"


# the contact's organisation: one name like an item of ``organisations``
CONTACT_FI, CONTACT_EN = "Testikaupungin lastensuojelu", "Testville Child Protection"


def set_contact_organisation(yml: Path, value: str) -> None:
    """Replace the card's ``contact.organisation`` (one line, or a block of its languages) by ``value``."""
    text = yml.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^  organisation:.*\n(?:    .*\n)*", f"  organisation: {value}\n", text, count=1)
    assert count == 1, text
    yml.write_text(text, encoding="utf-8")


def test_the_contacts_organisation_is_a_name_like_an_organisation():
    from handbook.content.schema import card_schema

    props = card_schema()["properties"]
    assert props["contact"]["properties"]["organisation"]["anyOf"] == props["organisations"]["items"]["anyOf"]


@pytest.mark.build
def test_each_language_shows_the_contacts_organisation_in_its_language_and_the_exports_keep_both(named):
    project, site, report = named
    folder = project / OTHER_CARD
    slug = folder.name
    card, problems = load_card(folder, project)
    assert card is not None, problems

    for prefix, lang, shown, hidden in (("", "fi", CONTACT_FI, CONTACT_EN), ("en/", "en", CONTACT_EN, CONTACT_FI)):
        page = _text((site / prefix / "cards" / slug / "index.html").read_text(encoding="utf-8"))
        facts = page[page.index('class="hb-facts"'):page.index("</aside>", page.index('class="hb-facts"'))]
        assert f"{shown}, {card.facts['contact']['role'][lang]}" in facts and hidden not in page

    data = json.loads((site / "cards.json").read_text(encoding="utf-8"))
    record = next(c for c in data["cards"] if c["facts"]["id"] == slug)
    assert record["facts"]["contact"]["organisation"] == {"fi": CONTACT_FI, "en": CONTACT_EN}  # as written
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "cards.csv").read_text(encoding="utf-8")))}
    assert (rows[slug]["contact_organisation"], rows[slug]["contact_organisation_en"]) == (CONTACT_FI, CONTACT_EN)
    for other in set(rows) - {slug}:  # a name written once is the same in both columns
        written = next(c for c in data["cards"] if c["facts"]["id"] == other)["facts"]["contact"]["organisation"]
        both = (written, written) if isinstance(written, str) else (written["fi"], written["en"])
        assert (rows[other]["contact_organisation"], rows[other]["contact_organisation_en"]) == both

    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["contact_organisation_en"]["type"] == "string"
    assert "English" in fields["contact_organisation_en"]["description"]
    assert "Finnish" in fields["contact_organisation"]["description"]
    assert report["valid"], json.dumps(report, indent=1)[:3000]


def test_a_malformed_contact_organisation_fails_the_build_and_the_check_at_its_line(small, capsys):
    yml = _a_card(small) / "card.yml"
    rel = yml.relative_to(small).as_posix()
    expected = {
        BAD_ITEMS[0]: ("a name in field 'contact.organisation' has no en. Write the name in both languages",
                       "kentän 'contact.organisation' nimestä puuttuu kieli en."),
        BAD_ITEMS[1]: ("a name in field 'contact.organisation' has the unknown language 'sv'.",
                       "kentän 'contact.organisation' nimessä on tuntematon kieli 'sv'."),
        BAD_ITEMS[2]: ("a name in field 'contact.organisation' is empty in fi. Write the name",
                       "kentän 'contact.organisation' nimi kielellä fi on tyhjä."),
    }
    for item, (en, fi) in expected.items():
        set_contact_organisation(yml, item)
        line = line_of(yml, "  organisation: ")
        status, out, _ = cli(capsys, "check", "--root", str(small), "--lang", "en")
        assert status == 1
        assert f"{rel}:{line}: error [card-schema] {en}" in out, out
        assert f"{rel}:{line}: virhe [card-schema] {fi}" in cli(capsys, "check", "--root", str(small), "--lang", "fi")[1]
        fails_with(small, f"{rel}:{line}: {en}")


def test_privacy_check_looks_inside_both_names_of_the_contacts_organisation(small):
    folder = _a_card(small)
    yml = folder / "card.yml"
    person = "Matti Virtanen"
    set_contact_organisation(yml, f'\n    fi: "{CONTACT_FI}"\n    en: "{person}"')
    card, problems = load_card(folder, small)
    assert card is not None, problems
    found = [f for f in contact_names(card, "card.yml") if f.code == "privacy-name"]
    assert [(f.line, f.severity) for f in found] == [(line_of(yml, f'en: "{person}"'), "warning")]
    assert found[0].message("en").startswith(f"the contact seems to name a person ({person}).")


def test_the_contacts_organisation_is_escaped_in_the_fact_box(small):
    hostile = {"fi": "Kunta <script>alert(1)</script>", "en": 'Town "><img src=x onerror=alert(2)>'}
    card, _ = load_card(_a_card(small), small)
    facts = {**card.facts, "contact": {**card.facts["contact"], "organisation": hostile}}
    card = Card(slug=card.slug, folder=card.folder, facts=facts, texts=card.texts, lines=LineMap(None))
    fi, en = render.fact_box(card, "fi", "../../"), render.fact_box(card, "en", "../../")
    assert "<script>" not in fi + en and "<img" not in fi + en
    assert "Kunta &lt;script&gt;" in fi and "Town &quot;&gt;&lt;img" in en
    rows = list(csv.DictReader(io.StringIO(exports.cards_csv([card]))))  # the data files are not HTML
    assert (rows[0]["contact_organisation"], rows[0]["contact_organisation_en"]) == (hostile["fi"], hostile["en"])


def test_a_quote_left_open_above_a_quoted_name_is_told_where_it_was_left_open(small):
    """A quote left open runs on to the next quote, e.g. one of a name written {fi: "…", en: "…"} further down:
    the editor is told about the quote, at its line, not about the indentation of the later line."""
    folder = _a_card(small)
    yml = folder / "card.yml"
    set_contact_organisation(yml, f'{{fi: "{CONTACT_FI}", en: "{CONTACT_EN}"}}')
    text = yml.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^region: (\S+)$", r'region: "\1', text, count=1)
    assert count == 1 and text.index("region:") < text.index(CONTACT_FI), text
    yml.write_text(text, encoding="utf-8")
    _, problems = load_card(folder, small)
    assert [(f.code, f.line) for f in problems] == [("yaml-unclosed-quote", line_of(yml, 'region: "'))]


def test_no_official_name_of_a_region_or_county_is_a_person():
    """The names of every region and wellbeing services county, in every catalog language, in the forms
    of their official names, never count as a person's; people's names still do."""
    from handbook import i18n
    from handbook.content import personal, vocab

    labels = {vocab.REGIONS[key][lang] for key in vocab.REGIONS for lang in i18n.available_languages()}
    for lang in i18n.available_languages():
        labels.update(i18n.catalog(lang)["vocab"]["counties"].values())
    assert len(labels) > 20
    for label in sorted(labels):
        for official in (f"{label} Wellbeing Services County", f"Wellbeing Services County of {label}",
                         f"{label} hyvinvointialue", f"{label} Välfärdsområde"):
            assert personal.person_name(official) is None, official
    for person in ("Matti Meikäläinen", "Anna-Liisa Virtanen", "Matti Savolainen", "Liisa Lappalainen"):
        assert personal.person_name(f"Lisätietoja antaa {person}.") == person
