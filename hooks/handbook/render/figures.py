"""Key figures on the pages: ``{{fact:id}}`` quoted with its source, and the key figures page."""

from __future__ import annotations

import re

from handbook.content.figures import Fact
from handbook.content.pages import FACT_REF
from handbook.render.references import Formatter
from handbook.render.templates import render, up_to_site


def quote(markdown: str, facts: dict[str, Fact], lang: str, base: str = "") -> str:
    """Replace ``{{fact:id}}`` with the figure and a citation of its source.

    The figure links to its row on the key figures page (under ``base``), and its pop-up
    shows the source's own words: the link is described by a hidden element added at the
    end of the page. The first quote of a figure on a page gets the anchor ``use-<id>`` that
    the figures table links to.
    """
    anchored: set[str] = set()

    def one(match: re.Match[str]) -> str:
        fact = facts.get(match.group(1))
        if fact is None:
            return match.group(0)
        first = fact.id not in anchored
        anchored.add(fact.id)
        # the citation is Markdown for the citation step (:mod:`handbook.render.references`), which escapes it
        return (render("fact_link.html", id=fact.id, text=fact.text(lang), first=first, base=base)
                + f" [@{fact.source}, {fact.locator[lang]}]")

    out = FACT_REF.sub(one, markdown)
    if not anchored:
        return out
    quotes = [(fact_id, facts[fact_id].quote, facts[fact_id].quote_lang) for fact_id in sorted(anchored)]
    return out.rstrip("\n") + "\n\n" + render("fact_quotes.html", quotes=quotes, lang=lang) + "\n"


def table_page(facts: list[Fact], used: dict[str, dict[str, list[tuple[str, str]]]], lang: str,
               formatter: Formatter) -> str:
    """The key figures page of ``lang`` (at ``facts/``): one row per figure."""
    rows = []
    for fact in facts:
        label = formatter.bib.labels.get(fact.source)
        rows.append({"id": fact.id, "text": fact.text(lang), "measures": fact.measures[lang], "quote": fact.quote,
                     "quote_lang": fact.quote_lang, "refers_to": fact.refers_to[lang], "source": fact.source,
                     "label": label.text(lang) if label else "", "locator": fact.locator[lang],
                     "pages": used.get(fact.id, {}).get(lang, [])})
    return render("facts.md", facts=rows, lang=lang, base="../" + up_to_site(lang))
