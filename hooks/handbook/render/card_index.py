"""The generated pages that list cards: the card index (with its filters), the approaches and the comparison."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handbook.content import knowledge, vocab
from handbook.content.cards import Card
from handbook.i18n import t
from handbook.render.cards import view
from handbook.render.templates import render

#: the comparison's columns after the card's name (catalog keys of the fact box's rows)
COMPARED = ("knowledge", "organisations", "municipalities", "region", "status", "start", "recognitions", "target_groups",
            "approaches", "research_partners", "contact", "reviewed")


def _used(vocabulary: Mapping[str, Mapping[str, str]], values: set[str], lang: str) -> list[tuple[str, str]]:
    """(key, label) of the entries of ``vocabulary`` that some card uses, in the vocabulary's order
    (a filter offers only these)."""
    return [(key, labels[lang]) for key, labels in vocabulary.items() if key in values]


def _table(cards: list[Card], lang: str, base: str, filters: bool = True) -> dict[str, Any]:
    """What ``card_table.html`` shows: the cards and, with ``filters``, the filters' choices."""
    context = {"cards": [view(card, lang) for card in cards], "lang": lang, "base": base, "filters": []}
    if filters and cards:
        context["filters"] = [
            ("region", t("region", lang), _used(vocab.REGIONS, {c.facts["region"] for c in cards}, lang)),
            ("approach", t("approaches", lang),
             _used(vocab.APPROACHES, {a for c in cards for a in c.facts["approaches"]}, lang)),
            ("status", t("status", lang), _used(vocab.STATUS, {c.facts["status"] for c in cards}, lang)),
            ("knowledge", t("knowledge", lang), _used(knowledge.TYPES, {knowledge.of(c.facts) for c in cards}, lang)),
        ]
    return context


def card_table(cards: list[Card], lang: str, base: str, filters: bool = True) -> str:
    """All ``cards`` as a table; with ``filters``, the browser-side filter form too.

    The filters offer only the regions, approaches and statuses that occur; on a phone the
    choices fold under one button. The caption counts the cards shown (``data-one``/``data-other``),
    and an empty result offers a reset.
    """
    return render("card_table.html", **_table(cards, lang, base, filters))


def cards_index_page(cards: list[Card], lang: str) -> str:
    """The card index (``cards/index.md``)."""
    return render("cards_index.md", **_table(cards, lang, "../"))


def approaches_index_page(cards: list[Card], lang: str) -> str:
    """The approaches (``approaches/index.md``): each with its number of cards and its description."""
    approaches = [(key, labels[lang], sum(1 for c in cards if key in c.facts["approaches"]),
                   vocab.APPROACH_DESCRIPTIONS[key][lang]) for key, labels in vocab.APPROACHES.items()]
    return render("approaches_index.md", approaches=approaches, lang=lang)


def approach_page(key: str, cards: list[Card], lang: str) -> str:
    """One approach's page (``approaches/<key>.md``): its description and its cards."""
    selected = [c for c in cards if key in c.facts["approaches"]]
    return render("approach.md", title=vocab.APPROACHES[key][lang], description=vocab.APPROACH_DESCRIPTIONS[key][lang],
                  **_table(selected, lang, "../../", filters=False))


def compare_page(cards: list[Card], lang: str) -> str:
    """The comparison (``cards/compare.md``): every card's facts side by side."""
    return render("compare.md", cards=[view(card, lang) for card in cards], columns=COMPARED, lang=lang)
