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

from collections.abc import Mapping
from types import MappingProxyType

from handbook.content import vocab
from handbook.content.cards import Card
from handbook.i18n import Labels, t

Label = Mapping[str, str]

#: county key → (grid row, grid column). Keys of the counties that equal a region are the region's key.
GRID: dict[str, tuple[int, int]] = {
    "lappi": (0, 2),
    "pohjois-pohjanmaa": (1, 2),
    "kainuu": (1, 3),
    "keski-pohjanmaa": (2, 1),
    "pohjois-savo": (2, 3),
    "pohjois-karjala": (2, 4),
    "pohjanmaa": (3, 0),
    "etela-pohjanmaa": (3, 1),
    "keski-suomi": (3, 2),
    "etela-savo": (3, 3),
    "satakunta": (4, 0),
    "pirkanmaa": (4, 1),
    "paijat-hame": (4, 2),
    "kymenlaakso": (4, 3),
    "etela-karjala": (4, 4),
    "varsinais-suomi": (5, 0),
    "kanta-hame": (5, 1),
    "keski-uusimaa": (5, 2),
    "ita-uusimaa": (5, 3),
    "ahvenanmaa": (6, 0),
    "lansi-uusimaa": (6, 1),
    "vantaa-kerava": (6, 2),
    "helsinki": (7, 2),
}

#: county key → (labels, grid row, grid column): a county that is a region has the region's name
#: (``vocab.regions``), the others theirs in the catalogs' ``vocab.counties``
COUNTIES: Mapping[str, tuple[Label, int, int]] = MappingProxyType({
    key: (vocab.REGIONS[key] if key in vocab.REGIONS else Labels("vocab.counties", key), row, col)
    for key, (row, col) in GRID.items()})

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
    """A card's region as every page names it: the region (*maakunta*), and in Uusimaa the area the map
    places it in, named for what it is: "Uusimaa; hyvinvointialue Keski-Uusimaa", "Uusimaa; Helsinki"."""
    county = county_of(card)
    region = vocab.label(vocab.REGIONS, card.facts["region"], lang)
    if county == card.facts["region"]:
        return region
    key = "region_and_city" if county == "helsinki" else "region_and_county"
    return t(key, lang, region=region, county=county_label(county, lang))


