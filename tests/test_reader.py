"""A reader's acceptance suite: the built handbook used as a reader uses it, in Chromium.

Every check runs on a phone (375×812, touch) and a desktop (1280×800), in both languages.
Pages come from the built site (every page, or one page of each kind), never from a list of
today's cards. What a reader sees is checked where it is drawn: ``document.elementFromPoint``
at an element's centre, not Playwright's idea of visibility (a parent of zero height clips
what is "visible"). The site is built once per session (``site`` in conftest.py) and one
browser serves the whole module. Without Chromium (or Java and vnu-jar for the HTML check)
the tests skip; under CI=true they fail.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpers import ROOT, Visit, built_pages, in_tabs, need

SCREENS = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
PREFIX = {"fi": "", "en": "/en"}

ON_SCREEN = """(el) => { const b = [...el.getClientRects()].find(r => r.width >= 1 && r.height >= 1);
    if (!b) return false;
    const x = b.left + Math.min(b.width / 2, 40), y = b.top + Math.min(b.height / 2, 12);
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y); return !!hit && (hit === el || el.contains(hit)); }"""


def on_screen(locator) -> bool:
    """Whether ``locator``'s first element is what a reader sees (and can click) at its centre."""
    return locator.count() > 0 and locator.first.evaluate(ON_SCREEN)


def words(text: str) -> str:
    """Text as a space-separated run of lower-case words (punctuation and spacing ignored)."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def page_words(page) -> str:
    """The words of the page's text as a reader sees it (closed ``<details>`` opened), less what the
    search index leaves out (``data-pagefind-ignore``, e.g. table column headings), so that an excerpt
    made of indexed text is a run of these words."""
    return words(page.evaluate("""() => { document.querySelectorAll('details').forEach(d => d.open = true);
        const article = document.querySelector('article');
        article.querySelectorAll('[data-pagefind-ignore]').forEach(e => e.style.display = 'none');
        return article.innerText; }"""))


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, server):
    """A browser context of one screen size; it fails the test on a page error or a foreign request."""
    v = Visit(browser, server, **SCREENS[request.param])
    v.name = request.param
    yield v
    assert v.foreign() == [], v.foreign()
    assert v.errors == [], v.errors
    v.close()


# --- search -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def read(browser, server):
    """``read(path, how)``: what ``how(page)`` reads from a built page opened at a desktop's width, each
    page read once a way for the module's tests (the search tests open the same results many times)."""
    v = Visit(browser, server, **SCREENS["desktop"])
    seen: dict = {}

    def read(path: str, how):
        if (path, how) not in seen:
            v.page.goto(server + "/" + path.lstrip("/"))  # loaded: its text is there
            seen[path, how] = how(v.page)
        return seen[path, how]

    yield read
    assert v.foreign() == [], v.foreign()
    assert v.errors == [], v.errors
    v.close()


def first_fact(page) -> str:
    """The first value of a card page's fact box (its organisation)."""
    return page.locator(".hb-facts dd").first.inner_text()



def open_search(page) -> None:
    """Open the search as a reader does: click the box where it is shown, else tap the magnifier."""
    box = page.locator("#hb-search-input")
    if on_screen(box):
        box.click()
    else:
        page.locator('.md-header label.md-header__button[for="__search"]').click()
        page.wait_for_timeout(300)


def type_query(page, query: str) -> list[dict]:
    """Type ``query`` into the search box; the results shown: path, excerpt, and whether on screen."""
    open_search(page)
    page.locator("#hb-search-input").type(query, delay=15)
    # locator waits: wait_for_function evaluates a string, which the pages' CSP (no 'unsafe-eval') refuses
    expect(page.locator("#hb-search-input")).to_have_value(query, timeout=15_000)
    expect(page.locator("#hb-search-meta")).to_have_text(re.compile(r"\d|Ei |No "), timeout=15_000)
    page.wait_for_timeout(400)
    items = page.locator("#hb-search-results li")
    return [{"path": page.evaluate("(a) => new URL(a.href).pathname", items.nth(i).locator("a").element_handle()),
             "excerpt": items.nth(i).locator(".hb-search-excerpt").inner_text(),
             "visible": on_screen(items.nth(i).locator("h1"))} for i in range(items.count())]


