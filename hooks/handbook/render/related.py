"""Related cards as a list at the end of a card page."""

from __future__ import annotations

from handbook.content.cards import Card
from handbook.i18n import t
from handbook.render.templates import render


def related_html(found: list[tuple[Card, int, bool]], lang: str, base: str) -> str:
    """The related cards as a plain list (empty when there are none)."""
    if not found:
        return ""
    cards = [(card.slug, card.name(lang),
              t("related_shared", lang, n=n) + (", " + t("related_same_region", lang) if same_region else ""))
             for card, n, same_region in found]
    return render("related.html", cards=cards, lang=lang, base=base)
