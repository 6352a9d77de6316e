"""The handbook as a book: ``make pdf``'s PDFs hold every card and every bibliography entry."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from helpers import CHROMIUM, ROOT, copy_project, mkdocs_build, need
from handbook.content import bib
from handbook.i18n import t
from handbook.publish import pdf

#: Chromium prints the books; one worker builds them for all of this module's tests (pytest -n, --dist loadgroup)
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("book")]

SITE_URL = "http://127.0.0.1:8000/"


def squeeze(text: str) -> str:
    """Text without whitespace or ligatures: how a title can be found in a PDF whatever the line breaks."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: the books are printed with it")
    base = tmp_path_factory.mktemp("book")
    project = copy_project(base / "project")
    site_dir = base / "site"
    result = mkdocs_build(project, site_dir, HANDBOOK_PDF="1")
    assert result.returncode == 0, result.stdout + result.stderr
    written = pdf.write_pdfs(site_dir, SITE_URL, {"fi": "Käsikirja", "en": "Handbook"})
    return site_dir, written


def pdf_text(path: Path) -> tuple[str, list[str]]:
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(str(path)).pages]
    return squeeze(" ".join(pages)), pages


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_book_holds_every_card_and_every_bibliography_entry(book, lang):
    site_dir, written = book
    text, pages = pdf_text(written[lang])
    cards = json.loads((site_dir / "cards.json").read_text(encoding="utf-8"))["cards"]
    assert cards
    for record in cards:
        assert squeeze(record[lang]["name"]) in text, record[lang]["name"]
        assert squeeze(SITE_URL + record[lang]["url"]) in text  # each page's web address
    entries = bib.load(ROOT).entries
    assert entries
    for key, entry in entries.items():
        title = bib.plain(entry.fields["title"])
        assert squeeze(title) in text, (key, title)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_book_has_title_page_contents_and_page_numbers(book, lang):
    site_dir, written = book
    _, pages = pdf_text(written[lang])
    assert len(pages) > 3
    first = squeeze(pages[0])
    assert squeeze(t("pdf_made", lang, date="")) in first
    contents = squeeze(pages[1])
    assert squeeze(t("pdf_contents", lang)) in contents
    for number, page in enumerate(pages, start=1):
        assert squeeze(f"{t('pdf_page', lang)} {number} / {len(pages)}") in squeeze(page)
    # the contents give each card the page on which it starts
    cards = json.loads((site_dir / "cards.json").read_text(encoding="utf-8"))["cards"]
    for record in cards:
        url = squeeze(SITE_URL + record[lang]["url"])
        start = next(n for n, page in enumerate(pages, start=1) if url in squeeze(page))
        name = re.escape(squeeze(record[lang]["name"]))
        assert re.search(name + str(start) + r"(?!\d)", contents), (record[lang]["name"], start)


def test_home_page_links_the_books(book):
    site_dir, written = book
    for lang, prefix in (("fi", ""), ("en", "en/")):
        home = (site_dir / prefix / "index.html").read_text(encoding="utf-8")
        base = "" if lang == "fi" else "../"
        for other in ("fi", "en"):
            href = base + pdf.FILE_NAMES[other]
            assert f'href="{href}"' in home
            assert (site_dir / prefix / href).resolve() == written[other].resolve()


def test_card_pages_offer_a_print_view(book):
    site_dir, _ = book
    cards = json.loads((site_dir / "cards.json").read_text(encoding="utf-8"))["cards"]
    css = (site_dir / "assets" / "stylesheets" / "discovery.css").read_text(encoding="utf-8")
    assert "@media print" in css
    for record in cards:
        html = (site_dir / record["fi"]["url"] / "index.html").read_text(encoding="utf-8")
        assert 'class="hb-print" hidden' in html


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_book_holds_the_pages_it_refers_to_and_prints_breadcrumbs_as_a_line(book, lang):
    site_dir, written = book
    text, _ = pdf_text(written[lang])
    prefix = "en/" if lang == "en" else ""
    for path in pdf.parts(site_dir, lang):
        page = (site_dir / prefix / path / "index.html").read_text(encoding="utf-8")
        title = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).replace("¶", "")
        assert squeeze(title) in text, f"{path}: {title!r} is not in the book"
    home, cards = t("home", lang), t("cards_title", lang)
    assert squeeze(f"{home}›{cards}") in text, "the breadcrumb does not print as one line"
    assert squeeze(f"1.{home}2.{cards}") not in text, "the breadcrumb prints as a numbered list"
