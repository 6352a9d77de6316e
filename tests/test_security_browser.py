"""Every page type in Chromium under its Content-Security-Policy: no violation, no console error,
and search, the language switch, the card-index filters, the pop-ups and dark mode still work."""

from __future__ import annotations

import pytest

from helpers import Visit, in_tabs, real_cards_by_status, search

RECORD = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  const what = e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber;
  window.__csp.push(what);
  console.error('CSP violation: ' + what);  /* recorded across page loads with the console errors */
});
"""

PAGES = ["/", "/en/", "/cards/", "/en/cards/", "/cards/pori-systeeminen-tiimimalli/",
         "/en/cards/mantsala-suhdeperustainen-lastensuojelu/", "/cards/compare/", "/approaches/",
         "/approaches/systemic-team-model/", "/research/", "/research/onnistumisen-tekijat/", "/glossary/",
         "/facts/", "/bibliography/", "/changelog/", "/maintenance/", "/translations/", "/contributing/",
         "/en/glossary/", "/404.html"]


@pytest.fixture
def csp_visit(browser, server):
    v = Visit(browser, server)
    v.context.add_init_script(RECORD)
    yield v
    v.close()


def violations(v: Visit) -> list[str]:
    return v.page.evaluate("window.__csp")


def test_every_page_type_loads_without_a_csp_violation(csp_visit):
    def look(tab, path):
        policy = tab.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert policy and "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0], path
        assert tab.locator("h1").count() >= 1, path  # the page rendered
        assert tab.evaluate("window.__csp") == [], (path, tab.evaluate("window.__csp"))
        return path

    assert in_tabs(csp_visit, PAGES, look) == PAGES
    assert csp_visit.errors == [], csp_visit.errors


def test_reader_actions_cause_no_csp_violation(csp_visit):
    v = csp_visit
    page = v.go("/")
    assert search(page, "lastensuojelu"), "search gave no results under the policy"
    page.keyboard.press("Escape")
    page = v.go("/en/")
    assert search(page, "child protection"), "English search gave no results under the policy"
    page.keyboard.press("Escape")
    page = v.go("/cards/pori-systeeminen-tiimimalli/")
    page.hover(".md-header .md-select")
    with page.expect_navigation():
        page.click('.md-select__link[hreflang="en"]')
    page.wait_for_load_state("networkidle")
    assert "/en/cards/pori-systeeminen-tiimimalli/" in page.url
    page = v.go("/cards/")
    status, cards = next(iter(real_cards_by_status().items()))
    page.select_option("form[data-hb-filter] select[name=status]", status)
    assert f"{len(cards)} /" in page.inner_text(".hb-filter__count")
    page.click("table.hb-cards th:nth-child(6) button")
    page = v.go("/research/onnistumisen-tekijat/")
    for selector in ("a.hb-term", "a.hb-cite"):
        page.hover(f"{selector} >> nth=0")
        assert page.locator(".hb-cite-pop").is_visible(), selector
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme, "dark mode did not switch"
    page = v.go("/glossary/")  # the chosen scheme is kept (the theme's inline script, allowed by its hash)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme
    assert violations(v) == []
    assert v.errors == [], v.errors


def test_the_policy_blocks_an_injected_handler_and_inline_script(csp_visit):
    """If markup ever got into a page, the browser would still refuse to run it."""
    page = csp_visit.go("/cards/pori-systeeminen-tiimimalli/")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__ran = 1">');
        const s = document.createElement('script'); s.textContent = 'window.__ran = 2'; document.body.append(s);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None
    assert len(violations(csp_visit)) >= 2
    csp_visit.errors.clear()  # the violations above are the expected ones
