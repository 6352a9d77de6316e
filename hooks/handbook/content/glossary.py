"""The glossary (``docs/data/glossary.yml``) and automatic term marking.

Each term has fi/en names, optional word stems to match inflected forms
(*sijoitus*, *sijoitukset* → ``sijoitu``/``sijoituks``), definitions in both
languages and an optional source. :func:`mark` links the first occurrence of
each term on a page to its glossary entry; the link is described by the
definition (``aria-describedby``), which the page's script shows as a pop-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from handbook.content.cards import load_data_file
from handbook.findings import Finding, finding

_TEXT = {"type": "object", "properties": {"fi": {"type": "string", "minLength": 1},
                                          "en": {"type": "string", "minLength": 1}},
         "required": ["fi", "en"], "additionalProperties": False}
_LIST = {"type": "array", "items": {"type": "string", "minLength": 2}}
TERM_SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                   "term": _TEXT, "definition": _TEXT, "source": {"type": "string"},
                   "match": {"type": "object", "properties": {"fi": _LIST, "en": _LIST}, "additionalProperties": False}},
    "required": ["id", "term", "definition"],
    "additionalProperties": False,
}
GLOSSARY_SCHEMA = {"type": "object", "properties": {"terms": {"type": "array", "items": TERM_SCHEMA}},
                   "required": ["terms"], "additionalProperties": False}
_validator = Draft202012Validator(GLOSSARY_SCHEMA)

FI_ORDER = str.maketrans({"å": "z{", "ä": "z|", "ö": "z}", "Å": "z{", "Ä": "z|", "Ö": "z}"})


@dataclass(frozen=True)
class Term:
    id: str
    term: dict
    definition: dict
    source: str | None
    match: dict
    line: int

    def stems(self, lang: str) -> list[str]:
        return self.match.get(lang) or [self.term[lang]]


def load(path: Path, root: Path) -> tuple[list[Term], list[Finding]]:
    """Read and validate the glossary file."""
    items, problems = load_data_file(path, root, "glossary", "terms", _validator)
    rel = path.relative_to(root).as_posix() if path.exists() else ""
    terms, seen = [], {}
    for line, item in items:
        if item["id"] in seen:
            problems.append(finding(rel, line, "glossary", "term-duplicate", id=item["id"], other=f"{rel}:{seen[item['id']]}"))
            continue
        seen[item["id"]] = line
        terms.append(Term(item["id"], item["term"], item["definition"], item.get("source"), item.get("match") or {}, line))
    return terms, problems


