"""The map of practices (a tile grid of the wellbeing services counties) and each area's list of cards."""

from __future__ import annotations

import re

from handbook.content.cards import Card
from handbook.content.regions import COUNTIES, UUSIMAA_UNKNOWN, areas, by_county, county_label
from handbook.render.cards import view
from handbook.render.templates import render


#: where the long words of the areas' names may break on a narrow tile (``|``: a soft hyphen),
#: by Finnish syllables and English usage; a phone's tile is about five letters wide
WORD_BREAKS = {word.replace("|", ""): word for word in (
    "Poh|jois", "Poh|jan|maa", "Kes|ki", "Ete|lä", "Kar|ja|la", "Sa|ta|kun|ta", "Pir|kan|maa", "Ky|men|laak|so",
    "Var|si|nais", "Uusi|maa", "Län|si", "Ah|ve|nan|maa", "Hel|sin|ki", "Ostro|both|nia", "Cen|tral",
    "South|west", "Fin|land", "Lap|land", "Kai|nuu", "Päi|jät", "Kare|lia", "Kan|ta", "Van|taa", "Ke|ra|va")}


def tile_name(name: str) -> list[str]:
    """An area's name in the pieces its tile may break between (the tile puts soft hyphens between them)."""
    pieces, start = [], 0
    for word in re.finditer(r"\w+", name):
        at = word.start()
        for syllable in WORD_BREAKS.get(word.group(0), "").split("|")[:-1]:
            at += len(syllable)
            pieces.append(name[start:at])
            start = at
    return [*pieces, name[start:]]


def _tiles(counts: dict[str, int], lang: str) -> list[dict[str, object]]:
    return [{"key": key, "name": tile_name(labels[lang]), "row": row, "col": col, "count": counts.get(key, 0)}
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
