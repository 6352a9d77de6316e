"""The map of practices: Finland's wellbeing services counties as a tile grid.

No open boundary data is available to the build offline, so the map is a tile grid: one
square per wellbeing services county (*hyvinvointialue*), the city of Helsinki and Åland,
placed in a grid that approximates geography, each with its name and number of cards and
linking to the county's own list of cards (a plain page: no JavaScript needed). A table with
the same numbers follows the map.

A card's ``region`` is a region (*maakunta*). Outside Uusimaa each region is one wellbeing
services county; Uusimaa is four counties and Helsinki, told apart by the card's first
municipality (the counties' division of Uusimaa's municipalities, in force since 2023).
"""

from __future__ import annotations

import re

from .safety import escape

from . import vocab
from .cards import Card

Label = dict[str, str]

#: county key → (labels, grid row, grid column). Keys of the counties that equal a region are the region's key.
COUNTIES: dict[str, tuple[Label, int, int]] = {
    "lappi": ({"fi": "Lappi", "en": "Lapland"}, 0, 2),
    "pohjois-pohjanmaa": ({"fi": "Pohjois-Pohjanmaa", "en": "North Ostrobothnia"}, 1, 2),
    "kainuu": ({"fi": "Kainuu", "en": "Kainuu"}, 1, 3),
    "keski-pohjanmaa": ({"fi": "Keski-Pohjanmaa", "en": "Central Ostrobothnia"}, 2, 1),
    "pohjois-savo": ({"fi": "Pohjois-Savo", "en": "North Savo"}, 2, 3),
    "pohjois-karjala": ({"fi": "Pohjois-Karjala", "en": "North Karelia"}, 2, 4),
    "pohjanmaa": ({"fi": "Pohjanmaa", "en": "Ostrobothnia"}, 3, 0),
    "etela-pohjanmaa": ({"fi": "Etelä-Pohjanmaa", "en": "South Ostrobothnia"}, 3, 1),
    "keski-suomi": ({"fi": "Keski-Suomi", "en": "Central Finland"}, 3, 2),
    "etela-savo": ({"fi": "Etelä-Savo", "en": "South Savo"}, 3, 3),
    "satakunta": ({"fi": "Satakunta", "en": "Satakunta"}, 4, 0),
    "pirkanmaa": ({"fi": "Pirkanmaa", "en": "Pirkanmaa"}, 4, 1),
    "paijat-hame": ({"fi": "Päijät-Häme", "en": "Päijät-Häme"}, 4, 2),
    "kymenlaakso": ({"fi": "Kymenlaakso", "en": "Kymenlaakso"}, 4, 3),
    "etela-karjala": ({"fi": "Etelä-Karjala", "en": "South Karelia"}, 4, 4),
    "varsinais-suomi": ({"fi": "Varsinais-Suomi", "en": "Southwest Finland"}, 5, 0),
    "kanta-hame": ({"fi": "Kanta-Häme", "en": "Kanta-Häme"}, 5, 1),
    "keski-uusimaa": ({"fi": "Keski-Uusimaa", "en": "Central Uusimaa"}, 5, 2),
    "ita-uusimaa": ({"fi": "Itä-Uusimaa", "en": "East Uusimaa"}, 5, 3),
    "ahvenanmaa": ({"fi": "Ahvenanmaa", "en": "Åland"}, 6, 0),
    "lansi-uusimaa": ({"fi": "Länsi-Uusimaa", "en": "West Uusimaa"}, 6, 1),
    "vantaa-kerava": ({"fi": "Vantaa ja Kerava", "en": "Vantaa and Kerava"}, 6, 2),
    "helsinki": ({"fi": "Helsinki", "en": "City of Helsinki"}, 7, 2),
}

ROWS = 1 + max(row for _, row, _ in COUNTIES.values())

#: where the long words of the areas' names may break on a narrow tile (``|``: a soft hyphen),
#: by Finnish syllables and English usage; a phone's tile is about five letters wide
WORD_BREAKS = {word.replace("|", ""): word for word in (
    "Poh|jois", "Poh|jan|maa", "Kes|ki", "Ete|lä", "Kar|ja|la", "Sa|ta|kun|ta", "Pir|kan|maa", "Ky|men|laak|so",
    "Var|si|nais", "Uusi|maa", "Län|si", "Ah|ve|nan|maa", "Hel|sin|ki", "Ostro|both|nia", "Cen|tral",
    "South|west", "Fin|land", "Lap|land", "Kai|nuu", "Päi|jät", "Kare|lia", "Kan|ta", "Van|taa", "Ke|ra|va")}


