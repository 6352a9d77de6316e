"""An element's id cannot carry markup: the theme writes a heading's id into the table of contents as it
is (``href="#…"``), so an id with a quote or ``>`` would end the attribute there and add an element (a
redirect, an overlay). Such an id is refused at its line in every form an editor could write it, and a
page built anyway has a table of contents whose links stay links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook import safety
from handbook.tools.check import check
from helpers import build_fails_with, line_of

PAGE_FI, PAGE_EN = "docs/ovi.fi.md", "docs/ovi.en.md"

#: each way to give an element an id, with a value that would break out of the TOC's href
FORMS = [
    ('## Otsikko {: #x"><meta http-equiv="refresh" content="0;url=https://evil.example/"> }', 'x"><meta'),
    ("## Otsikko {#y\"style=position:fixed}", 'y"style=position:fixed'),
    ('## Otsikko {: id="z&quot;&gt;" }', "z&quot;&gt;"),
    ("<div markdown=\"1\">\n<h2 id='w\"><b>lihava</b>'>Otsikko</h2>\n</div>", 'w"><b>lihava</b>'),
    ('<h2 id="v&quot;&gt;&lt;i&gt;">Otsikko</h2>', 'v"><i>'),
]


def write_page(project: Path, body: str) -> Path:
    """A new Finnish page with ``body`` after its title, and a plain English one."""
    path = project / PAGE_FI
    path.write_text(f"# Ovi\n\nTeksti.\n\n{body}\n\nLoppu.\n", encoding="utf-8")
    (project / PAGE_EN).write_text("# Ovi\n\nText.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("markdown,value", FORMS)
def test_an_id_that_could_carry_markup_is_refused_at_its_line(small, markdown, value):
    path = write_page(small, markdown)
    found = {(f.path, f.code, f.line): f for f in check(small)[1]}
    line = line_of(path, "id=" if "id=" in markdown and "<" in markdown.split("id=")[0] else "Otsikko")
    got = found.get((PAGE_FI, "html-id", line))
    assert got is not None, sorted(found)
    assert got.message("en") == (f'the id "{value}" has characters that an id cannot have (a quote, a space, <, >, '
                                 "& …) or begins with __. Use only letters, digits and hyphens, e.g. {: #tulokset }.")
    assert got.message("fi").startswith(f'tunnisteessa (id) "{value}" on merkkejä, joita tunnisteessa ei voi olla')


def test_plain_ids_pass(small):
    write_page(small, "## Tulokset {: #tulokset }\n\n## Tausta {#tausta-2018 .huom}\n\n<h2 id=\"äänet_1\">Äänet</h2>")
    assert [f for f in check(small)[1] if f.code == "html-id"] == []


@pytest.mark.parametrize("value,refused", [("tulokset", False), ("a.b:c-d_1", False), ("äänet", False),
                                           ('x">', True), ("x y", True), ("x&y", True), ("__config", True), ("", True)])
def test_id_problem(value, refused):
    assert safety.id_problem(value) is refused


@pytest.mark.build
def test_a_page_built_anyway_keeps_its_table_of_contents_inert(small, tmp_path):
    write_page(small, "\n\n".join(markdown for markdown, _ in FORMS))
    out = tmp_path / "out"
    build_fails_with(small, out, f"{PAGE_FI}:")
    html = (out / "ovi" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<meta http-equiv=.?refresh", html, re.I)
    assert "<b>lihava</b>" not in html.split('<article', 1)[0], "markup from an id in the table of contents"
    hrefs = re.findall(r'<a href="#([^"]*)" class="md-nav__link"', html)
    assert len(hrefs) >= 3  # the headings of the Markdown forms and of md_in_html; raw <h2> is not listed
    assert all(safety.SAFE_ID.fullmatch(h) or re.fullmatch(r"[\w.%-]+", h) for h in hrefs), hrefs
    assert not re.search(r'<a href="#[^"]*"[^>]*(?:style|http-equiv)=', html)
