"""The remaining editor-facing rules, each fed its bad input (on a copy of the real content)."""

from __future__ import annotations

import pytest

from handbook import site as hb_site
from test_card_errors import CARD, edit, edit_line, line_of

FI = f"{CARD}/index.fi.md"


def findings(project, rel):
    return {(f.code, f.line): f.message("en") for f in hb_site.load(project).findings if f.path == rel}


@pytest.mark.parametrize("old,new,locate,code,message", [
    ("## Ratkaisu", "## Tulokset\n\nEnsin tulokset.\n\n## Ratkaisu", "## Ratkaisu", "section-order",
     "section '## Ratkaisu' is out of order. The order is: Tarve ja tavoitteet, Ratkaisu, Tulokset, Lähteet."),
    ("## Ratkaisu", "## Taustaa\n\nLisää tekstiä.\n\n## Ratkaisu", "## Taustaa", "section-unknown",
     "unknown section '## Taustaa'. A card's sections are: Tarve ja tavoitteet, Ratkaisu, Tulokset, Lähteet. "
     "Use ### for subheadings."),
    ("## Tulokset\n\n", "## Tulokset\n\n## Tyhjä\n\n", "## Tulokset", "section-empty",
     "section '## Tulokset' is empty. Write at least one paragraph in it."),
    ("Porin perusturva on kokeillut", "# Otsikko\n\nPorin perusturva on kokeillut", "# Otsikko", "h1-in-card",
     "do not write a # title in a card: the title comes from the name field in card.yml."),
    ("Porin perusturva on kokeillut", "Toinen kappale.\n\nPorin perusturva on kokeillut", "Porin perusturva on",
     "summary-long", "the summary must be one paragraph before the first ## heading; there are 2."),
    ("Porin perusturva on kokeillut", "---\nstatus: ended\n---\nPorin perusturva on kokeillut", "---",
     "facts-in-text", "the language file has front matter (status). A card's facts belong in card.yml only."),
    ("Porin perusturva on kokeillut", "---\ntitle: Pori\nstatus: ended: x\n---\nPorin perusturva on kokeillut",
     "status: ended", "yaml-syntax", "the YAML file is not valid: mapping values are not allowed in this context. "
     "Check the indentation and colons on this line."),
])
def test_card_text_rules(project, old, new, locate, code, message):
    page = project / FI
    edit(page, old, new)
    found = findings(project, FI)
    assert found.get((code, line_of(page, locate))) == message, found


def test_missing_summary(project):
    page = project / FI
    text = page.read_text(encoding="utf-8")
    page.write_text(text[text.index("## Tarve"):], encoding="utf-8")
    assert findings(project, FI).get(("summary-missing", 1)) == \
        "the card has no summary: write one paragraph before the first ## heading."


def test_id_must_match_folder(project):
    yml = project / CARD / "card.yml"
    edit(yml, "id: pori-systeeminen-tiimimalli", "id: pori-tiimimalli")
    assert findings(project, f"{CARD}/card.yml").get(("id-mismatch", line_of(yml, "id:"))) == \
        "the card id 'pori-tiimimalli' does not match its folder name 'pori-systeeminen-tiimimalli'. " \
        "Use the same slug for both."


def test_card_yml_must_be_a_mapping(project):
    (project / CARD / "card.yml").write_text("- just\n- a list\n", encoding="utf-8")
    assert findings(project, f"{CARD}/card.yml").get(("card-not-mapping", 1)) == \
        "card.yml must be a list of fields (key: value). See schema/card.schema.json."


def test_duplicate_figure_and_term_ids(project):
    facts = project / "docs" / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    first = text[text.index("  - id: kysely-vastaukset-artikkeli"):text.index("  - id: kysely-vastaukset-blogi")]
    facts.write_text(text + "\n" + first, encoding="utf-8")
    glossary = project / "docs" / "data" / "glossary.yml"
    gtext = glossary.read_text(encoding="utf-8")
    term = gtext[gtext.index("  - id: avohuolto"):gtext.index("  - id: sijoitus")]
    glossary.write_text(gtext + "\n" + term, encoding="utf-8")
    found = {(f.code, f.path): f.message("en") for f in hb_site.load(project).findings}
    first_line = line_of(facts, "id: kysely-vastaukset-artikkeli")
    assert found[("fact-duplicate", "docs/data/facts.yml")] == \
        f"the figure id 'kysely-vastaukset-artikkeli' is already used (docs/data/facts.yml:{first_line}). " \
        "Give this figure its own id."
    assert found[("term-duplicate", "docs/data/glossary.yml")].startswith("the term id 'avohuolto' is already used")


def test_bib_date_and_summary_without_review_date(project):
    bib_root = project / "bibliography"
    bib_root.unlink()
    bib_root.mkdir()
    from conftest import ROOT
    for path in (ROOT / "bibliography").glob("*.bib"):
        (bib_root / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    edit(bib_root / "sources.bib", "date         = {2017-09-18}", "date         = {18.9.2017}")
    summary = project / "docs" / "research" / "johtaminen.fi.md"
    edit_line(summary, "reviewed:", "")
    found = {(f.code, f.path, f.line): f.message("en") for f in hb_site.load(project).findings}
    line = line_of(bib_root / "sources.bib", "@misc{innokyla2017mantsala")
    assert found[("bib-date", "bibliography/sources.bib", line)] == \
        "entry 'innokyla2017mantsala' has the date '18.9.2017', which is not in the form YYYY-MM-DD."
    assert found[("summary-structure", "docs/research/johtaminen.fi.md", 1)].startswith(
        "the research summary has no reviewed.")
