"""Every fact has a source where the handbook says so: the glossary's definitions and the editors' own
explanations, and the factual paragraphs of the pages that promise a source for every fact
(handbook.checks.sourced), each fault at its file:line, in Finnish and English."""

from __future__ import annotations

import pytest

from handbook.checks import sourced
from handbook.tools.check import check
from helpers import BOOK, CARD, RESEARCH, edit, line_of

GLOSSARY = "docs/data/glossary.yml"


def found(project, code: str) -> dict[tuple[str, int], tuple[str, str]]:
    """The findings ``code`` of the content check: (file, line) → (English message, Finnish message)."""
    return {(f.path, f.line): (f.message("en"), f.message("fi")) for f in check(project)[1] if f.code == code}


# The glossary: a definition with its source, or the editors' explanation without one ---------------

def test_a_definition_without_a_source_is_refused(small):
    glossary = small / GLOSSARY
    edit(glossary, f"    match: {{fi: [avohuol], en: [open care, open-care]}}\n    source: {BOOK}\n",
         "    match: {fi: [avohuol], en: [open care, open-care]}\n")
    en, fi = found(small, "term-unsourced")[(GLOSSARY, line_of(glossary, "id: avohuolto"))]
    assert en == ("the definition of the term 'avohuolto' has no source. Add source: with the key of a source that "
                  "defines the term, or, if the text is the editors' own explanation, rename the field to explanation.")
    assert fi.startswith("termin 'avohuolto' määritelmällä (definition) ei ole lähdettä.")


def test_an_explanation_with_a_source_is_refused(small):
    glossary = small / GLOSSARY
    edit(glossary, "    match: {fi: [lastensuojelu], en: [child protection]}\n",
         f"    match: {{fi: [lastensuojelu], en: [child protection]}}\n    source: {BOOK}\n")
    en, fi = found(small, "term-explained-source")[(GLOSSARY, line_of(glossary, "id: lastensuojelu"))]
    assert en.startswith("the term 'lastensuojelu' has both an editors' explanation (explanation) and a source (source).")
    assert fi.startswith("termillä 'lastensuojelu' on sekä toimituksen selitys (explanation) että lähde (source).")


@pytest.mark.parametrize("change", ["both", "neither"])
def test_a_term_has_a_definition_or_an_explanation(small, change):
    glossary = small / GLOSSARY
    text = glossary.read_text(encoding="utf-8")
    entry = text[text.index("  - id: sijoitus"):]
    if change == "both":
        new = entry + "    definition:\n      fi: Toinen.\n      en: Another.\n"
    else:
        new = entry[:entry.index("    explanation:")]
    glossary.write_text(text.replace(entry, new), encoding="utf-8")
    en, fi = found(small, "term-text")[(GLOSSARY, line_of(glossary, "id: sijoitus"))]
    assert en == ("the term 'sijoitus' needs exactly one of these: a definition (definition and source) or the "
                  "editors' explanation (explanation).")
    assert fi.startswith("termillä 'sijoitus' pitää olla täsmälleen toinen näistä")


# The pages that promise a source for every fact -------------------------------------------------------

def test_the_small_handbook_keeps_its_promise(small):
    assert found(small, "uncited-paragraph") == {}


def test_an_uncited_paragraph_with_a_number_on_a_card_is_refused(small):
    page = small / f"{CARD}/index.fi.md"
    edit(page, "## Ratkaisu\n", "## Ratkaisu\n\nTiimissä on 5 työntekijää.\n")
    en, fi = found(small, "uncited-paragraph")[(f"{CARD}/index.fi.md", line_of(page, "Tiimissä on 5"))]
    assert en.startswith('the paragraph "Tiimissä on 5 työntekijää." holds a number, an acronym or an '
                         "organisation's name, but no citation.")
    assert fi.startswith('kappaleessa "Tiimissä on 5 työntekijää." on luku, lyhenne tai organisaation nimi')


def test_what_counts_as_a_factual_paragraph(small):
    """A number, an acronym or a name the cards give an organisation; a citation or a key figure cites it;
    lists and the summary's practice section are not looked at; a plain sentence is not factual."""
    summary = small / f"{RESEARCH}.fi.md"
    edit(summary, "## Tutkimuksen aineisto\n", "## Tutkimuksen aineisto\n\nTHL on mukana.\n\n"
                                               "Luottamus on tärkeää.\n\n- Vuonna 2020 kysyttiin.\n\n"
                                               "Kyselyyn vastasi {{fact:x}} ihmistä.\n\n")
    edit(summary, "Avohuollon työntekijän asiakasmäärää kannattaa rajata", "Rajaa asiakasmäärä 20:een")
    flagged = {line for _, line in found(small, "uncited-paragraph")}
    assert flagged == {line_of(summary, "THL on mukana.")}


def test_a_page_can_make_the_promise_in_its_front_matter(small):
    faq = small / "docs" / "faq.fi.md"
    edit(faq, "Ei. Käsikirja kokoaa", "Ei. Vuonna 2024 käsikirja kokoaa")
    assert found(small, "uncited-paragraph") == {}  # the FAQ makes no such promise
    edit(faq, "---\n", "---\nsourced: true\n")
    assert set(found(small, "uncited-paragraph")) == {("docs/faq.fi.md", line_of(faq, "Vuonna 2024"))}


def test_organisation_names_count_whole_and_by_their_parts():
    names = frozenset({"Etelä-Karjalan sosiaali- ja terveyspiiri (Eksote)", "Eksote", "Etelä-Karjalan sosiaali- ja terveyspiiri"})
    assert sourced.factual("Eksotessa tehtiin näin.", names)
    assert not sourced.factual("Tiimi tapaa perheitä kotona.", names)
    assert not sourced.factual("[Katso myös](../kortti-2018/index.md#osio-2) ja <https://example.org/THL/2020>.", names)
    assert sourced.factual("[Vuonna 2018](../kortti/index.md) aloitettiin.", names)
