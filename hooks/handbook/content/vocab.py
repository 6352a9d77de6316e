"""Controlled vocabularies of the card schema, each value with fi/en labels.

The card schema (:mod:`handbook.content.schema`) takes its allowed values from here,
so a value and its labels are written once.
"""

from __future__ import annotations

Label = dict[str, str]

STATUS: dict[str, Label] = {
    "ongoing": {"fi": "Käynnissä", "en": "Ongoing"},
    "pilot": {"fi": "Kokeilu", "en": "Pilot"},
    "ended": {"fi": "Päättynyt", "en": "Ended"},
}

APPROACHES: dict[str, Label] = {
    "relationship-based-work": {"fi": "Suhdeperustainen työ", "en": "Relationship-based work"},
    "systemic-team-model": {"fi": "Systeeminen tiimimalli", "en": "Systemic team model"},
    "family-therapy": {"fi": "Perheterapeuttinen työote", "en": "Family-therapy approach"},
    "multiprofessional-teamwork": {"fi": "Moniammatillinen tiimityö", "en": "Multi-professional teamwork"},
    "youth-experts-by-experience": {
        "fi": "Nuoret kokemusasiantuntijoina ja kehittäjinä",
        "en": "Young people as experts by experience and developers",
    },
    "early-support": {"fi": "Varhainen tuki peruspalveluissa", "en": "Early support in universal services"},
    "limited-caseloads": {"fi": "Rajatut asiakasmäärät", "en": "Limited caseloads"},
    "self-directed-support": {"fi": "Itseohjautuva tuki", "en": "Self-directed support"},
}

APPROACH_DESCRIPTIONS: dict[str, Label] = {
    "relationship-based-work": {
        "fi": "Työn keskiössä on lapsen, perheen ja työntekijän välinen luottamuksellinen vuorovaikutussuhde.",
        "en": "The trusting working relationship between the child, the family and the worker is at the centre.",
    },
    "systemic-team-model": {
        "fi": "Lastensuojelutyötä tekee moniammatillinen tiimi, jonka jäsenillä on eri roolit ja jonka työnjako on selvä.",
        "en": "Child protection work is done by a multi-professional team whose members have different roles and a clear division of work.",
    },
    "family-therapy": {
        "fi": "Perheterapeuttinen osaaminen ja ajattelu ovat osa lastensuojelun arkea.",
        "en": "Family-therapy skills and thinking are part of everyday child protection work.",
    },
    "multiprofessional-teamwork": {
        "fi": "Työntekijä ei jää yksin: eri ammattilaiset jakavat työn ja tukevat toisiaan.",
        "en": "No worker is left alone: professionals of different fields share the work and support each other.",
    },
    "youth-experts-by-experience": {
        "fi": "Nuoret ovat mukana kehittämässä lastensuojelua, esimerkiksi kokemusasiantuntijoina tai nuorten kehittäjien ryhmässä.",
        "en": "Young people take part in developing child protection, for example as experts by experience or in a group of youth developers.",
    },
    "early-support": {
        "fi": "Perheet saavat apua jo peruspalveluissa ennen kuin tarvitaan lastensuojelua.",
        "en": "Families get help in universal services before child protection is needed.",
    },
    "limited-caseloads": {
        "fi": "Työntekijän asiakasmäärä on rajattu, jotta jokaiselle perheelle jää aikaa.",
        "en": "Each worker's caseload is capped so that there is time for every family.",
    },
    "self-directed-support": {
        "fi": "Asiakas ja työntekijä päättävät yhdessä, millaista tukea hankitaan.",
        "en": "The client and the worker decide together what support to arrange.",
    },
}

TARGET_GROUPS: dict[str, Label] = {
    "children": {"fi": "Lapset", "en": "Children"},
    "young-people": {"fi": "Nuoret", "en": "Young people"},
    "families": {"fi": "Lapsiperheet", "en": "Families with children"},
    "professionals": {"fi": "Ammattilaiset", "en": "Professionals"},
}

RECOGNITIONS: dict[str, Label] = {
    "awarded": {"fi": "Palkittu", "en": "Awarded"},
}

#: Finland's regions (maakunnat), including Åland.
REGIONS: dict[str, Label] = {
    "uusimaa": {"fi": "Uusimaa", "en": "Uusimaa"},
    "varsinais-suomi": {"fi": "Varsinais-Suomi", "en": "Southwest Finland"},
    "satakunta": {"fi": "Satakunta", "en": "Satakunta"},
    "kanta-hame": {"fi": "Kanta-Häme", "en": "Kanta-Häme"},
    "pirkanmaa": {"fi": "Pirkanmaa", "en": "Pirkanmaa"},
    "paijat-hame": {"fi": "Päijät-Häme", "en": "Päijät-Häme"},
    "kymenlaakso": {"fi": "Kymenlaakso", "en": "Kymenlaakso"},
    "etela-karjala": {"fi": "Etelä-Karjala", "en": "South Karelia"},
    "etela-savo": {"fi": "Etelä-Savo", "en": "South Savo"},
    "pohjois-savo": {"fi": "Pohjois-Savo", "en": "North Savo"},
    "pohjois-karjala": {"fi": "Pohjois-Karjala", "en": "North Karelia"},
    "keski-suomi": {"fi": "Keski-Suomi", "en": "Central Finland"},
    "etela-pohjanmaa": {"fi": "Etelä-Pohjanmaa", "en": "South Ostrobothnia"},
    "pohjanmaa": {"fi": "Pohjanmaa", "en": "Ostrobothnia"},
    "keski-pohjanmaa": {"fi": "Keski-Pohjanmaa", "en": "Central Ostrobothnia"},
    "pohjois-pohjanmaa": {"fi": "Pohjois-Pohjanmaa", "en": "North Ostrobothnia"},
    "kainuu": {"fi": "Kainuu", "en": "Kainuu"},
    "lappi": {"fi": "Lappi", "en": "Lapland"},
    "ahvenanmaa": {"fi": "Ahvenanmaa", "en": "Åland"},
}


def label(vocab: dict[str, Label], key: str, lang: str) -> str:
    """The ``lang`` label of ``key`` in ``vocab`` (the key itself if unknown)."""
    return vocab.get(key, {}).get(lang, key)
