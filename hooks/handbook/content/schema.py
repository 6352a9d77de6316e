"""The practice-card schema, written once.

:data:`FIELDS` describes every field of ``card.yml`` (JSON Schema fragment,
fi/en description, example). :func:`card_schema` assembles the JSON Schema
published as ``schema/card.schema.json``; the build validates cards against
it, and the contribution guide lists its fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from handbook import ROOT
from handbook.content import knowledge, vocab

SCHEMA_PATH = ROOT / "schema" / "card.schema.json"
SCHEMA_ID = "https://handbook.invalid/schema/card.schema.json"

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
#: a scaffold's "fill this in" mark, e.g. ``<<kortin nimi suomeksi>>`` (``make new-card``)
PLACEHOLDER = re.compile(r"<<[^<>\n]{1,200}>>")
YEAR_MONTH_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
HTTPS_PATTERN = r"^https://[^\s/$.?#][^\s]*$"


def _text_pair(description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": {
            "fi": {"type": "string", "minLength": 1},
            "en": {"type": "string", "minLength": 1},
        },
        "required": ["fi", "en"],
        "additionalProperties": False,
    }


def _enum_list(values: dict, min_items: int) -> dict:
    return {
        "type": "array",
        "items": {"type": "string", "enum": list(values)},
        "minItems": min_items,
        "uniqueItems": True,
    }


def _string_list(min_items: int) -> dict:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": min_items, "uniqueItems": True}


#: What a name (an item of ``organisations``, ``contact.organisation``) says about itself in the JSON Schema.
NAMES_NOTE = "A name is one string for both languages, or {fi, en} when it differs."


def _name(what: str = "") -> dict:
    """One name (of ``what``): one string for both languages or a ``{fi, en}`` pair of non-empty strings."""
    return {"anyOf": [{"type": "string", "minLength": 1}, _text_pair("The name in Finnish (fi) and English (en)")],
            "description": f"{what}. {NAMES_NOTE}" if what else NAMES_NOTE}


def _names_list(min_items: int) -> dict:
    """A list of names, each one :func:`_name`."""
    return {
        "type": "array",
        "items": _name(),
        "minItems": min_items,
        "uniqueItems": True,
    }


def is_name(fragment: dict) -> bool:
    """Whether ``fragment`` is one name given once or per language (:func:`_name`)."""
    return any(option.get("type") == "object" and set(option.get("required", ())) == {"fi", "en"}
               for option in fragment.get("anyOf", ()))


def holds_names(fragment: dict) -> bool:
    """Whether ``fragment`` is a name (:func:`is_name`) or a list of names (:func:`is_names_list`)."""
    return is_name(fragment) or is_names_list(fragment)


def is_names_list(fragment: dict) -> bool:
    """Whether ``fragment`` is a list of names given once or per language (:func:`_names_list`)."""
    return fragment.get("type") == "array" and is_name(fragment.get("items", {}))


def choices(values: dict, lang: str, lower: bool = True) -> str:
    """``key (label)`` for each allowed value, the label only where it differs from the key."""
    def shown(key: str) -> str:
        label = vocab.label(values, key, lang)
        return label.lower() if lower else label
    def same(key: str) -> bool:
        return re.sub(r"[\s-]", "", shown(key).casefold()) == key.replace("-", "")
    return ", ".join(k if same(k) else f"{k} ({shown(k)})" for k in values)


@dataclass(frozen=True)
class Field:
    """One field of ``card.yml``."""

    name: str
    schema: dict
    required: bool
    fi: str
    en: str
    example: str


FIELDS: tuple[Field, ...] = (
    Field("id", {"type": "string", "pattern": SLUG_PATTERN}, True,
          "Kortin tunnus: pienet kirjaimet a–z, numerot ja yhdysviivat; sama kuin kansion nimi.",
          "The card's slug: lowercase a–z, digits and hyphens; the same as its folder name.",
          "id: mantsala-suhdeperustainen-lastensuojelu"),
    Field("name", _text_pair("Card name in Finnish and English"), True,
          "Käytännön nimi suomeksi (fi) ja englanniksi (en).",
          "The practice's name in Finnish (fi) and English (en).",
          "name: {fi: Suhdeperustainen lastensuojelutyö, en: Relationship-based child protection work}"),
    Field("organisations", _names_list(1), True,
          "Organisaatio(t), jotka toteuttavat käytäntöä. Nimi kirjoitetaan kerran, tai {fi: …, en: …}, "
          "jos sillä on virallinen englanninkielinen nimi.",
          "The organisation(s) running the practice. A name is written once, or as {fi: …, en: …} when it "
          "has an official English name.",
          "organisations: [{fi: Mäntsälän kunta, en: Municipality of Mäntsälä}, Mustijoen perusturva]"),
    Field("municipalities", _string_list(0), True,
          "Kunnat, joissa käytäntö on käytössä, jos lähde ne nimeää (muuten tyhjä luettelo []).",
          "Municipalities where the practice is used, when a source names them (else an empty list []).",
          "municipalities: [Mäntsälä, Pornainen]"),
    Field("region", {"type": "string", "enum": list(vocab.REGIONS)}, True,
          "Maakunta, yksi näistä: " + ", ".join(vocab.REGIONS) + ".",
          "Region (maakunta), one of: " + choices(vocab.REGIONS, "en", lower=False) + ".",
          "region: uusimaa"),
    Field("status", {"type": "string", "enum": list(vocab.STATUS)}, True,
          "Tila lähteen mukaan: ongoing (käynnissä), pilot (kokeilu) tai ended (päättynyt).",
          "Status as the source states it: ongoing (käynnissä), pilot (kokeilu) or ended (päättynyt).",
          "status: ongoing"),
    Field("status_as_of", {"type": "string", "pattern": DATE_PATTERN}, True,
          "Päivä, jolta tila on peräisin (lähteen päiväys), muodossa VVVV-KK-PP.",
          "The date the status refers to (the source's date), as YYYY-MM-DD.",
          "status_as_of: 2017-09-18"),
    Field("start", {"type": ["string", "integer"], "pattern": YEAR_MONTH_PATTERN, "minimum": 1900, "maximum": 2100},
          False,
          "Aloitusvuosi tai -kuukausi (VVVV tai VVVV-KK), vain jos lähde sen kertoo.",
          "Start year or month (YYYY or YYYY-MM), only when a source states it.",
          "start: 2018-01"),
    Field("recognitions", _enum_list(vocab.RECOGNITIONS, 0), False,
          "Tunnustukset, esimerkiksi awarded (palkittu).",
          "Recognitions, e.g. awarded.",
          "recognitions: [awarded]"),
    Field("target_groups", _enum_list(vocab.TARGET_GROUPS, 1), True,
          "Kohderyhmät: " + choices(vocab.TARGET_GROUPS, "fi") + ".",
          "Target groups: " + ", ".join(vocab.TARGET_GROUPS) + ".",
          "target_groups: [children, families]"),
    Field("approaches", _enum_list(vocab.APPROACHES, 1), True,
          "Työotteet sovitusta sanastosta: " + choices(vocab.APPROACHES, "fi") + ".",
          "Approaches from the controlled vocabulary: " + ", ".join(vocab.APPROACHES) + ".",
          "approaches: [relationship-based-work]"),
    Field("research_partners", _string_list(0), False,
          "Tutkimuskumppanit, jos lähde ne nimeää.",
          "Research partners, when a source names them.",
          "research_partners: [THL, Itä-Suomen yliopisto (UEF)]"),
    Field("sources", _string_list(1), True,
          "Lähteiden avaimet bibliography/-kansion BibTeX-tiedostoista.",
          "Source keys from the BibTeX files in bibliography/.",
          "sources: [innokyla2017mantsala]"),
    Field("reviewed", {"type": "string", "pattern": DATE_PATTERN}, True,
          "Päivä, jona kortti viimeksi tarkistettiin lähteitä vasten (VVVV-KK-PP).",
          "The date the card was last checked against its sources (YYYY-MM-DD).",
          "reviewed: 2026-11-23"),
    Field("contact", {
        "type": "object",
        "description": "Organisation, role and the organisation's web address; never a person's e-mail or phone.",
        "properties": {
            "organisation": _name("The contact's organisation"),
            "role": _text_pair("Role in Finnish and English"),
            "url": {"type": "string", "pattern": HTTPS_PATTERN},
        },
        "required": ["organisation", "role", "url"],
        "additionalProperties": False,
    }, True,
          "Yhteystaho: organisaatio (kuten organisations-kentässä: kerran tai {fi: …, en: …}), rooli (fi, en) ja "
          "organisaation verkko-osoite (https). Ei henkilön sähköpostia eikä puhelinnumeroa.",
          "Contact: organisation (as in organisations: once, or {fi: …, en: …}), role (fi, en) and the organisation's "
          "web address (https). Never a person's e-mail or phone.",
          "contact: {organisation: Eksote, role: {fi: vastaava sosiaalityöntekijä, en: senior social worker}, url: https://www.eksote.fi/}"),
    Field("knowledge", knowledge.schema(), False,
          "Tiedon laji, johon kortin tulokset perustuvat (ks. Menetelmät-sivu): " + ", ".join(knowledge.TYPES)
          + "; source on sen lähteen avain, joka tämän osoittaa (yksi kortin lähteistä). Ilman kenttää: not-assessed.",
          "The kind of knowledge the card's results rest on (see the Methods page): " + ", ".join(knowledge.TYPES)
          + "; source is the key of the source that shows it (one of the card's sources). Without it: not-assessed.",
          "knowledge: {type: experiences, source: eksote2018lastensuojelu}"),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)


def card_schema() -> dict:
    """The JSON Schema (draft 2020-12) of ``card.yml``."""
    properties = {}
    for f in FIELDS:
        prop = dict(f.schema)
        prop.setdefault("description", f.en)
        prop["x-description-fi"] = f.fi
        properties[f.name] = prop
    for name, values in (("region", vocab.REGIONS), ("status", vocab.STATUS)):
        properties[name]["x-labels"] = values
    for name, values in (("approaches", vocab.APPROACHES), ("target_groups", vocab.TARGET_GROUPS),
                         ("recognitions", vocab.RECOGNITIONS)):
        properties[name]["x-labels"] = values
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Practice card (hyvän käytännön kortti)",
        "description": "The language-neutral facts of one practice card in the handbook. "
                       "Generated by `handbook schema`; do not edit by hand.",
        "type": "object",
        "properties": properties,
        "required": list(REQUIRED),
        "additionalProperties": False,
    }


def schema_json() -> str:
    """The schema as the text of ``schema/card.schema.json``."""
    return json.dumps(card_schema(), ensure_ascii=False, indent=2) + "\n"


