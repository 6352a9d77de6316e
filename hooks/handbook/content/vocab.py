"""Controlled vocabularies of the card schema: the allowed values, in order, each with its labels.

The card schema (:mod:`handbook.content.schema`) takes its allowed values from here, so a value
is written once; its label in each language is in the catalogs' ``vocab`` section
(``locales/<lang>.yml``). ``APPROACHES[key][lang]`` is the label, ``APPROACHES.items()`` gives
the values in order.
"""

from __future__ import annotations

from collections.abc import Mapping

from handbook.i18n import Vocabulary

Label = Mapping[str, str]

STATUS = Vocabulary("vocab.status", ("ongoing", "pilot", "ended"))

APPROACHES = Vocabulary("vocab.approaches", (
    "relationship-based-work", "systemic-team-model", "family-therapy", "multiprofessional-teamwork",
    "youth-experts-by-experience", "early-support", "limited-caseloads", "self-directed-support"))

#: one sentence on each approach (its page and the approaches index)
APPROACH_DESCRIPTIONS = Vocabulary("vocab.approach_descriptions", APPROACHES)

TARGET_GROUPS = Vocabulary("vocab.target_groups", ("children", "young-people", "families", "professionals"))

RECOGNITIONS = Vocabulary("vocab.recognitions", ("awarded",))

#: Finland's regions (maakunnat), including Åland.
REGIONS = Vocabulary("vocab.regions", (
    "uusimaa", "varsinais-suomi", "satakunta", "kanta-hame", "pirkanmaa", "paijat-hame", "kymenlaakso",
    "etela-karjala", "etela-savo", "pohjois-savo", "pohjois-karjala", "keski-suomi", "etela-pohjanmaa",
    "pohjanmaa", "keski-pohjanmaa", "pohjois-pohjanmaa", "kainuu", "lappi", "ahvenanmaa"))


def label(vocab: Mapping[str, Label], key: str, lang: str) -> str:
    """The ``lang`` label of ``key`` in ``vocab`` (the key itself if unknown)."""
    return vocab.get(key, {}).get(lang, key)

