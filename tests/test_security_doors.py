"""The doors that a contributor's files could open, closed by design: front matter by schema, files by
allow-list, every source read by one reader, only the theme's own inline scripts. Each refusal is
asserted at its ``file:line`` with its message; the builds show that nothing refused is published."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from handbook import safety
from handbook.checks import allow
from handbook.tools.check import check
from helpers import CARD, RESEARCH, ROOT, build_fails_with, edit, line_of

PAGE_FI, PAGE_EN = "docs/ovi.fi.md", "docs/ovi.en.md"


def findings(project: Path, lang: str = "en") -> dict[tuple[str, str, int], str]:
    """``handbook check``'s findings: (file, code, line) → message in ``lang``."""
    return {(f.path, f.code, f.line): f.message(lang) for f in check(project)[1]}


def write_page(project: Path, text: str, rel: str = PAGE_FI, raw: bytes | None = None) -> Path:
    """A new page (and its other language, plain), written as bytes when ``raw`` is given."""
    path = project / rel
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    other = PAGE_EN if rel == PAGE_FI else PAGE_FI
    if not (project / other).exists():
        (project / other).write_text("# Ovi\n\nTeksti.\n", encoding="utf-8")
    return path


# --- front matter ---------------------------------------------------------------------------------

ALLOWED = "title, description, hide, reviewed, translated_from, sourced"


@pytest.mark.parametrize("text,line,code,message", [
    ("---\ndescription: ['\"><script>alert(1)</script>']\n---\n# Ovi\n", 2, "front-matter-value",
     "the front matter field 'description' has a value of the wrong type: write description: \"…\""),
    ("---\nauthor: {a: '<script>'}\n---\n# Ovi\n", 2, "front-matter-key",
     f"unknown front matter field 'author'. A page may set only these: {ALLOWED}."),
    ("---\ntitle: Ovi\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n# Ovi\n", 3, "front-matter-key",
     f"unknown front matter field 'template'. A page may set only these: {ALLOWED}."),
    # the engine's own ending of front matter, '...'
    ("---\ntemplate: redirect.html\n...\n\n# Ovi\n", 2, "front-matter-key",
     f"unknown front matter field 'template'. A page may set only these: {ALLOWED}."),
    # a byte-order mark before the front matter: the engine drops it
    ("\ufeff---\nicon: ../../../etc/passwd\n---\n# Ovi\n", 2, "front-matter-key",
     f"unknown front matter field 'icon'. A page may set only these: {ALLOWED}."),
    ("---\nhide: [navigation, everything]\n---\n# Ovi\n", 2, "front-matter-value",
     "the front matter field 'hide' has a value of the wrong type: write hide: [navigation, toc, footer, path, "
     "tags, feedback]"),
    ("---\nsourced: yes please\n---\n# Ovi\n", 2, "front-matter-value",
     "the front matter field 'sourced' has a value of the wrong type: write sourced: true / false"),
    # MultiMarkdown metadata: the engine takes 'key: value' lines off the top of a page without ---
    ("template: redirect.html\nlocation: https://evil.example/\n\n# Ovi\n", 1, "front-matter-plain",
     "the site engine reads this line as the page's metadata ('template: …'), not as text, and leaves it out of "
     "the page. Start the page with its title (# …), or write metadata between --- lines."),
    ("---\na: &x [1]\nb: *x\n---\n# Ovi\n", 3, "yaml-alias",
     "this line has a YAML anchor (&name) or alias (*name). Write the value out in full."),
])
def test_front_matter_is_refused_outside_its_schema(small, text, line, code, message):
    write_page(small, text)
    found = findings(small)
    assert found.get((PAGE_FI, code, line)) == message, found


def test_front_matter_messages_in_finnish(small):
    write_page(small, "---\ntemplate: redirect.html\n---\n# Ovi\n")
    assert findings(small, "fi")[(PAGE_FI, "front-matter-key", 2)] == \
        f"tuntematon front matter -kenttä 'template'. Sivu voi asettaa vain nämä: {ALLOWED}."


def test_a_card_text_may_not_pick_a_template(small):
    page = small / CARD / "index.fi.md"
    page.write_text("---\ntemplate: redirect.html\nlocation: ['x\", alert(1), \"']\n---\n"
                    + page.read_text(encoding="utf-8"), encoding="utf-8")
    found = findings(small)
    assert (f"{CARD}/index.fi.md", "front-matter-key", 2) in found
    assert (f"{CARD}/index.fi.md", "front-matter-key", 3) in found


