"""Limits that keep any input from hanging or crashing the engine: the findings of the second
independent attack (issue 26), each refused at ``file:line`` before the engine reads it, or made inert.
Each test failed before its limit was there."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.content import limits
from handbook.tools.check import check
from helpers import build_fails_with, line_of

PAGE_FI, PAGE_EN = "docs/raja.fi.md", "docs/raja.en.md"


def findings(project: Path, lang: str = "en") -> dict[tuple[str, str, int], str]:
    """``handbook check``'s findings: (file, code, line) → message in ``lang``."""
    return {(f.path, f.code, f.line): f.message(lang) for f in check(project)[1]}


def write_page(project: Path, text: str) -> Path:
    """A new Finnish page ``docs/raja.fi.md`` and a plain English one beside it."""
    (project / PAGE_EN).write_text("# Raja\n\nText.\n", encoding="utf-8")
    path = project / PAGE_FI
    path.write_text(text, encoding="utf-8")
    return path


# --- M38: brackets that never close -----------------------------------------------------------------

BRACKETS = ("this paragraph has so many brackets ([ ] or < >) that do not close, or that are nested in each other, "
            "that the site engine would take too long to read the page. Close each bracket, or write a bracket "
            "that is only text as \\[ or &lt;.")


@pytest.mark.build
def test_brackets_that_never_close_are_refused_before_the_engine_reads_them(small, tmp_path):
    """``[`` × 50,000 then ``](`` × 20,000 made the engine's Markdown scan for ever; now the page is refused
    at the paragraph's line, by the check and the build alike, and not rendered."""
    path = write_page(small, "# Raja\n\nTeksti.\n\n" + "[" * 50_000 + "](" * 20_000 + "\n")
    assert findings(small)[(PAGE_FI, "page-brackets", line_of(path, "[[["))] == BRACKETS
    assert findings(small, "fi")[(PAGE_FI, "page-brackets", 5)].startswith("tässä kappaleessa on niin paljon")
    build_fails_with(small, tmp_path / "out", f"{PAGE_FI}:5: this paragraph has so many brackets")


@pytest.mark.parametrize("text", [
    "[" * 2000,                               # unclosed links
    "[" * 600 + "a" * 5000,                   # a few unclosed in a long paragraph
    "[a][" * 1000,                            # reference links that never close
    "![" * 1000,                              # images
    "[" * 1000 + "]" * 1000,                  # nested in each other
    "[a](" * 1000,                            # addresses that never close
    "<http://" * 400 + "a" * 5000,            # autolinks
])
def test_costly_brackets(text):
    assert limits.scan_cost("x\n\n" + text + "\n")[0] > limits.MAX_SCAN
    assert limits.scan_cost("x\n\n" + text + "\n")[1] == 2


@pytest.mark.parametrize("text", [
    "[a](https://example.org/) " * 2000,      # many links, each closed
    "Teksti (ja sulkeet) " * 2000 + "[" + "a" * 10_000,   # one bracket that does not close
    "\\[" * 5000,                             # written as text
    "| [a](b) | [c](d) |\n" * 500,            # a long table of links
])
def test_brackets_that_people_write_are_cheap(text):
    assert limits.scan_cost(text)[0] < limits.MAX_SCAN / 4


def test_the_handbooks_own_pages_are_far_under_the_limit():
    from helpers import ROOT
    worst = max(limits.scan_cost(p.read_text(encoding="utf-8"))[0] for p in (ROOT / "docs").rglob("*.md"))
    assert worst < limits.MAX_SCAN / 20


# --- M39: raw HTML nested in itself -----------------------------------------------------------------

@pytest.mark.build
def test_raw_html_nested_too_deep_is_refused_not_crashed(small, tmp_path):
    """400 nested ``<div markdown="1">`` gave a RecursionError in the build."""
    path = write_page(small, "# Raja\n\n" + '<div markdown="1">\n\n' * 400 + "x\n\n" + "</div>\n\n" * 400)
    line = 2 * (limits.MAX_HTML_NESTING + 1) + 1
    assert path.read_text(encoding="utf-8").split("\n")[line - 1].startswith("<div")
    assert findings(small)[(PAGE_FI, "page-html-nesting", line)] == \
        "from this line on the HTML elements are nested too many levels deep (more than 12 elements inside each " \
        "other). Write the content with fewer nested elements."
    assert findings(small, "fi")[(PAGE_FI, "page-html-nesting", line)].startswith("tästä rivistä alkaen HTML")
    output = build_fails_with(small, tmp_path / "out", f"{PAGE_FI}:{line}: from this line on the HTML elements")
    assert "RecursionError" not in output


def test_raw_html_within_the_limit_passes():
    text = '<div markdown="1">\n\n' * limits.MAX_HTML_NESTING + "<br><img src=x>\n" + "</div>\n" * 30
    assert limits.html_depth(text) is None
    assert limits.html_depth("<p><p><p></p></p></p>" * 100) is None
