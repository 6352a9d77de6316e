"""Practice cards: loading and validating ``docs/cards/<slug>/``.

A card is a folder with ``card.yml`` (its language-neutral facts, stated once)
and ``index.<lang>.md`` for each of the handbook's languages, ``index.fi.md``, ``index.en.md``
(its text: a one-paragraph summary and the fixed sections). :func:`load_card` returns the card and the findings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from jsonschema import Draft202012Validator

from handbook import i18n
from handbook.content import knowledge, reading, schema, vocab, yamlmap
from handbook.content.personal import personal_contact
from handbook.findings import Finding, finding
from handbook.i18n import LANGS
from handbook.content.pages import MarkdownPage, read_page

#: A card's sections in order, by their keys in the catalogs' ``structure`` section (``card_need`` …).
SECTION_KEYS = ("need", "solution", "results", "sources")
#: Sections that may be left empty (the references list is generated into it).
MAY_BE_EMPTY = frozenset({"sources"})

PLACEHOLDER = schema.PLACEHOLDER


def sections(lang: str) -> tuple[str, ...]:
    """A card's ``##`` sections in ``lang``, in order: ``Tarve ja tavoitteet``, … / ``Need and goals``, …"""
    return tuple(i18n.text("structure", f"card_{key}", lang) for key in SECTION_KEYS)


@functools.lru_cache(maxsize=None)
def card_validator(langs: tuple[str, ...] = LANGS) -> Draft202012Validator:
    """The validator of ``card.yml`` for a handbook in ``langs`` (:func:`handbook.content.schema.card_schema`)."""
    return Draft202012Validator(schema.card_schema(langs))

#: The controlled vocabulary of each field that takes one (its values and their names in each language).
VOCABULARIES = {"region": vocab.REGIONS, "status": vocab.STATUS, "approaches": vocab.APPROACHES,
                "target_groups": vocab.TARGET_GROUPS, "recognitions": vocab.RECOGNITIONS}
#: Finnish (and a few English) words an editor may write for a field's name.
FIELD_WORDS = {
    "tunnus": "id", "nimi": "name", "organisaatio": "organisations", "organisaatiot": "organisations",
    "organisation": "organisations", "organization": "organisations", "organizations": "organisations",
    "kunta": "municipalities", "kunnat": "municipalities", "municipality": "municipalities",
    "maakunta": "region", "alue": "region", "tila": "status", "alkanut": "start", "aloitus": "start",
    "alku": "start", "palkinnot": "recognitions", "tunnustukset": "recognitions", "kohderyhma": "target_groups",
    "kohderyhmat": "target_groups", "target_group": "target_groups", "tyootteet": "approaches",
    "tyote": "approaches", "approach": "approaches", "tutkimuskumppanit": "research_partners",
    "lahteet": "sources", "lahde": "sources", "source": "sources", "tarkistettu": "reviewed",
    "yhteystiedot": "contact", "yhteystieto": "contact", "yhteyshenkilo": "contact", "contacts": "contact",
    "rooli": "role", "osoite": "url", "verkko-osoite": "url",
}
#: Examples of the fields inside contact (a top-level field's example is in the schema; the texts of
#: name and role are in each language's catalog, ``scaffold.example_name`` and ``example_role``).
INNER_EXAMPLES = {"organisation": "organisation: Porin kaupunki", "url": "url: https://www.pori.fi/"}


def _inner_example(key: str, langs: tuple[str, ...]) -> str | None:
    """The example of a field inside a card's name or contact (``name.fi``, ``role``, ``url``)."""
    field, _, lang = key.partition(".")
    if field in ("name", "role") and lang in langs:
        return f"{lang}: {i18n.text('scaffold', f'example_{field}', lang)}"
    if key == "role":
        return "role: {" + ", ".join(f"{lang}: {i18n.text('scaffold', 'example_role', lang)}" for lang in langs) + "}"
    return INNER_EXAMPLES.get(key)


#: one name (an organisation's): the same in every language, or language → name
Name = str | dict[str, str]


