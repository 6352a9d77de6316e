"""A page's front matter: read exactly as the engine reads it, and the few keys a page may set.

The engine (MkDocs, ProperDocs) takes a page's metadata from YAML between a first line ``---`` and a
line ``---`` or ``...``, or, without those, from ``key: value`` lines at the very top of the page
(MultiMarkdown's form). The theme writes metadata into every page, some of it unescaped and some
of it as theme choices (``template``, ``icon``), so the handbook reads both forms with the engine's
own rules (:func:`split`) and allows only :data:`KEYS`, each of one type (a JSON Schema fragment): anything
else is refused at its line (:func:`findings`). The theme itself only ever sees
:func:`theme_meta`: the allowed keys with values of the allowed type, text escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from handbook import safety
from handbook.content import yamlmap

#: the engine's own patterns (``mkdocs.utils.meta``): YAML front matter, and MultiMarkdown's lines
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")

#: what the theme may hide on a page (Material's ``hide``)
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
#: the hash of the original that a translation was made from (``handbook translated``)
REVISION_PATTERN = r"^[0-9a-f]{7,64}$"
#: the longest title and description, in characters
MAX_TITLE, MAX_DESCRIPTION = 200, 500

#: every key a page's front matter may set, and its JSON Schema
KEYS: dict[str, dict[str, Any]] = {
    "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE},
    "description": {"type": "string", "minLength": 1, "maxLength": MAX_DESCRIPTION},
    "hide": {"type": "array", "items": {"enum": list(HIDE)}, "uniqueItems": True},
    "reviewed": {"type": "string", "minLength": 1, "maxLength": 40},  # its form: the summary check
    "translated_from": {"type": "string", "pattern": REVISION_PATTERN},
    "sourced": {"type": "boolean"},
}


@dataclass
class FrontMatter:
    """A page's text split as the engine splits it."""

    #: the YAML between the ``---`` lines ("" if there is none)
    yaml: str
    #: the Markdown the engine renders
    body: str
    #: how many lines of the file come before the body's first line
    offset: int
    #: MultiMarkdown metadata lines that the engine takes off the top of the page: (line, key, value)
    plain: list[tuple[int, str, str]] = field(default_factory=list)


def split(text: str) -> FrontMatter:
    """``text`` split into its front matter and its body by the engine's rules (``mkdocs.utils.meta.get_data``):
    YAML ended by ``---`` or ``...``; without YAML, ``key: value`` lines at the top up to a blank line."""
    match = YAML_RE.match(text)
    if match:
        rest = text[match.end():]
        body = rest.lstrip("\n")
        return FrontMatter(match.group(1), body, text[:match.end()].count("\n") + rest[:len(rest) - len(body)].count("\n"))
    lines = text.split("\n")
    plain: list[tuple[int, str, str]] = []
    taken = 0
    key: str | None = None
    for number, line in enumerate(lines, start=1):
        if line.strip() == "":
            if plain:
                taken = number
            break
        meta = META_RE.match(line)
        if meta:
            key = meta.group("key").lower().strip()
            plain.append((number, key, meta.group("value").strip()))
        elif key is not None and META_MORE_RE.match(line):
            pass  # the value goes on
        else:
            break
        taken = number
    if not plain:
        return FrontMatter("", text, 0)
    rest = "\n".join(lines[taken:])
    body = rest.lstrip("\n")
    return FrontMatter("", body, taken + rest[:len(rest) - len(body)].count("\n"), plain)


def findings(meta: Mapping[str, object], lines: yamlmap.LineMap,
             skip: frozenset[str] = frozenset()) -> list[tuple[int, str, dict[str, Any]]]:
    """What is wrong with a page's front matter: (line, message code, parameters) for each key outside
    :data:`KEYS` and each value of the wrong type or form; the keys in ``skip`` are told elsewhere (a
    card's facts written in its text)."""
    out: list[tuple[int, str, dict[str, Any]]] = []
    allowed = ", ".join(KEYS)
    for key, value in meta.items():
        name = str(key)
        if name in skip:
            continue
        line = lines.key_line([], name)
        rule = KEYS.get(name)
        if rule is None:
            out.append((line, "front-matter-key", {"key": name, "allowed": allowed}))
        elif not _valid(value, rule):
            out.append((line, "front-matter-value", {"key": name, "expected": _expected(name)}))
    for path, line, first in lines.repeated_keys():
        if len(path) == 1 and str(path[0]) not in skip:
            out.append((line, "field-twice", {"field": str(path[0]), "other": first}))
    return out


def _expected(key: str) -> str:
    """What ``key`` takes, in the catalogs' words (the code of a UI text)."""
    return {"hide": "[" + ", ".join(HIDE) + "]", "sourced": "true / false", "reviewed": "YYYY-MM-DD",
            "translated_from": '"…" (handbook translated)'}.get(key, '"…"')


def _valid(value: object, rule: Mapping[str, Any]) -> bool:
    """Whether ``value`` is of ``rule``'s type and form (the few forms :data:`KEYS` uses), looked at
    shallowly: a value of another shape is refused without walking into it."""
    kind = rule["type"]
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return (isinstance(value, str) and rule.get("minLength", 0) <= len(value) <= rule.get("maxLength", 10 ** 6)
                and ("pattern" not in rule or re.match(rule["pattern"], value) is not None))
    if kind == "array":
        return (isinstance(value, list) and len(value) <= len(HIDE) and len(set(map(str, value))) == len(value)
                and all(isinstance(item, str) and item in rule["items"]["enum"] for item in value))
    return False


def theme_meta(meta: Mapping[str, object], escape: bool = True) -> dict[str, object]:
    """What the theme may see of a page's metadata: the keys of :data:`KEYS` whose values have the
    allowed type (text of any length: the handbook's own descriptions may be long), text escaped
    (unless not ``escape``); nothing else, whatever the page's file holds."""
    out: dict[str, object] = {}
    for key, rule in KEYS.items():
        if key not in meta:
            continue
        value = meta[key]
        if isinstance(value, dt.date):  # the engine's YAML reads an unquoted date as a date
            value = value.isoformat()
        if rule["type"] == "string" and isinstance(value, str):
            out[key] = safety.escape(value) if escape else value
        elif rule["type"] != "string" and _valid(value, rule):
            out[key] = value
    return out
