"""The reader trial's problems, mended, checked as a reader meets them (the acceptance suite's second
part; ``test_reader.py`` is the first): in Chromium at 375 px (a phone, touch) and 1280 px, on the
session build of the real handbook or on fixtures built here. Nothing here names today's cards:
what a test needs, it counts in the built site or builds itself."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers import CARD, Visit, axe_result, mkdocs_build, start_axe, write_small_site
from test_reader import PREFIX, SCREENS, on_screen

#: the console's line for a page that answered 404 (the 404 page itself is such a page)
NOT_FOUND_LINE = "the server responded with a status of 404"


class NearestNotFound(http.server.SimpleHTTPRequestHandler):
    """A static host that answers a missing address with the nearest ``404.html`` above it, status 404
    (as Cloudflare Pages does; a host with one 404 page for the whole site serves the root's)."""

    def send_error(self, code, message=None, explain=None):  # noqa: D102 - http.server's
        if code != 404:
            return super().send_error(code, message, explain)
        folder = Path(self.translate_path(self.path))
        root = Path(self.directory)
        for parent in [folder, *folder.parents]:
            page = parent / "404.html"
            if page.is_file() and parent.is_relative_to(root):
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return None
        return super().send_error(code, message, explain)

    def log_message(self, *args):  # quiet
        pass


def serve(folder: Path):
    """``folder`` served as a static host serves it (:class:`NearestNotFound`) on a free port of 127.0.0.1:
    the server's address, and the function that stops it."""
    handler = functools.partial(NearestNotFound, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd.shutdown


@pytest.fixture(scope="module")
def hosted(site):
    """The session build served as a static host serves it, with its 404 pages."""
    address, stop = serve(site)
    yield address
    stop()


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, server):
    """A browser context of one screen size on the session build; it fails the test on a page error or a
    foreign request."""
    v = Visit(browser, server, **SCREENS[request.param])
    v.name = request.param
    yield v
    assert v.foreign() == [], v.foreign()
    assert v.errors == [], v.errors
    v.close()


@pytest.fixture(params=list(SCREENS))
def host_screen(request, browser, hosted):
    """A browser context of one screen size on :func:`hosted` (axe is injected: the pages' CSP is bypassed)."""
    v = Visit(browser, hosted, bypass_csp=True, **SCREENS[request.param])
    v.name = request.param
    yield v
    assert v.foreign() == [], v.foreign()
    assert [e for e in v.errors if NOT_FOUND_LINE not in e] == [], v.errors
    v.close()


# --- 1. the 404 page ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_404_page_is_in_the_page_language_with_home_search_and_language_switch(host_screen, site, lang):
    other = "en" if lang == "fi" else "fi"
    response = host_screen.page.goto(host_screen.server + PREFIX[lang] + "/cards/no-such-card-here/")
    assert response.status == 404
    page = host_screen.page
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    # the words are the language's: the title is the catalog's, and not the theme's English
    title = page.locator("article h1").inner_text()
    assert "404 - Not found" not in title and title.strip()
    home = page.locator(f'article a[href="{PREFIX[lang]}/"]').first
    homes = page.eval_on_selector_all("article a", "as => as.map(a => [a.closest('[lang]').lang, new URL(a.href).pathname])")
    assert [lang, PREFIX[lang] + "/"] in homes, f"no way home in {lang}: {homes}"
    assert [other, PREFIX[other] + "/"] in homes, f"no way to the other language's home: {homes}"
    assert on_screen(home)
    # the search works from the 404 page: its button opens the search box, and typing finds pages
    page.locator("article [data-hb-open-search]").click()
    expect(page.locator("#hb-search-input")).to_be_focused()
    page.keyboard.type("lapsi" if lang == "fi" else "child", delay=15)
    page.locator("#hb-search-results li").first.wait_for(timeout=15_000)
    first = page.eval_on_selector("#hb-search-results li a", "a => new URL(a.href).pathname")
    assert first.startswith("/en/") == (lang == "en"), first
    page.keyboard.press("Escape")
    # the language switch leads to the other language's home (not to the last page the build wrote)
    switch = page.eval_on_selector_all("a.md-select__link[hreflang]", "as => as.map(a => [a.hreflang, new URL(a.href).pathname])")
    assert dict(switch) == {lang: PREFIX[lang] + "/", other: PREFIX[other] + "/"}, switch
    page.eval_on_selector(f'a.md-select__link[hreflang="{other}"]', "a => a.click()")
    page.wait_for_url(host_screen.server + PREFIX[other] + "/")  # Material reads the sitemap first, then goes
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == other
    # and axe finds nothing on it
    page.goto(host_screen.server + PREFIX[lang] + "/no-such-page/")
    page.wait_for_load_state("networkidle")
    start_axe(page)
    assert axe_result(page) == []


# --- 2. no word broken in a name or a label ----------------------------------------------------

#: where a word is a name or a label: never broken inside it (running text, p and li, may hyphenate)
NAMES = ("article a, article dt, article dd, article label, article summary, article button, article caption, "
         "article th, article td, article h1, article h2, article h3, .hb-map__name, .md-nav__link, .md-tabs__link")

BROKEN = """(selector) => { const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[hidden], pre, code') || !el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-\\u2010\\u2013\\/]+[\\-\\u2010\\u2013\\/]?/g;  /* a word: up to a space, hyphen or slash */
      const addresses = [...node.data.matchAll(/(https?:\\/\\/|www\\.)\\S+/g)].map(a => [a.index, a.index + a[0].length]);
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        if (m[0].length < 2 || addresses.some(([a, b]) => m.index >= a && m.index < b)) continue;  /* a web address may break */
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return [...new Set(out)]; }"""

TILES_FIT = """() => [...document.querySelectorAll('.hb-map__name')].filter(n => {
    const tile = n.parentElement.getBoundingClientRect(), r = n.getBoundingClientRect();
    return r.left < tile.left - 0.5 || r.right > tile.right + 0.5 || n.scrollWidth > n.clientWidth + 1; })
  .map(n => n.textContent)"""


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_map_breaks_no_name_inside_a_word_and_every_name_fits_its_tile(screen, lang):
    page = screen.go(PREFIX[lang] + "/map/")
    names = page.locator(".hb-map__name")
    assert names.count() > 0
    assert "\u00ad" not in "".join(names.all_text_contents()), "soft hyphens in the map's names"
    assert page.evaluate(BROKEN, ".hb-map__name") == [], f"{screen.name}: map names broken inside a word"
    assert page.evaluate(TILES_FIT) == [], f"{screen.name}: names wider than their tiles"
    sizes = page.eval_on_selector_all(".hb-map__name", "ns => ns.map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert min(sizes) >= 8, f"{screen.name}: a map name is set in {min(sizes)} px"


def test_no_page_breaks_a_name_or_label_inside_a_word(screen, site):
    """On every page, no word of a link, a fact box entry, a label, a heading, a table cell, the map or
    the menus is split over two lines (running text may hyphenate, names do not)."""
    from helpers import built_pages, in_tabs

    pages = built_pages(site)
    found = in_tabs(screen, pages, lambda tab, path: (path, tab.evaluate(BROKEN, NAMES)), wait_until="load")
    broken = [f"{path}: {words[:5]}" for path, words in found if words]
    assert broken == [], f"{screen.name}:\n" + "\n".join(broken)


# --- 3. the comparison -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_comparison_keeps_the_card_name_in_view_and_shows_the_kind_of_knowledge(screen, site, lang):
    from handbook import i18n

    root = site / "en" if lang == "en" else site
    cards = [p for p in (root / "cards").glob("*/index.html") if 'class="hb-facts"' in p.read_text(encoding="utf-8")]
    page = screen.go(PREFIX[lang] + "/cards/compare/")
    heads = [h.strip() for h in page.locator("table.hb-compare thead th").all_inner_texts()]
    assert i18n.t("knowledge", lang) in heads[:3], f"no kind-of-knowledge column near the name: {heads}"
    column = heads.index(i18n.t("knowledge", lang))
    rows = page.locator("table.hb-compare tbody tr")
    assert rows.count() == len(cards)
    for i in range(rows.count()):
        cell = rows.nth(i).locator("th, td").nth(column)
        assert cell.inner_text().strip() not in ("", i18n.t("none", lang)), f"row {i}: no kind of knowledge"
        assert "/methods/#" in cell.locator("a").get_attribute("href")
    width = SCREENS[screen.name]["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    scroller = page.locator(".hb-scroll:has(> table.hb-compare)")
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth"), "the table fits: nothing to check"
    name_width = rows.first.locator("th").bounding_box()["width"]
    assert name_width <= 0.45 * scroller.bounding_box()["width"], f"the name column takes {name_width} px"
    # swiped (scrolled) to the far end: every row's name is still on screen, and what is under it is the name
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    page.wait_for_timeout(100)
    for i in range(rows.count()):
        name = rows.nth(i).locator("th")
        name.scroll_into_view_if_needed()  # vertically: the row's own scroll position is kept
        assert on_screen(name.locator("a")), f"{screen.name}: row {i}'s card name left the screen"
        assert scroller.evaluate("s => s.scrollLeft") > 0
    # and the last column is on screen too
    last = rows.first.locator("td").last
    box = last.bounding_box()
    assert box["x"] + box["width"] <= scroller.bounding_box()["x"] + scroller.bounding_box()["width"] + 1


# --- 4. the filters in force, on a phone and across the language switch ------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_filters_in_force_are_shown_outside_the_folded_panel_and_kept_by_the_language_switch(screen, lang):
    other = "en" if lang == "fi" else "fi"
    page = screen.go(PREFIX[lang] + "/cards/")
    row = page.locator("table.hb-cards tbody tr").first
    region, approach = row.get_attribute("data-region"), row.get_attribute("data-approaches").split()[0]
    query = f"?region={region}&approach={approach}"
    page = screen.go(PREFIX[lang] + "/cards/" + query)
    active = page.locator(".hb-filter__active")
    expect(active).to_be_visible()
    assert on_screen(active.locator(".hb-filter__active-label")), f"{screen.name}: the filters in force are not on screen"
    said = active.inner_text()
    for name, value in (("region", region), ("approach", approach)):
        label = page.eval_on_selector(f"select[name={name}]", "(s, v) => [...s.options].find(o => o.value === v).text", value)
        assert label in said, f"{label!r} not named among the filters in force: {said!r}"
    if screen.name == "phone":
        assert not page.locator("details.hb-filter__options").evaluate("d => d.open")
        assert "(2)" in page.locator("details.hb-filter__options summary").inner_text()
    shown = len([r for r in page.locator("table.hb-cards tbody tr").all() if r.is_visible()])
    # the language switch keeps them
    page.eval_on_selector(f'a.md-select__link[hreflang="{other}"]', "a => a.click()")
    page.wait_for_url(screen.server + PREFIX[other] + "/cards/" + query)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("location.pathname + location.search") == PREFIX[other] + "/cards/" + query
    expect(page.locator("select[name=region]")).to_have_value(region)
    expect(page.locator("select[name=approach]")).to_have_value(approach)
    expect(page.locator(".hb-filter__active")).to_be_visible()
    assert len([r for r in page.locator("table.hb-cards tbody tr").all() if r.is_visible()]) == shown
    # clearing them from the line hides the line and shows every card
    page.locator(".hb-filter__active button[type=reset]").click()
    expect(page.locator(".hb-filter__active")).to_be_hidden()
    assert all(r.is_visible() for r in page.locator("table.hb-cards tbody tr").all())


# --- 5. a card without municipalities is found by its area -----------------------------------

@pytest.fixture(scope="module")
def placeless(tmp_path_factory):
    """The small handbook with one card that names no municipalities, built and served: (address, slug)."""
    project = write_small_site(tmp_path_factory.mktemp("placeless") / "project")
    yml = project / CARD / "card.yml"
    text, count = re.subn(r"(?m)^municipalities:.*\n(?:[ \t]+-.*\n)*", "municipalities: []\n", yml.read_text(encoding="utf-8"))
    assert count == 1
    yml.write_text(text, encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    address, stop = serve(site)
    yield address, Path(CARD).name
    stop()


@pytest.mark.build
@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("width", list(SCREENS))
def test_a_card_without_municipalities_shows_and_is_found_by_its_organisations_area(browser, placeless, lang, width):
    from handbook import i18n

    address, slug = placeless
    v = Visit(browser, address, **SCREENS[width])
    page = v.go(PREFIX[lang] + f"/cards/{slug}/")
    facts = dict(zip([t.strip() for t in page.locator("aside.hb-facts dt").all_inner_texts()],
                     [d.strip() for d in page.locator("aside.hb-facts dd").all_inner_texts()], strict=True))
    region = facts[i18n.t("region", lang)]
    area = region.split(" (")[0]  # "Uusimaa (Keski-Uusimaa)": the region's own name
    shown = facts[i18n.t("municipalities", lang)]
    assert shown != i18n.t("none", lang) and area in shown, f"{width}: the municipalities say {shown!r}"
    # the card index: the region's name, inflected, finds the card, and its row says the area
    page = v.go(PREFIX[lang] + "/cards/")
    form = area + ("ssa" if lang == "fi" else "")
    page.fill("form[data-hb-filter] input[name=q]", form)
    rows = [r for r in page.locator("table.hb-cards tbody tr").all() if r.is_visible()]
    assert [r.locator("a").first.get_attribute("href").rstrip("/").rsplit("/", 1)[-1] for r in rows] == [slug], form
    assert area in rows[0].locator("td").nth(1).inner_text(), "the row does not say the card's area"
    assert on_screen(rows[0].locator("td").nth(1))
    # the search: the region's name finds the card
    found = page.evaluate("""async (q) => { const pf = await import('/pagefind/pagefind.js');
        return (await Promise.all((await pf.search(q)).results.map(r => r.data()))).map(d => d.url); }""", area)
    assert PREFIX[lang] + f"/cards/{slug}/" in found, found
    assert v.errors == [] and v.foreign() == []
    v.close()


# --- 6. keyboard and touch ---------------------------------------------------------------------

#: what a phone's reader taps in the header, the language list and the menu (the drawer)
TARGETS = (".md-header__button:not(.md-search__overlay), .md-select__link, .md-sidebar--primary a.md-nav__link, "
           ".md-sidebar--primary label.md-nav__link")
SMALL = """(selector) => [...document.querySelectorAll(selector)].filter(e => {
    const r = e.getBoundingClientRect(); return r.width >= 1 && getComputedStyle(e).visibility === 'visible'
      && (r.width < 44 || r.height < 44); }).map(e => e.outerHTML.slice(0, 80) + ' ' + Math.round(e.getBoundingClientRect().width)
      + 'x' + Math.round(e.getBoundingClientRect().height))"""


def test_the_phone_menu_opens_from_the_keyboard_and_its_targets_are_big_enough(browser, server, site):
    v = Visit(browser, server, **SCREENS["phone"])
    page = v.go("/")
    # the bigger buttons leave the header as it was: one dark-mode switch, room for the site's name
    shown = "(els) => els.filter(e => e.getClientRects().length && getComputedStyle(e).visibility === 'visible').length"
    assert page.eval_on_selector_all(".md-header__option label.md-header__button", shown) == 1
    assert page.locator(".md-header__title").bounding_box()["width"] >= 120, "the site's name has no room"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-hb-drawer-opener]')"):
            break
    else:
        raise AssertionError("Tab never reaches the menu button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the menu button shows no focus"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.is_checked("#__drawer"), "Enter does not open the menu"
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), "focus did not move into the menu"
    assert on_screen(page.locator(":focus"))
    assert page.evaluate(SMALL, TARGETS) == [], "touch targets under 44 × 44 px"
    # a section's opener (the chevron) opens its sub-menu from the keyboard too, and its links are big enough
    opener = page.locator(".md-sidebar--primary .md-nav__container > label.md-nav__link[tabindex]").first
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate(SMALL, TARGETS) == [], "touch targets under 44 × 44 px in a sub-menu"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.is_checked("#__drawer"), "Escape does not close the menu"
    assert page.evaluate("!!document.activeElement.closest('[data-hb-drawer-opener]')"), "focus did not come back"
    assert v.errors == []
    v.close()


@pytest.mark.parametrize("width", list(SCREENS))
def test_every_tab_stop_of_the_header_and_search_shows_a_focus_outline(browser, server, width):
    """Tab through the header, the opened search and the tabs: each stop has an outline (or its label has)."""
    v = Visit(browser, server, **SCREENS[width])
    page = v.go("/")
    bare = []
    for _ in range(14):
        page.keyboard.press("Tab")
        page.wait_for_timeout(120)
        info = page.evaluate("""() => { const e = document.activeElement; if (!e || e === document.body) return null;
            const shown = (el) => { if (!el) return false; const s = getComputedStyle(el);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; };
            const next = e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : null;
            const label = next || (e.id ? document.querySelector(`label[for="${e.id}"]`) : null);
            /* the skip link is itself the sign: it appears only while it has focus */
            const skip = e.classList.contains('md-skip') && e.getBoundingClientRect().width > 1;
            return {what: e.outerHTML.slice(0, 90), shown: skip || shown(e) || shown(label), inArticle: !!e.closest('article')}; }""")
        if info is None:
            continue
        if info["inArticle"]:
            break
        if not info["shown"]:
            bare.append(info["what"])
    assert bare == [], f"{width}: tab stops without a visible focus: {bare}"
    v.close()


# --- 7. the PDF books hold every page they refer to ---------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_book_holds_every_page_that_the_bibliography_says_cites_a_source(site, lang):
    from handbook.publish import pdf

    prefix = "en/" if lang == "en" else ""
    parts = pdf.parts(site, lang)
    html = (site / prefix / "bibliography" / "index.html").read_text(encoding="utf-8")
    named = {href for span in re.findall(r'<span class="hb-backlinks">(.*?)</span>', html, re.S)
             for href in re.findall(r'href="\.\./([^"#]*/)"', span)}
    assert named, "no source is cited anywhere"
    assert named <= set(parts), f"pages the book's bibliography names but the book leaves out: {sorted(named - set(parts))}"
    for page in ("journalists/", "faq/"):
        if (site / prefix / page / "index.html").exists():
            assert page in parts
    assert parts[-1] == "bibliography/" and len(parts) == len(set(parts))


# --- 8. the methods page is written for readers --------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_methods_page_shows_readers_no_card_yml_and_the_editors_guide_has_it(screen, site, lang):
    from handbook.content.knowledge import TYPES

    page = screen.go(PREFIX[lang] + "/methods/")
    article = page.locator("article")
    text = article.inner_text()
    assert "card.yml" not in text and article.locator("pre, code").count() == 0, "editors' material on the methods page"
    assert not any(f"`{key}`" in text or key in article.locator("td").all_inner_texts() for key in TYPES)
    width = SCREENS[screen.name]["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("article table").first
    assert table.evaluate("t => t.getBoundingClientRect().right") <= width, "the scale is cut at the screen's edge"
    # a card's "what does this mean?" lands on its row, which is marked
    card = next(p for p in (site / PREFIX[lang].strip("/") / "cards").glob("*/index.html")
                if "/methods/#" in p.read_text(encoding="utf-8"))
    page = screen.go(PREFIX[lang] + "/cards/" + card.parent.name + "/")
    page.locator('aside.hb-facts a[href*="methods/#"]').first.click()
    page.wait_for_load_state("networkidle")
    key = page.evaluate("location.hash.slice(1)")
    cell = page.locator(f"article tr:has(span[id='{key}']) td").first
    assert on_screen(cell)
    assert cell.evaluate("c => getComputedStyle(c).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    # the editors' guide has the values and the example
    page = screen.go(PREFIX[lang] + "/contributing/")
    guide = page.locator("article").inner_text()
    assert "knowledge:" in guide and all(key in guide for key in TYPES)


# --- axe on what the mends changed --------------------------------------------------------------

CHANGED = ["/map/", "/en/map/", "/cards/compare/", "/en/cards/compare/", "/methods/", "/en/methods/",
           "/contributing/", "/en/contributing/"]


@pytest.mark.parametrize("width", list(SCREENS))
def test_axe_finds_nothing_on_the_mended_pages_and_states(browser, server, site, width):
    v = Visit(browser, server, bypass_csp=True, **SCREENS[width])  # axe is injected as an inline script
    problems = {}
    for path in CHANGED:
        page = v.go(path)
        start_axe(page)
        problems[path] = axe_result(page)
    # the card index with filters in force, and (on a phone) the menu opened from the keyboard
    page = v.go("/cards/")
    row = page.locator("table.hb-cards tbody tr").first
    page = v.go(f"/cards/?region={row.get_attribute('data-region')}")
    start_axe(page)
    problems["/cards/?region=…"] = axe_result(page)
    if width == "phone":
        page.focus("[data-hb-drawer-opener]")
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        start_axe(page)
        problems["the open menu"] = axe_result(page)
    assert {k: p for k, p in problems.items() if p} == {}
    v.close()
