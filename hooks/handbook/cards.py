"""Practice cards: loading and validating ``docs/cards/<slug>/``.

A card is a folder with ``card.yml`` (its language-neutral facts, stated once)
and ``index.fi.md`` / ``index.en.md`` (its text: a one-paragraph summary and
the fixed sections). :func:`load_card` returns the card and the findings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

from . import knowledge, schema, yamlmap
from .checks.privacy import personal_contact
from .findings import Finding, finding
from .l10n import LANGS
from .pages import Page, read_page

SECTIONS: dict[str, tuple[str, ...]] = {
    "fi": ("Tarve ja tavoitteet", "Ratkaisu", "Tulokset", "Lähteet"),
    "en": ("Need and goals", "Solution", "Results", "Sources"),
}
#: Sections that may be left empty (the references list is generated into it).
MAY_BE_EMPTY = {"Lähteet", "Sources"}

PLACEHOLDER = re.compile(r"<<[^<>\n]{1,200}>>")

_validator = Draft202012Validator(schema.card_schema())

PATTERN_HELP = {
    schema.SLUG_PATTERN: "lowercase letters a-z, digits and single hyphens, e.g. pori-systeeminen-tiimimalli",
    schema.DATE_PATTERN: "a date as YYYY-MM-DD, e.g. 2018-05-02",
    schema.YEAR_MONTH_PATTERN: "a year or a year and month, as YYYY or YYYY-MM, e.g. 2018-01",
    schema.HTTPS_PATTERN: "a web address starting with https://",
}


@dataclass
class CardText:
    """One language version of a card's text."""

    lang: str
    path: Path
    body: str
    line_offset: int
    summary: str = ""
    sections: dict[str, int] = field(default_factory=dict)


@dataclass
class Card:
    """A practice card: facts from ``card.yml`` and text per language."""

    slug: str
    folder: Path
    facts: dict
    texts: dict[str, CardText]
    lines: yamlmap.LineMap

    def name(self, lang: str) -> str:
        return self.facts["name"][lang]

    @property
    def reviewed(self) -> dt.date:
        return dt.date.fromisoformat(self.facts["reviewed"])

    @property
    def status_as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.facts["status_as_of"])

    @property
    def year(self) -> str:
        return self.facts.get("start", "")[:4]

    def url(self, lang: str) -> str:
        """Site-relative URL of the card page in ``lang`` (no leading slash)."""
        prefix = "" if lang == "fi" else f"{lang}/"
        return f"{prefix}cards/{self.slug}/"

    def line_of(self, *path: str | int) -> int:
        return self.lines.line(path)


def _field_name(path) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "card"


def _hint(name: str) -> str:
    for f in schema.FIELDS:
        if f.name == name:
            return f.example
    return name


def schema_findings(data: object, lines: yamlmap.LineMap, rel: str,
                    validator: Draft202012Validator = _validator) -> list[Finding]:
    """Validate YAML data against a schema (by default the card's); one finding per problem, with its line."""
    if not isinstance(data, dict):
        return [finding(rel, 1, "card-schema", "card-not-mapping")]
    out: list[Finding] = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(err.absolute_path)
        kind = err.validator
        if _has_placeholder(err.instance):
            continue  # the placeholder check tells the editor what to fill in
        if kind == "required":
            for name in err.validator_value:
                if isinstance(err.instance, dict) and name not in err.instance:
                    out.append(finding(rel, lines.line(path), "card-schema", "field-missing",
                                       field=_field_name([*path, name]), hint=_hint(name) if not path else name + ": …"))
        elif kind == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for name in err.instance:
                if name not in allowed:
                    out.append(finding(rel, lines.key_line(path, name), "card-schema", "field-unknown",
                                       field=_field_name([*path, name]), allowed=", ".join(allowed)))
        elif kind == "enum":
            out.append(finding(rel, lines.line(path), "card-schema", "field-enum", field=_field_name(path),
                               value=err.instance, allowed=", ".join(map(str, err.validator_value))))
        elif kind == "type":
            expected = {"string": "text", "array": "a list, e.g. [a, b]", "object": "a set of key: value pairs"}
            out.append(finding(rel, lines.line(path), "card-schema", "field-type", field=_field_name(path),
                               value=repr(err.instance), expected=expected.get(err.validator_value, err.validator_value)))
        elif kind == "pattern":
            out.append(finding(rel, lines.line(path), "card-schema", "field-pattern", field=_field_name(path),
                               value=err.instance, expected=PATTERN_HELP.get(err.validator_value, err.validator_value)))
        elif kind in ("minItems", "minLength"):
            out.append(finding(rel, lines.line(path), "card-schema", "field-empty", field=_field_name(path)))
        else:
            out.append(finding(rel, lines.line(path), "card-schema", "field-invalid",
                               field=_field_name(path), problem=err.message))
    return out


