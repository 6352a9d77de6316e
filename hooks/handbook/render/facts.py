"""Key figures on the pages: ``{{fact:id}}`` quoted with its source, and the key figures page."""

from __future__ import annotations

import re

from handbook.content.facts import Fact
from handbook.content.pages import FACT_REF
from handbook.i18n import t
from handbook.safety import escape


#: "In the source's words", before a figure's quote
QUOTE_LABEL = {"fi": "Lähteen sanoin", "en": "In the source's words"}


def quote(markdown: str, facts: dict[str, Fact], lang: str, base: str = "") -> str:
    """Replace ``{{fact:id}}`` with the figure and a citation of its source.

    The figure links to its row on the key figures page (under ``base``), and its pop-up
    shows the source's own words: the link is described by a hidden element added at the
    end of the page. The first quote of a figure on a page gets the anchor ``use-<id>`` that
    the figures table links to.
    """
    anchored: set[str] = set()

    def one(match: re.Match) -> str:
        fact = facts.get(match.group(1))
        if fact is None:
            return match.group(0)
        anchor = "" if fact.id in anchored else f' id="use-{fact.id}"'
        anchored.add(fact.id)
        return (f'<a class="hb-fact hb-cite" href="{base}facts/#fact-{fact.id}" aria-describedby="hb-quote-{fact.id}"'
                f'{anchor}>{escape(fact.text(lang))}</a> [@{fact.source}, {fact.locator[lang]}]')

    out = FACT_REF.sub(one, markdown)
    if not anchored:
        return out
    quotes = "".join(f'<span id="hb-quote-{fact_id}">{QUOTE_LABEL[lang]}: {facts[fact_id].quote_html()}</span>'
                     for fact_id in sorted(anchored))
    return out.rstrip("\n") + f'\n\n<aside class="hb-fact-quotes" hidden data-pagefind-ignore>{quotes}</aside>\n'


def table_page(facts: list[Fact], used: dict[str, list[tuple[str, str]]], lang: str, formatter) -> str:
    """The key figures page of ``lang`` (at ``facts/``): one row per figure."""
    title = t("facts_title", lang)
    intro = {
        "fi": "Käsikirjan luvut yhdessä paikassa. Jokainen luku on kirjoitettu vain kerran, ja sen vieressä on "
              "lähde ja kohta, josta se on. Luvut ovat juuri niin kuin lähde ne ilmoittaa; eri lähteiden lukuja ei "
              "ole yhdistetty eikä pyöristetty. Sarakkeessa Lähteen sanoin on lähteen oma lause, joka ilmoittaa "
              "luvun, sanatarkasti ja lähteen kielellä. Taulukko on ladattavissa myös tiedostoina "
              "[facts.json](facts.json) ja [facts.csv](facts.csv).",
        "en": "The handbook's figures in one place. Each figure is written once, next to its source and the place "
              "in the source it comes from. Figures are exactly as the source states them; figures from different "
              "sources are neither combined nor rounded. The column In the source's words gives the source's own "
              "sentence that states the figure, word for word and in the source's language. The table can also be downloaded as "
              "[facts.json](facts.json) and [facts.csv](facts.csv).",
    }[lang]
    head = {"fi": ("Luku", "Mitä se kertoo", QUOTE_LABEL["fi"], "Ajankohta", "Lähde", "Käytössä sivuilla"),
            "en": ("Figure", "What it measures", QUOTE_LABEL["en"], "Refers to", "Source", "Used on")}[lang]
    base = "../" if lang == "fi" else "../../"
    rows = []
    for fact in facts:
        label = formatter.bib.labels.get(fact.source)
        source = (f'<a href="../bibliography/#ref-{escape(fact.source)}">{escape(label.text(lang))}</a>, '
                  f'{escape(fact.locator[lang])}' if label else escape(fact.source))
        pages = ", ".join(f'<a href="{base}{escape(url)}#use-{fact.id}">{escape(title_)}</a>'
                          for url, title_ in used.get(fact.id, {}).get(lang, []))
        rows.append(f'<tr id="fact-{fact.id}"><td><strong>{escape(fact.text(lang))}</strong></td><td>{escape(fact.measures[lang])}</td>'
                    f'<td>{fact.quote_html()}</td><td>{escape(fact.refers_to[lang])}</td><td>{source}</td><td>{pages or "–"}</td></tr>')
    cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    # a narrow screen between phone and desktop scrolls the table in its own box, not the page
    # no table of contents beside it (the page has no sections): the table gets that width
    return (f"---\nhide:\n  - toc\n---\n\n# {title}\n\n{intro}\n\n<div class=\"hb-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{escape(title)}\">"
            f"<table class=\"hb-facts-table\"><thead data-pagefind-ignore><tr>{cells}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody></table></div>\n")
