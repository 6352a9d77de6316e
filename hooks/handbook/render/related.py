"""Related cards as a list at the end of a card page."""

from __future__ import annotations

from handbook.content.cards import Card
from handbook.safety import escape


UI = {
    "related": {"fi": "Samankaltaisia käytäntöjä", "en": "Related practices"},
    "shared": {"fi": "yhteisiä työotteita: {n}", "en": "approaches in common: {n}"},
    "same_region": {"fi": "sama maakunta", "en": "same region"},
}


def related_html(found: list[tuple[Card, int, bool]], lang: str, base: str) -> str:
    """The related cards as a plain list (empty when there are none)."""
    if not found:
        return ""
    items = []
    for card, n, same_region in found:
        why = UI["shared"][lang].format(n=n) + (f", {UI['same_region'][lang]}" if same_region else "")
        items.append(f'<li><a href="{base}cards/{card.slug}/">{escape(card.name(lang))}</a> '
                     f'<span class="hb-related__why">({escape(why)})</span></li>')
    title = escape(UI["related"][lang])
    return (f'<nav class="hb-related" aria-label="{title}"><h2 id="hb-related">{title}</h2>'
            f'<ul>{"".join(items)}</ul></nav>')
