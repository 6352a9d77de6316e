"""The pages the handbook generates (card index, approaches, bibliography, …), as Markdown.

Plain data in, plain text out: the MkDocs adapter (:mod:`handbook.build`) adds these pages to
the build, and the link check (:mod:`handbook.checks.links`) is given them so that links to
them are checked too. Neither MkDocs nor the adapter is imported here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from . import facts, glossary, history, references, regions, render, vocab
from .checks import translations
from .l10n import LANGS

if TYPE_CHECKING:
    from .site import Handbook


def generated_pages(hb: Handbook, lang: str) -> dict[str, str]:
    """Source path (language-neutral) → Markdown of every generated page."""
    pages = {
        "cards/index.md": render.cards_index_page(hb.cards, lang),
        "cards/compare.md": render.compare_page(hb.cards, lang),
        "approaches/index.md": render.approaches_index_page(hb.cards, lang),
    }
    for key in vocab.APPROACHES:
        pages[f"approaches/{key}.md"] = render.approach_page(key, hb.cards, lang)
    pages["bibliography.md"] = formatter(hb).bibliography_page(hb.citing, lang)
    pages["facts.md"] = facts.table_page(hb.facts, hb.fact_uses, lang, formatter(hb))
    pages["glossary.md"] = glossary.glossary_page(hb.terms, lang)
    pages["translations.md"] = translations.status_page(translations.status(hb), lang)
    pages["changelog.md"] = history.changelog(hb.cards, git_history(hb), hb.root, lang)
    pages["maintenance.md"] = history.maintenance(hb.cards, dt.date.today(), lang)
    pages["map.md"] = regions.map_page(hb.cards, lang)
    pages.update(regions.region_pages(hb.cards, lang))
    return pages


def git_history(hb: Handbook) -> dict:
    """When each content file changed (one git call per build)."""
    if "history" not in hb.cache:
        hb.cache["history"] = history.dates(git_commits(hb))
    return hb.cache["history"]


def git_commits(hb: Handbook) -> dict[str, list[history.Commit]]:
    """The commits that touched each content file (the build's one git call)."""
    if "commits" not in hb.cache:
        hb.cache["commits"] = history.file_commits(hb.root)
    return hb.cache["commits"]


def generated_sources(hb: Handbook) -> dict[str, dict[str, str]]:
    """Every generated page's Markdown per language (made once per build)."""
    if "generated" not in hb.cache:
        by_src: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            for path, content in generated_pages(hb, lang).items():
                by_src.setdefault(path, {})[lang] = content
        hb.cache["generated"] = by_src
    return hb.cache["generated"]


_last_formatter: list[references.Formatter] = []


def formatter(hb: Handbook) -> references.Formatter:
    """The build's reference formatter (each entry formatted once per language).

    While serving, a rebuild with the same bibliography keeps the formatted entries.
    """
    if hb.formatter is None:
        if _last_formatter and _last_formatter[0].bib is hb.bib:
            hb.formatter = _last_formatter[0]
        else:
            hb.formatter = references.Formatter(hb.bib)
            _last_formatter[:] = [hb.formatter]
    return hb.formatter