def load_data_file(path: Path, root: Path, rule: str, key: str,
                   validator: Draft202012Validator) -> tuple[list[tuple[int, dict]], list[Finding]]:
    """A YAML data file of ``{key: [items]}``: its valid items with their lines, and every problem.

    Used by the key figures and the glossary; problems carry ``rule`` and the item's line.
    """
    if not path.exists():
        return [], []
    rel = path.relative_to(root).as_posix()
    try:
        data, lines = yamlmap.load(path.read_text(encoding="utf-8"))
    except yamlmap.YamlError as exc:
        return [], [finding(rel, exc.line, rule, "yaml-syntax", problem=exc.problem)]
    problems = [dataclasses.replace(f, rule=rule) for f in schema_findings(data, lines, rel, validator)]
    items_schema = Draft202012Validator(validator.schema["properties"][key]["items"])
    items = [(lines.line([key, index]), item)
             for index, item in enumerate(data.get(key, []) if isinstance(data, dict) else [])
             if items_schema.is_valid(item)]
    return items, problems


def _has_placeholder(value: object) -> bool:
    if isinstance(value, str):
        return bool(PLACEHOLDER.search(value))
    if isinstance(value, list):
        return any(_has_placeholder(v) for v in value)
    return False


def _date_findings(data: dict, lines: yamlmap.LineMap, rel: str, today: dt.date) -> list[Finding]:
    out = []
    for name in ("reviewed", "status_as_of"):
        value = data.get(name)
        if isinstance(value, str) and re.match(schema.DATE_PATTERN, value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError as exc:
                out.append(finding(rel, lines.line([name]), "card-schema", "field-invalid", field=name, problem=str(exc)))
                continue
            if day > today:
                out.append(finding(rel, lines.line([name]), "card-schema", "date-future", field=name, value=value))
    start = data.get("start")
    if isinstance(start, str) and re.match(schema.YEAR_MONTH_PATTERN, start):
        if start > today.isoformat()[: len(start)]:
            out.append(finding(rel, lines.line(["start"]), "card-schema", "date-future", field="start", value=start))
    return out


def _walk_strings(data: object, path: list):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, [*path, key])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk_strings(value, [*path, index])
    elif isinstance(data, str):
        yield path, data


def _facts_safety(data: dict, lines: yamlmap.LineMap, rel: str) -> list[Finding]:
    out = []
    for path, value in _walk_strings(data, []):
        for match in PLACEHOLDER.finditer(value):
            out.append(finding(rel, lines.line(path), "placeholder", "placeholder", placeholder=match.group(0)))
        contact_text = path and path[0] == "contact" and path[-1] != "url"
        if contact_text and personal_contact(value):
            out.append(finding(rel, lines.line(path), "card-privacy", "contact-personal", value=value))
    return out


