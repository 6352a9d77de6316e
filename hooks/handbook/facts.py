"""Key figures (``docs/data/facts.yml``): each figure written once, with its source.

Pages quote a figure as ``{{fact:id}}``: it becomes the value and unit in the
page's language followed by a citation of the figure's source, so that the
figure, its source and the pages using it stay linked. Each figure also carries
``quote``, the source's own words that state it (at most :data:`QUOTE_WORDS`
words), shown on the key figures page and in the figure's pop-up.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from .cards import load_data_file
from .findings import Finding, finding
from .l10n import t
from .pages import FACT_REF
from .safety import escape


_TEXT = {"type": "object", "properties": {"fi": {"type": "string", "minLength": 1},
                                          "en": {"type": "string", "minLength": 1}},
         "required": ["fi", "en"], "additionalProperties": False}

FACT_SCHEMA = {
    "type": "object",
    "properties": {
        "facts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "value": {"oneOf": [{"type": "string", "minLength": 1}, _TEXT]},
                    "unit": _TEXT,
                    "measures": _TEXT,
                    "source": {"type": "string", "minLength": 1},
                    "locator": _TEXT,
                    "refers_to": _TEXT,
                    "quote": {"type": "string", "minLength": 1},
                    "quote_lang": {"enum": ["fi", "en", "sv"]},
                },
                "required": ["id", "value", "unit", "measures", "source", "locator", "refers_to", "quote"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["facts"],
    "additionalProperties": False,
}
_validator = Draft202012Validator(FACT_SCHEMA)
#: the longest ``quote`` allowed, in words
QUOTE_WORDS = 30
#: "In the source's words", before a figure's quote
QUOTE_LABEL = {"fi": "Lähteen sanoin", "en": "In the source's words"}


@dataclass(frozen=True)
class Fact:
    """One key figure."""

    id: str
    value: str | dict
    unit: dict
    measures: dict
    source: str
    locator: dict
    refers_to: dict
    line: int
    quote: str = ""
    quote_lang: str = "fi"

    def text(self, lang: str) -> str:
        """``69 vastausta`` – the value with its unit, as written in a sentence."""
        value = self.value[lang] if isinstance(self.value, dict) else self.value
        unit = self.unit[lang]
        return f"{value} {unit}".strip() if unit != "-" else value

    def quote_html(self) -> str:
        """The source's words as an inline quotation in their own language (escaped)."""
        return f'<q lang="{self.quote_lang}">{escape(self.quote)}</q>'


def load(path: Path, root: Path, rejected: set[str] | None = None) -> tuple[list[Fact], list[Finding]]:
    """Read and validate the figures file; the ids of figures left out for a schema problem
    are added to ``rejected`` when it is given."""
    left_out: list[object] = []
    items, problems = load_data_file(path, root, "facts", "facts", _validator, left_out)
    if rejected is not None:
        rejected.update(item["id"] for item in left_out if isinstance(item, dict) and isinstance(item.get("id"), str))
    rel = path.relative_to(root).as_posix() if path.exists() else ""
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for line, item in items:
        value = item["value"] if isinstance(item["value"], dict) else str(item["value"])
        fact = Fact(item["id"], value, item["unit"], item["measures"], item["source"],
                    item["locator"], item["refers_to"], line, item["quote"], item.get("quote_lang", "fi"))
        words = len(fact.quote.split())
        if words > QUOTE_WORDS:
            problems.append(finding(rel, _quote_line(path, line), "facts", "fact-quote-long",
                                    id=fact.id, words=words, most=QUOTE_WORDS))
        if fact.id in seen:
            problems.append(finding(rel, line, "facts", "fact-duplicate", id=fact.id, other=f"{rel}:{seen[fact.id]}"))
            continue
        seen[fact.id] = line
        facts.append(fact)
    return facts, problems


