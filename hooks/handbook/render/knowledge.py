"""The kind of knowledge on the methods page: the scale and the cards of each kind.
(The fact box's badge is :mod:`handbook.render.cards`' ``knowledge`` row.)"""

from __future__ import annotations

from handbook.content.cards import Card
from handbook.content.knowledge import EXPLANATIONS, TYPES, label, of
from handbook.render.templates import render


def scale_table(lang: str, values: bool = False) -> str:
    """The scale as a Markdown table: for readers (the methods page), each row with its anchor; with
    ``values``, for editors (the editors' guide), with the value ``card.yml`` takes."""
    kinds = [(key, label(key, lang), EXPLANATIONS[key][lang]) for key in TYPES]
    return render("knowledge_scale.md", kinds=kinds, lang=lang, values=values)


def cards_by_type(cards: list[Card], lang: str) -> str:
    """Markdown for a page at the docs root: each knowledge type that has cards, with links to them
    (the filter without JavaScript)."""
    groups: dict[str, list[Card]] = {key: [] for key in TYPES}
    for card in cards:
        groups[of(card.facts)].append(card)
    kinds = [(key, label(key, lang), [(card.name(lang), card.slug) for card in found])
             for key, found in groups.items() if found]
    return render("knowledge_cards.md", kinds=kinds, lang=lang)
