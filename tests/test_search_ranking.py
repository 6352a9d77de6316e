"""Search ranking, judged: the queries of ``tests/search_queries.yml`` typed into the search box of the
real handbook, at a phone's and a desktop's width, each with a judged page in its first three results.

Why the real handbook and not a fixture: the judgements are about what the handbook's readers look for
and which of its pages answers them, so they can only be made against its pages. The set stays honest
as the content changes: a query whose judged pages are all gone from the build is skipped and
counted, and the test fails when more than a quarter of the set is skipped (the set is stale: judge it
again), so that it can neither pass on an empty set nor fail on content it no longer describes. The
ranking code itself (weights, ignored lists) is tested without today's content in
``tests/test_reader_search.py``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from helpers import ROOT, Visit
from test_reader import SCREENS, on_screen, open_search

JUDGED = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
PREFIX = {"fi": "/", "en": "/en/"}
#: the share of the set that may be skipped (judged pages gone) before the set counts as stale
STALE = 0.25


def typed(page, query: str) -> list[str]:
    """Clear the search box, type ``query`` as a reader does and return the paths of the results shown."""
    box = page.locator("#hb-search-input")
    box.fill("")
    box.type(query, delay=10)
    # the results list says which query it shows (handbook-search.js): no results of a query typed half-way
    expect(page.locator("#hb-search-results")).to_have_attribute("data-query", query, timeout=15_000)
    return page.eval_on_selector_all("#hb-search-results a", "els => els.map(e => new URL(e.href).pathname)")


def judged(site: Path) -> tuple[list[tuple[str, str, set[str]]], list[str]]:
    """The queries whose judged pages are in the build (language, query, the pages' paths), and the skipped ones."""
    kept, skipped = [], []
    for lang, items in JUDGED.items():
        for item in items:
            pages = {PREFIX[lang] + p for p in item["pages"]}
            there = {p for p in pages if (site / p.lstrip("/") / "index.html").exists()}
            (kept.append((lang, item["query"], there)) if there else skipped.append(f"{lang}: {item['query']}"))
    return kept, skipped


def test_the_judged_set_is_big_enough_and_well_formed():
    for lang, least in (("fi", 30), ("en", 15)):
        items = JUDGED[lang]
        assert len(items) >= least, f"{lang}: {len(items)} judged queries, fewer than {least}"
        for item in items:
            assert item["query"].strip() and item["pages"] and item["who"] in ("practitioner", "journalist"), item
        queries = [i["query"].casefold() for i in items]
        assert len(queries) == len(set(queries)), f"{lang}: a query is judged twice"


@pytest.mark.parametrize("width", list(SCREENS))
def test_every_judged_query_has_a_judged_page_in_its_first_three(browser, server, site, width):
    kept, skipped = judged(site)
    total = len(kept) + len(skipped)
    assert len(skipped) <= STALE * total, (f"{len(skipped)} of {total} judged queries name no page of the build: "
                                           f"judge tests/search_queries.yml again: {skipped}")
    visit = Visit(browser, server, **SCREENS[width])
    first = top = 0
    misses = []
    try:
        for lang in PREFIX:
            page = visit.go(PREFIX[lang])
            open_search(page)
            for query_lang, query, pages in kept:
                if query_lang != lang:
                    continue
                results = typed(page, query)
                first += bool(results[:1]) and results[0] in pages
                if any(r in pages for r in results[:3]):
                    top += 1
                else:
                    misses.append(f"{lang} {query!r}: {results[:3]} (judged: {sorted(pages)})")
        assert visit.foreign() == [] and visit.errors == [], (visit.foreign(), visit.errors)
    finally:
        visit.close()
    n = len(kept)
    print(f"\n{width}: {n} judged queries ({len(skipped)} skipped): first result judged {first}/{n} = {first / n:.0%}, "
          f"a judged page in the first three {top}/{n} = {top / n:.0%}")
    assert misses == [], f"{width}: {len(misses)} queries without a judged page in the first three:\n" + "\n".join(misses)


PUNCTUATION = re.compile(r"^[\W_]|[\W_]$")


def bare(word: str) -> str:
    """``word`` in lower case without diacritics (the highlight script matches *tiimissa* to *tiimissä*)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


@pytest.mark.parametrize("width", list(SCREENS))
def test_marks_cover_words_and_the_page_opened_highlights_them(browser, server, site, width):
    """An excerpt marks the word, not the punctuation after it; the page a result opens marks the words
    found (Pagefind's highlight script, loaded from the site under its CSP) and shows the first."""
    kept, _ = judged(site)
    queries = [query for lang, query, _ in kept if lang == "fi"][:6]
    visit = Visit(browser, server, **SCREENS[width])
    try:
        page = visit.go("/")
        open_search(page)
        marks = []
        for query in queries:
            typed(page, query)
            marks += page.eval_on_selector_all("#hb-search-results .hb-search-excerpt mark", "els => els.map(e => e.textContent)")
        assert marks, f"no excerpt of {queries} marks a word"
        assert [m for m in marks if PUNCTUATION.search(m)] == [], "a mark covers punctuation"
        typed(page, queries[0])
        link = page.locator("#hb-search-results a").first
        words = page.evaluate("(a) => new URL(a.href).searchParams.getAll('hl')", link.element_handle())
        link.click()
        page.wait_for_load_state("networkidle")
        shown = page.locator("article mark.hb-highlight")
        expect(shown.first).to_be_visible(timeout=10_000)
        texts = shown.evaluate_all("els => els.map(e => e.textContent)")
        folded = {bare(w) for w in words}
        assert texts and all(bare(t) in folded for t in texts), f"marked words that were not found: {texts} ({words})"
        assert on_screen(shown.first), f"{width}: the first highlighted word is not on screen"
        assert visit.foreign() == [] and visit.errors == [], (visit.foreign(), visit.errors)  # CSP refusals are errors
    finally:
        visit.close()