def card_text(page: Page, rel: str) -> tuple[CardText, list[Finding]]:
    """A card's language file, as the page reader read it (:func:`handbook.pages.read_page`), and its
    structure checks: one summary paragraph, then the fixed sections in order."""
    lang = page.lang
    offset = page.first_line - 1
    text = CardText(lang=lang, path=page.path, body=page.body, line_offset=offset)
    out: list[Finding] = []
    if page.front_error is not None:
        out.append(finding(rel, page.front_error[0], "card-text", "yaml-syntax", problem=page.front_error[1]))
    facts = sorted(set(page.meta) & set(schema.FIELD_NAMES))
    if facts:
        out.append(finding(rel, 1, "card-text", "facts-in-text", fields=", ".join(facts)))
    expected = SECTIONS[lang]
    order = ", ".join(expected)
    headings: list[tuple[str, int, int]] = []  # (title, line, position in the outline)
    summary_paras: list[tuple[int, str]] = []
    for index, (tag, line, content) in enumerate(page.outline):
        if tag == "h1":
            out.append(finding(rel, line, "card-text", "h1-in-card"))
        elif tag == "h2":
            headings.append((content, line, index))
        elif tag == "p" and not headings:
            summary_paras.append((line, content))
    if not summary_paras:
        out.append(finding(rel, 1 + offset, "card-text", "summary-missing"))
    elif len(summary_paras) > 1:
        out.append(finding(rel, summary_paras[1][0], "card-text", "summary-long", count=len(summary_paras)))
    else:
        text.summary = summary_paras[0][1]
    seen = [h[0] for h in headings]
    for title, line, _ in headings:
        if title not in expected:
            out.append(finding(rel, line, "card-text", "section-unknown", section=title, order=order))
    highest = -1
    for title, line, _ in headings:
        if title in expected:
            if expected.index(title) < highest:
                out.append(finding(rel, line, "card-text", "section-order", section=title, order=order))
            highest = max(highest, expected.index(title))
    last_line = page.body.count("\n") + 1 + offset
    for title in expected:
        if title not in seen:
            out.append(finding(rel, last_line, "card-text", "section-missing", section=title, order=order))
    for n, (title, line, index) in enumerate(headings):
        text.sections[title] = line
        end = headings[n + 1][2] if n + 1 < len(headings) else len(page.outline)
        if title in expected and title not in MAY_BE_EMPTY and end == index + 1:
            out.append(finding(rel, line, "card-text", "section-empty", section=title))
    if "<<" in page.body:
        for lineno, line_text in enumerate(page.body.splitlines(), start=1 + offset):
            for match in PLACEHOLDER.finditer(line_text):
                out.append(finding(rel, lineno, "placeholder", "placeholder", placeholder=match.group(0)))
    return text, out


def load_facts(yml: Path, root: Path, today: dt.date | None = None) -> tuple[object, yamlmap.LineMap, list[Finding]]:
    """A card's ``card.yml``: its data, line map and every problem with it."""
    today = today or dt.date.today()
    rel = _rel(yml, root)
    out: list[Finding] = []
    data: object = None
    lines = yamlmap.LineMap(None)
    if not yml.exists():
        out.append(finding(rel, 1, "card-schema", "field-missing", field="card.yml", hint="make new-card"))
        return data, lines, out
    try:
        data, lines = yamlmap.load(yml.read_text(encoding="utf-8"))
    except yamlmap.YamlError as exc:
        out.append(finding(rel, exc.line, "card-schema", "yaml-syntax", problem=exc.problem))
        return None, lines, out
    out += schema_findings(data, lines, rel)
    if isinstance(data, dict):
        out += _date_findings(data, lines, rel, today)
        out += _facts_safety(data, lines, rel)
        out += knowledge.findings(data, lines, rel)
        if isinstance(data.get("id"), str) and data["id"] != yml.parent.name:
            out.append(finding(rel, lines.line(["id"]), "card-schema", "id-mismatch",
                               value=data["id"], folder=yml.parent.name))
    return data, lines, out


def load_card(folder: Path, root: Path, today: dt.date | None = None,
              facts: tuple[object, yamlmap.LineMap, list[Finding]] | None = None,
              texts: dict[str, Page | None] | None = None) -> tuple[Card | None, list[Finding]]:
    """Load and validate one card folder. The card is None when its facts are unusable.

    The build passes ``facts`` (:func:`load_facts`) and the language files as its page reader
    read them; otherwise they are read here.
    """
    yml = folder / "card.yml"
    rel = _rel(yml, root)
    data, lines, problems = facts if facts is not None else load_facts(yml, root, today)
    out = list(problems)
    found: dict[str, CardText] = {}
    for lang in LANGS:
        path = folder / f"index.{lang}.md"
        page = texts.get(lang) if texts is not None else (
            read_page(path, folder.parent.parent, root) if path.exists() else None)
        if page is None:
            out.append(finding(_rel(folder, root) + f"/index.{lang}.md", 1, "card-text", "lang-file-missing",
                               file=f"index.{lang}.md"))
            continue
        text, text_problems = card_text(page, _rel(path, root))
        found[lang] = text
        out += text_problems
    # placeholders in the facts hide schema errors (the editor is told what to fill in), so they block too
    usable = isinstance(data, dict) and not any(
        f.rule == "card-schema" or (f.rule == "placeholder" and f.path == rel) for f in out)
    card = Card(slug=folder.name, folder=folder, facts=data, texts=found, lines=lines) if usable else None
    return card, out


def _rel(path: Path, root: Path) -> str:
    """``path`` relative to the project (through symbolic links if it has to)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
