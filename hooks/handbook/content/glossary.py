"""The glossary (``docs/data/glossary.yml``) and automatic term marking.

Each term has a name in every language, optional word stems to match inflected forms
(*sijoitus*, *sijoitukset* → ``sijoitu``/``sijoituks``), and, in every language, either a
``definition`` with the ``source`` that defines the term (a bibliography key; a statute's section
is named in the text) or an ``explanation``: the editors' own, shown as such and with no source.
The term marking (:mod:`handbook.render.glossary`) links the first occurrence of each term on a page
to its glossary entry; the link is described by the definition (``aria-describedby``), which the
page's script shows as a pop-up.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from handbook.content.cards import load_data_file
from handbook.content.schema import JsonSchema, texts
from handbook.findings import Finding, finding
from handbook.i18n import LANGS

_LIST = {"type": "array", "items": {"type": "string", "minLength": 2}}


def glossary_schema(langs: tuple[str, ...] = LANGS) -> JsonSchema:
    """The JSON Schema of ``glossary.yml`` for a handbook in ``langs`` (each term and its definition or
    explanation in every language; ``match``, the word stems, per language). Which of ``definition``
    and ``explanation`` a term has, and whether it has a source, :func:`load` reports in words."""
    term = {
        "type": "object",
        "properties": {"id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                       "term": texts(langs), "definition": texts(langs), "explanation": texts(langs),
                       "source": {"type": "string", "minLength": 1},
                       "match": {"type": "object", "properties": {lang: _LIST for lang in langs},
                                 "additionalProperties": False}},
        "required": ["id", "term"],
        "additionalProperties": False,
    }
    return {"type": "object", "properties": {"terms": {"type": "array", "items": term}},
            "required": ["terms"], "additionalProperties": False}


@functools.lru_cache(maxsize=None)
def _validator(langs: tuple[str, ...]) -> Draft202012Validator:
    return Draft202012Validator(glossary_schema(langs))

FI_ORDER = str.maketrans({"å": "z{", "ä": "z|", "ö": "z}", "Å": "z{", "Ä": "z|", "Ö": "z}"})


@dataclass(frozen=True)
class Term:
    """One glossary entry: its term and definition per language, the source it follows (None for the
    editors' explanation: ``editors``), and the word stems that find it in a text (per language; the
    term itself when none are given)."""

    id: str
    term: dict[str, str]
    definition: dict[str, str]
    source: str | None
    match: dict[str, list[str]]
    line: int
    editors: bool = False

    def stems(self, lang: str) -> list[str]:
        return self.match.get(lang) or [self.term[lang]]


def load(path: Path, root: Path, langs: tuple[str, ...] = LANGS) -> tuple[list[Term], list[Finding]]:
    """Read and validate the glossary file (its texts in ``langs``)."""
    items, problems = load_data_file(path, root, "glossary", "terms", _validator(langs), langs=langs)
    rel = path.relative_to(root).as_posix() if path.exists() else ""
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for line, item in items:
        if item["id"] in seen:
            problems.append(finding(rel, line, "glossary", "term-duplicate", id=item["id"], other=f"{rel}:{seen[item['id']]}"))
            continue
        seen[item["id"]] = line
        wrong = _text_finding(item, rel, line)
        if wrong is not None:
            problems.append(wrong)
            continue
        editors = "explanation" in item
        terms.append(Term(item["id"], item["term"], item["explanation" if editors else "definition"],
                          item.get("source"), item.get("match") or {}, line, editors))
    return terms, problems


def _text_finding(item: dict[str, Any], rel: str, line: int) -> Finding | None:
    """What is wrong with a term's text and source, if anything: a term has a definition that a source
    gives, or the editors' explanation without one."""
    if ("definition" in item) == ("explanation" in item):
        return finding(rel, line, "glossary", "term-text", id=item["id"])
    if "definition" in item and not item.get("source"):
        return finding(rel, line, "glossary", "term-unsourced", id=item["id"])
    if "explanation" in item and "source" in item:
        return finding(rel, line, "glossary", "term-explained-source", id=item["id"])
    return None