@pytest.mark.build
def test_the_theme_sees_no_metadata_it_could_run_or_follow(small, tmp_path):
    """A nav page with every live form of the security trial: the build fails at its lines, and the
    site it wrote meanwhile has no script but the theme's, no redirect and no injected markup."""
    faq = small / "docs" / "faq.fi.md"
    body = faq.read_text(encoding="utf-8")
    faq.write_text("---\ndescription: ['\"><script>alert(\"d\")</script>']\nsubtitle: ['<script>alert(\"s\")</script>']\n"
                   "status: ['x\" onmouseover=\"alert(1)']\nauthor: {a: '\"><script>alert(\"a\")</script>'}\n"
                   "revision_date: ['<script>alert(\"r\")</script>']\ntemplate: redirect.html\n"
                   "location: ['x\", alert(document.domain), \"']\n---\n" + body, encoding="utf-8")
    out = tmp_path / "out"
    build_fails_with(small, out, "docs/faq.fi.md:7: unknown front matter field 'template'")
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert safety.unknown_scripts(html) == [], page
        assert "alert(" not in html and "onmouseover" not in html and "http-equiv=\"refresh\"" not in html, page


# --- the pages' inline scripts ----------------------------------------------------------------------

def test_every_inline_script_of_the_site_is_one_of_the_themes(site):
    """The policy's fixed set of theme scripts (safety.THEME_SCRIPTS) holds every inline script the real
    handbook's pages have: a theme release that changes one fails here (and in the build)."""
    pages = list(site.rglob("*.html"))
    assert pages
    scripts = [(page, text) for page in pages for text in safety.inline_scripts(page.read_text(encoding="utf-8"))]
    assert scripts, "the theme writes inline scripts"
    assert [(page, text[:60]) for page, text in scripts if not safety.theme_script(text)] == []


@pytest.mark.build
def test_an_inline_script_the_theme_does_not_have_fails_the_build(small, tmp_path):
    overrides = small / "overrides"
    overrides.unlink()
    shutil.copytree(ROOT / "overrides", overrides)
    edit(overrides / "main.html", "{% block extrahead %}", "{% block extrahead %}<script>evil()</script>")
    out = tmp_path / "out"
    build_fails_with(small, out, "the built page has an inline script that is not the theme's own (evil()…)")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>evil()</script>" in home and safety.script_hash("evil()") not in home


# --- files by allow-list ----------------------------------------------------------------------------