class Contact(TypedDict):
    """A card's ``contact``: an organisation's role, never a person."""

    organisation: Name
    #: language → the role
    role: dict[str, str]
    url: str


class Knowledge(TypedDict):
    """A card's ``knowledge``: the kind of knowledge its results rest on (:mod:`handbook.content.knowledge`)."""

    type: str
    #: the source that shows it (one of the card's ``sources``), unless not assessed
    source: NotRequired[str]


class CardFacts(TypedDict):
    """A card's ``card.yml`` once it is valid: the fields of :data:`handbook.content.schema.FIELDS`, the
    required ones required (``tests/test_lint.py`` holds the two together). Texts are language → text."""

    id: str
    name: dict[str, str]
    organisations: list[Name]
    municipalities: list[str]
    region: str
    status: str
    status_as_of: str
    #: ``YYYY`` or ``YYYY-MM`` (a bare year written as a number is read as its text)
    start: NotRequired[str]
    recognitions: NotRequired[list[str]]
    target_groups: list[str]
    approaches: list[str]
    research_partners: NotRequired[list[str]]
    sources: list[str]
    reviewed: str
    contact: Contact
    knowledge: NotRequired[Knowledge]


@dataclass
class CardText:
    """One language version of a card's text."""

    lang: str
    path: Path
    body: str
    line_offset: int
    summary: str = ""
    sections: dict[str, int] = field(default_factory=dict)


@dataclass(eq=False)
class Card:
    """A practice card: facts from ``card.yml`` and text per language. (Two cards are the same card
    only if they are the same object: a card can be a key, e.g. of the views the pages make of it.)"""

    slug: str
    folder: Path
    facts: CardFacts
    texts: dict[str, CardText]
    lines: yamlmap.LineMap

    def name(self, lang: str) -> str:
        return self.facts["name"][lang]

    def organisation_names(self, lang: str) -> list[str]:
        """The organisations' names as shown in ``lang``: a name given once serves both languages."""
        return [name_in(item, lang) for item in self.facts["organisations"]]

    def contact_organisation(self, lang: str) -> str:
        """The contact's organisation as shown in ``lang``: given once, or ``{fi, en}`` like an organisation."""
        return name_in(self.facts["contact"]["organisation"], lang)

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
        return f"{i18n.root(lang)}cards/{self.slug}/"

    def line_of(self, *path: str | int) -> int:
        return self.lines.line(path)


def name_in(item: Name, lang: str) -> str:
    """One name (an organisation's) in ``lang``: a string is the same in every language, else ``{fi, en}``."""
    return item if isinstance(item, str) else item[lang]


def _field_name(path: Iterable[object]) -> str:
    """The field as the editor sees it: ``contact.role.fi``; an item of a list is named by its value."""
    return ".".join(str(part) for part in path if not isinstance(part, int)) or "card"


def _hint(name: str) -> str:
    """What to write for a missing field: its example, or for a field of fixed values the values to choose
    from (an example value could be pasted as it is, and be wrong: status: ongoing on a pilot)."""
    for f in schema.FIELDS:
        if f.name == name:
            allowed = f.schema().get("enum")
            return f"{name}: " + " | ".join(map(str, allowed)) if allowed else f.example
    return name


def _example(path: Sequence[object], kind: str = "", langs: tuple[str, ...] = LANGS) -> str:
    """An example of the field at ``path`` as the editor writes it (a card's field from the schema;
    elsewhere, such as the key figures' file, one of the form the field takes)."""
    names = [p for p in path if isinstance(p, str)]
    for key in (".".join(names[-2:]), names[-1] if names else ""):
        example = _inner_example(key, langs) if len(names) > 1 else None
        if example is not None:
            return example
    if len(names) == 1 and names[0] in schema.FIELD_NAMES:
        return _hint(names[0])
    name = names[-1] if names else "…"
    every = "{" + ", ".join(f"{lang}: …" for lang in langs) + "}"
    return {"object": f"{name}: {every}", "array": f"{name}: [… , …]"}.get(kind, f"{name}: …")


