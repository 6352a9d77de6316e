"""Key figures (``docs/data/facts.yml``): each figure written once, with its source.

Pages quote a figure as ``{{fact:id}}``: it becomes the value and unit in the
page's language followed by a citation of the figure's source, so that the
figure, its source and the pages using it stay linked. Each figure also carries
``quote``, the source's own words that state it (at most :data:`QUOTE_WORDS`
words), shown on the key figures page and in the figure's pop-up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from handbook.content.cards import load_data_file
from handbook.content.schema import JsonSchema, texts
from handbook.findings import Finding, finding
from handbook.i18n import DEFAULT_LANG, LANGS

#: the languages a figure's ``quote`` (the source's own words) may be in
QUOTE_LANGS = ["fi", "en", "sv"]


def fact_schema(langs: tuple[str, ...] = LANGS) -> JsonSchema:
    """The JSON Schema of ``facts.yml`` for a handbook in ``langs`` (each text in every language)."""
    text = texts(langs)
    return {
        "type": "object",
        "properties": {
            "facts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                        "value": {"oneOf": [{"type": "string", "minLength": 1}, text]},
                        "unit": text,
                        "measures": text,
                        "source": {"type": "string", "minLength": 1},
                        "locator": text,
                        "refers_to": text,
                        "quote": {"type": "string", "minLength": 1},
                        "quote_lang": {"enum": QUOTE_LANGS},
                    },
                    "required": ["id", "value", "unit", "measures", "source", "locator", "refers_to", "quote"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["facts"],
        "additionalProperties": False,
    }


@functools.lru_cache(maxsize=None)
def _validator(langs: tuple[str, ...]) -> Draft202012Validator:
    return Draft202012Validator(fact_schema(langs))
#: the longest ``quote`` allowed, in words
QUOTE_WORDS = 30


@dataclass(frozen=True)
class Fact:
    """One key figure."""

    id: str
    #: the same in every language, or language → value
    value: str | dict[str, str]
    #: language → text (the unit ``-`` is not written)
    unit: dict[str, str]
    measures: dict[str, str]
    #: the bibliography key of its source
    source: str
    locator: dict[str, str]
    refers_to: dict[str, str]
    line: int
    quote: str = ""
    quote_lang: str = DEFAULT_LANG
    #: the line of its ``source:`` (its first line if not found)
    source_line: int = 0

    def text(self, lang: str) -> str:
        """``69 vastausta`` – the value with its unit, as written in a sentence."""
        value = self.value[lang] if isinstance(self.value, dict) else self.value
        unit = self.unit[lang]
        return f"{value} {unit}".strip() if unit != "-" else value


def load(path: Path, root: Path, rejected: set[str] | None = None,
         langs: tuple[str, ...] = LANGS) -> tuple[list[Fact], list[Finding]]:
    """Read and validate the figures file (its texts in ``langs``); the ids of figures left out for a
    schema problem are added to ``rejected`` when it is given."""
    left_out: list[object] = []
    items, problems = load_data_file(path, root, "facts", "facts", _validator(langs), left_out, langs)
    if rejected is not None:
        rejected.update(item["id"] for item in left_out if isinstance(item, dict) and isinstance(item.get("id"), str))
    rel = path.relative_to(root).as_posix() if path.exists() else ""
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for line, item in items:
        value = item["value"] if isinstance(item["value"], dict) else str(item["value"])
        fact = Fact(item["id"], value, item["unit"], item["measures"], item["source"],
                    item["locator"], item["refers_to"], line, item["quote"], item.get("quote_lang", DEFAULT_LANG),
                    _field_line(path, line, "source"))
        words = len(fact.quote.split())
        if words > QUOTE_WORDS:
            problems.append(finding(rel, _field_line(path, line, "quote"), "facts", "fact-quote-long",
                                    id=fact.id, words=words, most=QUOTE_WORDS))
        if fact.id in seen:
            problems.append(finding(rel, line, "facts", "fact-duplicate", id=fact.id, other=f"{rel}:{seen[fact.id]}"))
            continue
        seen[fact.id] = line
        facts.append(fact)
    return facts, problems


def _field_line(path: Path, item_line: int, key: str) -> int:
    """The line of the ``key:`` of the item that starts at ``item_line`` (that line if not found)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in range(item_line, len(lines) + 1):
        text = lines[number - 1]
        if number > item_line and text.lstrip().startswith("- "):
            break
        if re.match(rf"\s*(?:- )?{re.escape(key)}\s*:", text):
            return number
    return item_line


