"""The promise that every fact has a source, kept where it is made.

The pages that make it are the cards, the research summaries and any page whose front matter says
``sourced: true`` (the journalists' page). In them, every factual paragraph cites a source.

What counts, said simply (the check cannot read meaning):

- a **factual paragraph** is a paragraph of running text whose words (not link targets, addresses,
  code or markup) hold a number (any digit), an
  acronym (two or more capital letters, e.g. THL) or the name of an organisation that a card names
  (its organisations and research partners, and each part of such a name: "Eksote" in
  "Etelä-Karjalan sosiaali- ja terveyspiiri (Eksote)");
- it **cites a source** when it holds a citation (``[@key]``) or a key figure (``{{fact:id}}``, which
  shows its source);
- lists, tables and headings are not paragraphs, and a summary's last section (its application to
  practice, :func:`handbook.content.handbook.practice_heading`) is the handbook's own and says so.
"""

from __future__ import annotations

import re

from handbook.content.handbook import Handbook, practice_heading
from handbook.content.pages import MarkdownPage, is_summary
from handbook.findings import Finding, finding

_CITED = re.compile(r"\[@|\{\{fact:")
_NUMBER_OR_ACRONYM = re.compile(r"\d|\b[A-ZÅÄÖ]{2,}\b")
#: what a paragraph holds besides its words: link targets, addresses, code, HTML tags, attribute lists
_NOT_WORDS = re.compile(r"\]\([^)]*\)|https?://\S+|`[^`]*`|<[^>]*>|\{[^}]*\}")
#: where a name given in several parts splits: "Porin kaupunki, perusturva", "X – Y (Z)"
_NAME_PARTS = re.compile(r"\s*(?:,|\(|\)|\s[–—-]\s)\s*")


def promised(page: MarkdownPage) -> bool:
    """Whether ``page`` is one that promises a source for every fact."""
    return page.src.startswith("cards/") or is_summary(page.src) or page.meta.get("sourced") is True


def organisation_names(hb: Handbook) -> frozenset[str]:
    """The organisations the cards name (organisations and research partners), whole and by parts of
    three or more letters, in every language."""
    names: set[str] = set()
    for card in hb.cards:
        for item in [*(card.facts.get("organisations") or []), *(card.facts.get("research_partners") or [])]:
            for name in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(name, str):
                    names.add(name.strip())
                    names.update(part for part in _NAME_PARTS.split(name) if len(part) >= 3)
    return frozenset(name for name in names if name)


def factual(text: str, names: frozenset[str]) -> bool:
    """Whether a paragraph's text is factual (see the module's description): its words, that is, not a
    link's target, an address, code or markup (``[see also](../x-2018/)`` states no fact)."""
    words = _NOT_WORDS.sub(" ", text)
    return bool(_NUMBER_OR_ACRONYM.search(words)) or any(name in words for name in names)


def page_findings(page: MarkdownPage, names: frozenset[str]) -> list[Finding]:
    """An error for each factual paragraph of ``page`` that cites no source."""
    out: list[Finding] = []
    practice = practice_heading(page.lang).rstrip("?").strip()
    own = False
    for tag, line, text in page.outline:
        if tag.startswith("h") and tag[1:].isdigit():
            own = is_summary(page.src) and text.rstrip("?").strip() == practice
        elif tag == "p" and not own and not _CITED.search(text) and factual(text, names):
            out.append(finding(page.rel, line, "sourced", "uncited-paragraph", start=_start(text)))
    return out


def _start(text: str) -> str:
    words = text.split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def check(hb: Handbook) -> list[Finding]:
    """The uncited factual paragraphs of every page that promises a source for every fact."""
    names = organisation_names(hb)
    return [f for page in hb.pages if promised(page) for f in page_findings(page, names)]
