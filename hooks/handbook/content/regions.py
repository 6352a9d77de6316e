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



from handbook.content import vocab
from handbook.content.cards import Card
from handbook.i18n import t

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
        return t("uusimaa_unknown", lang)
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