def plant_outside_file(small: Path, tmp_path: Path) -> Path:
    """A file outside the project, linked into ``docs/assets/host.txt``, and a static HTML page beside it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 SECRET-OUTSIDE", encoding="utf-8")
    assets = small / "docs" / "assets"
    (assets / "host.txt").symlink_to(secret)
    (assets / "help.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    return secret


def test_files_outside_the_allow_list_are_refused(small, tmp_path):
    secret = plant_outside_file(small, tmp_path)
    assets = small / "docs" / "assets"
    (assets / "kuva.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<path d="M0 0"/>\n'
                                     '<script>alert(1)</script>\n</svg>\n', encoding="utf-8")
    (assets / "javascripts" / "bundle.a5f9d56c.min.js").write_text("alert(1)", encoding="utf-8")
    (small / "docs" / "ohje.md").write_text("# Ohje\n", encoding="utf-8")
    (small / "docs" / "Iso Kuva.png").write_bytes(b"\x89PNG")
    found = findings(small)
    assert found[("docs/assets/host.txt", "file-symlink", 1)] == \
        f"the file is a symbolic link ({secret}). The handbook reads and publishes only files kept in the " \
        "repository itself: replace the link with the file."
    assert found[("docs/assets/help.html", "file-type", 1)].startswith("files of type .html are not published")
    assert found[("docs/assets/kuva.svg", "file-svg", 3)] == \
        "the SVG picture has <script>, which the handbook does not publish (it could run code or load something " \
        "in a reader's browser). Remove it or save the picture as PNG."
    assert found[("docs/assets/javascripts/bundle.a5f9d56c.min.js", "file-theme", 1)] == \
        "the file would replace the theme's own file assets/javascripts/bundle.a5f9d56c.min.js on every page. " \
        "Give it another name or place."
    assert found[("docs/ohje.md", "file-page-name", 1)] == \
        "a page's name must be name.language.md in one of the handbook's languages (fi, en), e.g. page.fi.md; " \
        "'ohje.md' is not."
    assert found[("docs/Iso Kuva.png", "file-name", 1)].startswith("the name 'Iso Kuva.png' has characters")


@pytest.mark.build
def test_refused_files_are_not_published(small, tmp_path):
    secret = plant_outside_file(small, tmp_path)
    (small / "docs" / "vuoto.fi.md").symlink_to(secret)
    (small / "docs" / "vuoto.en.md").write_text("# Leak\n", encoding="utf-8")
    out = tmp_path / "out"
    build_fails_with(small, out, "docs/assets/host.txt:1: the file is a symbolic link")
    assert not (out / "assets" / "host.txt").exists() and not (out / "assets" / "help.html").exists()
    assert not any("SECRET-OUTSIDE" in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file())


def test_a_svg_that_only_draws_passes():
    from handbook.checks.files import svg_problems

    assert svg_problems((ROOT / "docs" / "assets" / "logo.svg").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("svg,what", [
    ('<svg><a href="https://evil.example/"><path d="M0"/></a></svg>', "<a>"),
    ('<svg><use href="https://evil.example/x.svg#a"/></svg>', "href= (<use>)"),
    ('<svg onload="alert(1)"/>', "onload= (<svg>)"),
    ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "<set>"),
    ('<!DOCTYPE svg [<!ENTITY a "x">]><svg>&a;</svg>', "<!DOCTYPE>"),
    ('<svg><rect style="fill:url(https://evil.example/)"/></svg>', "style= (<rect>)"),
    ('<svg><image href="data:image/png;base64,AAAA"/></svg>', "<image>"),
])
def test_svg_problems(svg, what):
    from handbook.checks.files import svg_problems
    assert what in [found for _, found in svg_problems(svg)]


def test_a_card_at_a_generated_pages_address_is_refused(small):
    shutil.copytree(small / CARD, small / "docs" / "cards" / "compare")
    yml = small / "docs" / "cards" / "compare" / "card.yml"
    yml.write_text("\n".join("id: compare" if line.startswith("id:") else line
                             for line in yml.read_text(encoding="utf-8").split("\n")), encoding="utf-8")
    assert findings(small)[("docs/cards/compare/card.yml", "file-address-taken", 1)] == \
        "the address cards/compare/ is that of a page the handbook makes itself, so this page would not be shown. " \
        "Give the card or page another name (the card's id and folder)."


# --- every source through one reader ----------------------------------------------------------------

def test_sources_that_cannot_be_read_are_refused_at_their_line(small):
    yml = small / CARD / "card.yml"
    text = yml.read_bytes()
    yml.write_bytes(text + b"\nnote: \xff\xfe\n")
    bad_line = text.count(b"\n") + 2
    page = small / CARD / "index.en.md"
    page.write_bytes(page.read_bytes().replace(b"\n\n", b"\n\n\xc3\x28\n\n", 1))
    page_line = page.read_bytes()[:page.read_bytes().index(b"\xc3\x28")].count(b"\n") + 1
    other = small / "docs" / "cards" / "kansio"
    other.mkdir()
    (other / "card.yml").mkdir()
    found = findings(small)
    encoding = "the file is not in UTF-8 (an invalid character on this line). Save it as UTF-8."
    assert found[(f"{CARD}/card.yml", "file-encoding", bad_line)] == encoding
    assert found[(f"{CARD}/index.en.md", "file-encoding", page_line)] == encoding
    assert found[("docs/cards/kansio/card.yml", "file-not-file", 1)] == \
        "'card.yml' is a folder or a special file, not an ordinary file. Remove it or put a file in its place."


def test_a_billion_laughs_is_refused_at_once(small):
    yml = small / CARD / "card.yml"
    bomb = "\nx0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12))
    yml.write_text(yml.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    assert findings(small)[(f"{CARD}/card.yml", "yaml-alias", line_of(yml, "x1:"))] == \
        "this line has a YAML anchor (&name) or alias (*name). Write the value out in full."


def test_yaml_nested_too_deep_is_refused_before_it_is_parsed(small):
    glossary = small / "docs" / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\ndeep: " + "[" * 200_000 + "\n", encoding="utf-8")
    assert findings(small)[("docs/data/glossary.yml", "yaml-deep", line_of(glossary, "deep:"))] == \
        "from this line on the values are nested too many levels deep. Write the fields as the file's other " \
        "fields are written."


def test_a_large_file_is_refused(small):
    write_page(small, "# Ovi\n\n" + "sana " * 120_000)
    assert findings(small)[(PAGE_FI, "file-large", 1)] == \
        "the file is 585 kB; the handbook reads files of at most 512 kB. Split the content into several pages."


@pytest.mark.build
def test_markdown_nested_too_deep_is_refused_not_crashed(small, tmp_path):
    path = write_page(small, "# Ovi\n\nTeksti.\n\n" + "> " * 2000 + "x\n")
    assert findings(small)[(PAGE_FI, "page-nesting", line_of(path, "> > >"))] == \
        "from this line on the text is nested too many levels deep (a quote inside a quote, or a list inside a " \
        "list). Use at most eight levels."
    build_fails_with(small, tmp_path / "out", f"{PAGE_FI}:5: from this line on the text is nested too many levels")


def test_a_research_summarys_review_date_must_be_a_date(small):
    page = small / f"{RESEARCH}.fi.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("reviewed:")
    page.write_text(text[:start] + "reviewed: yesterday" + text[text.index("\n", start):], encoding="utf-8")
    assert findings(small)[(f"{RESEARCH}.fi.md", "field-date", line_of(page, "reviewed:"))].startswith(
        "field 'reviewed' has the value 'yesterday', which is not a date as YYYY-MM-DD.")


# --- text that deceives -------------------------------------------------------------------------------

def test_hidden_characters_and_deceptive_link_texts(small):
    path = write_page(small, "# Ovi\n\nTeksti \u202eevil\u202c tässä.\n\n[https://www.pori.fi/](https://evil.example/)\n"
                             "\n[www.pori.fi](https://www.pori.fi/perhe) on oikein.\n")
    yml = small / CARD / "card.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("\nname:\n  fi: ", "\nname:\n  fi: \u200b", 1),
                   encoding="utf-8")
    found = findings(small)
    assert found[(PAGE_FI, "text-hidden", 3)] == \
        "the line has an invisible character U+202E that hides text or changes its order (a reader would see " \
        "something other than the file says). Remove it."
    assert found[(PAGE_FI, "link-text-address", line_of(path, "[https://www.pori.fi/]"))] == \
        "the link's text https://www.pori.fi/ is another address than its target https://evil.example/: a reader " \
        "would think they were going elsewhere. Write the target's name, or its own address, as the text."
    assert not [key for key in found if key[1] == "link-text-address" and key[2] == line_of(path, "on oikein")]
    assert (f"{CARD}/card.yml", "text-hidden", line_of(yml, "\u200b")) in found


# --- the allow-list cannot allow what keeps readers safe --------------------------------------------

def test_the_allow_list_cannot_allow_markup(small):
    write_page(small, "# Ovi\n\n<iframe src=\"https://evil.example/\"></iframe>\n")
    (small / allow.ALLOW_FILE).write_text(
        f"allow:\n  - path: {PAGE_FI}\n    rule: html-element\n    reason: embedded video\n", encoding="utf-8")
    found = findings(small)
    assert found[(allow.ALLOW_FILE, "allow-fixed-rule", 2)] == \
        "the rule html-element cannot be allowed: it keeps readers safe. Fix the finding itself and remove this entry."
    assert (PAGE_FI, "html-element", 3) in found


def test_the_symlinks_of_the_bibliography_are_refused(small, tmp_path):
    outside = tmp_path / "muu.bib"
    outside.write_text("@misc{x, title={x}}\n", encoding="utf-8")
    (small / "bibliography" / "muu.bib").symlink_to(outside)
    found = findings(small)
    assert ("bibliography/muu.bib", "file-symlink", 1) in found
    assert os.path.islink(small / "bibliography" / "muu.bib")


def test_a_control_character_in_yaml_is_refused_at_its_line(small):
    yml = small / CARD / "card.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "note: a\x01b\n", encoding="utf-8")
    assert findings(small)[(f"{CARD}/card.yml", "yaml-control", line_of(yml, "note:"))] == \
        "the line has a control character that cannot be in the file (e.g. an invisible character copied into it). " \
        "Remove it."


def test_a_large_bibliography_is_read(small):
    """A bibliography of thousands of entries is megabytes: its limit is its own (reading.MAX_BIB_BYTES)."""
    bib = small / "bibliography" / "sources.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + ("% " + "x" * 200 + "\n") * 3000, encoding="utf-8")
    assert bib.stat().st_size > 512 * 1024
    assert not [key for key in findings(small) if key[0] == "bibliography/sources.bib"]


def test_a_very_long_name_is_refused(small):
    """A name is shown on a dozen pages and every export: a megabyte of it would be a dozen megabytes."""
    yml = small / CARD / "card.yml"
    long = "pitkä " * 400
    yml.write_text(yml.read_text(encoding="utf-8").replace("\nname:\n  fi: ", f"\nname:\n  fi: {long}", 1),
                   encoding="utf-8")
    found = findings(small)
    key = (f"{CARD}/card.yml", "field-long", line_of(yml, "pitkä pitkä"))
    assert found[key].startswith("the text of field 'name.fi' is ")
    assert found[key].endswith("characters long; at most 2000 characters. Shorten it.")
