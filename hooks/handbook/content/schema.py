"""The practice-card schema, written once.

:data:`FIELDS` describes every field of ``card.yml`` (JSON Schema fragment, example; its help in
each language is in the catalogs' ``fields`` section). :func:`card_schema` assembles the JSON
Schema of a handbook's languages; the one of Finnish and English is published as
``schema/card.schema.json``. The build validates cards against it, and the contribution guide
lists its fields.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from handbook import ROOT, i18n
from handbook.content import knowledge, vocab
from handbook.i18n import LANGS

SCHEMA_PATH = ROOT / "schema" / "card.schema.json"
SCHEMA_ID = "https://handbook.invalid/schema/card.schema.json"

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
#: a scaffold's "fill this in" mark, e.g. ``<<kortin nimi suomeksi>>`` (``make new-card``)
PLACEHOLDER = re.compile(r"<<[^<>\n]{1,200}>>")
YEAR_MONTH_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
HTTPS_PATTERN = r"^https://[^\s/$.?#][^\s]*$"

#: the longest text of a card's or data file's field, in characters (a name is shown on a dozen pages: no megabytes)
MAX_TEXT = 2000

#: a JSON Schema, or a fragment of one (a field's), as JSON data
JsonSchema = dict[str, Any]


#: the language of the JSON Schema's own descriptions (``description``); the other languages' are
#: ``x-description-<lang>``
SCHEMA_LANG = "en"


def languages(langs: tuple[str, ...], codes: bool = False) -> str:
    """``Finnish and English`` (``codes``: ``Finnish (fi) and English (en)``), in the schema's language."""
    names = [i18n.language_name(lang, SCHEMA_LANG) + (f" ({lang})" if codes else "") for lang in langs]
    return i18n.join(names, SCHEMA_LANG)


def texts(langs: tuple[str, ...], description: str = "") -> JsonSchema:
    """The JSON Schema of a text in every language of ``langs``: ``{fi: …, en: …}``, each a non-empty
    string (a card's name, a key figure's unit, a glossary term)."""
    out: JsonSchema = {"type": "object"}
    if description:
        out["description"] = description
    out.update({
        "properties": {lang: {"type": "string", "minLength": 1, "maxLength": MAX_TEXT} for lang in langs},
        "required": list(langs),
        "additionalProperties": False,
    })
    return out


def _enum_list(values: Mapping[str, object], min_items: int) -> JsonSchema:
    return {
        "type": "array",
        "items": {"type": "string", "enum": list(values)},
        "minItems": min_items,
        "uniqueItems": True,
    }


def _string_list(min_items: int) -> JsonSchema:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": min_items, "uniqueItems": True}


def names_note(langs: tuple[str, ...]) -> str:
    """What a name (an item of ``organisations``, ``contact.organisation``) says about itself in the JSON Schema."""
    every = "both languages" if len(langs) == 2 else "every language"
    return f"A name is one string for {every}, or {{{', '.join(langs)}}} when it differs."


def _name(langs: tuple[str, ...], what: str = "") -> JsonSchema:
    """One name (of ``what``): one string for every language or a ``{fi, en}`` text of non-empty strings."""
    note = names_note(langs)
    return {"anyOf": [{"type": "string", "minLength": 1}, texts(langs, f"The name in {languages(langs, True)}")],
            "description": f"{what}. {note}" if what else note}


def _names_list(min_items: int, langs: tuple[str, ...]) -> JsonSchema:
    """A list of names, each one :func:`_name`."""
    return {
        "type": "array",
        "items": _name(langs),
        "minItems": min_items,
        "uniqueItems": True,
    }


def _is_text(option: JsonSchema) -> bool:
    """Whether ``option`` is a text in every language (:func:`texts`)."""
    required = option.get("required") or ()
    return option.get("type") == "object" and bool(required) and set(required) == set(option.get("properties", {}))