def tile_name(name: str) -> str:
    """An area's name as HTML for its tile: escaped, with soft hyphens where its long words may break."""
    return re.sub(r"\w+", lambda m: WORD_BREAKS.get(m.group(0), m.group(0)).replace("|", "&shy;"), escape(name))
COLUMNS = 1 + max(col for _, _, col in COUNTIES.values())

#: Uusimaa's municipalities by wellbeing services county (and Helsinki).
UUSIMAA: dict[str, str] = {
    **dict.fromkeys(["Helsinki"], "helsinki"),
    **dict.fromkeys(["Vantaa", "Kerava"], "vantaa-kerava"),
    **dict.fromkeys(["Espoo", "Hanko", "Inkoo", "Karkkila", "Kauniainen", "Kirkkonummi", "Lohja", "Raasepori",
                     "Siuntio", "Vihti"], "lansi-uusimaa"),
    **dict.fromkeys(["Hyvinkää", "Järvenpää", "Mäntsälä", "Nurmijärvi", "Pornainen", "Tuusula"], "keski-uusimaa"),
    **dict.fromkeys(["Askola", "Lapinjärvi", "Loviisa", "Myrskylä", "Porvoo", "Pukkila", "Sipoo"], "ita-uusimaa"),
}
#: an Uusimaa card whose municipalities name no county
UUSIMAA_UNKNOWN = "uusimaa"

UI: dict[str, Label] = {
    "map_title": {"fi": "Käytännöt kartalla", "en": "Map of practices"},
    "map_intro": {
        "fi": "Kortit hyvinvointialueittain (sekä Helsinki ja Ahvenanmaa). Jokainen ruutu on yksi alue, ja ruudut "
              "on sijoitettu karkeasti maantieteen mukaan; ruudun luku on alueen korttien määrä. Alueen nimi vie "
              "alueen korttien luetteloon. Samat luvut ovat kartan alla taulukkona.",
        "en": "Cards by wellbeing services county (and Helsinki and Åland). Each square is one area, placed roughly "
              "as on a map; the number is the area's count of cards. An area's name leads to its list of cards. "
              "The same numbers follow the map as a table.",
    },
    "map_label": {"fi": "Ruutukartta: kortteja alueittain", "en": "Tile map: cards by area"},
    "table_caption": {"fi": "Kortit alueittain", "en": "Cards by area"},
    "area": {"fi": "Alue", "en": "Area"},
    "cards": {"fi": "Kortteja", "en": "Cards"},
    "uusimaa_unknown": {"fi": "Uusimaa, hyvinvointialue ei tiedossa", "en": "Uusimaa, county not known"},
    "region_intro": {
        "fi": "Kortit, joiden käytäntö toimii tällä alueella.",
        "en": "Cards whose practice runs in this area.",
    },
    "on_map": {"fi": "Kaikki alueet kartalla", "en": "All areas on the map"},
    "in_index": {"fi": "Korttihakemisto", "en": "Card index"},
}


def county_of(card: Card) -> str:
    """The wellbeing services county (or Helsinki, or Åland) of a card."""
    region = card.facts["region"]
    if region != "uusimaa":
        return region
    for municipality in card.facts.get("municipalities", []):
        if municipality in UUSIMAA:
            return UUSIMAA[municipality]
    return UUSIMAA_UNKNOWN


def county_label(key: str, lang: str) -> str:
    """An area's name in ``lang``."""
    if key == UUSIMAA_UNKNOWN:
        return UI["uusimaa_unknown"][lang]
    return COUNTIES[key][0][lang]


def areas() -> list[str]:
    """Every area that has a page: the counties, Helsinki, Åland and Uusimaa's unknown county."""
    return [*COUNTIES, UUSIMAA_UNKNOWN]


def by_county(cards: list[Card]) -> dict[str, list[Card]]:
    """Area key → its cards, in the cards' order (one pass over the cards)."""
    out: dict[str, list[Card]] = {key: [] for key in areas()}
    for card in cards:
        out[county_of(card)].append(card)
    return out


def region_text(card: Card, lang: str) -> str:
    """A card's region as every page names it: the region (*maakunta*), and in Uusimaa the
    wellbeing services county the map places it in, e.g. "Uusimaa (Keski-Uusimaa)"."""
    county = county_of(card)
    text = vocab.label(vocab.REGIONS, card.facts["region"], lang)
    if county != card.facts["region"]:
        text += f" ({county_label(county, lang)})"
    return text


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
