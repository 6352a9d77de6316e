"""The map of practices (a tile grid of the wellbeing services counties) and each area's list of cards."""

from __future__ import annotations

import re

from handbook.content.cards import Card
from handbook.content.regions import COUNTIES, UUSIMAA_UNKNOWN, areas, by_county, county_label
from handbook.render.cards import view
from handbook.render.templates import render


def longest_word(name: str) -> int:
    """The letters of the longest word of an area's name (a word ends at a space or a hyphen, where the
    tile may wrap): the tile's text is made small enough for it, so that no word is broken."""
    longest = max((len(word) for word in re.split(r"[\s\-\u2010]+", name) if word), default=1)
    return min(max(longest, SHORTEST), LONGEST)


#: the word lengths the style sheet sizes a tile's text for (``hb-map__w6`` … ``hb-map__w14``)
SHORTEST, LONGEST = 6, 14


def _tiles(counts: dict[str, int], lang: str) -> list[dict[str, object]]:
    return [{"key": key, "name": labels[lang], "letters": longest_word(labels[lang]), "row": row, "col": col,
             "count": counts.get(key, 0)}
            for key, (labels, row, col) in COUNTIES.items()]


def _areas(counts: dict[str, int], lang: str) -> list[tuple[str, str, int]]:
    """(key, name, count) of every area, by name; Uusimaa's unknown county only when it has cards."""
    keys = [k for k in areas() if k != UUSIMAA_UNKNOWN or counts.get(k)]
    return [(key, county_label(key, lang), counts.get(key, 0)) for key in sorted(keys, key=lambda k: county_label(k, lang))]


def tile_map(counts: dict[str, int], lang: str, base: str) -> str:
    """The tile grid: one link (or, without cards, a plain square) per area, with its count."""
    return render("map_tiles.html", tiles=_tiles(counts, lang), lang=lang, base=base)


def count_table(counts: dict[str, int], lang: str, base: str) -> str:
    """The same numbers as an accessible table, every area with cards linked."""
    return render("map_table.html", areas=_areas(counts, lang), lang=lang, base=base)


def map_page(cards: list[Card], lang: str) -> str:
    """The Markdown of the map page (``map.md``)."""
    counts = {key: len(found) for key, found in by_county(cards).items()}
    return render("map.md", tiles=_tiles(counts, lang), areas=_areas(counts, lang), lang=lang, base="../")


def card_list(cards: list[Card], lang: str, base: str) -> str:
    """A plain list of cards: name, place and status (narrow enough for a phone)."""
    return render("card_list.html", cards=[view(card, lang) for card in cards], base=base)


def region_pages(cards: list[Card], lang: str) -> dict[str, str]:
    """Source path → Markdown of the card list of each area that has cards (``regions/<key>.md``).
    Areas without cards have no page (nothing links to them)."""
    return {f"regions/{key}.md": render("region.md", title=county_label(key, lang), cards=[view(c, lang) for c in found],
                                        lang=lang, base="../../")
            for key, found in by_county(cards).items() if found}