def is_name(fragment: JsonSchema) -> bool:
    """Whether ``fragment`` is one name given once or per language (:func:`_name`)."""
    return any(_is_text(option) for option in fragment.get("anyOf", ()))


def holds_names(fragment: JsonSchema) -> bool:
    """Whether ``fragment`` is a name (:func:`is_name`) or a list of names (:func:`is_names_list`)."""
    return is_name(fragment) or is_names_list(fragment)


def is_names_list(fragment: JsonSchema) -> bool:
    """Whether ``fragment`` is a list of names given once or per language (:func:`_names_list`)."""
    return fragment.get("type") == "array" and is_name(fragment.get("items", {}))


def choices(values: Mapping[str, Mapping[str, str]], lang: str, lower: bool = True) -> str:
    """``key (label)`` for each allowed value, the label only where it differs from the key."""
    def shown(key: str) -> str:
        label = vocab.label(values, key, lang)
        return label.lower() if lower else label
    def same(key: str) -> bool:
        return re.sub(r"[\s-]", "", shown(key).casefold()) == key.replace("-", "")
    return ", ".join(k if same(k) else f"{k} ({shown(k)})" for k in values)


class Values:
    """A field's allowed values in its help text: ``{values:keys}`` the values, ``{values:choices}``
    each with its label in lower case, ``{values:names}`` each with its label as written (:func:`choices`)."""

    def __init__(self, values: Mapping[str, Mapping[str, str]], lang: str) -> None:
        self.values, self.lang = values, lang

    #: the forms a help text may ask for
    FORMS = ("keys", "choices", "names")

    def __format__(self, spec: str) -> str:
        if spec not in self.FORMS:
            raise ValueError(f"{{values:{spec}}}: the forms are {', '.join(self.FORMS)}")
        if spec == "keys":
            return ", ".join(self.values)
        return choices(self.values, self.lang, lower=spec == "choices")


def _fixed(fragment: JsonSchema) -> Callable[[tuple[str, ...]], JsonSchema]:
    """A field's schema that is the same whatever the languages."""
    return lambda langs: fragment


@dataclass(frozen=True)
class Field:
    """One field of ``card.yml``: its JSON Schema fragment (a function of the handbook's languages),
    whether it is required, an example, and the vocabulary its help names (the help itself is in
    the catalogs' ``fields`` section)."""

    name: str
    fragment: Callable[[tuple[str, ...]], JsonSchema]
    required: bool
    example: str
    values: Mapping[str, Mapping[str, str]] | None = None

    def schema(self, langs: tuple[str, ...] = LANGS) -> JsonSchema:
        """The field's JSON Schema fragment for a handbook in ``langs``."""
        return dict(self.fragment(langs))

    def help(self, lang: str) -> str:
        """What the field takes, in ``lang`` (``{values:…}``: its allowed values, :class:`Values`)."""
        params = {"values": Values(self.values, lang)} if self.values is not None else {}
        return i18n.text("fields", self.name, lang, **params)

    @property
    def fi(self) -> str:
        """The help in Finnish (:meth:`help`)."""
        return self.help("fi")

    @property
    def en(self) -> str:
        """The help in English (:meth:`help`)."""
        return self.help("en")


def _contact(langs: tuple[str, ...]) -> JsonSchema:
    return {
        "type": "object",
        "description": "Organisation, role and the organisation's web address; never a person's e-mail or phone.",
        "properties": {
            "organisation": _name(langs, "The contact's organisation"),
            "role": texts(langs, f"Role in {languages(langs)}"),
            "url": {"type": "string", "pattern": HTTPS_PATTERN},
        },
        "required": ["organisation", "role", "url"],
        "additionalProperties": False,
    }


