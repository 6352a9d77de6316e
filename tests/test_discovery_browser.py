"""The discovery pages as a reader meets them: map, methods, related cards, print button, knowledge filter.

At 375 px (a phone) and 1280 px, with and without JavaScript, light and dark; axe on each.
"""

from __future__ import annotations

import pytest

from helpers import ROOT
from handbook.content import knowledge, regions
from handbook.content.cards import load_card
from helpers import AXE, Visit, axe_result, in_tabs, need, start_axe

CARDS = [load_card(p.parent, ROOT)[0] for p in sorted((ROOT / "docs" / "cards").glob("*/card.yml"))]
WIDTHS = (375, 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_discovery_pages_pass_axe_and_fit_the_screen(browser, server, width, scheme):
    need(AXE.exists(), "axe-core is not installed (npm ci)")
    v = Visit(browser, server, viewport={"width": width, "height": 800}, color_scheme=scheme,
              bypass_csp=True)  # axe is injected as an inline script
    area = regions.county_of(CARDS[0])
    paths = ["/map/", "/en/map/", "/methods/", "/en/methods/", f"/regions/{area}/", f"/en/regions/{area}/",
             f"/cards/{CARDS[0].slug}/", f"/en/cards/{CARDS[0].slug}/", "/cards/"]

    def start(tab, path):
        if path.endswith("/map/") or "/regions/" in path:
            overflow = tab.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{path} scrolls sideways at {width}px ({overflow})"
        start_axe(tab, scheme)

    found = in_tabs(v, paths, start, lambda tab, path: [f"{path} {width}px {scheme}: {x}" for x in axe_result(tab)])
    assert len(found) == len(paths)
    failures = [x for page in found for x in page]
    assert v.foreign() == [] and v.errors == [], (v.foreign(), v.errors)
    v.close()
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("width", (320, 375))
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_area_name_fits_its_tile_on_a_phone(browser, server, width, prefix):
    """On the narrowest phones each area's name stays inside its tile (long names break at a
    syllable, with a hyphen) and the count is still shown."""
    v = Visit(browser, server, viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    page = v.go(prefix + "/map/")
    tiles = page.locator("ul.hb-map li > *")
    assert tiles.count() == len(regions.COUNTIES)
    spill = page.evaluate("""() => [...document.querySelectorAll('ul.hb-map li > *')].flatMap(tile => {
        const box = tile.getBoundingClientRect();
        return [...tile.querySelectorAll('span')].filter(s => { const r = s.getBoundingClientRect();
          return s.scrollWidth > s.clientWidth + 1 || r.left < box.left - 1 || r.right > box.right + 1; })
          .map(s => s.textContent.replace(/\u00ad/g, ''));
      })""")
    assert spill == [], f"{width}px: names run past their tiles: {spill}"
    v.close()


def test_map_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    groups = regions.by_county(CARDS)
    page.goto(server + "/en/map/")
    for key, found in groups.items():
        tile = page.locator(f'ul.hb-map a[href="../regions/{key}/"]')
        assert tile.count() == (1 if found and key in regions.COUNTIES else 0), key
        row = page.locator(f'table.hb-map-table a[href="../regions/{key}/"]')
        assert row.count() == (1 if found else 0), key
    key = next(k for k, found in groups.items() if found and k in regions.COUNTIES)
    page.click(f'ul.hb-map a[href="../regions/{key}/"]')
    assert page.url.endswith(f"/en/regions/{key}/")
    for card in groups[key]:
        assert page.locator("ul.hb-region-cards a", has_text=card.name("en")).count() == 1
    # the print button needs JavaScript, so without it it is not shown
    page.goto(server + f"/cards/{CARDS[0].slug}/")
    assert not page.locator(".hb-print").is_visible()
    assert page.locator(".hb-knowledge").is_visible()
    context.close()


def test_print_button_and_knowledge_filter_with_javascript(browser, server):
    v = Visit(browser, server, viewport={"width": 1280, "height": 900})
    page = v.go(f"/cards/{CARDS[0].slug}/")
    assert page.locator(".hb-print button").is_visible()
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click(".hb-print button")
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".hb-print").is_visible()
    assert page.locator(".hb-facts").is_visible()
    kind = knowledge.of(CARDS[0].facts)
    expected = sum(1 for c in CARDS if knowledge.of(c.facts) == kind)
    page = v.go(f"/cards/?knowledge={kind}")
    assert page.locator("select[name=knowledge]").input_value() == kind
    assert len([r for r in page.locator("table.hb-cards tbody tr").all() if r.is_visible()]) == expected
    assert v.foreign() == [] and v.errors == [], (v.foreign(), v.errors)
    v.close()
