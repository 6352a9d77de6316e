"""Sitemaps: one per language for search engines, and the one-entry files Material's script fetches.

See :mod:`handbook.publish.sitemaps` for why each page folder has a small ``sitemap.xml``.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import Visit

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://127.0.0.1:8000/"  # the session build's site_url (mkdocs.yml's default)
LANG = re.compile(r'<html lang="([a-z]{2})"')


def built_pages(site: Path) -> dict[str, str]:
    """URL → language of every page in the built site (from its ``<html lang>``), the 404 page aside."""
    out = {}
    for html in site.rglob("index.html"):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        match = LANG.search(html.read_text(encoding="utf-8")[:2000])
        out[BASE + ("" if rel == "." else rel + "/")] = match.group(1)
    return out


def entries(xml: str) -> dict[str, dict[str, str]]:
    """loc → hreflang → href of a sitemap."""
    root = ET.fromstring(xml)
    assert root.tag == f"{{{NS['s']}}}urlset"
    return {url.findtext("s:loc", namespaces=NS): {link.get("hreflang"): link.get("href")
                                                  for link in url.findall("x:link", NS)}
            for url in root.findall("s:url", NS)}


@pytest.mark.parametrize("lang, root", [("fi", ""), ("en", "en/")])
def test_one_sitemap_per_language(site, lang, root):
    """Each language root's sitemap lists exactly that language's pages, each with its alternates."""
    pages = built_pages(site)
    xml = (site / root / "sitemap.xml").read_text(encoding="utf-8")
    listed = entries(xml)
    assert set(listed) == {url for url, page_lang in pages.items() if page_lang == lang}
    for loc, alternates in listed.items():
        assert alternates.get(lang) == loc
        for other, href in alternates.items():
            assert pages.get(href) == other, (loc, other, href)
    assert gzip.decompress((site / root / "sitemap.xml.gz").read_bytes()).decode("utf-8") == xml


def test_the_sitemap_beside_a_page_holds_that_page_only(site):
    pages = built_pages(site)
    roots = {site / "sitemap.xml", site / "en" / "sitemap.xml"}
    beside = [p for p in site.rglob("sitemap.xml") if p not in roots]
    assert beside, "no page has a sitemap beside it"
    for path in beside:
        listed = entries(path.read_text(encoding="utf-8"))
        url = BASE + path.parent.relative_to(site).as_posix() + "/"
        assert list(listed) == [url], path
        assert url in pages and listed[url][pages[url]] == url


@pytest.mark.parametrize("path", ["cards/", "en/research/"])
def test_material_finds_a_sitemap_beside_every_alternate(browser, server, site, path):
    """Why the one-entry files exist: Material fetches ``sitemap.xml`` beside each language alternate
    of the page it shows; each request must find one (no 404 page, no console error)."""
    visit = Visit(browser, server)
    responses: list[tuple[str, int]] = []
    visit.page.on("response", lambda r: responses.append((r.url, r.status)) if r.url.endswith("sitemap.xml") else None)
    try:
        visit.go(path)
        alternates = visit.page.eval_on_selector_all('link[rel="alternate"][hreflang]', "els => els.map(e => e.href)")
        assert len(alternates) >= 2
        wanted = {href + "sitemap.xml" for href in alternates}
        visit.page.wait_for_timeout(300)
        assert wanted <= {url for url, _ in responses}, (wanted, responses)
        assert [r for r in responses if r[1] != 200] == []
        assert visit.errors == []
    finally:
        visit.close()