def _fold(text: str) -> str:
    """Lower case without Finnish letters' dots or spaces: 'Etelä-Karjala ' -> 'etela-karjala'."""
    text = text.strip().casefold().translate(str.maketrans("äöå", "aoa"))
    return re.sub(r"[\s_]+", "-", text)


def _guess(word: str, candidates: dict[str, str]) -> str | None:
    """The candidate value whose name is closest to ``word`` (``candidates``: folded name -> value)."""
    close = difflib.get_close_matches(_fold(word), list(candidates), n=1, cutoff=0.6)
    return candidates[close[0]] if close else None


def _enum_finding(rel: str, line: int, path: Sequence[object], value: object, allowed: Sequence[object]) -> Finding:
    """A value outside a field's allowed values: its code if the editor wrote its Finnish or English
    name, else the closest value, else the list of allowed values with their names."""
    names = [p for p in path if isinstance(p, str)]
    values = VOCABULARIES.get(names[-1]) if names else None
    field = _field_name(path)
    if values is None:
        return finding(rel, line, "card-schema", "field-enum", field=field, value=value,
                       allowed=", ".join(map(str, allowed)))
    lower = names[-1] != "region"
    params = i18n.per_language(allowed=lambda lang: schema.choices(values, lang, lower))
    text = str(value)
    for key, labels in values.items():  # the label in any language the editor may write
        if _fold(text) in {*(_fold(labels[lang]) for lang in i18n.available_languages()), key}:
            example = f"{names[-1]}: [{key}]" if isinstance(path[-1], int) else f"{names[-1]}: {key}"
            return finding(rel, line, "card-schema", "field-enum-label", field=field, value=text, guess=key,
                           example=example)
    candidates = {key: key for key in values}
    for key, labels in values.items():
        for lang in i18n.available_languages():
            candidates.setdefault(_fold(labels[lang]), key)
    guess = _guess(text, candidates)
    if guess:
        return finding(rel, line, "card-schema", "field-enum-guess", field=field, value=text, guess=guess, **params)
    return finding(rel, line, "card-schema", "field-enum", field=field, value=text, **params)


def suggest_date(value: object) -> str:
    """``2.5.2018`` or ``2018-5-2`` as ``2018-05-02`` when it reads as a date; else an example."""
    text = str(value).strip()
    parts = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    try:
        if parts:
            return dt.date(int(parts[3]), int(parts[2]), int(parts[1])).isoformat()
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
    except ValueError:
        pass
    return "2018-05-02"


def _suggest_year_month(value: object) -> str:
    """``1/2018``, ``1.2018`` or ``2018-1`` as ``2018-01``; a date as its year and month; else an example."""
    text = str(value).strip()
    found = (re.fullmatch(r"(\d{1,2})[./](\d{4})", text), re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text))
    if found[0] and 1 <= int(found[0][1]) <= 12:
        return f"{found[0][2]}-{int(found[0][1]):02d}"
    if found[1] and 1 <= int(found[1][2]) <= 12:
        return f"{found[1][1]}-{int(found[1][2]):02d}"
    year = re.search(r"\b(19|20)\d{2}\b", text)
    return year.group(0) if year else "2018-01"


def _slug(value: object) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(str(value))).strip("-") or "pori-perhetyo"


def _pattern_finding(rel: str, line: int, path: Sequence[object], value: object, pattern: str) -> Finding:
    field = _field_name(path)
    if pattern == schema.DATE_PATTERN:
        return finding(rel, line, "card-schema", "field-date", field=field, value=value, fix=suggest_date(value))
    if pattern == schema.YEAR_MONTH_PATTERN:
        month = re.fullmatch(r"(\d{4})-(\d{2})", str(value).strip())
        if month and not 1 <= int(month[2]) <= 12:  # the form is right, the month does not exist
            return finding(rel, line, "card-schema", "field-no-month", field=field, value=value, fix=month[1])
        return finding(rel, line, "card-schema", "field-year-month", field=field, value=value,
                       fix=_suggest_year_month(value))
    if pattern == schema.SLUG_PATTERN:
        return finding(rel, line, "card-schema", "field-slug", field=field, value=value, fix=_slug(value))
    if pattern == schema.HTTPS_PATTERN:
        if str(value).strip().lower().startswith("mailto:") or "@" in str(value):  # a person's address, perhaps
            return finding(rel, line, "card-schema", "field-https-mail", field=field, value=value)
        return finding(rel, line, "card-schema", "field-https", field=field, value=value)
    return finding(rel, line, "card-schema", "field-pattern", field=field, value=value)


