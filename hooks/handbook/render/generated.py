"""The pages the handbook generates (card index, approaches, bibliography, …), as Markdown.

Plain data in, plain text out: the MkDocs adapter (:mod:`handbook.engine.plugin`) adds these pages to
the build, and the link check (:mod:`handbook.checks.links`) is given them so that links to
them are checked too. Neither MkDocs nor the adapter is imported here.
"""

from __future__ import annotations

import datetime as dt

from handbook.checks import translations
from handbook.content import vocab
from handbook.content.handbook import Handbook
from handbook.render import card_index, figures, glossary, history, map, references
from handbook.render import translations as translation_status


def generated_pages(hb: Handbook, lang: str, formatter: references.Formatter | None = None) -> dict[str, str]:
    """Source path (language-neutral) → Markdown of every generated page in ``lang``.

    ``formatter`` formats the references (a build keeps one, so that each entry is formatted
    once); without it a new one is made."""
    formatter = formatter or references.Formatter(hb.bib)
    pages = {
        "cards/index.md": card_index.cards_index_page(hb.cards, lang),
        "cards/compare.md": card_index.compare_page(hb.cards, lang),
        "approaches/index.md": card_index.approaches_index_page(hb.cards, lang),
    }
    for key in vocab.APPROACHES:
        pages[f"approaches/{key}.md"] = card_index.approach_page(key, hb.cards, lang)
    pages["bibliography.md"] = formatter.bibliography_page(hb.citing, lang)
    pages["facts.md"] = figures.table_page(hb.facts, hb.fact_uses, lang, formatter)
    pages["glossary.md"] = glossary.glossary_page(hb.terms, lang, hb.langs)
    pages["translations.md"] = translation_status.status_page(translations.status(hb), lang)
    pages["changelog.md"] = history.changelog(hb.cards, hb.history, hb.root, lang)
    pages["maintenance.md"] = history.maintenance(hb.cards, dt.date.today(), lang)
    pages["map.md"] = map.map_page(hb.cards, lang)
    pages.update(map.region_pages(hb.cards, lang))
    return pages


def generated_sources(hb: Handbook, formatter: references.Formatter | None = None) -> dict[str, dict[str, str]]:
    """Every generated page's Markdown in every language: source path → language → Markdown."""
    formatter = formatter or references.Formatter(hb.bib)
    by_src: dict[str, dict[str, str]] = {}
    for lang in hb.langs:
        for path, content in generated_pages(hb, lang, formatter).items():
            by_src.setdefault(path, {})[lang] = content
    return by_src