def _quote_line(path: Path, item_line: int) -> int:
    """The line of the ``quote:`` key of the item that starts at ``item_line`` (that line if not found)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in range(item_line, len(lines) + 1):
        text = lines[number - 1]
        if number > item_line and text.lstrip().startswith("- "):
            break
        if re.match(r"\s*(?:- )?quote\s*:", text):
            return number
    return item_line


def quote(markdown: str, facts: dict[str, Fact], lang: str, base: str = "") -> str:
    """Replace ``{{fact:id}}`` with the figure and a citation of its source.

    The figure links to its row on the key figures page (under ``base``), and its pop-up
    shows the source's own words: the link is described by a hidden element added at the
    end of the page. The first quote of a figure on a page gets the anchor ``use-<id>`` that
    the figures table links to.
    """
    anchored: set[str] = set()

    def one(match: re.Match) -> str:
        fact = facts.get(match.group(1))
        if fact is None:
            return match.group(0)
        anchor = "" if fact.id in anchored else f' id="use-{fact.id}"'
        anchored.add(fact.id)
        return (f'<a class="hb-fact hb-cite" href="{base}facts/#fact-{fact.id}" aria-describedby="hb-quote-{fact.id}"'
                f'{anchor}>{escape(fact.text(lang))}</a> [@{fact.source}, {fact.locator[lang]}]')

    out = FACT_REF.sub(one, markdown)
    if not anchored:
        return out
    quotes = "".join(f'<span id="hb-quote-{fact_id}">{QUOTE_LABEL[lang]}: {facts[fact_id].quote_html()}</span>'
                     for fact_id in sorted(anchored))
    return out.rstrip("\n") + f'\n\n<aside class="hb-fact-quotes" hidden data-pagefind-ignore>{quotes}</aside>\n'


def table_page(facts: list[Fact], used: dict[str, list[tuple[str, str]]], lang: str, formatter) -> str:
    """The key figures page of ``lang`` (at ``facts/``): one row per figure."""
    title = t("facts_title", lang)
    intro = {
        "fi": "Käsikirjan luvut yhdessä paikassa. Jokainen luku on kirjoitettu vain kerran, ja sen vieressä on "
              "lähde ja kohta, josta se on. Luvut ovat juuri niin kuin lähde ne ilmoittaa; eri lähteiden lukuja ei "
              "ole yhdistetty eikä pyöristetty. Sarakkeessa Lähteen sanoin on lähteen oma lause, joka ilmoittaa "
              "luvun, sanatarkasti ja lähteen kielellä. Taulukko on ladattavissa myös tiedostoina "
              "[facts.json](facts.json) ja [facts.csv](facts.csv).",
        "en": "The handbook's figures in one place. Each figure is written once, next to its source and the place "
              "in the source it comes from. Figures are exactly as the source states them; figures from different "
              "sources are neither combined nor rounded. The column In the source's words gives the source's own "
              "sentence that states the figure, word for word and in the source's language. The table can also be downloaded as "
              "[facts.json](facts.json) and [facts.csv](facts.csv).",
    }[lang]
    head = {"fi": ("Luku", "Mitä se kertoo", QUOTE_LABEL["fi"], "Ajankohta", "Lähde", "Käytössä sivuilla"),
            "en": ("Figure", "What it measures", QUOTE_LABEL["en"], "Refers to", "Source", "Used on")}[lang]
    base = "../" if lang == "fi" else "../../"
    rows = []
    for fact in facts:
        label = formatter.bib.labels.get(fact.source)
        source = (f'<a href="../bibliography/#ref-{escape(fact.source)}">{escape(label.text(lang))}</a>, '
                  f'{escape(fact.locator[lang])}' if label else escape(fact.source))
        pages = ", ".join(f'<a href="{base}{escape(url)}#use-{fact.id}">{escape(title_)}</a>'
                          for url, title_ in used.get(fact.id, {}).get(lang, []))
        rows.append(f'<tr id="fact-{fact.id}"><td><strong>{escape(fact.text(lang))}</strong></td><td>{escape(fact.measures[lang])}</td>'
                    f'<td>{fact.quote_html()}</td><td>{escape(fact.refers_to[lang])}</td><td>{source}</td><td>{pages or "–"}</td></tr>')
    cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    # a narrow screen between phone and desktop scrolls the table in its own box, not the page
    # no table of contents beside it (the page has no sections): the table gets that width
    return (f"---\nhide:\n  - toc\n---\n\n# {title}\n\n{intro}\n\n<div class=\"hb-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{escape(title)}\">"
            f"<table class=\"hb-facts-table\"><thead data-pagefind-ignore><tr>{cells}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody></table></div>\n")


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