QUERIES = {
    # query → a stem the top result's text must contain (inflection, base forms, compounds)
    "fi": {"lastensuojelussa": "lastensuojelu", "sijoitus": "sijoitu", "perheiden": "perhe", "tiimimalli": "tiimimalli"},
    "en": {"placement": "placement", "child protection": "child"},
}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_search_box_shows_results_that_are_text_of_their_pages(screen, read, lang):
    page = screen.go(PREFIX[lang] + "/")
    for query, stem in QUERIES[lang].items():
        page.reload()
        results = type_query(page, query)
        assert results, f"{screen.name}: no results for {query!r}"
        assert results[0]["visible"], f"{screen.name}: the first result for {query!r} is not on screen"
        for rank, result in enumerate(results[:5]):
            assert result["path"].startswith("/en/") == (lang == "en"), result["path"]
            text = read(result["path"], page_words)  # at a desktop's width: text a phone folds away is text too
            if rank == 0:
                assert stem in text, f"{query!r}: top result {result['path']} lacks {stem!r}"
            shown = words(result["excerpt"])
            assert shown.strip() and shown in text, f"{query!r}: excerpt is not text of {result['path']}: {result['excerpt']}"


APART = "[data-pagefind-ignore], .hb-facts, table, .hb-references, .highlight, pre, form, .hb-reviewed, .hb-print"


def prose_words(page) -> str:
    """The words of the page's running text: what a search excerpt may show while the page has any
    (its fact box, tables, code and reference lists find it, but are not shown as its excerpt)."""
    return words(page.evaluate("""(apart) => { document.querySelectorAll('details').forEach(d => d.open = true);
        const article = document.querySelector('article');
        article.querySelectorAll(apart).forEach(e => e.style.display = 'none');
        const h1 = article.querySelector('h1'); if (h1) h1.style.display = 'none';
        const text = article.innerText; if (h1) h1.style.display = '';
        return (h1 ? h1.innerText + ' ' : '') + text; }""", APART))


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_excerpts_of_pages_with_running_text_come_from_it(screen, read, site, lang):
    """Searching for what only a card's fact box or a page's tables and references say (an organisation,
    a municipality) finds the page, and its excerpt is the page's running text, not the facts."""
    card = _card_paths(site, lang)[0]
    organisation = read(card, first_fact)
    queries = [max(re.findall(r"\w+", organisation), key=len), *{"fi": ["sijoituksessa"], "en": ["caseload"]}[lang]]
    page = screen.go(PREFIX[lang] + "/")
    checked = 0
    for query in queries:
        page.reload()
        results = type_query(page, query)
        if query in organisation:
            assert card in [r["path"] for r in results], f"{query!r} (the fact box) does not find {card}"
        for result in results[:6]:
            prose = read(result["path"], prose_words)
            if len(prose.split()) < 60:  # a page that is a table or a list: its excerpt may come from that
                continue
            shown = words(result["excerpt"].replace("…", " "))
            assert shown.strip() and shown in prose, (f"{screen.name} {query!r}: the excerpt of {result['path']} is "
                                                      f"not its running text: {result['excerpt']}")
            checked += 1
    assert checked, "no result had running text"


