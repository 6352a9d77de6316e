"""Open-data exports: ``cards.json`` and ``cards.csv``, and how every CSV file of the site is written.

Built from the same parsed cards as the pages; each card's ``facts`` object
validates against ``schema/card.schema.json``. Every CSV file (``cards.csv``, ``facts.csv``,
``bibliography.csv``) is written by :func:`csv_text`, whose cells pass :func:`csv_cell`: a cell
that a spreadsheet would read as a formula gets a leading apostrophe (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from handbook.content import knowledge
from handbook.content.cards import Card
from handbook.content.figures import Fact
from handbook.content.text import plain
from handbook.i18n import LANGS
from handbook.content.schema import FIELD_NAMES


#: what a spreadsheet reads as the start of a formula, also after spaces (OWASP: "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@")
#: what a cell may not start with either: a tab, a carriage return, a line feed (OWASP), and an apostrophe,
#: which a spreadsheet takes as its "this is text" mark and hides (so the mark :func:`csv_cell` adds can be undone)
MARKED_STARTS = ("\t", "\r", "\n", "'")


def csv_cell(value: object) -> str:
    """``value`` as the text of a CSV cell that no spreadsheet runs as a formula.

    A cell that starts with ``=``, ``+``, ``-`` or ``@`` (also after spaces), or with a tab, a carriage
    return or a line feed, gets a leading apostrophe, as OWASP advises: a spreadsheet then shows it as
    text. So does a cell that starts with an apostrophe, so that the rule can be undone without
    guessing: a cell that starts with an apostrophe has had one added (remove it to get the value).
    Numbers are no exception (``-3`` is written ``'-3``): no column of the exports is a number by its
    schema (a key figure's value is text, as the source writes it). ``None`` is an empty cell.
    """
    text = "" if value is None else str(value)
    if text.startswith(MARKED_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """A CSV file of ``rows`` (the first one its header): comma-separated, a line feed after each row, a
    cell quoted when it holds a comma, a quote or a line break (a carriage return too, so that no reader
    starts a row inside a cell); each cell through :func:`csv_cell`."""
    out: list[str] = []
    line = io.StringIO()
    # "\r\n" as the writer's line end: it then quotes a cell with a carriage return as well as one with a
    # line feed; each row's "\r\n" is written as "\n"
    writer = csv.writer(line, lineterminator="\r\n")
    for row in rows:
        line.seek(0)
        line.truncate()
        writer.writerow([csv_cell(value) for value in row])
        out.append(line.getvalue().removesuffix("\r\n") + "\n")
    return "".join(out)


def card_record(card: Card, langs: tuple[str, ...] = LANGS) -> dict[str, Any]:
    """One card as ``cards.json`` has it: its facts, knowledge type, and name, summary and address per language."""
    facts: Mapping[str, object] = card.facts
    record: dict[str, Any] = {"facts": {k: facts[k] for k in FIELD_NAMES if k in facts}}
    record["knowledge"] = knowledge.of(card.facts)  # the card's type, also when card.yml states none
    for lang in langs:
        text = card.texts.get(lang)
        record[lang] = {
            "name": card.name(lang),
            "summary": plain(text.summary) if text else "",
            "url": card.url(lang),
        }
    return record


def cards_json(cards: list[Card], generated: str, langs: tuple[str, ...] = LANGS) -> str:
    """``cards.json``: every card (:func:`card_record`) in ``langs``."""
    data = {
        "generated": generated,
        "schema": "schema/card.schema.json",
        "cards": [card_record(c, langs) for c in cards],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def csv_columns(langs: tuple[str, ...] = LANGS) -> list[str]:
    """The columns of ``cards.csv``: a text per language (``name_fi``, ``name_en``, …); a name given
    once or per language in the default language's column (``organisations``) and the others' (``organisations_en``)."""
    others = langs[1:]
    return [
        "id", *(f"name_{lang}" for lang in langs), "organisations", *(f"organisations_{lang}" for lang in others),
        "municipalities", "region", "status", "status_as_of", "start", "recognitions", "target_groups", "approaches",
        "research_partners", "sources", "reviewed",
        "contact_organisation", *(f"contact_organisation_{lang}" for lang in others),
        *(f"contact_role_{lang}" for lang in langs), "contact_url",
        *(f"summary_{lang}" for lang in langs), *(f"url_{lang}" for lang in langs),
        "knowledge_type", "knowledge_source",
    ]


def cards_csv(cards: list[Card], langs: tuple[str, ...] = LANGS) -> str:
    """``cards.csv``: one row per card, its texts in ``langs`` (:func:`csv_columns`), lists joined by ``; ``."""
    columns = csv_columns(langs)
    rows: list[list[object]] = [list(columns)]
    for card in cards:
        rec = card_record(card, langs)
        f = rec["facts"]
        row = {k: ("; ".join(v) if isinstance(v, list) else v) for k, v in f.items() if k not in ("name", "contact", "organisations")}
        for index, lang in enumerate(langs):
            suffix = f"_{lang}" if index else ""  # a name's first column is the default language's
            row.update({
                f"name_{lang}": f["name"][lang],
                f"organisations{suffix}": "; ".join(card.organisation_names(lang)),
                f"contact_organisation{suffix}": card.contact_organisation(lang),
                f"contact_role_{lang}": f["contact"]["role"][lang],
                f"summary_{lang}": rec[lang]["summary"], f"url_{lang}": rec[lang]["url"],
            })
        row.update({
            "contact_url": f["contact"]["url"],
            "knowledge_type": knowledge.of(f), "knowledge_source": (f.get("knowledge") or {}).get("source", ""),
        })
        rows.append([row.get(k, "") for k in columns])
    return csv_text(rows)


def facts_json(facts: list[Fact], langs: tuple[str, ...] = LANGS) -> str:
    """``facts.json``: every key figure, a value given once written out in every language of ``langs``."""
    data = [{"id": f.id, "value": f.value if isinstance(f.value, dict) else {lang: f.value for lang in langs},
             "unit": f.unit, "measures": f.measures, "source": f.source,
             "locator": f.locator, "refers_to": f.refers_to, "quote": f.quote, "quote_lang": f.quote_lang} for f in facts]
    return json.dumps({"facts": data}, ensure_ascii=False, indent=2) + "\n"


def facts_csv(facts: list[Fact], langs: tuple[str, ...] = LANGS) -> str:
    """``facts.csv``: one row per key figure, each text in a column per language of ``langs``."""
    def each(name: str) -> list[str]:
        return [f"{name}_{lang}" for lang in langs]

    rows: list[list[object]] = [["id", *each("value"), *each("unit"), *each("measures"), "source", *each("locator"),
                                 *each("refers_to"), "quote", "quote_lang"]]
    for f in facts:
        rows.append([f.id, *(f.text(lang).removesuffix(" " + f.unit[lang]) for lang in langs),
                     *(f.unit[lang] for lang in langs), *(f.measures[lang] for lang in langs), f.source,
                     *(f.locator[lang] for lang in langs), *(f.refers_to[lang] for lang in langs),
                     f.quote, f.quote_lang])
    return csv_text(rows)
