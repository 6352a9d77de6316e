"""The page parts' templates (``hooks/handbook/render/templates/``): every field arrives escaped, and the
normal output is what the page shows.

Each template is rendered through the function that fills it, from cards, a bibliography, figures,
terms and commits made here (not today's content), once with markup in every text field and once
with plain text. The markup must arrive as text: the output (a Markdown page rendered with the
site's own Markdown extensions first) has exactly the elements and attributes of the plain output,
no ``javascript:`` URL, and the markup itself as text. Keys that the schema restricts to a
vocabulary or a slug (a card's id, region, status, approaches; a term's or figure's id) stay keys.
The handbook's own words (the catalogs', the vocabularies', the fields' help) are escaped as HTML
but may hold Markdown, so the parts that show only those are given HTML markup alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import markdown
import pytest
import yaml
from markupsafe import Markup

from conftest import ROOT
from handbook import safety
from handbook.content import bib as bibmod, knowledge, vocab
from handbook.content.cards import Card
from handbook.content.citations import Citation, Cite
from handbook.content.figures import Fact
from handbook.content.glossary import Term
from handbook.content.regions import COUNTIES
from handbook.content.history import Commit
from handbook.content.yamlmap import LineMap
from handbook.i18n import format_date, root, t
from handbook.render import card_index, cards, cite, figures as facts, fields, glossary, history, knowledge as knowledge_html
from handbook.render import map as map_html, pdf, references, related, templates, translations

#: markup of every kind a field could bring: elements, both quotes breaking out of an attribute, an
#: entity, template syntax, a Markdown link with a script URL, emphasis, an attribute list, a line
#: break that would start a heading
HOSTILE = ("<script>alert(1)</script> \" onmouseover=\"alert(2) ' onfocus='alert(3) & &amp; {{ 7*7 }} {% if 1 %}"
           " [x](javascript:alert(4)) *em* _u_ `c` | {: onclick=alert(5) } <img src=x onerror=alert(6)>\n\n# h")
#: markup for the handbook's own words (vocabulary labels, the fields' help): they are escaped as HTML but,
#: like the catalogs' texts, may hold Markdown
HOSTILE_HTML = ("<script>alert(1)</script> \" onmouseover=\"alert(2) ' onfocus='alert(3) & &amp; {{ 7*7 }} {% if 1 %}"
                " <img src=x onerror=alert(6)>")
PLAIN = "Plain text"
#: the citation syntax cannot hold [ ] @ ; or a line break: a figure's locator is markup without them
HOSTILE_LOCATOR = "<script>alert(1)</script> \" ' & {{ 7*7 }} *em* <img src=x onerror=alert(6)>"
LANGS = ("fi", "en")
KEY = "virtanen2020"
DAY = dt.date(2024, 5, 2)
#: where the cards made here would be (nothing is read from there)
PROJECT = Path("/project")


# --- the parts of what a page shows ------------------------------------------------------------------
class Parsed(HTMLParser):
    """An HTML fragment's start tags (element and attribute names), attribute values, text and links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.values: list[str] = []
        self.text: list[str] = []
        self.links: list[list[str]] = []
        self._open_links = 0
        self._headerlink = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.values += [value or "" for _, value in attrs]
        if tag == "a" and dict(attrs).get("class") == "headerlink":  # the site's "¶" after a heading
            self._headerlink = True
        elif tag == "a":
            self.links.append([dict(attrs).get("href") or "", ""])
            self._open_links += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.values += [value or "" for _, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._headerlink:
            self._headerlink = False
        elif tag == "a" and self._open_links:
            self._open_links -= 1

    def handle_data(self, data: str) -> None:
        if self._headerlink:
            return
        self.text.append(data)
        if self._open_links:
            self.links[-1][1] += data

    def shown(self) -> str:
        """The text a reader sees, its white space collapsed."""
        return squeeze("".join(self.text))

    def hrefs(self) -> list[tuple[str, str]]:
        return [(href, squeeze(text)) for href, text in self.links]


def squeeze(text: str) -> str:
    return " ".join(text.split())


class _Config(yaml.SafeLoader):
    """mkdocs.yml's YAML: its tags (``!ENV``) are read as nothing, the rest as YAML."""


_Config.add_multi_constructor("!", lambda loader, suffix, node: None)


@functools.lru_cache(maxsize=1)
def site_extensions() -> tuple[list, dict]:
    """The Markdown extensions of mkdocs.yml and their settings."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Config)
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings[name] = options or {}
    return names, settings


def site_markdown(text: str) -> str:
    """Markdown as the site renders it: with mkdocs.yml's extensions, after MkDocs takes the front matter off."""
    names, settings = site_extensions()
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return markdown.markdown(body, extensions=names, extension_configs=settings)


# --- fixtures: a card, a bibliography, figures, terms, commits ---------------------------------------
def a_card(text: str, slug: str = "kortti-a") -> Card:
    """A card whose every text field is ``text`` (its keys from the vocabularies)."""
    kind = next(k for k in knowledge.TYPES if k != knowledge.DEFAULT)
    facts = {
        "id": slug, "name": {"fi": text, "en": text}, "organisations": [text, {"fi": text, "en": text}],
        "municipalities": [text], "region": next(r for r in vocab.REGIONS if r in COUNTIES), "status": next(iter(vocab.STATUS)),
        "status_as_of": "2020-03-04", "start": "2018-01", "recognitions": [next(iter(vocab.RECOGNITIONS))],
        "target_groups": list(vocab.TARGET_GROUPS)[:2], "approaches": list(vocab.APPROACHES)[:2],
        "research_partners": [text], "sources": [KEY], "reviewed": "2021-05-06",
        "contact": {"organisation": text, "role": {"fi": text, "en": text}, "url": "https://example.org/" + text},
        "knowledge": {"type": kind, "source": KEY},
    }
    return Card(slug=slug, folder=PROJECT / "docs" / "cards" / slug, facts=facts, texts={}, lines=LineMap(None))


def three_cards(text: str) -> list[Card]:
    return [a_card(text, slug) for slug in ("kortti-a", "kortti-b", "kortti-c")]


def a_bibliography(text: str) -> bibmod.Bibliography:
    """One book whose title, publisher and note are ``text`` (BibTeX braces: ``{{`` and ``}}`` are groups)."""
    return bibmod.parse_text(f"@book{{{KEY},\n  author = {{Virtanen, Anna}},\n  title = {{{text}}},\n"
                             f"  publisher = {{{text}}},\n  note = {{{text}}},\n  year = {{2020}}\n}}\n",
                             "bibliography/t.bib", today=dt.date(2026, 6, 1))


def a_fact(text: str, locator: str) -> Fact:
    pair = {"fi": text, "en": text}
    return Fact(id="luku", value=text, unit=pair, measures=pair, source=KEY, locator={"fi": locator, "en": locator},
                refers_to=pair, line=1, quote=text, quote_lang="fi")


def a_term(text: str, editors: bool = False) -> Term:
    return Term(id="sana", term={"fi": text, "en": text}, definition={"fi": text, "en": text},
                source=None if editors else KEY, match={"fi": ["sana"], "en": ["word"]}, line=1, editors=editors)


def commits(text: str) -> dict[str, list[Commit]]:
    made = [Commit(sha="a" * 40, time=dt.datetime(2024, 5, 2, 12), notes=(("fi", text), ("en", text)), order=0),
            Commit(sha="b" * 40, time=dt.datetime(2023, 1, 9, 12), order=1, added=frozenset({"docs/x.fi.md", "docs/x.en.md"}))]
    return {"docs/x.fi.md": made, "docs/x.en.md": made}


def marked(text: str, lang: str) -> str:
    html = "<p>sana and word here.</p>"
    out, used = glossary.Marker([a_term(text)], lang).mark(html, "../")
    assert used == ["sana"]
    return out


def quoted(text: str, lang: str, locator: str) -> str:
    """A page quoting a figure ({{fact:id}}), its citation rendered as the page's are."""
    out = facts.quote("Luku: {{fact:luku}}.\n", {"luku": a_fact(text, locator)}, lang, "../")
    return references.Formatter(a_bibliography(PLAIN)).render_citations(out, lang)[0]


def citation(text: str, lang: str, narrative: bool = False) -> str:
    fmt = references.Formatter(a_bibliography(PLAIN))
    items = (Cite(KEY, prefix=text, locator=text), Cite("unknown"))
    return "Teksti " + fmt.citation(Citation(1, 0, 0, items, narrative), lang) + "."


def cite_page(text: str, lang: str) -> str:
    entry = references.page_entry("handbook-kortti-a", text, text, "https://example.org/" + text, "2024-01-02")
    commit = commits(text)["docs/x.fi.md"][0]
    entry = cite.versioned(entry, commit, "https://example.org/repo", ["docs/x.fi.md"])
    return references.cite_this_page(entry, "handbook-kortti-a", lang)


def template_only(name: str, **context) -> str:
    """A template rendered directly (for the parts whose data is the handbook's own: vocabularies, fields)."""
    return templates.render(name, **context)


def translation_rows(text: str) -> list[dict]:
    return [{"src": "x.md", "lang": "en", "title": text, "url": "en/x/", "state": state}
            for state in ("ok", "stale", "unrecorded", "missing")]


def pager(text: str, lang: str) -> str:
    previous, following = a_card(text, "kortti-a"), a_card(text, "kortti-c")
    return cards.card_pager(previous, following, lang, "../../")


# template → (is it Markdown, its output for a text in every field and a language)
CASES: dict[str, tuple[bool, Callable[[str, str], str]]] = {
    "fact_box.html": (False, lambda text, lang: cards.fact_box(a_card(text), lang, "../../", review_due=True)),
    "fact_values.html": (False, lambda text, lang: cards.fact_box(a_card(text), lang, "../../")),
    "parts.html": (False, lambda text, lang: card_index.card_table([a_card(text)], lang, "../", filters=False)),
    "changed_line.html": (False, lambda text, lang: template_only("changed_line.html", day=DAY, lang=lang)),
    "reviewed_line.html": (False, lambda text, lang: template_only("reviewed_line.html", day=DAY, lang=lang)),
    "card_title.md": (True, lambda text, lang: cards.card_title(a_card(text), lang, "Teksti.")),
    "breadcrumb.html": (False, lambda text, lang: template_only("breadcrumb.html", lang=lang, base="../../")),
    "not_found.html": (False, lambda text, lang: template_only("not_found.html", lang=lang, homes={"fi": "/", "en": "/en/"})),
    "pager.html": (False, pager),
    "card_table.html": (False, lambda text, lang: card_index.card_table(three_cards(text), lang, "../")),
    "cards_index.md": (True, lambda text, lang: card_index.cards_index_page(three_cards(text), lang)),
    "approaches_index.md": (True, lambda text, lang: template_only(
        "approaches_index.md", approaches=[("a-key", text, 2, text), ("b-key", text, 1, text)], lang=lang)),
    "approach.md": (True, lambda text, lang: card_index.approach_page(list(vocab.APPROACHES)[0], three_cards(text), lang)),
    "compare.md": (True, lambda text, lang: card_index.compare_page(three_cards(text), lang)),
    "map_tiles.html": (False, lambda text, lang: template_only(
        "map_tiles.html", tiles=[{"key": "a", "name": text, "letters": 9, "row": 0, "col": 1, "count": 2},
                                 {"key": "b", "name": text, "letters": 6, "row": 1, "col": 0, "count": 0}], lang=lang, base="../")),
    "map_table.html": (False, lambda text, lang: template_only(
        "map_table.html", areas=[("a", text, 2), ("b", text, 0)], lang=lang, base="../")),
    "map.md": (True, lambda text, lang: map_html.map_page(three_cards(text), lang)),
    "card_list.html": (False, lambda text, lang: map_html.card_list(three_cards(text), lang, "../../")),
    "region.md": (True, lambda text, lang: "\n".join(map_html.region_pages(three_cards(text), lang).values())),
    "citation.html": (True, lambda text, lang: citation(text, lang) + "\n\n" + citation(text, lang, narrative=True)),
    "reference_list.html": (False, lambda text, lang: references.Formatter(a_bibliography(text)).reference_list(
        [KEY], lang, "../../")),
    "bibliography.md": (True, lambda text, lang: references.Formatter(a_bibliography(text)).bibliography_page(
        {KEY: {lang: [("cards/kortti-a/", text), ("faq/", text)]}}, lang)),
    "cite_page.html": (False, cite_page),
    "history.html": (False, lambda text, lang: history.history_section(
        commits(text), lang, "https://example.org/repo", [f"docs/x.{lang}.md"])),
    "cite_version.html": (False, lambda text, lang: history.cited_version(
        commits(text)["docs/x.fi.md"][0], lang, "https://example.org/repo", ["docs/x.fi.md"])),
    "changelog.md": (True, lambda text, lang: history.changelog(
        three_cards(text), {"docs/cards/kortti-a/card.yml": [DAY, dt.date(2023, 1, 9)],
                            "docs/cards/kortti-b/index.fi.md": [DAY]}, PROJECT, lang)),
    "maintenance.md": (True, lambda text, lang: history.maintenance(three_cards(text), dt.date(2030, 1, 1), lang)),
    "related.html": (False, lambda text, lang: related.related_html(
        [(a_card(text, "kortti-b"), 2, True), (a_card(text, "kortti-c"), 1, False)], lang, "../../")),
    "knowledge_scale.md": (True, lambda text, lang: template_only(
        "knowledge_scale.md", kinds=[("a-key", text, text), ("b-key", text, text)], lang=lang, values=True)),
    "knowledge_cards.md": (True, lambda text, lang: knowledge_html.cards_by_type(three_cards(text), lang)),
    "fields.md": (True, lambda text, lang: template_only(
        "fields.md", fields=[("name", True, text, text), ("other", False, text, text)], lang=lang)),
    "translations.md": (True, lambda text, lang: translations.status_page(translation_rows(text), lang)),
    "print_button.html": (False, lambda text, lang: pdf.print_button(lang)),
    "book_links.html": (False, lambda text, lang: pdf.links_html(lang, "../")),
    "term_link.html": (False, marked),
    "term_definitions.html": (False, marked),
    "glossary.md": (True, lambda text, lang: glossary.glossary_page([a_term(text), a_term(text, editors=True)], lang)),
    "fact_link.html": (True, lambda text, lang: quoted(text, lang, HOSTILE_LOCATOR if text != PLAIN else PLAIN)),
    "fact_quotes.html": (True, lambda text, lang: quoted(text, lang, HOSTILE_LOCATOR if text != PLAIN else PLAIN)),
    "facts.md": (True, lambda text, lang: facts.table_page(
        [a_fact(text, text)], {"luku": {lang: [("cards/kortti-a/", text)]}}, lang, references.Formatter(a_bibliography(PLAIN)))),
}

#: the parts whose data is the handbook's own (no editor's text reaches them): escaped all the same
NO_EDITOR_TEXT = {"changed_line.html", "reviewed_line.html", "breadcrumb.html", "not_found.html", "print_button.html", "book_links.html",
                  "cite_version.html", "map.md"}


#: the parts that show only the handbook's own words (given HOSTILE_HTML)
OWN_TEXT = {"approaches_index.md", "knowledge_scale.md", "fields.md"}


def shown_html(name: str, text: str, lang: str) -> str:
    is_markdown, make = CASES[name]
    out = make(text, lang)
    return site_markdown(out) if is_markdown else out


def test_every_template_has_a_case():
    files = sorted(p.name for p in templates.FOLDER.iterdir() if p.is_file())
    assert files == sorted(CASES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_markup_in_every_field_arrives_as_text(name, lang):
    markup = HOSTILE_HTML if name in OWN_TEXT else HOSTILE
    hostile, plain = Parsed(shown_html(name, markup, lang)), Parsed(shown_html(name, PLAIN, lang))
    assert hostile.tags == plain.tags, "the markup brought in an element or an attribute"
    assert not [v for v in hostile.values if safety.scheme_of(v) == "javascript"]
    if name in NO_EDITOR_TEXT:
        return
    seen = [hostile.shown()] + [squeeze(v) for v in hostile.values]
    if name in ("reference_list.html", "cite_page.html"):
        # a reference is LaTeX (braces are groups, % starts a comment): the element arrives as text
        wanted = "<script>alert(1)</script>"
    else:
        wanted = squeeze(markup)  # template syntax too: it is not run
    assert any(wanted in s for s in seen), (wanted, seen)


# --- the normal output: what the page shows ----------------------------------------------------------
def test_fact_box_shows_each_fact_under_its_label():
    card = a_card(PLAIN)
    for lang in LANGS:
        box = Parsed(cards.fact_box(card, lang, "../../", review_due=True))
        view = cards.view(card, lang)
        assert box.tags[:3] == [("aside", ("aria-label", "class")), ("p", ("class",)), ("p", ("class", "role"))]
        labels = re.findall(r"<dt>(.*?)</dt>", cards.fact_box(card, lang, "../../"))
        assert labels == [t(key, lang) for key in view.rows]
        assert view.rows == ("organisations", "municipalities", "region", "status", "knowledge", "start",
                             "recognitions", "target_groups", "approaches", "research_partners", "contact", "reviewed")
        assert t("review_due", lang) in box.shown()
        hrefs = dict(box.hrefs())
        assert hrefs[f"../../regions/{view.county}/"] == view.region_name
        for key, label in view.approaches:
            assert hrefs[f"../../approaches/{key}/"] == label
        assert hrefs["../../methods/#" + view.knowledge] == t("knowledge_more", lang)
        assert hrefs["https://example.org/" + PLAIN] == "https://example.org/" + PLAIN
        assert f"{PLAIN}, {PLAIN}" in box.shown()  # the organisations, joined
        assert f'({t("status_as_of", lang, date=format_date(dt.date(2020, 3, 4), lang))})' in box.shown()
        assert '<time datetime="2021-05-06">' in cards.fact_box(card, lang, "../../")


def test_a_card_without_the_optional_facts_has_no_rows_for_them():
    card = a_card(PLAIN)
    for key in ("start", "recognitions", "research_partners"):
        del card.facts[key]
    assert cards.view(card, "fi").rows == ("organisations", "municipalities", "region", "status", "knowledge",
                                          "target_groups", "approaches", "contact", "reviewed")
    html = cards.fact_box(card, "fi", "../../")
    assert t("start", "fi") not in html and t("research_partners", "fi") not in html
    assert "hb-review-due" not in html


def test_card_page_parts_link_within_the_language():
    for lang in LANGS:
        crumbs = Parsed(cards.card_breadcrumb(lang, "../../"))
        assert crumbs.hrefs() == [("../../", t("home", lang)), ("../../cards/", t("cards_title", lang))]
        pager = Parsed(cards.card_pager(a_card("A", "kortti-a"), a_card("C", "kortti-c"), lang, "../../"))
        assert pager.hrefs() == [("../../cards/kortti-a/", f"{t('previous_card', lang)} A"),
                                 ("../../cards/", t("all_cards", lang)),
                                 ("../../cards/kortti-c/", f"{t('next_card', lang)} C")]
        assert Parsed(cards.card_pager(None, None, lang, "../../")).hrefs() == [("../../cards/", t("all_cards", lang))]
        day = format_date(DAY, lang)
        assert Parsed(cards.changed_line(DAY, lang)).shown() == f"{t('changed', lang)}: {day}"
        assert Parsed(cards.reviewed_line("2024-05-02", lang)).shown() == \
            f"{t('reviewed', lang)}: {day} · {t('sources_at_end', lang)}"
        assert Parsed(pdf.print_button(lang)).shown() == t("print_card", lang)
        assert cards.card_title(a_card("Nimi"), lang, "\n\nTeksti.") == "# Nimi\n\nTeksti."


def test_book_links_name_each_book_in_the_pages_language():
    for lang, base, up in (("fi", "", ""), ("en", "", "../")):
        links = Parsed(pdf.links_html(lang, base)).hrefs()
        assert links == [(up + pdf.FILE_NAMES[other], f"{t('in_' + other, lang)} (PDF)") for other in LANGS]
    assert pdf.FILE_NAMES["en"] == "handbook.pdf"


def test_card_table_rows_and_filters():
    cards_ = three_cards(PLAIN)
    html = card_index.card_table(cards_, "en", "../")
    page = Parsed(html)
    rows = re.findall(r"<tr data-region=\"([^\"]*)\" data-status=\"([^\"]*)\" data-approaches=\"([^\"]*)\" "
                      r"data-knowledge=\"([^\"]*)\">", html)
    card = cards_[0]
    assert rows == [(card.facts["region"], card.facts["status"], " ".join(card.facts["approaches"]),
                     card.facts["knowledge"]["type"])] * 3
    assert [href for href, _ in page.hrefs() if "/cards/" in href] == [f"../cards/{c.slug}/" for c in cards_]
    selects = re.findall(r'<select name="(\w+)">(.*?)</select>', html)
    assert [name for name, _ in selects] == ["region", "approach", "status", "knowledge"]
    offered = {name: re.findall(r'<option value="([^"]*)">', options) for name, options in selects}
    assert offered["approach"] == ["", *card.facts["approaches"]]  # only what the cards use
    assert f'>{t("cards_count", "en", n=3)}</caption>' in html
    assert card_index.card_table([], "en", "../") == f"<p>{t('no_cards', 'en')}</p>"
    assert "<form" not in card_index.card_table(cards_, "en", "../", filters=False)


def test_comparison_has_a_cell_for_every_fact():
    cards_ = three_cards(PLAIN)
    del cards_[1].facts["start"]
    page = site_markdown(card_index.compare_page(cards_, "fi"))
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page)
    assert len(rows) == 3
    assert all(row.count("<td>") == len(card_index.COMPARED) for row in rows)
    start = card_index.COMPARED.index("start")
    assert re.findall(r"<td>(.*?)</td>", rows[1])[start] == t("none", "fi")
    assert card_index.compare_page([], "fi") == f"# {t('compare_title', 'fi')}\n\n{t('no_cards', 'fi')}\n"


def test_generated_card_pages_read_as_markdown():
    for lang in LANGS:
        index = Parsed(site_markdown(card_index.cards_index_page(three_cards(PLAIN), lang)))
        assert index.shown().startswith(f"{t('cards_title', lang)} {t('cards_intro', lang)}")
        key = list(vocab.APPROACHES)[0]
        approach = Parsed(site_markdown(card_index.approach_page(key, three_cards(PLAIN), lang)))
        assert approach.shown().startswith(f"{vocab.APPROACHES[key][lang]} {vocab.APPROACH_DESCRIPTIONS[key][lang]} "
                                           f"{t('cards_with_approach', lang)}")
        overview = Parsed(site_markdown(card_index.approaches_index_page(three_cards(PLAIN), lang)))
        assert (f"{key}.md", vocab.APPROACHES[key][lang]) in overview.hrefs()
        assert f"({t('cards_count', lang, n=3)})" in overview.shown()


def test_map_and_area_pages():
    cards_ = three_cards(PLAIN)
    county = cards.view(cards_[0], "fi").county
    html = map_html.map_page(cards_, "fi")
    page = Parsed(site_markdown(html))
    assert (f"../regions/{county}/", map_html.county_label(county, "fi")) in page.hrefs()  # the table
    assert f'<a href="../regions/{county}/"><span class="hb-map__name">' in html  # the tile
    assert map_html.longest_word("Pohjois-Pohjanmaa") == len("Pohjanmaa")
    assert "&shy;" not in html and "hb-map__w9" in html  # no soft hyphen: the tile is sized for its word
    areas = map_html.region_pages(cards_, "en")
    assert list(areas) == [f"regions/{county}.md"]
    area = Parsed(site_markdown(areas[f"regions/{county}.md"]))
    assert [href for href, _ in area.hrefs()] == ["../map.md", "../cards/index.md",
                                                  *(f"../../cards/{c.slug}/" for c in cards_)]


def bibliography_case():
    bib = a_bibliography("Title of the book")
    return bib, references.Formatter(bib)


def test_reference_list_and_bibliography_page():
    bib, fmt = bibliography_case()
    for lang in LANGS:
        listed = Parsed(fmt.reference_list([KEY, KEY], lang, "../../"))
        assert listed.tags[:2] == [("ul", ("class",)), ("li", ("id",))] and len(listed.tags) > 2
        assert ("../../bibliography/#ref-" + KEY, t("in_bibliography", lang)) in listed.hrefs()
        assert "Title of the book" in listed.shown() and "Virtanen" in listed.shown()
        page = Parsed(site_markdown(fmt.bibliography_page({KEY: {lang: [("faq/", "FAQ")]}}, lang)))
        up = "../" + templates.up_to_site(lang)
        assert (up + "faq/", "FAQ") in page.hrefs()
        assert (up + "bibliography.bib", "BibTeX (.bib)") in page.hrefs()
        assert f"{t('cited_on', lang)}: FAQ" in page.shown()
        assert t("not_cited", lang) in Parsed(site_markdown(fmt.bibliography_page({}, lang))).shown()
    assert isinstance(fmt.html(KEY, "fi"), Markup)


def test_citations_link_their_entries():
    fmt = bibliography_case()[1]
    one = Citation(1, 0, 0, (Cite(KEY, prefix="ks.", locator="s. 3"), Cite("nobody")))
    html = fmt.citation(one, "fi")
    label = fmt.bib.labels[KEY].text("fi")
    assert html == (f'(ks. <a class="hb-cite" href="#ref-{KEY}" aria-describedby="ref-{KEY}">{label}</a>, s. 3; '
                    "@nobody)")
    narrative = fmt.citation(Citation(1, 0, 0, (Cite(KEY),), narrative=True), "fi")
    assert Parsed(narrative).shown() == fmt.bib.labels[KEY].narrative("fi")


def test_cite_this_page_names_the_version_and_gives_bibtex():
    html = cite_page("Sivun nimi", "fi")
    block = cite.cite_with_version(html, commits("x")["docs/x.fi.md"][0], "fi", "https://example.org/repo",
                                   ["docs/x.fi.md"])
    page = Parsed(block)
    assert page.shown().startswith(t("cite_page", "fi"))
    assert f"{t('cite_version', 'fi')}: {format_date(DAY, 'fi')}" in page.shown()
    assert ("https://example.org/repo/blob/" + "a" * 40 + "/docs/x.fi.md", t("cite_permalink", "fi")) in page.hrefs()
    assert ("#hb-history", t("history_title", "fi").lower()) in page.hrefs()
    bibtex = re.search(r"<pre><code>(.*?)</code></pre>", html, re.S).group(1)
    assert bibtex.startswith("@misc{handbook-kortti-a,\n") and "title = {Sivun nimi}" in bibtex


def test_history_lists_each_change_newest_first():
    for lang in LANGS:
        html = history.history_section(commits("Korjattu luku."), lang, "", [f"docs/x.{lang}.md"])
        page = Parsed(html)
        assert page.shown().startswith(f"{t('history_title', lang)} ({t('history_count', lang, n=2)})")
        items = re.findall(r"<li>(.*?)</li>", html)
        assert [Parsed(i).shown() for i in items] == [
            f"{format_date(DAY, lang)} – Korjattu luku.",
            f"{format_date(dt.date(2023, 1, 9), lang)} – {t('change_added', lang)}"]
        assert not page.hrefs()  # no repository, no links


def test_changelog_and_maintenance_pages():
    cards_ = three_cards("Kortti")
    log = history.changelog(cards_, {"docs/cards/kortti-a/card.yml": [DAY, dt.date(2023, 1, 9)],
                                     "docs/cards/kortti-b/index.fi.md": [DAY]}, PROJECT, "fi")
    page = Parsed(site_markdown(log))
    assert page.hrefs() == [("cards/kortti-b/index.md", "Kortti"), ("cards/kortti-a/index.md", "Kortti"),
                            ("cards/kortti-a/index.md", "Kortti")]
    assert f"{t('changelog_added', 'fi')}: Kortti {t('changelog_updated', 'fi')}: Kortti" in page.shown()
    assert t("changelog_none", "fi") in history.changelog(cards_, {}, PROJECT, "fi")
    due = Parsed(site_markdown(history.maintenance(cards_, dt.date(2030, 1, 1), "en")))
    assert [href for href, _ in due.hrefs() if "cards/" in href] == [f"cards/{c.slug}/index.md" for c in cards_]
    assert t("maintenance_none", "en") in history.maintenance(cards_, dt.date(2021, 6, 1), "en")


def test_related_cards_say_why():
    html = related.related_html([(a_card("B", "kortti-b"), 2, True)], "fi", "../../")
    page = Parsed(html)
    assert page.hrefs() == [("../../cards/kortti-b/", "B")]
    assert f"({t('related_shared', 'fi', n=2)}, {t('related_same_region', 'fi')})" in page.shown()
    assert related.related_html([], "fi", "../../") == ""


def test_methods_page_tables():
    """The kinds of knowledge, and the cards of each kind; a card's name arrives escaped (it did not)."""
    for lang in LANGS:
        scale = Parsed(site_markdown(knowledge_html.scale_table(lang)))
        assert scale.tags.count(("span", ("id",))) == len(knowledge.TYPES)
        assert scale.shown().startswith(f"{t('knowledge', lang)} {t('knowledge_meaning', lang)}")
        by_type = knowledge_html.cards_by_type(three_cards("<b>Nimi</b>"), lang)
        page = Parsed(site_markdown(by_type))
        assert [href for href, _ in page.hrefs()] == [f"cards/kortti-{x}/index.md" for x in "abc"]
        assert "<b>" not in site_markdown(by_type) and "<b>Nimi</b>" in page.shown()
        assert knowledge_html.cards_by_type([], lang) == t("no_cards", lang)


def test_fields_table_is_a_markdown_table():
    for lang in LANGS:
        page = site_markdown(fields.fields_table(lang))
        rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
        assert len(rows) == 1 + len(fields.FIELDS)
        assert rows[1].count("<td>") == 4 and f"<code>{fields.FIELDS[0].name}</code>" in rows[1]


def test_translation_status_lists_the_translations_not_up_to_date():
    page = Parsed(site_markdown(translations.status_page(translation_rows("Sivu"), "fi")))
    assert t("translations_summary", "fi", total=4, ok=1) in page.shown()
    assert page.hrefs() == [("x.md", "Sivu")] * 3
    for state in ("stale", "unrecorded", "missing"):
        assert t(f"translation_{state}", "fi") in page.shown()
    ok = translations.status_page(translation_rows("Sivu")[:1], "fi")
    assert t("translations_all_ok", "fi") in ok


def test_glossary_marks_a_term_once_and_defines_it():
    html = marked("Sana", "fi")
    page = Parsed(html)
    assert page.hrefs() == [("../glossary/#term-sana", "sana")]
    assert '<div class="hb-term-defs" hidden data-pagefind-ignore><span id="hb-def-sana">Sana: Sana</span></div>' in html
    glossary_page = glossary.glossary_page([a_term("Sana")], "fi")
    assert "## Sana {#term-sana}" in glossary_page
    shown = Parsed(site_markdown(glossary_page)).shown()
    assert f"Sana ({t('in_en', 'fi')})" in shown and "[@" + KEY + "]" in glossary_page
    three = a_term("Sana")
    three.term["sv"] = "Ord"
    assert f"*Sana* ({t('in_en', 'fi')}), *Ord* ({t('in_sv', 'fi')})" in glossary.glossary_page([three], "fi", ("fi", "en", "sv"))


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_editors_explanation_of_a_term_is_labelled_and_cites_nothing(lang):
    """An explanation of the editors' own says so, on the glossary page and in the term's pop-up, and has
    no citation; a sourced definition has no such label."""
    label = t("editors_note", lang)
    own = glossary.glossary_page([a_term("Sana", editors=True)], lang)
    assert f'<span class="hb-editors-note">{label}</span> Sana' in own and "[@" not in own
    assert "hb-editors-note" not in glossary.glossary_page([a_term("Sana")], lang)
    out, _ = glossary.Marker([a_term("sana", editors=True)], lang).mark("<p>Sana, word.</p>", "../")
    assert f'<span id="hb-def-sana">sana: sana ({label})</span>' in out


def test_a_figure_links_its_row_and_its_source_words():
    page = quoted("69", "fi", "s. 3")
    link = re.search(r'<a class="hb-fact hb-cite" href="../facts/#fact-luku" aria-describedby="hb-quote-luku" '
                     r'id="use-luku">69 69</a> \((.*?)\)', page)
    assert link, page
    assert '<span id="hb-quote-luku">' + t("facts_quote_label", "fi") + ': <q lang="fi">69</q></span>' in page
    table = facts.table_page([a_fact("69", "s. 3")], {"luku": {"fi": [("cards/kortti-a/", "Kortti")]}}, "fi",
                             references.Formatter(a_bibliography(PLAIN)))
    shown = Parsed(site_markdown(table))
    assert ("../cards/kortti-a/#use-luku", "Kortti") in shown.hrefs()
    assert ("../bibliography/#ref-" + KEY, references.Formatter(a_bibliography(PLAIN)).bib.labels[KEY].text("fi")) \
        in shown.hrefs()


def test_a_built_card_page_shows_the_parts_as_rendered(site):
    """The fact box, the way back and the pager of every card, in every language, are in its built page as
    the functions render them (the build adds them after the sanitizer: nothing changes them)."""
    from handbook.content import handbook as handbook_model
    from handbook.content.history import review_due

    hb = handbook_model.load(ROOT)
    assert hb.cards
    for lang in hb.langs:
        for at, card in enumerate(hb.cards):
            page = (site / root(lang) / "cards" / card.slug / "index.html").read_text(encoding="utf-8")
            assert cards.fact_box(card, lang, "../../", review_due(card, dt.date.today())) in page
            assert cards.card_breadcrumb(lang, "../../") in page
            previous = hb.cards[at - 1] if at else None
            following = hb.cards[at + 1] if at + 1 < len(hb.cards) else None
            assert cards.card_pager(previous, following, lang, "../../") in page


# --- the environment ---------------------------------------------------------------------------------
def test_environment_escapes_and_refuses_undefined_names():
    env = templates.environment()
    assert env.autoescape is True
    assert templates.render("term_link.html", id="x", text="<b>", base="") == \
        '<a class="hb-term" href="glossary/#term-x" aria-describedby="hb-def-x">&lt;b&gt;</a>'
    with pytest.raises(Exception, match="undefined"):
        templates.render("term_link.html", id="x", base="")


def test_catalog_texts_keep_their_apostrophes_and_escape_the_rest():
    assert templates.catalog_text("The page's \"x\" <b> &") == "The page's &quot;x&quot; &lt;b&gt; &amp;"
    assert isinstance(templates.environment().globals["t"]("facts", "fi"), Markup)


def test_markdown_filters():
    assert templates.md_text("a_b *c* [d](e) `f` {g} | \\ <i> &\nh") == \
        "a&#95;b &#42;c&#42; &#91;d&#93;(e) &#96;f&#96; &#123;g&#125; &#124; &#92; &lt;i&gt; &amp; h"
    code = templates.environment().filters["code"]
    assert code("a `b` c") == "``a `b` c``" and code("`x") == "`` `x ``"
    assert templates.up_to_site("fi") == "" and templates.up_to_site("en") == "../"


def test_only_sanitized_html_is_marked_safe():
    out = safety.sanitized('<a href="javascript:alert(1)" onclick="x">a</a><script>alert(2)</script><em>b</em>')
    assert isinstance(out, Markup)
    assert "script" not in out and "onclick" not in out and "javascript" not in out and "<em>b</em>" in out
    assert not [p for p in templates.FOLDER.iterdir() if "|safe" in p.read_text(encoding="utf-8")]
