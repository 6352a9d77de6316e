"""The map of practices (a tile grid of the wellbeing services counties) and each area's list of cards."""

from __future__ import annotations

import re

from handbook.content import vocab
from handbook.content.cards import Card
from handbook.content.regions import COUNTIES, UI, UUSIMAA_UNKNOWN, areas, by_county, county_label, county_of, region_text
from handbook.safety import escape


#: where the long words of the areas' names may break on a narrow tile (``|``: a soft hyphen),
#: by Finnish syllables and English usage; a phone's tile is about five letters wide
WORD_BREAKS = {word.replace("|", ""): word for word in (
    "Poh|jois", "Poh|jan|maa", "Kes|ki", "Ete|lä", "Kar|ja|la", "Sa|ta|kun|ta", "Pir|kan|maa", "Ky|men|laak|so",
    "Var|si|nais", "Uusi|maa", "Län|si", "Ah|ve|nan|maa", "Hel|sin|ki", "Ostro|both|nia", "Cen|tral",
    "South|west", "Fin|land", "Lap|land", "Kai|nuu", "Päi|jät", "Kare|lia", "Kan|ta", "Van|taa", "Ke|ra|va")}


def tile_name(name: str) -> str:
    """An area's name as HTML for its tile: escaped, with soft hyphens where its long words may break."""
    return re.sub(r"\w+", lambda m: WORD_BREAKS.get(m.group(0), m.group(0)).replace("|", "&shy;"), escape(name))


def region_link(card: Card, lang: str, base: str) -> str:
    """The fact box's region: :func:`region_text` linking to its area's card list."""
    return f'<a href="{base}regions/{county_of(card)}/">{escape(region_text(card, lang))}</a>'


def tile_map(counts: dict[str, int], lang: str, base: str) -> str:
    """The tile grid: one link (or, without cards, a plain square) per area, with its count."""
    tiles = []
    for key, (labels, row, col) in COUNTIES.items():
        n = counts.get(key, 0)
        inner = (f'<span class="hb-map__name">{tile_name(labels[lang])}</span>'
                 f'<span class="hb-map__count">{n}</span>')
        cls = f"hb-map__tile hb-map__r{row} hb-map__c{col}" + (" hb-map__tile--has" if n else "")
        if n:
            tiles.append(f'<li class="{cls}"><a href="{base}regions/{key}/">{inner}</a></li>')
        else:
            tiles.append(f'<li class="{cls}"><span class="hb-map__empty">{inner}</span></li>')
    # not indexed for search: the table below says the same, without the soft hyphens
    return (f'<ul class="hb-map" aria-label="{escape(UI["map_label"][lang])}" data-pagefind-ignore>'
            + "".join(tiles) + "</ul>")


def count_table(counts: dict[str, int], lang: str, base: str) -> str:
    """The same numbers as an accessible table, every area with cards linked."""
    rows = []
    keys = [k for k in areas() if k != UUSIMAA_UNKNOWN or counts.get(k)]
    for key in sorted(keys, key=lambda k: county_label(k, lang)):
        n = counts.get(key, 0)
        name = escape(county_label(key, lang))
        cell = f'<a href="{base}regions/{key}/">{name}</a>' if n else name
        rows.append(f'<tr><th scope="row">{cell}</th><td>{n}</td></tr>')
    return (f'<table class="hb-map-table"><caption>{escape(UI["table_caption"][lang])}</caption>'
            f'<thead data-pagefind-ignore><tr><th scope="col">{escape(UI["area"][lang])}</th><th scope="col">{escape(UI["cards"][lang])}'
            '</th></tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>")


def map_page(cards: list[Card], lang: str) -> str:
    """The Markdown of the map page (``map.md``)."""
    counts = {key: len(found) for key, found in by_county(cards).items()}
    return (f"# {UI['map_title'][lang]}\n\n{UI['map_intro'][lang]}\n\n"
            f'<div class="hb-map-wrap">\n{tile_map(counts, lang, "../")}\n{count_table(counts, lang, "../")}\n</div>\n')


def card_list(cards: list[Card], lang: str, base: str) -> str:
    """A plain list of cards: name, place and status (narrow enough for a phone)."""
    items = []
    for card in cards:
        places = ", ".join(card.facts["municipalities"] or card.organisation_names(lang))
        status = vocab.label(vocab.STATUS, card.facts["status"], lang)
        items.append(f'<li><a href="{base}cards/{card.slug}/">{escape(card.name(lang))}</a> – '
                     f'{escape(places)} · {escape(status)}</li>')
    return '<ul class="hb-region-cards">\n' + "\n".join(items) + "\n</ul>"


def region_pages(cards: list[Card], lang: str) -> dict[str, str]:
    """Source path → Markdown of the card list of each area that has cards (``regions/<key>.md``).
    Areas without cards have no page (nothing links to them)."""
    pages = {}
    for key, found in by_county(cards).items():
        if not found:
            continue
        pages[f"regions/{key}.md"] = (
            f"# {county_label(key, lang)}\n\n{UI['region_intro'][lang]} "
            f"[{UI['on_map'][lang]}](../map.md) · [{UI['in_index'][lang]}](../cards/index.md)\n\n"
            f"{card_list(found, lang, '../../')}\n")
    return pages