def _type_finding(rel: str, line: int, path: Sequence[object], value: object, expected: object,
                  langs: tuple[str, ...] = LANGS) -> Finding:
    field, name = _field_name(path), next((p for p in reversed(path) if isinstance(p, str)), "")
    if value is None or value == "":
        return finding(rel, line, "card-schema", "field-empty", field=field, example=_example(path, langs=langs))
    if expected == "array":
        example = f"{name}: [{value}]" if isinstance(value, (str, int, float)) else _example(path, "array", langs)
        return finding(rel, line, "card-schema", "field-list", field=field, example=example)
    if expected == "object":
        return finding(rel, line, "card-schema", "field-pair", field=field, example=_example(path, "object", langs))
    if isinstance(value, (list, dict)):
        return finding(rel, line, "card-schema", "field-one-value", field=field, example=_example(path, langs=langs))
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if name in ("reviewed", "status_as_of"):
        return finding(rel, line, "card-schema", "field-date", field=field, value=text, fix=suggest_date(text))
    return finding(rel, line, "card-schema", "field-quote", field=field, value=text, key=name)


def _name_findings(rel: str, lines: yamlmap.LineMap, path: list[str | int], item: object,
                   langs: tuple[str, ...] = LANGS) -> list[Finding]:
    """A name (an item of ``organisations``, ``contact.organisation``) that is neither one name nor
    ``{fi: …, en: …}`` (one text per language of ``langs``): what is missing, unknown or empty, each at
    its own line."""
    field = _field_name(path)
    if item == "":
        return [finding(rel, lines.line(path), "card-schema", "field-empty", field=field,
                        example=_example(path, langs=langs))]
    if not isinstance(item, dict):
        return [_type_finding(rel, lines.line(path), path, item, "string", langs)]
    out = []
    for key in item:
        if key not in langs:
            out.append(finding(rel, lines.key_line(path, key), "card-schema", "name-lang-unknown", field=field,
                               key=key, **i18n.per_language(langs=lambda lang: i18n.join(langs, lang))))
    for lang in langs:
        if lang not in item:
            out.append(finding(rel, lines.line(path), "card-schema", "name-lang-missing", field=field, lang=lang))
        elif not isinstance(item[lang], str) or not item[lang]:
            value = item[lang]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out.append(_type_finding(rel, lines.line([*path, lang]), [*path, lang], value, "string", langs))
            else:
                out.append(finding(rel, lines.line([*path, lang]), "card-schema", "name-empty", field=field,
                                   lang=lang))
    return out


def _unknown_field(rel: str, line: int, path: Sequence[object], name: object, allowed: list[str]) -> Finding:
    candidates = {_fold(a): a for a in allowed}
    for word, target in FIELD_WORDS.items():
        if target in allowed:
            candidates.setdefault(word, target)
    guess = _guess(str(name), candidates)
    if guess:
        return finding(rel, line, "card-schema", "field-unknown-guess", field=_field_name([*path, name]), guess=guess,
                       meant=_field_name([*path, guess]))
    return finding(rel, line, "card-schema", "field-unknown", field=_field_name([*path, name]),
                   allowed=", ".join(allowed))


