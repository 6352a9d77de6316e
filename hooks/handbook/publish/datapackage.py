"""The open data as a Frictionless Data Package: ``datapackage.json`` and ``bibliography.csv``.

``datapackage.json`` describes ``cards.csv``, ``facts.csv`` and ``bibliography.csv`` with
Table Schemas. The fields are derived, not listed again: each CSV column (read from the
file's own header) is looked up in the schema the build validates with, the card schema of
:mod:`handbook.content.schema` or the key figures' schema of :mod:`handbook.content.figures` (``name_fi`` is
``name.fi``, ``contact_role_en`` is ``contact.role.en``), and its type, required-ness,
pattern and allowed values come from there. Only the columns the export adds itself (a
card's summary and address, the bibliography's columns) are described here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from pybtex.database import Entry

from handbook import i18n
from handbook.content import figures, schema
from handbook.content.schema import JsonSchema
from handbook.content.bib import Bibliography, plain
from handbook.publish.exports import csv_text

#: how lists are written in the CSV files (see :func:`handbook.publish.exports.cards_csv`)
LIST_DELIMITER = "; "
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}

#: a Frictionless descriptor (the package, a resource, a Table Schema or one of its fields) as JSON data
Descriptor = dict[str, Any]

#: the language of the data package's descriptions
DESCRIPTION_LANG = schema.SCHEMA_LANG


def card_extra(langs: tuple[str, ...]) -> dict[str, tuple[str, bool, str]]:
    """The columns that the cards' export adds to the schema's fields: column → (type, required, description)."""
    return {
        **{f"summary_{lang}": ("string", True, f"The card's one-paragraph summary as plain text ({lang}).") for lang in langs},
        **{f"url_{lang}": ("string", True, f"The card page's address relative to the site root ({lang}).") for lang in langs},
    }


def languages(columns: list[str]) -> tuple[str, ...]:
    """The languages of a cards table, from its own header (a ``url_<lang>`` column each)."""
    return tuple(column[len("url_"):] for column in columns if column.startswith("url_"))


def _both(langs: tuple[str, ...]) -> str:
    return "both languages" if len(langs) == 2 else "every language"
BIB_FIELDS: tuple[tuple[str, str, bool, str], ...] = (
    ("id", "string", True, "The entry's key: what pages and cards cite (e.g. [@key])."),
    ("type", "string", True, "The BibTeX entry type (article, book, report, online, misc, …)."),
    ("title", "string", True, "The title as plain text."),
    ("authors", "list", False, "Authors as 'Family, Given', separated by '; '."),
    ("editors", "list", False, "Editors as 'Family, Given', separated by '; '."),
    ("year", "string", False, "Year of publication."),
    ("date", "string", False, "Date of publication (YYYY, YYYY-MM or YYYY-MM-DD), when given."),
    ("container", "string", False, "The journal, book or series the work appeared in."),
    ("publisher", "string", False, "Publisher, institution or school."),
    ("doi", "string", False, "Digital Object Identifier, without https://doi.org/."),
    ("url", "string", False, "Web address of the work."),
    ("urldate", "date", False, "When the web address was last visited."),
)


def _pattern(regex: str) -> str:
    """A JSON Schema pattern as a Table Schema one (XML Schema style: the whole value, no ``^``/``$``)."""
    return regex.removeprefix("^").removesuffix("$")


def table_field(name: str, fragment: JsonSchema, required: bool) -> Descriptor:
    """One Table Schema field from the JSON Schema ``fragment`` of the value in that column."""
    out: Descriptor = {"name": name}
    constraints: Descriptor = {}
    kind = fragment.get("type")
    if kind == "array":
        items = fragment.get("items", {})
        required = required and fragment.get("minItems", 0) >= 1
        if "enum" in items:  # a list of vocabulary values: each item checked by a pattern made from the enum
            one = "(" + "|".join(items["enum"]) + ")"
            out["type"] = "string"
            constraints["pattern"] = f"{one}({LIST_DELIMITER}{one})*"
            out["description"] = (fragment.get("description", "") + f" Values separated by '{LIST_DELIMITER}', each one of: "
                                  + ", ".join(items["enum"]) + ".").strip()
        else:
            out.update({"type": "list", "delimiter": LIST_DELIMITER, "itemType": "string"})
    elif fragment.get("pattern") == schema.DATE_PATTERN:
        out["type"] = "date"
    else:
        out["type"] = "string"
        if "enum" in fragment:
            constraints["enum"] = list(fragment["enum"])
        elif "pattern" in fragment:
            constraints["pattern"] = _pattern(fragment["pattern"])
    if "description" in fragment and "description" not in out:
        out["description"] = fragment["description"]
    if required:
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    return out


def resolve(column: str, node: JsonSchema, required: bool = True,
            langs: tuple[str, ...] = i18n.LANGS) -> tuple[JsonSchema, bool] | None:
    """The JSON Schema fragment of a CSV column and whether it is required: ``contact_role_en`` → contact.role.en
    (``langs``: the languages of the table, the default first)."""
    props = node.get("properties", {})
    needed = set(node.get("required", []))
    if column in props:
        fragment = props[column]
        if "description" not in fragment and node.get("description"):  # name.fi: "Card name in … (fi)"
            fragment = {**fragment, "description": f"{node['description']} ({column})"}
        if schema.holds_names(fragment):  # organisations, contact_organisation: the default
            fragment = _names_column(fragment, langs[0], langs)  # language's names; organisations_en etc. the others
        return fragment, required and column in needed
    for name, child in props.items():
        if column.startswith(name + "_"):
            rest = column[len(name) + 1:]
            if schema.holds_names(child) and rest in langs:
                return _names_column(child, rest, langs), required and name in needed
            if "properties" in child:
                found = resolve(rest, child, required and name in needed, langs)
                if found is not None:
                    return found
            elif rest in langs:  # a value written per language, or once for all (facts' ``value``)
                return {"type": "string"}, required and name in needed
    return None


def _names_column(fragment: JsonSchema, lang: str, langs: tuple[str, ...]) -> JsonSchema:
    """A name or a list of names (one string, or ``{fi, en}``) as the column of its name(s) in ``lang``."""
    what = fragment.get("description", "").split(". ")[0].rstrip(".")
    names = f"in {i18n.language_name(lang, DESCRIPTION_LANG)} ({lang})"
    their = "their names" if schema.is_names_list(fragment) else "its name"
    text = f"{what}: {their} {names}; a name with one form is the same in {_both(langs)}."
    return {**fragment, "description": text.lstrip(": ")}


def header(text: str) -> list[str]:
    """The column names of a CSV file."""
    return next(csv.reader(io.StringIO(text)), [])


def table_schema(columns: list[str], node: JsonSchema, extra: dict[str, tuple[str, bool, str]],
                 langs: tuple[str, ...] = i18n.LANGS) -> Descriptor:
    """The Table Schema of a CSV file with ``columns`` (in ``langs``), from the JSON Schema ``node`` of one row."""
    fields: list[Descriptor] = []
    for column in columns:
        if column in extra:
            kind, required, description = extra[column]
            field: Descriptor = {"name": column, "type": kind, "description": description}
            if required:
                field["constraints"] = {"required": True}
            fields.append(field)
            continue
        found = resolve(column, node, langs=langs)
        if found is None:
            raise ValueError(f"CSV column {column!r} is in neither the schema nor the export's own columns")
        fields.append(table_field(column, *found))
    return {"fields": fields}


def _people(entry: Entry, role: str) -> str:
    names = []
    for person in entry.persons.get(role, []):
        family = plain(" ".join(person.prelast_names + person.last_names))
        given = plain(" ".join(person.first_names + person.middle_names))
        names.append(f"{family}, {given}" if given else family)
    return LIST_DELIMITER.join(names)


def bibliography_csv(bib: Bibliography) -> str:
    """The bibliography as a table, one row per entry (``bibliography.csv``)."""
    rows: list[list[object]] = [[name for name, *_ in BIB_FIELDS]]
    for key, entry in bib.entries.items():
        f = entry.fields

        def field(*names: str, f: Mapping[str, str] = f) -> str:
            return next((plain(f[n]).strip() for n in names if n in f), "")

        urldate = f.get("urldate", "").strip()
        rows.append([key, entry.type.lower(), field("title"), _people(entry, "author"), _people(entry, "editor"),
                     field("year"), f.get("date", "").strip(), field("journal", "booktitle", "series", "howpublished"),
                     field("publisher", "institution", "school", "organization"), field("doi"),
                     f.get("url", "").strip(), urldate if len(urldate) == 10 else ""])
    return csv_text(rows)


def bibliography_schema() -> Descriptor:
    """The Table Schema of ``bibliography.csv``."""
    fields: list[Descriptor] = []
    for name, kind, required, description in BIB_FIELDS:
        field: Descriptor = {"name": name, "type": kind, "description": description}
        if kind == "list":
            field.update({"delimiter": LIST_DELIMITER, "itemType": "string"})
        if required:
            field["constraints"] = {"required": True}
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"]}


def _resource(name: str, path: str, title: str, description: str, table: Descriptor) -> Descriptor:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "title": title,
            "description": description, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": table}


def descriptor(exports: dict[str, str]) -> Descriptor:
    """``datapackage.json`` for the CSV exports in ``exports`` (site path → text), in the languages of
    the cards table."""
    columns = header(exports["cards.csv"])
    langs = languages(columns)
    cards = table_schema(columns, schema.card_schema(langs), card_extra(langs), langs)
    cards["primaryKey"] = ["id"]
    facts = table_schema(header(exports["facts.csv"]), figures.fact_schema(langs)["properties"]["facts"]["items"], {},
                         langs)
    facts["primaryKey"] = ["id"]
    facts["foreignKeys"] = [{"fields": ["source"], "reference": {"resource": "bibliography", "fields": ["id"]}}]
    return {
        "profile": "tabular-data-package",
        "name": "relationship-based-child-protection-handbook",
        "title": "Suhdeperustaisen lastensuojelun käsikirja: avoin data · Handbook of Relationship-Based Child "
                 "Protection: open data",
        "description": f"Practice cards, key figures and the bibliography of the handbook, in {schema.languages(langs)}. "
                       "Käytäntökortit, avainluvut ja lähdeluettelo suomeksi ja englanniksi.",
        "licenses": [LICENSE],
        "resources": [
            _resource("cards", "cards.csv", "Practice cards · Käytäntökortit",
                      f"One row per practice card: its facts (card.yml), names and summaries in {_both(langs)}. "
                      "Lists are separated by '; '. The same data with nested fields: cards.json.", cards),
            _resource("facts", "facts.csv", "Key figures · Avainluvut",
                      "One row per key figure, with its source (a bibliography id) and the place in the source.", facts),
            _resource("bibliography", "bibliography.csv", "Bibliography · Lähdeluettelo",
                      "One row per source. The complete entries: bibliography.bib (BibTeX) and bibliography.json "
                      "(CSL-JSON).", bibliography_schema()),
        ],
    }


def files(bib: Bibliography, exports: dict[str, str]) -> dict[str, str]:
    """The data package's files: ``bibliography.csv`` and ``datapackage.json`` (site path → text)."""
    out = {"bibliography.csv": bibliography_csv(bib)}
    out["datapackage.json"] = json.dumps(descriptor({**exports, **out}), ensure_ascii=False, indent=2) + "\n"
    return out