FIELDS: tuple[Field, ...] = (
    Field("id", _fixed({"type": "string", "pattern": SLUG_PATTERN}), True, "id: mantsala-suhdeperustainen-lastensuojelu"),
    Field("name", lambda langs: texts(langs, f"Card name in {languages(langs)}"), True,
          "name: {fi: Suhdeperustainen lastensuojelutyö, en: Relationship-based child protection work}"),
    Field("organisations", lambda langs: _names_list(1, langs), True,
          "organisations: [{fi: Mäntsälän kunta, en: Municipality of Mäntsälä}, Mustijoen perusturva]"),
    Field("municipalities", _fixed(_string_list(0)), True, "municipalities: [Mäntsälä, Pornainen]"),
    Field("region", _fixed({"type": "string", "enum": list(vocab.REGIONS)}), True, "region: uusimaa", vocab.REGIONS),
    Field("status", _fixed({"type": "string", "enum": list(vocab.STATUS)}), True, "status: ongoing"),
    Field("status_as_of", _fixed({"type": "string", "pattern": DATE_PATTERN}), True, "status_as_of: 2017-09-18"),
    Field("start", _fixed({"type": ["string", "integer"], "pattern": YEAR_MONTH_PATTERN, "minimum": 1900,
                           "maximum": 2100}), False, "start: 2018-01"),
    Field("recognitions", _fixed(_enum_list(vocab.RECOGNITIONS, 0)), False, "recognitions: [awarded]"),
    Field("target_groups", _fixed(_enum_list(vocab.TARGET_GROUPS, 1)), True, "target_groups: [children, families]",
          vocab.TARGET_GROUPS),
    Field("approaches", _fixed(_enum_list(vocab.APPROACHES, 1)), True, "approaches: [relationship-based-work]",
          vocab.APPROACHES),
    Field("research_partners", _fixed(_string_list(0)), False, "research_partners: [THL, Itä-Suomen yliopisto (UEF)]"),
    Field("sources", _fixed(_string_list(1)), True, "sources: [innokyla2017mantsala]"),
    Field("reviewed", _fixed({"type": "string", "pattern": DATE_PATTERN}), True, "reviewed: 2026-11-23"),
    Field("contact", _contact, True,
          "contact: {organisation: Eksote, role: {fi: vastaava sosiaalityöntekijä, en: senior social worker}, url: https://www.eksote.fi/}"),
    Field("knowledge", knowledge.schema, False, "knowledge: {type: experiences, source: eksote2018lastensuojelu}",
          knowledge.TYPES),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)
#: the fields whose values come from a vocabulary: their labels go into the schema as ``x-labels``
LABELLED = {"region": vocab.REGIONS, "status": vocab.STATUS, "approaches": vocab.APPROACHES,
            "target_groups": vocab.TARGET_GROUPS, "recognitions": vocab.RECOGNITIONS}


@functools.lru_cache(maxsize=None)
def _card_schema(langs: tuple[str, ...]) -> str:
    properties: dict[str, JsonSchema] = {}
    for f in FIELDS:
        prop = f.schema(langs)
        prop.setdefault("description", f.help(SCHEMA_LANG))
        for lang in langs:
            if lang != SCHEMA_LANG:
                prop[f"x-description-{lang}"] = f.help(lang)
        properties[f.name] = prop
    for name, values in LABELLED.items():
        properties[name]["x-labels"] = values.table(langs)
    return json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Practice card (hyvän käytännön kortti)",
        "description": "The language-neutral facts of one practice card in the handbook. "
                       "Generated by `handbook schema`; do not edit by hand.",
        "type": "object",
        "properties": properties,
        "required": list(REQUIRED),
        "additionalProperties": False,
    }, ensure_ascii=False, indent=2)


def card_schema(langs: tuple[str, ...] = LANGS) -> JsonSchema:
    """The JSON Schema (draft 2020-12) of ``card.yml`` for a handbook in ``langs`` (a fresh copy:
    each text field takes every language; ``schema/card.schema.json`` is the one of fi and en)."""
    fresh: JsonSchema = json.loads(_card_schema(tuple(langs)))
    return fresh


def schema_json(langs: tuple[str, ...] = LANGS) -> str:
    """The schema as the text of ``schema/card.schema.json``."""
    return _card_schema(tuple(langs)) + "\n"


