"""The real handbook, built: both languages, cards, generated pages, privacy."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import ROOT
from handbook.content import handbook as hb_site, vocab

FI_MONTHS = ("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
             "syyskuu", "lokakuu", "marraskuu", "joulukuu")
CARDS = sorted(p.name for p in (ROOT / "docs" / "cards").iterdir() if (p / "card.yml").exists())


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_three_seed_cards_exist():
    assert {"mantsala-suhdeperustainen-lastensuojelu", "eksote-systeeminen-lastensuojelu",
            "pori-systeeminen-tiimimalli"} <= set(CARDS)


def test_real_content_has_no_findings():
    hb = hb_site.load(ROOT)
    assert [f.text("en") for f in hb.findings if f.severity == "error"] == []
    assert len(hb.cards) == len(CARDS)


@pytest.mark.parametrize("lang,prefix", [("fi", ""), ("en", "en/")])
def test_every_page_has_its_language(site, lang, prefix):
    pages = [p for p in (site / prefix).rglob("index.html") if lang == "en" or not p.relative_to(site).parts[0] == "en"]
    assert len(pages) > 10
    for page in pages:
        assert f'<html lang="{lang}"' in read(page), page


@pytest.mark.parametrize("slug", CARDS)
@pytest.mark.parametrize("lang,prefix,status_words", [
    ("fi", "", ("Käynnissä", "Kokeilu", "Päättynyt")),
    ("en", "en/", ("Ongoing", "Pilot", "Ended")),
])
def test_card_page_has_localized_fact_box(site, slug, lang, prefix, status_words):
    html = read(site / prefix / "cards" / slug / "index.html")
    assert 'class="hb-facts"' in html
    box = html[html.index('class="hb-facts"'):html.index("</aside>")]
    assert any(word in box for word in status_words)
    card = hb_site.load(ROOT).card(slug)
    day = card.reviewed  # the card's own review date, written as each language writes dates
    assert (f"{day.day}.{day.month}.{day.year}" if lang == "fi" else f"{day.day} {day:%B} {day.year}") in box
    assert "<h1" in html and card.name(lang) in html
    for approach in card.facts["approaches"]:
        assert vocab.APPROACHES[approach][lang] in box
        assert f'href="../../approaches/{approach}/"' in box
    # text sections in order
    sections = {"fi": ["Tarve ja tavoitteet", "Ratkaisu", "Tulokset", "Lähteet"],
                "en": ["Need and goals", "Solution", "Results", "Sources"]}[lang]
    positions = [html.index(f">{s}<") for s in sections]
    assert positions == sorted(positions)


def test_dates_follow_language(site):
    card = next(c for c in hb_site.load(ROOT).cards if len(c.facts.get("start", "")) == 7)  # a YYYY-MM start
    fi = read(site / "cards" / card.slug / "index.html")
    en = read(site / "en" / "cards" / card.slug / "index.html")
    day, (year, month) = card.status_as_of, card.facts["start"].split("-")
    assert f"päiväys {day.day}.{day.month}.{day.year}" in fi and f"{FI_MONTHS[int(month) - 1]} {year}" in fi
    assert f"(date {day.day} {day:%B} {day.year})" in en and f"{date(2000, int(month), 1):%B} {year}" in en


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_card_index_lists_every_card_as_table(site, prefix):
    html = read(site / prefix / "cards" / "index.html")
    table = html[html.index('<table class="hb-cards"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr data-region=", table)
    assert len(rows) == len(CARDS)
    for slug in CARDS:
        assert f'href="../cards/{slug}/"' in table  # relative to the language root
    assert "data-hb-filter hidden" in html  # the filter form appears only with JavaScript


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_approach_pages(site, prefix):
    hb = hb_site.load(ROOT)
    lang = "en" if prefix else "fi"
    for key, labels in vocab.APPROACHES.items():
        html = read(site / prefix / "approaches" / key / "index.html")
        assert labels[lang] in html
        expected = {c.slug for c in hb.cards if key in c.facts["approaches"]}
        table = html[html.index("<table"):html.index("</table>")] if "<table" in html else ""
        linked = set(re.findall(r'href="\.\./\.\./cards/([a-z0-9-]+)/"', table))
        assert linked == expected, key


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_comparison_table_has_every_card(site, prefix):
    html = read(site / prefix / "cards" / "compare" / "index.html")
    rows = re.findall(r'<th scope="row"><a href="\.\./([a-z0-9-]+)/">', html)
    assert sorted(rows) == CARDS


def test_language_switcher_keeps_the_page(site):
    fi = read(site / "cards" / "compare" / "index.html")
    en = read(site / "en" / "cards" / "compare" / "index.html")
    assert '<link rel="alternate" href="../../en/cards/compare/" hreflang="en">' in fi
    assert '<link rel="alternate" href="../../../cards/compare/" hreflang="fi">' in en
    card = read(site / "en" / "cards" / CARDS[0] / "index.html")
    assert f'href="../../../cards/{CARDS[0]}/" hreflang="fi"' in card


def test_sitemap_has_alternates(site):
    xml = read(site / "sitemap.xml")
    for slug in CARDS:
        assert f"/cards/{slug}/</loc>" in xml
        assert f'hreflang="en" href="http://127.0.0.1:8000/en/cards/{slug}/"' in xml


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_card_pages_do_not_carry_other_cards(site, prefix):
    """The navigation lists sections, not cards: no card page mentions another card (except in its
    bounded list of related cards, and its two neighbours in the previous/next links: constants,
    not lists that grow)."""
    for slug in CARDS:
        html = re.sub(r'<nav class="hb-related".*?</nav>', "", read(site / prefix / "cards" / slug / "index.html"), flags=re.S)
        pager = re.findall(r'<nav class="hb-pager".*?</nav>', html, re.S)
        assert len(pager) == 1 and pager[0].count('href="') <= 3, pager
        html = html.replace(pager[0], "")
        others = [o for o in CARDS if o != slug and f"cards/{o}/" in html]
        assert others == [], (slug, others)


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("alternate", "canonical"):
            self.urls.append(a["href"])


def test_no_third_party_requests(site):
    for page in site.rglob("*.html"):
        parser = _Resources()
        parser.feed(read(page))
        external = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        assert external == [], (page, external)
    assert "fonts.googleapis" not in "".join(read(p) for p in site.rglob("*.html"))


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_key_figures_sources_link_to_the_reference_list_of_the_same_language(site, prefix):
    """A figure's source on the English key figures page opens the English reference list, not the Finnish one."""
    page = site / prefix / "facts" / "index.html"
    links = re.findall(r'href="([^"]*bibliography/#ref-[^"]+)"', read(page))
    assert links
    for link in links:
        target = (page.parent / link.split("#")[0]).resolve()
        assert target == (site / prefix / "bibliography").resolve(), link
