"""Every finding reaches ``mkdocs build --strict`` through one report path; here each path is built once.

The other modules assert each finding in-process (``helpers.findings``); these builds prove that
findings of each kind fail the build with the same ``file:line: message``: found while loading (in
English, in Finnish, and as GitHub annotations), found by the checks in the background job (a broken
link, a phone number, a refused element, which the sanitizer also takes out of the page), and the
``mkdocs.yml`` options that make warnings errors. The faults live in different files of one broken
copy of the small handbook, built once per language.
"""

from __future__ import annotations

import pytest

from helpers import CARD, OTHER_CARD, SOURCE, edit, line_of, mkdocs_build, own_bibliography, write_small_site

#: one worker builds the broken copy for all of this module's tests (pytest -n, --dist loadgroup)
pytestmark = [pytest.mark.build, pytest.mark.xdist_group("reporting")]

FAQ = "docs/faq.fi.md"


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The small handbook with one fault in each of several files, and its two builds (English with GitHub
    annotations, Finnish): (project, {lang: (return code, output)}, {lang: site folder})."""
    base = tmp_path_factory.mktemp("broken")
    project = write_small_site(base / "project")
    edit(project / CARD / "card.yml", "status: pilot", "status: paused")  # found while loading
    edit(project / OTHER_CARD / "index.fi.md", "kotikäynneillä [@", "kotikäynneillä [@testila2018uutine; @")
    faq = project / FAQ
    edit(faq, "Katso [avainluvut](facts.md).",  # found by the checks in the background
         'Katso [avainluvut](avainluvut.md). Soita 040 123 4567.\n\n<object data="x.swf"></object>')
    (own_bibliography(project) / "more.bib").write_text(  # warnings that mkdocs.yml makes errors
        "@misc{lukematon,\n  title = {Kukaan ei viittaa}\n}\n\n"
        "@online{sivu,\n  author = {{THL}},\n  title = {Sivu},\n  date = {2024},\n  url = {http://example.org/sivu}\n}\n",
        encoding="utf-8")
    for lang in ("fi", "en"):
        edit(project / CARD / f"index.{lang}.md", f"[@{SOURCE}]", f"[@{SOURCE}; @sivu]")
    edit(project / "mkdocs.yml", "uncited: warning", "uncited: error")
    edit(project / "mkdocs.yml", "bib_advice: warning", "bib_advice: error")
    runs, sites = {}, {}
    for lang, env in (("en", {"GITHUB_ACTIONS": "true"}), ("fi", {})):
        sites[lang] = base / f"site-{lang}"
        result = mkdocs_build(project, sites[lang], HANDBOOK_LANG=lang, **env)
        runs[lang] = (result.returncode, result.stdout + result.stderr)
    return project, runs, sites


def test_the_broken_copy_fails_in_each_language_without_a_traceback(broken):
    _, runs, _ = broken
    for code, output in runs.values():
        assert code != 0, output
        assert "Traceback" not in output
        assert ("Aborted with" in output), output


def test_a_load_time_finding_in_english_and_in_finnish(broken):
    project, runs, _ = broken
    yml = project / CARD / "card.yml"
    line = line_of(yml, "status: paused")
    assert (f"WARNING -  {CARD}/card.yml:{line}: field 'status' has the value 'paused', which is not allowed. "
            "Allowed values: ongoing, pilot, ended.") in runs["en"][1]
    assert (f"WARNING -  {CARD}/card.yml:{line}: kentän 'status' arvo 'paused' ei ole sallittu. Sallitut arvot: "
            "ongoing (käynnissä), pilot (kokeilu), ended (päättynyt).") in runs["fi"][1]
    text = project / OTHER_CARD / "index.fi.md"
    assert (f"{OTHER_CARD}/index.fi.md:{line_of(text, '@testila2018uutine;')}: unknown citation key "
            f"'@testila2018uutine' – did you mean '@{SOURCE}'?") in runs["en"][1]


def test_the_github_annotation(broken):
    project, runs, _ = broken
    line = line_of(project / CARD / "card.yml", "status: paused")
    assert (f"::error file={CARD}/card.yml,line={line},title=card-schema::field 'status' has the value 'paused', "
            "which is not allowed.") in runs["en"][1]
    assert "::error file=" not in runs["fi"][1], "annotations only where GITHUB_ACTIONS=true"


def test_background_check_findings(broken):
    project, runs, _ = broken
    line = line_of(project / FAQ, "avainluvut.md")
    output = runs["en"][1]
    assert f"{FAQ}:{line}: the link 'avainluvut.md' points to a page or file that does not exist." in output
    assert f"{FAQ}:{line}: the text contains a phone number (040 123 4567)." in output


def test_a_refused_element_is_reported_and_taken_out_of_the_page(broken):
    project, runs, sites = broken
    line = line_of(project / FAQ, "<object")
    assert f"{FAQ}:{line}: sisällössä on <object>, jota käsikirjan sivuilla ei sallita" in runs["fi"][1]
    for lang, site in sites.items():
        assert "<object" not in (site / "faq" / "index.html").read_text(encoding="utf-8"), lang


def test_mkdocs_yml_makes_the_bibliography_warnings_errors(broken):
    _, runs, _ = broken
    output = runs["en"][1]
    assert "WARNING -  bibliography/more.bib:1: nothing cites the entry 'lukematon'." in output
    assert "WARNING -  bibliography/more.bib:9: entry 'sivu' has an http:// address (http://example.org/sivu)." \
        in output
