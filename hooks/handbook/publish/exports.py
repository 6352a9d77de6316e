"""Open-data exports: ``cards.json`` and ``cards.csv``.

Built from the same parsed cards as the pages; each card's ``facts`` object
validates against ``schema/card.schema.json``.
"""

from __future__ import annotations

import csv
import io
import json

from handbook.content import knowledge
from handbook.content.cards import Card
from handbook.content.facts import Fact
from handbook.content.text import plain
from handbook.i18n import LANGS
from handbook.content.schema import FIELD_NAMES


def card_record(card: Card) -> dict:
    record: dict = {"facts": {k: card.facts[k] for k in FIELD_NAMES if k in card.facts}}
    record["knowledge"] = knowledge.of(card.facts)  # the card's type, also when card.yml states none
    for lang in LANGS:
        text = card.texts.get(lang)
        record[lang] = {
            "name": card.name(lang),
            "summary": plain(text.summary) if text else "",
            "url": card.url(lang),
        }
    return record


def cards_json(cards: list[Card], generated: str) -> str:
    data = {
        "generated": generated,
        "schema": "schema/card.schema.json",
        "cards": [card_record(c) for c in cards],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = [
    "id", "name_fi", "name_en", "organisations", "organisations_en", "municipalities", "region", "status", "status_as_of",
    "start", "recognitions", "target_groups", "approaches", "research_partners", "sources", "reviewed",
    "contact_organisation", "contact_organisation_en", "contact_role_fi", "contact_role_en", "contact_url",
    "summary_fi", "summary_en", "url_fi", "url_en",
    "knowledge_type", "knowledge_source",
]


def cards_csv(cards: list[Card]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for card in cards:
        rec = card_record(card)
        f = rec["facts"]
        row = {k: ("; ".join(v) if isinstance(v, list) else v) for k, v in f.items() if k not in ("name", "contact", "organisations")}
        row.update({
            "name_fi": f["name"]["fi"], "name_en": f["name"]["en"],
            "organisations": "; ".join(card.organisation_names("fi")),
            "organisations_en": "; ".join(card.organisation_names("en")),
            "contact_organisation": card.contact_organisation("fi"),
            "contact_organisation_en": card.contact_organisation("en"),
            "contact_role_fi": f["contact"]["role"]["fi"], "contact_role_en": f["contact"]["role"]["en"],
            "contact_url": f["contact"]["url"],
            "summary_fi": rec["fi"]["summary"], "summary_en": rec["en"]["summary"],
            "url_fi": rec["fi"]["url"], "url_en": rec["en"]["url"],
            "knowledge_type": knowledge.of(f), "knowledge_source": (f.get("knowledge") or {}).get("source", ""),
        })
        writer.writerow({k: row.get(k, "") for k in CSV_COLUMNS})
    return out.getvalue()


def facts_json(facts: list[Fact]) -> str:
    data = [{"id": f.id, "value": f.value if isinstance(f.value, dict) else {"fi": f.value, "en": f.value}, "unit": f.unit, "measures": f.measures, "source": f.source,
             "locator": f.locator, "refers_to": f.refers_to, "quote": f.quote, "quote_lang": f.quote_lang} for f in facts]
    return json.dumps({"facts": data}, ensure_ascii=False, indent=2) + "\n"


def facts_csv(facts: list[Fact]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "value_fi", "value_en", "unit_fi", "unit_en", "measures_fi", "measures_en", "source",
                     "locator_fi", "locator_en", "refers_to_fi", "refers_to_en", "quote", "quote_lang"])
    for f in facts:
        writer.writerow([f.id, f.text("fi").removesuffix(" " + f.unit["fi"]), f.text("en").removesuffix(" " + f.unit["en"]), f.unit["fi"], f.unit["en"], f.measures["fi"], f.measures["en"], f.source,
                         f.locator["fi"], f.locator["en"], f.refers_to["fi"], f.refers_to["en"], f.quote, f.quote_lang])
    return out.getvalue()