def schema_findings(data: object, lines: yamlmap.LineMap, rel: str, validator: Draft202012Validator | None = None,
                    langs: tuple[str, ...] = LANGS) -> list[Finding]:
    """Validate YAML data against a schema (by default the card's of a handbook in ``langs``); one finding
    per problem, with its line, in the editor's terms: what to write instead, the allowed values with
    their names, "did you mean"."""
    validator = validator or card_validator(langs)
    if not isinstance(data, dict):
        return [finding(rel, 1, "card-schema", "card-not-mapping")]
    out: list[Finding] = []
    told_missing: set[tuple[str | int, ...]] = set()
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(err.absolute_path)
        kind = err.validator
        line = lines.line(path)
        if _has_placeholder(err.instance) or (kind == "enum" and not isinstance(err.instance, (str, int, float))):
            continue  # the placeholder check tells the editor what to fill in; an empty value is told once
        if err.instance is None and kind not in ("required", "additionalProperties"):
            out.append(finding(rel, line, "card-schema", "field-empty", field=_field_name(path),
                               example=_example(path, langs=langs)))
        elif kind == "required":
            if tuple(path) in told_missing:  # jsonschema gives one error per missing field, each listing all
                continue
            told_missing.add(tuple(path))
            for name in err.validator_value:
                if isinstance(err.instance, dict) and name not in err.instance:
                    out.append(finding(rel, line, "card-schema", "field-missing",
                                       field=_field_name([*path, name]),
                                       hint=_hint(name) if not path else _example([*path, name], langs=langs)
                                       or name + ": …"))
        elif kind == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for name in err.instance:
                if name not in allowed:
                    out.append(_unknown_field(rel, lines.key_line(path, name), path, name, allowed))
        elif kind == "anyOf" and schema.is_name(err.schema):
            out += _name_findings(rel, lines, path, err.instance, langs)
        elif kind == "enum":
            out.append(_enum_finding(rel, line, path, err.instance, err.validator_value))
        elif kind == "type":
            out.append(_type_finding(rel, line, path, err.instance, err.validator_value, langs))
        elif kind == "pattern":
            out.append(_pattern_finding(rel, line, path, err.instance, err.validator_value))
        elif kind == "maxLength":
            out.append(finding(rel, line, "card-schema", "field-long", field=_field_name(path),
                               length=len(str(err.instance)), limit=err.validator_value))
        elif kind in ("minItems", "minLength"):
            out.append(finding(rel, line, "card-schema", "field-empty", field=_field_name(path),
                               example=_example(path, langs=langs)))
        elif kind == "uniqueItems":
            out.append(finding(rel, line, "card-schema", "field-repeated", field=_field_name(path)))
        elif kind in ("minimum", "maximum") and path and path[-1] == "start":
            out.append(finding(rel, line, "card-schema", "field-year-month", field="start", value=err.instance,
                               fix=_suggest_year_month(str(err.instance))))
        else:
            out.append(finding(rel, line, "card-schema", "field-invalid", field=_field_name(path)))
    # a misspelt field name is told once, as "did you mean", not again as a missing field
    meant = {dict(f.params)["meant"] for f in out if f.code == "field-unknown-guess"}
    return [f for f in out if not (f.code == "field-missing" and dict(f.params)["field"] in meant)]


def load_data_file(path: Path, root: Path, rule: str, key: str, validator: Draft202012Validator,
                   rejected: list[object] | None = None,
                   langs: tuple[str, ...] = LANGS) -> tuple[list[tuple[int, dict[str, Any]]], list[Finding]]:
    """A YAML data file of ``{key: [items]}``: its valid items with their lines, and every problem.

    Used by the key figures and the glossary; problems carry ``rule`` and the item's line. The
    items left out for a problem are appended to ``rejected`` when it is given (so that uses of
    them are not reported a second time as unknown).
    """
    if not path.exists() and not path.is_symlink():
        return [], []
    rel = path.relative_to(root).as_posix()
    try:
        data, lines = yamlmap.load(reading.source_text(path, root))
    except reading.Unreadable as exc:
        return [], [exc.finding(rel, rule)]
    except yamlmap.YamlError as exc:
        return [], [finding(rel, exc.line, rule, exc.problem)]
    problems = [dataclasses.replace(f, rule=rule) for f in schema_findings(data, lines, rel, validator, langs)]
    items_schema = Draft202012Validator(cast(Mapping[str, Any], validator.schema)["properties"][key]["items"])
    items = []
    for index, item in enumerate(data.get(key, []) if isinstance(data, dict) else []):
        if items_schema.is_valid(item):
            items.append((lines.line([key, index]), item))
        elif rejected is not None:
            rejected.append(item)
    return items, problems


