"""The built handbook in a real browser (Playwright driving Debian's Chromium).

Without /usr/bin/chromium these tests skip with a message; under CI=true they fail.
Every request a page makes is recorded: anything but the test's own server fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from helpers import (AXE, Visit, axe_result, built_pages, in_tabs, need, page_kinds, real_cards_by_status, search,
                     start_axe)

SHOTS = os.environ.get("HANDBOOK_SCREENSHOTS")


def page_text(site: Path, path: str) -> str:
    """What a reader sees of a built page (without the hidden words added for search)."""
    html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    return re.sub(r'<p class="hb-search-terms" hidden>.*?</p>', "", html).casefold()


FI_QUERIES = [
    # (query, a word every top result must contain – proves inflection / decompounding worked)
    ("lastensuojelu", "lastensuojelu"),
    ("lastensuojelun", "lastensuojelu"),
    ("lastensuojelussa", "lastensuojelu"),
    ("perhe", "perhe"),
    ("perheiden", "perhe"),
    ("sijoitus", "sijoit"),
    ("sijoitukset", "sijoit"),
    ("suojelu", "lastensuojelu"),
    ("lapsi", "lasten"),
    ("tiimimalli", "tiimimalli"),
    ("malli", "malli"),
    ("systeeminen", "systeemi"),
]


@pytest.mark.parametrize("query,stem", FI_QUERIES)
def test_finnish_search(visit, site, query, stem):
    page = visit.go("/")
    results = search(page, query)
    assert results, f"no results for {query}"
    for path in results:
        assert not path.startswith("/en/"), f"English page for {query}: {path}"
        assert stem in page_text(site, path), (query, path)


def test_compounds_are_found_by_their_parts(visit, site):
    """Pages where *suojelu* occurs only inside *lastensuojelu* are found: that takes decompounding."""
    page = visit.go("/")
    results = search(page, "suojelu")
    compound_only = [p for p in results if "lastensuojelu" in page_text(site, p)
                     and not re.search(r"(?<![\w-])suojelu", re.sub(r"<[^>]+>", " ", page_text(site, p)))]
    assert len(compound_only) >= 3, results


@pytest.mark.parametrize("query,expected", [
    ("child protection", "/en/"),
    ("placement", "/en/cards/mantsala-suhdeperustainen-lastensuojelu/"),
    ("systemic team model", "/en/research/systeeminen-tiimimalli/"),
])
def test_english_search_stays_english(visit, query, expected):
    page = visit.go("/en/")
    results = search(page, query)
    assert results and all(p.startswith("/en/") for p in results), results
    assert any(p.startswith(expected) for p in results), results


def test_search_result_shows_section_municipality_status_and_excerpt(visit):
    page = visit.go("/")
    search(page, "tiimimalli")
    item = page.locator("#hb-search-results li").filter(
        has=page.locator("h1", has_text="Systeeminen tiimimalli avohuollon lastensuojelussa"))
    assert "Käytännöt · Pori · Kokeilu" in item.inner_text()
    assert item.locator("mark").count() >= 1
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")


def test_language_switcher_keeps_the_page(visit):
    page = visit.go("/cards/pori-systeeminen-tiimimalli/")
    link = page.locator('.md-select__link[hreflang="en"]')
    assert link.count() == 1
    page.goto(link.get_attribute("href") if link.get_attribute("href").startswith("http") else
              page.url.rsplit("/cards/", 1)[0] + "/" + link.get_attribute("href").lstrip("./"))
    assert "/en/cards/pori-systeeminen-tiimimalli/" in page.url
    assert page.locator("html").get_attribute("lang") == "en"


def test_card_index_filters_narrow_the_table(visit):
    page = visit.go("/cards/")
    rows = page.locator("table.hb-cards tbody tr")
    total = rows.count()
    assert total >= 3 and page.locator("form[data-hb-filter]").is_visible()
    status, cards = min(real_cards_by_status().items(), key=lambda item: len(item[1]))  # the rarest status
    page.select_option("form[data-hb-filter] select[name=status]", status)
    visible = [r for r in rows.all() if r.is_visible()]
    assert sorted(r.inner_text().split("\t")[0].strip() for r in visible) == sorted(c.name("fi") for c in cards)
    assert f"{len(cards)} / {total}" in page.inner_text(".hb-filter__count")
    page.select_option("form[data-hb-filter] select[name=status]", "")
    word = cards[0].name("fi").split()[0]
    page.fill("form[data-hb-filter] input[name=q]", word)
    matching = [r for r in rows.all() if r.is_visible()]
    assert any(cards[0].name("fi") in r.inner_text() for r in matching)  # the card whose name was typed
    page.fill("form[data-hb-filter] input[name=q]", "")
    page.click("table.hb-cards th:nth-child(6) button")
    assert page.get_attribute("table.hb-cards th:nth-child(6)", "aria-sort") == "ascending"


def test_card_index_is_complete_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/cards/")
    assert page.locator("table.hb-cards tbody tr").count() >= 3
    assert not page.locator("form[data-hb-filter]").is_visible()
    context.close()


def _tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"never reached {selector} with Tab")


@pytest.mark.parametrize("selector", ["a.hb-term", "a.hb-cite"])
def test_popups_open_with_the_keyboard(visit, selector):
    page = visit.go("/research/onnistumisen-tekijat/")
    _tab_to(page, selector)
    pop = page.locator(".hb-cite-pop")
    assert pop.is_visible()
    described = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
                              ".textContent.replace(/\\s+/g, ' ')")
    first_words = " ".join(pop.inner_text().split()[:4])
    assert first_words and first_words in described
    page.keyboard.press("Escape")
    assert page.locator(".hb-cite-pop").count() == 0


def test_mobile_navigation_drawer(browser, server):
    v = Visit(browser, server, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = v.go("/cards/pori-systeeminen-tiimimalli/")
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.bounding_box()["x"] + drawer.bounding_box()["width"] <= 0, "the drawer is open before the tap"
    page.click('.md-header label[for="__drawer"]')
    page.wait_for_timeout(500)
    assert drawer.bounding_box()["x"] >= 0, "the drawer did not open"
    assert page.locator(".md-nav--primary a", has_text="Tutkimus").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page scrolls sideways on a phone"
    assert v.foreign() == [] and v.errors == []
    v.close()


def test_keyboard_skip_link_visible_focus_and_no_trap(visit):
    page = visit.go("/cards/mantsala-suhdeperustainen-lastensuojelu/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.evaluate("""() => { const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
        .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
                     && !e.closest('[hidden]') && !(e.tagName !== 'SUMMARY' && e.closest('details:not([open])')));
        window.__tabbable = all.length; all[all.length - 1].dataset.lastTabbable = '1'; }""")
    tabbable = page.evaluate("window.__tabbable")
    seen, reached_last = set(), False
    for _ in range(tabbable + 5):
        page.keyboard.press("Tab")
        reached_last |= page.evaluate("document.activeElement.dataset.lastTabbable === '1'")
        info = page.evaluate("""() => { const e = document.activeElement;
            const shown = (el) => { const s = getComputedStyle(el); return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; };
            const labels = [e.id ? document.querySelector(`label[for="${e.id}"]`) : null,
                            e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : null];
            return [e.tagName + (e.id || '') + (e.getAttribute('href') || '') + (e.textContent || '').slice(0, 20),
                    shown(e) || labels.some(l => l !== null && shown(l)) || e === document.body] }""")
        seen.add(info[0])
        assert info[1], f"focus not visible on {info[0]}"
    assert reached_last, "Tab never reached the last focusable element: keyboard trap?"
    assert len(seen) >= 0.8 * tabbable, (len(seen), tabbable)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violations_on_any_page(browser, server, site, scheme):
    """Every page of the built site in the light scheme (the default), four tabs at a time. In the dark
    scheme, which a reader's system may ask for, the rules that read colours on one page of every kind
    (:func:`helpers.page_kinds`): the others read the same document in both schemes, and the pages of a
    kind share their template and the theme's colours."""
    need(AXE.exists(), "axe-core is not installed (npm ci)")
    v = Visit(browser, server, color_scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    shown = {"light": "default", "dark": "slate"}[scheme]

    def start(tab, path):
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == shown, (path, scheme)
        start_axe(tab, scheme)

    def finish(tab, path):
        return [f"{path} [{scheme}] {x}" for x in axe_result(tab)]

    pages = built_pages(site) if scheme == "light" else ["/" + kind for kind in page_kinds(site)]
    found = in_tabs(v, pages, start, finish)
    assert len(found) == len(pages)
    failures = [x for page in found for x in page]
    assert v.foreign() == [], v.foreign()
    assert v.errors == [], v.errors
    assert v.context.cookies() == []
    v.close()
    assert failures == [], "\n".join(failures)


SCREENSHOT_SIZES = {  # name suffix → the browser context (a desktop and a phone)
    "": {"viewport": {"width": 1280, "height": 800}},
    "-phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("size", list(SCREENSHOT_SIZES))
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_screenshots(browser, server, tmp_path, lang, size):
    """The README's screenshots, at a desktop's and a phone's width; the search one is made as a
    reader searches: a click (a tap on the magnifier on a phone) and typing."""
    out = Path(SHOTS) if SHOTS else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    prefix = "" if lang == "fi" else "/en"
    v = Visit(browser, server, **SCREENSHOT_SIZES[size])
    shots = {"home": "/", "card": "/cards/pori-systeeminen-tiimimalli/", "cards": "/cards/"}
    for name, path in shots.items():
        v.go(prefix + path).screenshot(path=str(out / f"{name}-{lang}{size}.png"))
    page = v.go(prefix + "/")
    if size:
        page.click('.md-header label.md-header__button[for="__search"]')
    else:
        page.click("#hb-search-input")
    page.locator("#hb-search-input").type("lastensuojelussa" if lang == "fi" else "placement", delay=15)
    page.locator("#hb-search-results li").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / f"search-{lang}{size}.png"))
    for name in [*shots, "search"]:
        assert (out / f"{name}-{lang}{size}.png").stat().st_size > 10_000
    v.close()
