"""Research summaries, key figures, glossary, journalists' page and content rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import FIGURE, RESEARCH, ROOT, edit, fails_with, findings, line_of, mkdocs_build

SUMMARIES = sorted({p.name.split(".")[0] for p in (ROOT / "docs" / "research").glob("*.md")} - {"index"})
PRACTICE = {"fi": "Mitä tämä tarkoittaa käytännössä?", "en": "What this means for practice"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_summary_is_in_both_languages_and_the_navigation():
    nav = read(ROOT / "mkdocs.yml")
    assert SUMMARIES
    for slug in SUMMARIES:
        assert (ROOT / "docs" / "research" / f"{slug}.fi.md").exists() and (ROOT / "docs" / "research" / f"{slug}.en.md").exists()
        assert f"research/{slug}.md" in nav, slug


@pytest.mark.parametrize("slug", SUMMARIES)
@pytest.mark.parametrize("prefix,lang", [("", "fi"), ("en/", "en")])
def test_summary_page_cites_and_ends_with_practice(site, slug, prefix, lang):
    html = read(site / prefix / "research" / slug / "index.html")
    assert 'class="hb-cite"' in html
    assert '<ul class="hb-references">' in html
    assert 'class="hb-reviewed"' in html
    headings = re.findall(r"<h2 id=\"[^\"]*\">(.*?)<a", html)
    assert headings[-2:] == [PRACTICE[lang], {"fi": "Lähteet", "en": "Sources"}[lang]]
    assert ("Viittaa tähän sivuun" if lang == "fi" else "Cite this page") in html
    assert '<meta property="og:description"' in html


def test_summary_without_practice_section_fails(small):
    page = small / f"{RESEARCH}.en.md"
    edit(page, "## What this means for practice", "## Practice")
    fails_with(small, f"{RESEARCH}.en.md:{line_of(page, '## Practice')}: the research summary has no "
                      "'## What this means for practice'.")


def _quoted_figure(project: Path) -> tuple[str, str, str]:
    """A figure that a research summary quotes: (its id, its current value line, the summary's slug)."""
    for page in sorted((project / "docs" / "research").glob("*.fi.md")):
        match = re.search(r"\{\{fact:([a-z0-9-]+)\}\}", read(page))
        if match:
            data = read(project / "docs" / "data" / "facts.yml")
            block = data[data.index(f"- id: {match.group(1)}\n"):]
            value = re.search(r'value: "[^"\n]*"', block).group(0)
            return match.group(1), value, page.name.split(".")[0]
    raise AssertionError("no research summary quotes a figure")


@pytest.mark.build
def test_figures_table_comes_from_the_data_file(small, tmp_path):
    data = small / "docs" / "data" / "facts.yml"
    fact, value, slug = _quoted_figure(small)
    text = read(data)
    start = text.index(f"- id: {fact}\n")
    data.write_text(text[:start] + text[start:].replace(value, 'value: "98765"', 1), encoding="utf-8")
    result = mkdocs_build(small, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        table = read(tmp_path / "out" / prefix / "facts" / "index.html")
        row = re.search(rf'<tr id="fact-{fact}">(.*?)</tr>', table).group(1)
        assert "<strong>98765" in row
        assert f"research/{slug}/#use-{fact}" in row
        summary = read(tmp_path / "out" / prefix / "research" / slug / "index.html")
        assert f'id="use-{fact}">98765' in summary
    exported = json.loads(read(tmp_path / "out" / "facts.json"))
    assert {f["id"]: f["value"]["fi"] for f in exported["facts"]}[fact] == "98765"


def test_real_figures_table(site):
    from handbook.content import figures as hb_facts

    figures, _ = hb_facts.load(ROOT / "docs" / "data" / "facts.yml", ROOT)
    assert figures
    for prefix, lang in (("", "fi"), ("en/", "en")):
        table = read(site / prefix / "facts" / "index.html")
        for figure in figures:
            assert f"<strong>{figure.text(lang)}" in table, figure.id
        assert len(re.findall(r'<tr id="fact-', table)) == len(json.loads(read(site / "facts.json"))["facts"])
    assert read(site / "facts.csv").startswith("id,value_fi,value_en,")


def test_figure_without_source_fails(small):
    data = small / "docs" / "data" / "facts.yml"
    text = read(data)
    first = re.search(r"- id: ([a-z0-9-]+)\n", text).group(1)
    source_line = re.search(r"\n    source: [^\n]*\n", text).group(0)
    data.write_text(text.replace(source_line, "\n", 1), encoding="utf-8")
    fails_with(small, f"docs/data/facts.yml:{line_of(data, 'id: ' + first)}: required field 'facts.source' is missing.")


def test_unknown_figure_in_a_page_fails(small):
    page = small / "docs" / "faq.fi.md"
    edit(page, "Katso [avainluvut](facts.md).", "Esimerkiksi {{fact:ei-ole}}. Katso [avainluvut](facts.md).")
    fails_with(small, f"docs/faq.fi.md:{line_of(page, 'fact:ei-ole')}: unknown figure '{{{{fact:ei-ole}}}}'. "
                      "Add it to docs/data/facts.yml or fix the id.")


def test_a_broken_figure_is_reported_once_not_again_where_it_is_quoted(small):
    """A figure left out for a schema problem is reported at its line in facts.yml; the pages
    quoting it do not add an 'unknown figure' each (a cascade that points away from the fault)."""
    quoted = {m.group(1) for p in (small / "docs").rglob("*.md")
              for m in re.finditer(r"\{\{fact:([a-z0-9-]+)\}\}", read(p))}
    assert FIGURE in quoted
    data = small / "docs" / "data" / "facts.yml"
    text = read(data)
    items = re.split(r"(?m)^(?=  - id: )", text)
    at = next(i for i, item in enumerate(items) if item.startswith("  - id: ")
              and item.split()[2] in quoted)
    fact_id = items[at].split()[2]
    items[at] = re.sub(r"(?m)^    source: .*\n", "", items[at], count=1)
    data.write_text("".join(items), encoding="utf-8")
    fails_with(small, f"docs/data/facts.yml:{line_of(data, 'id: ' + fact_id)}: required field 'facts.source' is missing.")
    assert not [f.text("en") for f in findings(small) if "unknown figure" in f.text("en")]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_glossary_terms_marked_once_per_page_with_existing_anchors(site, prefix):
    glossary = read(site / prefix / "glossary" / "index.html")
    anchors = set(re.findall(r'id="(term-[a-z0-9-]+)"', glossary))
    assert len(anchors) >= 12
    marked_pages = 0
    for page in (site / prefix).rglob("index.html"):
        if not prefix and page.relative_to(site).parts[0] == "en":
            continue
        html = read(page)
        terms = re.findall(r'<a class="hb-term" href="[^"#]*glossary/#(term-[a-z0-9-]+)" '
                           r'aria-describedby="hb-def-([a-z0-9-]+)">', html)
        ids = [t for t, _ in terms]
        assert len(ids) == len(set(ids)), page  # first occurrence only
        for anchor, term in terms:
            assert anchor in anchors
            assert f'<span id="hb-def-{term}">' in html  # the description the link points to
        marked_pages += bool(terms)
    assert marked_pages > 10


@pytest.mark.parametrize("prefix,timeline", [("", "Aikajana"), ("en/", "Timeline")])
def test_journalist_page_links_the_essentials(site, prefix, timeline):
    html = read(site / prefix / "journalists" / "index.html")
    for target in ("../facts/", "../glossary/", "../bibliography/"):
        assert f'href="{target}"' in html, target
    assert f">{timeline}<" in html
    assert html.count("<tr>") >= 9
    assert "15" in html  # the ethical line on a 15-year-old, cited


def _content_files() -> list[Path]:
    docs = ROOT / "docs"
    return sorted([*docs.rglob("*.md"), *(docs / "data").glob("*.yml")])


EMAIL = re.compile(r"[\w.+-]+(?:@|\(ät\)|\(at\))[\w-]+\.[a-z]{2,}", re.IGNORECASE)
PHONE = re.compile(r"(?:\+358|\b0\d{1,3})[\s-]?\d{3,4}[\s-]?\d{3,4}\b")


def test_no_personal_email_or_phone_in_content():
    found = []
    for path in _content_files():
        for number, line in enumerate(read(path).splitlines(), start=1):
            for pattern in (EMAIL, PHONE):
                for match in pattern.finditer(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert found == []


def test_glossary_marks_running_text_only():
    """A term is linked where it first occurs in text: not in a heading, code or link, nor after an element left open."""
    from handbook.content import handbook as hb_site
    from handbook.render import glossary

    terms = hb_site.load(ROOT).terms
    word = terms[0].term["fi"]
    marker = glossary.Marker(terms, "fi")
    html = f"<h2>{word}</h2>\n<p><code>{word}</code> <a href=\"x/\">{word}</a></p>\n<p>Tekstissä {word}.</p>"
    marked, used = marker.mark(html, "../")
    assert used == [terms[0].id]
    assert marked.count('class="hb-term"') == 1
    assert f'<p>Tekstissä <a class="hb-term" href="../glossary/#term-{terms[0].id}"' in marked
    unclosed = f"<p>Koodia: <code>{word} ja {word}</p>"
    assert marker.mark(unclosed, "../") == (unclosed, [])
