"""Localized UI labels and date formats (Finnish and English)."""

from __future__ import annotations

import datetime as dt

LANGS = ("fi", "en")
DEFAULT_LANG = "fi"

MONTHS = {
    "fi": ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu",
           "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}

UI: dict[str, dict[str, str]] = {
    "facts": {"fi": "Kortin tiedot", "en": "Card facts"},
    "organisations": {"fi": "Organisaatio", "en": "Organisation"},
    "municipalities": {"fi": "Kunnat", "en": "Municipalities"},
    "region": {"fi": "Maakunta", "en": "Region"},
    "status": {"fi": "Tila", "en": "Status"},
    "status_as_of": {"fi": "lähteen mukaan {date}", "en": "according to the source, {date}"},
    "start": {"fi": "Aloitettu", "en": "Started"},
    "recognitions": {"fi": "Tunnustukset", "en": "Recognitions"},
    "target_groups": {"fi": "Kohderyhmä", "en": "Target group"},
    "approaches": {"fi": "Työotteet", "en": "Approaches"},
    "research_partners": {"fi": "Tutkimuskumppanit", "en": "Research partners"},
    "sources": {"fi": "Lähteet", "en": "Sources"},
    "review_due": {"fi": "Tarkistus erääntynyt: korttia ei ole tarkistettu lähteitä vasten kahteen vuoteen.",
                   "en": "Review due: this card has not been checked against its sources for two years."},
    "changed": {"fi": "Sivua muutettu viimeksi", "en": "Page last changed"},
    "sources_at_end": {"fi": "lähteet sivun lopussa", "en": "sources at the end of the page"},
    "reviewed": {"fi": "Tarkistettu viimeksi", "en": "Last reviewed"},
    "contact": {"fi": "Yhteystaho", "en": "Contact"},
    "name": {"fi": "Nimi", "en": "Name"},
    "year": {"fi": "Vuosi", "en": "Year"},
    "card": {"fi": "Kortti", "en": "Card"},
    "none": {"fi": "–", "en": "–"},
    "cards_title": {"fi": "Käytäntökortit", "en": "Practice cards"},
    "compare_title": {"fi": "Korttien vertailu", "en": "Compare cards"},
    "approaches_title": {"fi": "Työotteet", "en": "Approaches"},
    "facts_title": {"fi": "Avainluvut", "en": "Key figures"},
    "glossary_title": {"fi": "Sanasto", "en": "Glossary"},
    "changelog_title": {"fi": "Muutosloki", "en": "Changelog"},
    "maintenance_title": {"fi": "Ylläpito", "en": "Maintenance"},
    "filter": {"fi": "Suodata kortteja", "en": "Filter cards"},
    "filter_text": {"fi": "Hae nimellä tai kunnalla", "en": "Search by name or municipality"},
    "all": {"fi": "Kaikki", "en": "All"},
    "shown": {"fi": "Näytetään {shown} / {total} korttia", "en": "Showing {shown} of {total} cards"},
    "cards_count": {"fi": "{n} korttia", "en": "{n} cards"},
    "cards_count_one": {"fi": "1 kortti", "en": "1 card"},
    "cards_with_approach": {"fi": "Kortit, joissa on tämä työote", "en": "Cards using this approach"},
    "no_cards": {"fi": "Ei vielä kortteja.", "en": "No cards yet."},
    # references and the bibliography page

    "references_heading": {"fi": "Lähteet", "en": "Sources"},
    "bibliography_title": {"fi": "Lähdeluettelo", "en": "Bibliography"},
    "in_bibliography": {"fi": "lähdeluettelossa", "en": "in the bibliography"},
    "cited_on": {"fi": "Viitataan sivuilla", "en": "Cited on"},
    "not_cited": {"fi": "Ei vielä viittauksia käsikirjan sivuilla.", "en": "Not yet cited on any page of the handbook."},
    "cite_page": {"fi": "Viittaa tähän sivuun", "en": "Cite this page"},
    "bibtex_label": {"fi": "BibTeX", "en": "BibTeX"},
    "bibliography_downloads": {"fi": "Koko lähdeluettelo ladattavana:", "en": "Download the whole bibliography:"},
    "bibliography_intro": {
        "fi": "Kaikki lähteet, joihin käsikirja perustuu, aakkosjärjestyksessä. Jokaisen lähteen kohdalla näkyvät "
              "sivut, jotka viittaavat siihen. Verkko-osoite on merkitty vain, kun lähde itse sen antaa. "
              "Hakasulkeissa oleva nimi on käsikirjan kuvaus teoksesta, jonka lähde mainitsee antamatta sen "
              "tarkkaa nimeä.",
        "en": "Every source the handbook is based on, in alphabetical order. Each entry lists the pages that cite it. "
              "A web address is given only where the source itself gives one. A title in square brackets is the "
              "handbook's description of a work that the source mentions without giving its exact title.",
    },
    "sort_hint": {"fi": "Järjestä sarakkeen mukaan napsauttamalla otsikkoa.", "en": "Sort by a column by selecting its heading."},
    # the reader's way around (card index filters, card pages)
    "filter_options": {"fi": "Rajaukset", "en": "Filters"},
    "filter_none": {"fi": "Yksikään kortti ei vastaa rajauksia.", "en": "No card matches these filters."},
    "filter_reset": {"fi": "Näytä kaikki kortit", "en": "Show all cards"},
    "breadcrumb": {"fi": "Murupolku", "en": "Breadcrumb"},
    "home": {"fi": "Etusivu", "en": "Home"},
    "all_cards": {"fi": "Kaikki kortit", "en": "All cards"},
    "card_pager": {"fi": "Muut kortit", "en": "Other cards"},
    "previous_card": {"fi": "Edellinen kortti", "en": "Previous card"},
    "next_card": {"fi": "Seuraava kortti", "en": "Next card"},
}


def t(key: str, lang: str, **params: object) -> str:
    """The UI label ``key`` in ``lang``, with ``str.format`` parameters (``n == 1`` picks ``key_one``)."""
    if params.get("n") == 1 and f"{key}_one" in UI:
        key = f"{key}_one"
    text = UI[key][lang]
    return text.format(**params) if params else text


def format_date(value: dt.date, lang: str) -> str:
    """``2.5.2018`` in Finnish, ``2 May 2018`` in English."""
    if lang == "fi":
        return f"{value.day}.{value.month}.{value.year}"
    return f"{value.day} {MONTHS['en'][value.month - 1]} {value.year}"


def format_year_month(value: str, lang: str) -> str:
    """A ``YYYY`` or ``YYYY-MM`` value: ``tammikuu 2018`` / ``January 2018``."""
    if len(value) == 4:
        return value
    year, month = value.split("-")
    return f"{MONTHS[lang][int(month) - 1]} {year}"