def _has_placeholder(value: object) -> bool:
    if isinstance(value, str):
        return bool(PLACEHOLDER.search(value))
    if isinstance(value, list):
        return any(_has_placeholder(v) for v in value)
    return False


def _date_findings(data: Mapping[str, object], lines: yamlmap.LineMap, rel: str, today: dt.date) -> list[Finding]:
    out = []
    for name in ("reviewed", "status_as_of"):
        value = data.get(name)
        if isinstance(value, str) and re.match(schema.DATE_PATTERN, value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                out.append(finding(rel, lines.line([name]), "card-schema", "field-no-date", field=name, value=value))
                continue
            if day > today:
                out.append(finding(rel, lines.line([name]), "card-schema", "date-future", field=name, value=value))
    start = data.get("start")
    if isinstance(start, str) and re.match(schema.YEAR_MONTH_PATTERN, start):
        if start > today.isoformat()[: len(start)]:
            out.append(finding(rel, lines.line(["start"]), "card-schema", "date-future", field="start", value=start))
    return out


def _facts_safety(data: Mapping[str, object], lines: yamlmap.LineMap, rel: str) -> list[Finding]:
    out = []
    for path, value in yamlmap.strings(data):
        for match in PLACEHOLDER.finditer(value):
            out.append(finding(rel, lines.line(path), "placeholder", "placeholder", placeholder=match.group(0)))
        contact_text = path and path[0] == "contact" and path[-1] != "url"
        if contact_text and personal_contact(value):
            out.append(finding(rel, lines.line(path), "card-privacy", "contact-personal", value=value))
    return out


def _section_guess(title: str, lang: str) -> str | None:
    """The card section an unknown heading most likely means: a misspelling, or the same section
    in another language (``## Solution`` in the Finnish text is ``## Ratkaisu``)."""
    mine = sections(lang)
    candidates = {_fold(s): s for s in mine}
    for other in i18n.available_languages():
        if other != lang:
            candidates.update({_fold(o): s for o, s in zip(sections(other), mine, strict=True)})
    return _guess(title, candidates)


def card_text(page: MarkdownPage, rel: str) -> tuple[CardText, list[Finding]]:
    """A card's language file, as the page reader read it (:func:`handbook.content.pages.read_page`), and its
    structure checks: one summary paragraph, then the fixed sections in order."""
    lang = page.lang
    offset = page.first_line - 1
    text = CardText(lang=lang, path=page.path, body=page.body, line_offset=offset)
    out: list[Finding] = []
    facts = sorted(set(page.meta) & set(schema.FIELD_NAMES))
    if facts:
        out.append(finding(rel, 1, "card-text", "facts-in-text", fields=", ".join(facts)))
    expected = sections(lang)
    may_be_empty = {title for key, title in zip(SECTION_KEYS, expected, strict=True) if key in MAY_BE_EMPTY}
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
            guess = _section_guess(title, lang)
            if guess and guess not in seen:
                out.append(finding(rel, line, "card-text", "section-unknown-guess", section=title, guess=guess,
                                   order=order))
            else:
                out.append(finding(rel, line, "card-text", "section-unknown", section=title, order=order))
    highest = -1
    for title, line, _ in headings:
        if title in expected:
            if expected.index(title) < highest:
                out.append(finding(rel, line, "card-text", "section-order", section=title, order=order))
            highest = max(highest, expected.index(title))
    last_line = page.body.count("\n") + 1 + offset
    guessed = {dict(f.params)["guess"] for f in out if f.code == "section-unknown-guess"}
    for title in expected:
        if title not in seen and title not in guessed:
            out.append(finding(rel, last_line, "card-text", "section-missing", section=title, order=order))
    for n, (title, line, index) in enumerate(headings):
        text.sections[title] = line
        end = headings[n + 1][2] if n + 1 < len(headings) else len(page.outline)
        if title in expected and title not in may_be_empty and end == index + 1:
            out.append(finding(rel, line, "card-text", "section-empty", section=title))
    if "<<" in page.body:
        for lineno, line_text in enumerate(page.body.splitlines(), start=1 + offset):
            for match in PLACEHOLDER.finditer(line_text):
                out.append(finding(rel, lineno, "placeholder", "placeholder", placeholder=match.group(0)))
    return text, out


#: what :func:`load_facts` makes of a ``card.yml``: its data (None when it cannot be read), its line map
#: and its problems
LoadedFacts = tuple[object, yamlmap.LineMap, list[Finding]]


def load_facts(yml: Path, root: Path, today: dt.date | None = None,
               langs: tuple[str, ...] = LANGS) -> LoadedFacts:
    """A card's ``card.yml``: its data, line map and every problem with it (its texts in ``langs``)."""
    today = today or dt.date.today()
    rel = _rel(yml, root)
    out: list[Finding] = []
    data: object = None
    lines = yamlmap.LineMap(None)
    if not yml.exists() and not yml.is_symlink():
        out.append(finding(rel, 1, "card-schema", "field-missing", field="card.yml", hint="make new-card"))
        return data, lines, out
    try:
        data, lines = yamlmap.load(reading.source_text(yml, root))
    except reading.Unreadable as exc:
        out.append(exc.finding(rel, "card-schema"))
        return None, lines, out
    except yamlmap.YamlError as exc:
        out.append(finding(rel, exc.line, "card-schema", exc.problem))
        return None, lines, out
    if isinstance(data, dict) and isinstance(data.get("start"), int) and not isinstance(data["start"], bool):
        data["start"] = str(data["start"])  # a bare year, start: 2024, is allowed
    out += schema_findings(data, lines, rel, langs=langs)
    for path, line, first in lines.repeated_keys():
        out.append(finding(rel, line, "card-schema", "field-twice", field=_field_name(path), other=first))
    if isinstance(data, dict):
        out += _date_findings(data, lines, rel, today)
        out += _facts_safety(data, lines, rel)
        out += knowledge.findings(data, lines, rel)
        if isinstance(data.get("id"), str) and re.match(schema.SLUG_PATTERN, data["id"]) and data["id"] != yml.parent.name:
            out.append(finding(rel, lines.line(["id"]), "card-schema", "id-mismatch",
                               value=data["id"], folder=yml.parent.name))
    return data, lines, out


def load_card(folder: Path, root: Path, today: dt.date | None = None,
              facts: LoadedFacts | None = None,
              texts: dict[str, MarkdownPage | None] | None = None,
              langs: tuple[str, ...] = LANGS) -> tuple[Card | None, list[Finding]]:
    """Load and validate one card folder, its text in each language of ``langs``. The card is None
    when its facts are unusable.

    The build passes ``facts`` (:func:`load_facts`) and the language files as its page reader
    read them; otherwise they are read here.
    """
    yml = folder / "card.yml"
    rel = _rel(yml, root)
    data, lines, problems = facts if facts is not None else load_facts(yml, root, today, langs)
    out = list(problems)
    found: dict[str, CardText] = {}
    for lang in langs:
        path = folder / f"index.{lang}.md"
        page = texts.get(lang) if texts is not None else (
            read_page(path, folder.parent.parent, root, langs) if path.exists() else None)
        if page is not None and page.refused:  # read here: the reader's refusal is this card's problem
            out += page.problems
            continue
        if page is None:
            if not path.exists() and not path.is_symlink():  # else the page reader refused it, and said so
                out.append(finding(_rel(folder, root) + f"/index.{lang}.md", 1, "card-text", "lang-file-missing",
                                   file=f"index.{lang}.md"))
            continue
        text, text_problems = card_text(page, _rel(path, root))
        found[lang] = text
        out += text_problems
    # placeholders in the facts hide schema errors (the editor is told what to fill in), so they block too
    usable = isinstance(data, dict) and not any(
        f.rule == "card-schema" or (f.rule == "placeholder" and f.path == rel) for f in out)
    # usable: valid against the schema, so the data has the shape of CardFacts
    card = Card(slug=folder.name, folder=folder, facts=cast(CardFacts, data), texts=found, lines=lines) if usable else None
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