def test_inflected_forms_of_glossary_terms_find_the_glossary(visit, site):
    """Every inflected form of a glossary term's word that the handbook uses finds the glossary entry,
    even where Pagefind's stems of the base form and the inflected form differ (*sijoitus* / *sijoituksen*)."""
    import yaml

    from handbook import ROOT
    from handbook.publish import search as searching

    expander = searching.Expander()
    need(expander.available, "Voikko (libvoikko1, voikko-fi) is not installed")
    terms = yaml.safe_load((ROOT / "docs" / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    heads = {w.lower() for term in terms for w in term["term"]["fi"].split()}
    used: set[str] = set()
    for path in site.rglob("*.html"):
        if not path.relative_to(site).as_posix().startswith(("en/", "pagefind/", "assets/")):
            used |= searching.page_words(path.read_text(encoding="utf-8"))
    forms = sorted({w for w in used for b in expander.bases(w) if b in heads and w not in heads})
    assert forms, "no inflected form of a glossary term is used in the handbook"
    page = visit.go("/")
    found = page.evaluate("""async (qs) => { const pf = await import('/pagefind/pagefind.js'); const out = {};
        for (const q of qs) out[q] = (await Promise.all((await pf.search(q)).results.map(r => r.data()))).map(d => d.url);
        return out; }""", forms)
    missing = [form for form, urls in found.items() if "/glossary/" not in urls]
    assert missing == [], f"inflected forms of glossary terms that do not find the glossary: {missing}"


BASE_AND_INFLECTED = [("sijoitus", "sijoitukset"), ("sijoitus", "sijoituksia"), ("perhe", "perheiden"),
                      ("lapsi", "lasten"), ("lastensuojelu", "lastensuojelussa"), ("työntekijä", "työntekijöiden")]


def test_base_forms_find_what_inflected_forms_find(visit):
    page = visit.go("/")
    found = page.evaluate("""async (pairs) => { const pf = await import('/pagefind/pagefind.js'); const out = [];
        const urls = async (q) => (await Promise.all((await pf.search(q)).results.map(r => r.data()))).map(d => d.url);
        for (const [base, inflected] of pairs) out.push([base, inflected, await urls(base), await urls(inflected)]);
        return out; }""", BASE_AND_INFLECTED)
    for base, inflected, by_base, by_inflected in found:
        assert by_inflected, inflected
        assert set(by_inflected) <= set(by_base), f"{base!r} misses {sorted(set(by_inflected) - set(by_base))}"


def test_search_opens_from_the_keyboard_and_leaves_no_invisible_tab_stop(browser, server):
    v = Visit(browser, server, **SCREENS["desktop"])
    page = v.go("/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id === 'hb-search-input'"):
            break
    else:
        raise AssertionError("Tab never reached the search box")
    assert page.is_checked("#__search"), "tabbing into the search box does not open it"
    page.keyboard.type("perhe", delay=15)
    page.locator("#hb-search-results li").first.wait_for(timeout=15_000)
    page.wait_for_timeout(400)
    assert on_screen(page.locator("#hb-search-results li h1")), "results typed after Tab are not on screen"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    where = page.evaluate("document.activeElement.closest('[data-hb-search]') ? 'search' : 'out'")
    assert where == "out" and not page.is_checked("#__search")
    assert on_screen(page.locator(":focus")), ("the tab stop after the search box is invisible: "
                                               + page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    assert v.errors == []
    v.close()


ACTIVE = "() => document.activeElement === document.body ? 'BODY' : document.activeElement.outerHTML.slice(0, 160)"
TOOLTIPS = """() => [...document.querySelectorAll('.md-tooltip--active, .md-tooltip2--active, [role=tooltip]')]
    .filter(t => { const r = t.getBoundingClientRect(); if (r.width < 1 || r.height < 1 || getComputedStyle(t).opacity === '0') return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!hit && t.contains(hit); })
    .map(t => t.textContent.trim())"""


def test_escape_gives_focus_back_to_what_opened_the_search_and_no_tooltip_stays(screen):
    page = screen.go("/")
    # opened with the mouse or a finger, as a reader does (the magnifier on a phone, the box on a desktop)
    open_search(page)
    opened_by = page.evaluate(ACTIVE)
    page.locator("#hb-search-input").type("perhe", delay=20)
    page.locator("#hb-search-results li").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    assert page.evaluate(TOOLTIPS) == [], f"{screen.name}: a tooltip stays on screen while typing in the search"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.is_checked("#__search")
    active = page.evaluate(ACTIVE)
    assert active != "BODY", f"{screen.name}: Escape leaves focus nowhere (opened by {opened_by})"
    assert on_screen(page.locator(":focus")), f"{screen.name}: focus went back to something not on screen: {active}"
    if screen.name == "phone":
        assert "data-hb-search-opener" in active, active
    else:
        assert 'id="hb-search-input"' in active, active
    assert page.evaluate(TOOLTIPS) == [], f"{screen.name}: a tooltip stays on screen after the search closed"
    # opened with "/" from a link: Escape gives focus back to that link
    link = page.locator("article a[href]").first
    link.focus()
    page.keyboard.press("/")
    expect(page.locator("#hb-search-input")).to_be_focused()
    page.keyboard.type("lapsi", delay=20)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.is_checked("#__search")
    assert page.evaluate("(a) => document.activeElement === a", link.element_handle()), page.evaluate(ACTIVE)


def test_phone_search_has_one_clear_button(browser, server):
    v = Visit(browser, server, **SCREENS["phone"])
    page = v.go("/")
    type_query(page, "perhe")
    # the browser's own clear button (a pseudo-element getComputedStyle cannot read) is hidden by a rule
    hidden = page.evaluate("""() => { const input = document.querySelector('#hb-search-input');
        if (input.type !== 'search') return true;
        const rules = [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch (e) { return []; } });
        return rules.some(r => r.selectorText && r.selectorText.split(',').some(sel => sel.includes('::-webkit-search-cancel-button')
            && input.matches(sel.split('::')[0].trim())) && (r.style.display === 'none' || r.style.appearance === 'none')); }""")
    assert hidden, "the browser's own clear button shows beside the search's"
    assert on_screen(page.locator('.md-search__options button[type="reset"]'))
    v.close()


# --- every page fits, and no word is broken ----------------------------------------------------

BROKEN_WORDS = """() => { const out = [];
  const parts = document.querySelectorAll('article td, article th, article h1');
  for (const el of parts) {
    if (el.closest('[hidden]') || !el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-\\u2010\\u2013\\/]+[\\-\\u2010\\u2013\\/]?/g;  /* a word: up to a space, hyphen or slash */
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        if (m[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out; }"""


SPILLED_CELLS = """() => [...document.querySelectorAll('article td, article th')].filter(cell =>
    !cell.closest('[hidden]') && cell.parentElement.parentElement.getBoundingClientRect().width > 2  /* not the phone's visually hidden headings */
    && cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.textContent.trim().slice(0, 40))"""


def test_every_page_fits_the_screen_and_breaks_no_word(screen, site):
    """No page is wider than the screen (a wide table scrolls in its own box), no word in a
    table cell or a title is split over two lines, and no cell's text runs out of its cell
    (four pages at a time, each in a tab of its own)."""
    width = SCREENS[screen.name]["viewport"]["width"]

    def measure(tab, path):
        problems = []
        wide = tab.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{path}: {wide} px wide on a {width} px screen")
        broken = tab.evaluate(BROKEN_WORDS)
        if broken:
            problems.append(f"{path}: words broken over two lines: {broken[:5]}")
        spilled = tab.evaluate(SPILLED_CELLS)
        if spilled:
            problems.append(f"{path}: text runs out of its table cell: {spilled[:5]}")
        return problems

    pages = built_pages(site)
    found = in_tabs(screen, pages, measure, wait_until="load")
    assert len(found) == len(pages)
    problems = [problem for page in found for problem in page]
    assert problems == [], f"{screen.name}:\n" + "\n".join(problems)


def test_narrowest_phone_fits_the_tables(browser, server, site):
    """At 320 px the pages with the handbook's tables still fit."""
    v = Visit(browser, server, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    tables = [p for p in built_pages(site) if "<table" in (site / p.strip("/") / "index.html").read_text(encoding="utf-8")]
    assert tables
    widths = in_tabs(v, tables, lambda tab, path: (path, tab.evaluate("document.documentElement.scrollWidth")),
                     wait_until="load")
    assert [(path, wide) for path, wide in widths if wide > 320] == []
    v.close()


# --- the card index and the key figures on a phone --------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_card_index_on_a_phone_is_a_list_of_cards(browser, server, lang):
    v = Visit(browser, server, **SCREENS["phone"])
    page = v.go(PREFIX[lang] + "/cards/")
    rows = page.locator("table.hb-cards tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.evaluate("r => getComputedStyle(r).display") == "block", "a card is still a table row"
        shown = [c.evaluate("c => getComputedStyle(c).display !== 'none'") for c in row.locator("td").all()]
        name, municipality, region, approaches, status, year = shown
        assert name and municipality and approaches and status and not region and not year
        label = row.locator("td").nth(1).evaluate("c => getComputedStyle(c, '::before').content")
        assert label.strip('"').startswith(("Kunnat", "Municipalities"))
    first = page.locator("table.hb-cards tbody tr").first
    assert first.bounding_box()["y"] < 812, "the filters push the first card below the first screen"
    assert not page.locator("details.hb-filter__options").evaluate("d => d.open"), "the filters are not folded"
    assert not on_screen(page.locator("select[name=status]")), "the folded filters still show their choices"
    page.locator("details.hb-filter__options summary").tap()
    assert on_screen(page.locator("select[name=status]")), "the filters do not unfold"
    v.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_key_figures_on_a_phone_are_blocks_with_labels(browser, server, lang):
    v = Visit(browser, server, **SCREENS["phone"])
    page = v.go(PREFIX[lang] + "/facts/")
    row = page.locator("table.hb-facts-table tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    heads = page.locator("table.hb-facts-table thead th").all_inner_texts()
    cells = row.locator("td")
    for i in range(2, cells.count()):
        content = cells.nth(i).evaluate("c => getComputedStyle(c, '::before').content")
        assert heads[i].strip() in content, (heads[i], content)
    v.close()


def test_key_figures_on_a_desktop_have_row_lines(browser, server):
    v = Visit(browser, server, **SCREENS["desktop"])
    page = v.go("/facts/")
    cell = page.locator("table.hb-facts-table tbody tr").nth(1).locator("td").first
    assert cell.evaluate("c => getComputedStyle(c).borderTopStyle") == "solid"
    table = page.locator("table.hb-facts-table").bounding_box()
    article = page.locator("article").bounding_box()
    assert table["x"] + table["width"] <= article["x"] + article["width"] + 1, "the table runs out of the text column"
    v.close()


# --- card index filters ------------------------------------------------------------------------

def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_card_index_filters(screen, lang):
    page = screen.go(PREFIX[lang] + "/cards/")
    rows = page.locator("table.hb-cards tbody tr")
    total = rows.count()
    caption = page.locator("table.hb-cards caption")
    # only what occurs is offered
    for name, attribute in (("status", "data-status"), ("region", "data-region")):
        offered = set(page.eval_on_selector_all(f"select[name={name}] option", "os => os.map(o => o.value)")) - {""}
        used = set(page.eval_on_selector_all("table.hb-cards tbody tr", f"rs => rs.map(r => r.getAttribute('{attribute}'))"))
        assert offered == used, (name, offered, used)
    approaches = set(page.eval_on_selector_all("select[name=approach] option", "os => os.map(o => o.value)")) - {""}
    used = set(" ".join(page.eval_on_selector_all("table.hb-cards tbody tr", "rs => rs.map(r => r.dataset.approaches)")).split())
    assert approaches == used
    # accents do not matter: a municipality typed without them is found
    place = rows.first.locator("td").nth(1).inner_text().split(",")[0].split(":")[-1].strip()
    page.fill("form[data-hb-filter] input[name=q]", _fold(place))
    visible = [r for r in rows.all() if r.is_visible()]
    assert visible and all(_fold(place) in _fold(r.inner_text()) for r in visible), place
    # an empty result says so, counts 0 in the caption, and offers a reset
    page.fill("form[data-hb-filter] input[name=q]", "zzzqqq")
    assert not any(r.is_visible() for r in rows.all())
    assert re.match(r"0\b", caption.inner_text()), caption.inner_text()
    reset = page.locator(".hb-filter__none button[type=reset]")
    assert on_screen(reset) or reset.is_visible()
    reset.click()
    page.wait_for_timeout(100)
    assert len([r for r in rows.all() if r.is_visible()]) == total
    assert caption.inner_text().startswith(str(total))


def _inflected(place: str) -> list[str]:
    """Inflected forms of a place name (inessive, genitive), those Voikko knows as forms of it if it is installed."""
    from handbook.publish import search as searching

    expander = searching.Expander()
    vowel_a = "ä" if re.search(r"[äöy]", place) and not re.search(r"[aou]", place) else "a"
    forms = [place + "ss" + vowel_a, place + "n"]
    if not expander.available:
        return forms
    return [f for f in forms if place.lower() in expander.bases(f)]


def test_card_index_filter_finds_inflected_place_names_and_keeps_its_state_in_the_address(screen):
    page = screen.go("/cards/")
    rows = page.locator("table.hb-cards tbody tr")
    places = sorted({p.strip() for cell in page.eval_on_selector_all(
        "table.hb-cards tbody tr td:nth-child(2)", "cs => cs.map(c => c.innerText)") for p in cell.split(",")
        if re.fullmatch(r"\s*\w+\s*", p)})
    checked = 0
    for place in places:
        for form in _inflected(place):
            page.fill("form[data-hb-filter] input[name=q]", form)
            shown = [r.inner_text() for r in rows.all() if r.is_visible()]
            assert shown, f"{form!r} (a form of {place!r}) finds no card"
            assert all(_fold(place) in _fold(text) for text in shown), (form, shown)
            checked += 1
    assert checked, places
    # the state is in the address: a shared address opens filtered, and so does going back from a card
    region = page.eval_on_selector_all("select[name=region] option", "os => os.map(o => o.value)")[1]
    form = _inflected(places[0])[0]
    page.fill("form[data-hb-filter] input[name=q]", form)
    if not page.locator("form[data-hb-filter] select[name=region]").is_visible():  # a phone folds the choices
        page.locator(".hb-filter__options > summary").click()
    page.select_option("form[data-hb-filter] select[name=region]", region)
    shown = [r.inner_text() for r in rows.all() if r.is_visible()]
    address = page.evaluate("() => location.href")  # page.url lags behind history.replaceState
    assert f"region={region}" in address and "q=" in address, address
    other = screen.context.new_page()
    other.goto(address)
    expect(other.locator("form[data-hb-filter] input[name=q]")).to_have_value(form)
    assert [r.inner_text() for r in other.locator("table.hb-cards tbody tr").all() if r.is_visible()] == shown
    other.close()
    if shown:
        page.locator("table.hb-cards tbody tr:not([hidden]) a").first.click()
        page.wait_for_load_state()
        page.go_back()
        page.wait_for_load_state()
        assert page.evaluate("() => location.href") == address
        expect(page.locator("form[data-hb-filter] select[name=region]")).to_have_value(region)
        assert [r.inner_text() for r in rows.all() if r.is_visible()] == shown
    # emptied filters leave a plain address
    page.locator("form[data-hb-filter] input[name=q]").fill("")
    if not page.locator("form[data-hb-filter] select[name=region]").is_visible():
        page.locator(".hb-filter__options > summary").click()
    page.select_option("form[data-hb-filter] select[name=region]", "")
    assert "?" not in page.evaluate("() => location.href")


def test_card_index_filters_fit_within_the_search_field(screen):
    """Every choice of the card index's filters ends where the text field does (a phone) or inside the form."""
    page = screen.go("/cards/")
    if not page.locator("form[data-hb-filter] select").first.is_visible():  # a phone folds the choices
        page.locator(".hb-filter__options > summary").click()
    edges = page.evaluate("""() => { const form = document.querySelector('form[data-hb-filter]');
        const right = (e) => e.getBoundingClientRect().right;
        return {form: right(form), text: right(form.querySelector('input[name=q]')),
                selects: [...form.querySelectorAll('select')].map(s => [s.name, right(s)])}; }""")
    for name, right in edges["selects"]:
        assert right <= edges["form"] + 0.5, f"{screen.name}: {name} sticks out {right - edges['form']:.0f} px past the form"
        if screen.name == "phone":
            assert right <= edges["text"] + 0.5, f"{name} sticks out {right - edges['text']:.0f} px past the text field"


# --- card pages have a home ---------------------------------------------------------------------

def _card_paths(site, lang: str) -> list[str]:
    """Every card page of ``lang`` in the built site (a page with a fact box)."""
    root = site / "en" if lang == "en" else site
    return sorted("/" + p.parent.relative_to(site).as_posix() + "/" for p in (root / "cards").glob("*/index.html")
                  if 'class="hb-facts"' in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_card_pages_have_a_home(screen, site, lang):
    cards = _card_paths(site, lang)
    assert cards
    index = PREFIX[lang] + "/cards/"
    seen_next = []
    for path in cards:
        page = screen.go(path)
        if screen.name == "desktop":
            active = page.locator(".md-tabs__item--active a")
            assert active.count() == 1 and page.evaluate("(a) => new URL(a.href).pathname", active.element_handle()) == index
        crumbs = page.eval_on_selector_all("nav.hb-crumbs a", "as => as.map(a => new URL(a.href).pathname)")
        assert index in crumbs, f"{path}: no way back to the card index"
        assert on_screen(page.locator("nav.hb-crumbs a").last), f"{path}: the way back is not on the first screen"
        nxt = page.locator("nav.hb-pager a[rel=next]")
        if nxt.count():
            seen_next.append(page.evaluate("(a) => new URL(a.href).pathname", nxt.element_handle()))
        assert page.locator("nav.hb-pager a.hb-pager__all").count() == 1
        # the practice comes before its facts: the summary starts on the first screen
        summary = page.locator("article h1 + p")
        assert summary.count() == 1 and summary.bounding_box()["y"] < SCREENS[screen.name]["viewport"]["height"] - 60
        assert summary.bounding_box()["y"] < page.locator("aside.hb-facts").bounding_box()["y"]
    assert len(set(seen_next)) == len(cards) - 1 and set(seen_next) <= set(cards), "previous/next do not walk every card"


# --- glossary terms --------------------------------------------------------------------------

def _term_pages(site, lang: str) -> list[str]:
    return [p for p in built_pages(site) if p.startswith("/en/") == (lang == "en")
            and 'class="hb-term"' in (site / p.strip("/") / "index.html").read_text(encoding="utf-8")]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_glossary_terms_open_on_tap_without_leaving_the_page(browser, server, site, lang):
    pages = _term_pages(site, lang)
    assert pages, "no page marks a glossary term"
    v = Visit(browser, server, **SCREENS["phone"])
    for path in pages[:3]:
        page = v.go(path)
        term = page.locator("article a.hb-term").first
        term.scroll_into_view_if_needed()
        term.tap()
        page.wait_for_timeout(200)
        assert page.url.endswith(path), f"tapping a term left {path} for {page.url}"
        pop = page.locator(".hb-cite-pop")
        assert pop.count() == 1 and on_screen(pop), f"{path}: the definition is not shown on tap"
        box = pop.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{path}: the pop-up runs off the screen"
        page.locator("article h1").tap()
        assert page.locator(".hb-cite-pop").count() == 0, "a tap elsewhere does not close the definition"
    assert v.errors == []
    v.close()


def test_glossary_terms_look_different_from_links_and_pop_up_above_near_the_bottom(browser, server, site):
    v = Visit(browser, server, **SCREENS["desktop"])
    page = v.go(_term_pages(site, "fi")[0])
    term = page.locator("article a.hb-term").first
    link = page.locator("article p a:not(.hb-term):not(.hb-cite)").first
    style = "e => { const s = getComputedStyle(e); return [s.color, s.textDecorationStyle]; }"
    assert term.evaluate(style) != link.evaluate(style), "a glossary term looks exactly like a link"
    assert term.evaluate(style)[1] == "dotted"
    # a window whose bottom edge is just below the term, then point at it
    for _ in range(3):  # a shorter window may move the text a little: measure again
        height = int(term.evaluate("t => t.getBoundingClientRect().bottom + scrollY")) + 6
        page.set_viewport_size({"width": 1280, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
    at = term.evaluate("t => { const r = t.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; }")
    page.mouse.move(*at)
    page.wait_for_timeout(100)
    pop = page.locator(".hb-cite-pop")
    assert pop.count() == 1
    box = pop.bounding_box()
    assert box["y"] + box["height"] <= height and box["y"] < term.bounding_box()["y"], "the pop-up opens off-screen"
    page.emulate_media(media="print")
    assert term.evaluate("e => getComputedStyle(e).textDecorationLine") == "none", "terms print underlined"
    v.close()


def test_glossary_never_marks_titles_or_reference_lists(site):
    for path in built_pages(site):
        html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        for title in re.findall(r"<(em|cite|i)>(.*?)</\1>", html, re.S):
            assert 'class="hb-term"' not in title[1], f"{path}: a term marked inside a title: {title[1][:80]}"
        for entry in re.findall(r'<li id="ref-.*?</li>', html, re.S):
            assert 'class="hb-term"' not in entry, f"{path}: a term marked in a reference: {entry[:80]}"


# --- print ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_printed_card_says_what_and_where_it_is(browser, server, site, lang):
    import io

    from pypdf import PdfReader

    path = _card_paths(site, lang)[0]
    html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    site_name = re.search(r'<meta property="og:site_name" content="([^"]+)"', html).group(1)
    address = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    v = Visit(browser, server, **SCREENS["desktop"])
    page = v.go(path)
    title = page.inner_text("article h1").rstrip("¶")
    facts = page.locator("aside.hb-facts dt").all_inner_texts()
    reference = page.locator(".hb-references li").first.inner_text().split(".")[0]
    cite = page.locator("details.hb-cite-page pre").first.text_content().strip().splitlines()[0]
    tabs = [t.strip() for t in page.locator(".md-tabs__link").all_inner_texts()]
    pager = page.locator("nav.hb-pager").inner_text().splitlines()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    flat = " ".join(text.split())
    v.close()
    assert " ".join(title.split()) in flat, "the title is not printed"
    assert all(label in flat for label in facts), "the fact box is not printed"
    assert site_name in flat and address in flat, "the site's name and the page's address are not printed"
    assert " ".join(reference.split()) in flat, "the references are not printed"
    assert cite in flat, "'cite this page' is not printed open"
    lines = {line.strip() for line in text.splitlines()}
    assert not lines & set(tabs), f"navigation is printed: {lines & set(tabs)}"
    assert not any(p and p in lines for p in pager), "the previous/next links are printed"
    assert not re.search(r"(https?://\S+) \(\1\)", flat), "a link whose text is its address prints twice"


# --- keyboard --------------------------------------------------------------------------------

FOCUS = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
    const shown = (el) => { if (!el) return false;
        const b = [...el.getClientRects()].find(r => r.width >= 1 && r.height >= 1);  /* a link's first line */
        if (!b) return false;
        const x = b.left + Math.min(b.width / 2, 40), y = b.top + Math.min(b.height / 2, 12);
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
        const hit = document.elementFromPoint(x, y); return !!hit && (hit === el || el.contains(hit)); };
    const next = e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : null;
    const label = next || (e.id ? document.querySelector(`label[for="${e.id}"]`) : null);
    const own = (e.getAttribute('aria-describedby') || '').split(/\\s+/);
    const stray = [...document.querySelectorAll('.md-tooltip--active, .md-tooltip2--active')]
        .filter(t => getComputedStyle(t).opacity !== '0' && !own.includes(t.id)).map(t => t.textContent.trim());
    const r = e.getClientRects()[0]; const hit = r ? document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + Math.min(r.height / 2, 12)) : null;
    return {what: e.outerHTML.slice(0, 90) + " under " + (hit ? hit.outerHTML.slice(0, 60) : "nothing") + " at " + (r ? Math.round(r.top) : "-"), shown: shown(e) || shown(label), stray: stray}; }"""


def test_every_tab_stop_is_visible_and_no_tooltip_lingers(screen, site):
    """Tab through a card page: every stop is on screen (or its label is), and no tooltip of an
    element left behind stays on screen (language makes no difference here)."""
    page = screen.go(_card_paths(site, "fi")[0])
    problems = []
    for _ in range(45):
        page.keyboard.press("Tab")
        page.wait_for_timeout(150)  # Material's focus transitions; a stop not yet shown is looked at again
        info = page.evaluate(FOCUS)
        if info is None:
            continue
        if not info["shown"] or info["stray"]:  # a transition still running on a busy machine: look again
            page.wait_for_timeout(600)
            info = page.evaluate(FOCUS)
        if not info["shown"]:
            problems.append(f"invisible tab stop: {info['what']}")
        if info["stray"]:
            problems.append(f"tooltip {info['stray']} lingers while focus is on {info['what']}")
    assert problems == [], f"{screen.name}:\n" + "\n".join(problems)


# --- valid HTML ----------------------------------------------------------------------------------

def test_every_page_is_valid_html(site):
    """The Nu HTML Checker (vnu-jar from npm, on Java) finds no error on any page; one JVM for the site."""
    import shutil
    import subprocess

    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    need(java is not None, "no Java: apt-get install default-jre-headless")
    need(vnu.exists(), "vnu-jar is not installed (npm ci)")
    result = subprocess.run([java, "-jar", str(vnu), "--errors-only", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=600)
    errors = [line.replace(site.as_uri(), "") for line in result.stderr.splitlines() if ": error: " in line]
    assert result.returncode == 0 and errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:30])


# --- smaller things ----------------------------------------------------------------------------

def _switch_language(page, lang: str) -> None:
    """Choose ``lang`` in the language menu (a click on the link, without moving the page)."""
    page.eval_on_selector(f'a.md-select__link[hreflang="{lang}"]', "a => a.click()")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def test_language_switch_keeps_the_section(browser, server, site):
    v = Visit(browser, server, **SCREENS["desktop"])
    path = _card_paths(site, "fi")[0]
    page = v.go(path)
    second = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")[1]
    page.goto(v.server + path + "#" + second)
    _switch_language(page, "en")
    assert "/en/" in page.url
    english = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")[1]
    assert page.evaluate("location.hash") == "#" + english, "the language switch lost the section"
    assert on_screen(page.locator(f"#{english}")), "the section is not on screen after the switch"
    # an id shared by both languages (a glossary term) is kept as it is
    term = page.goto(v.server + "/glossary/") and page.eval_on_selector_all("h2[id^=term-]", "hs => hs.map(h => h.id)")[-1]
    page.goto(v.server + "/glossary/#" + term)
    _switch_language(page, "en")
    assert page.url.endswith("/en/glossary/#" + term), page.url
    assert v.errors == []
    v.close()


def test_finnish_footer_is_finnish(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    footer = re.search(r'<div class="md-copyright__highlight">(.*?)</div>', html, re.S).group(1)
    assert "Content" not in footer and "Sisältö" in footer, footer
