"""The kind of knowledge as readers see it: the fact box's badge and the methods page's tables."""

from __future__ import annotations

from handbook.content.knowledge import EXPLANATIONS, TYPES, UI, label, of
from handbook.safety import escape


def badge(facts: dict, lang: str, base: str) -> str:
    """The fact box's value: a badge, the one-line explanation and a link to the methods page."""
    key = of(facts)
    return (f'<span class="hb-knowledge hb-knowledge--{key}">{escape(label(key, lang))}</span> '
            f'<span class="hb-knowledge__why">{escape(EXPLANATIONS[key][lang])}</span> '
            f'<a href="{base}methods/#{key}">{escape(UI["knowledge_more"][lang])}</a>')


def scale_table(lang: str) -> str:
    """The scale as a Markdown table (the methods page shows it), each row with its anchor."""
    head = {"fi": "| Tiedon laji | Mitä se tarkoittaa | Arvo `card.yml`:ssä |",
            "en": "| Kind of knowledge | What it means | Value in `card.yml` |"}[lang]
    rows = [head, "| --- | --- | --- |"]
    for key in TYPES:
        rows.append(f'| <span id="{key}"></span>{label(key, lang)} | {EXPLANATIONS[key][lang]} | `{key}` |')
    return "\n".join(rows)


def cards_by_type(cards: list, lang: str) -> str:
    """Markdown for a page at the docs root: each knowledge type that has cards, with links to them
    (the filter without JavaScript)."""
    groups: dict[str, list] = {key: [] for key in TYPES}
    for card in cards:
        groups[of(card.facts)].append(card)
    parts = []
    for key, found in groups.items():
        if found:
            links = "\n".join(f"- [{card.name(lang)}](cards/{card.slug}/index.md)" for card in found)
            parts.append(f"### {label(key, lang)} ({len(found)}) {{: #cards-{key} }}\n\n{links}")
    return "\n\n".join(parts) or {"fi": "Ei vielä kortteja.", "en": "No cards yet."}[lang]
