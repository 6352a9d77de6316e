"""schema.org metadata (JSON-LD) for cards, research summaries and the key figures.

Why ``Article``: a practice card and a research summary are both edited, dated, sourced
texts about a topic, which is what schema.org's ``Article`` is; the more specific types
do not fit (``ScholarlyArticle`` implies original research, ``Report`` a report by the
organisation it describes, ``Review`` a verdict on one item). What makes a card a card is
said with ``articleSection``, ``about`` (its approaches, as terms of the handbook's
controlled vocabulary) and ``spatialCoverage`` (its municipalities and region). Google
Scholar, Zotero and search engines read ``Article`` with ``citation``. The key figures page
describes ``facts.json`` and ``facts.csv`` as a ``Dataset``, and the open-data page all the
downloads (dataset search engines read ``Dataset``).

Each cited work's description is made once per build (:class:`Works`). The JSON is
escaped so that it cannot end its ``<script type="application/ld+json">`` element.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any

from pybtex.database import Entry, Person

from handbook.content import vocab
from handbook.content.bib import Bibliography, plain
from handbook.content.cards import Card
from handbook.content.history import Commit
from handbook.i18n import DEFAULT_LANG, LANGS, Labels, root, text

CONTEXT = "https://schema.org"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

#: the data sets' name and description, in the catalogs' ``outputs`` section
DATASET = {"name": Labels("outputs", "figures_name"), "description": Labels("outputs", "figures_description")}
OPEN_DATA = {"name": Labels("outputs", "open_data_name"), "description": Labels("outputs", "open_data_description")}
#: a schema.org node as JSON-LD data
Thing = dict[str, Any]
WORK_TYPES = {"article": "ScholarlyArticle", "book": "Book", "incollection": "Chapter", "inbook": "Chapter",
              "inproceedings": "ScholarlyArticle", "phdthesis": "Thesis", "mastersthesis": "Thesis",
              "techreport": "Report", "report": "Report", "online": "WebPage"}


def script(data: Thing) -> str:
    """``data`` as a JSON-LD ``<script>`` element; ``<``, ``>`` and ``&`` escaped so that no text can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


class Works:
    """schema.org descriptions of bibliography entries, each made once per build."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self._made: dict[str, Thing] = {}

    def get(self, key: str) -> Thing | None:
        """The cited work ``key`` as a ``CreativeWork`` (None if it is not in the bibliography)."""
        if key not in self._made:
            entry = self.bib.entries.get(key)
            if entry is None:
                return None
            self._made[key] = work(entry)
        return self._made[key]


def _person(person: Person) -> Thing:
    given = plain(" ".join(person.first_names + person.middle_names))
    family = plain(" ".join(person.prelast_names + person.last_names))
    if not given:  # a corporate author is written {THL} in BibTeX: one "last name", no first
        return {"@type": "Organization", "name": family}
    return {"@type": "Person", "name": f"{given} {family}", "givenName": given, "familyName": family}


def work(entry: Entry) -> Thing:
    """One bibliography entry as a schema.org ``CreativeWork`` (with its DOI or address)."""
    f = entry.fields
    item: Thing = {"@type": WORK_TYPES.get(entry.type.lower(), "CreativeWork"), "name": plain(f.get("title", ""))}
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if people:
        item["author"] = [_person(p) for p in people]
    when = (f.get("date") or f.get("year") or "").strip()
    if when:
        item["datePublished"] = when
    publisher = next((f[name] for name in ("publisher", "institution", "school", "organization") if name in f), "")
    if publisher:
        item["publisher"] = {"@type": "Organization", "name": plain(publisher)}
    container = next((f[name] for name in ("journal", "booktitle") if name in f), "")
    if container:
        item["isPartOf"] = {"@type": "Periodical" if "journal" in f else "Book", "name": plain(container)}
    if "doi" in f:
        doi = plain(f["doi"]).strip()
        item["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
        item["sameAs"] = f"https://doi.org/{doi}"
        item["url"] = f"https://doi.org/{doi}"
    if "url" in f:
        item["url"] = f["url"].strip()
    return item


def organisation(site_name: str, home: str) -> Thing:
    """The handbook as the author and publisher."""
    return {"@type": "Organization", "name": site_name, "url": home}


def _dates(commits: list[Commit], fallback: dt.date | None) -> Thing:
    if commits:
        return {"datePublished": commits[-1].time.date().isoformat(), "dateModified": commits[0].time.date().isoformat()}
    return {"dateModified": fallback.isoformat()} if fallback else {}


def translations(lang: str, urls: dict[str, str], kind: str) -> Thing:
    """``workTranslation`` (from the original, in the default language) or ``translationOfWork`` (from a
    translation); ``urls``: the page's address in each language, the default first."""
    others = [{"@type": "Article", "@id": urls[other], "url": urls[other], "inLanguage": other}
              for other in urls if other != lang]
    if not others:
        return {}
    if lang == DEFAULT_LANG:  # the original is written first; the other languages translate it
        return {"workTranslation": others}
    return {"translationOfWork": others[0]}


def article(*, kind: str, lang: str, urls: dict[str, str], title: str, description: str, site_name: str,
            home: str, commits: list[Commit], fallback: dt.date | None, citations: list[Thing],
            spatial: list[Thing] | None = None, about: list[Thing] | None = None) -> Thing:
    """A card's or summary's ``Article``: ``urls`` are the page's addresses per language (as links from this page)."""
    org = organisation(site_name, home)
    data: Thing = {"@context": CONTEXT, "@type": "Article", "@id": urls[lang], "url": urls[lang],
                  "mainEntityOfPage": urls[lang], "name": title, "headline": title[:110],
                  "description": description, "inLanguage": lang, "articleSection": text("outputs", kind, lang),
                  **_dates(commits, fallback), "author": org, "publisher": org, "license": LICENSE,
                  "isAccessibleForFree": True}
    if spatial:
        data["spatialCoverage"] = spatial
    if about:
        data["about"] = about
    if citations:
        data["citation"] = citations
    data.update(translations(lang, urls, kind))
    return data


def card_places(card: Card, lang: str) -> list[Thing]:
    """The card's municipalities (within its region) and its region, as schema.org places."""
    region = {"@type": "AdministrativeArea", "name": vocab.label(vocab.REGIONS, card.facts["region"], lang)}
    places = [{"@type": "AdministrativeArea", "name": name, "containedInPlace": region}
              for name in card.facts.get("municipalities", [])]
    return places + [region]


def card_about(card: Card, lang: str, link: Callable[[str], str]) -> list[Thing]:
    """The card's approaches as terms of the handbook's vocabulary (``link``: site URL → address)."""
    prefix = root(lang)
    return [{"@type": "DefinedTerm", "name": vocab.label(vocab.APPROACHES, key, lang), "termCode": key,
             "url": link(f"{prefix}approaches/{key}/"),
             "inDefinedTermSet": link(f"{prefix}approaches/")} for key in card.facts["approaches"]]


def dataset(*, lang: str, url: str, site_name: str, home: str, downloads: dict[str, str], measures: list[str],
            commits: list[Commit], citations: list[Thing], texts: Mapping[str, Labels] = DATASET,
            langs: tuple[str, ...] = LANGS) -> Thing:
    """A ``Dataset`` (the key figures, or with ``texts=OPEN_DATA`` all the open data) in ``langs``:
    ``downloads`` maps each file's address to its media type."""
    org = organisation(site_name, home)
    data: Thing = {"@context": CONTEXT, "@type": "Dataset", "@id": url, "url": url, "name": texts["name"][lang],
                  "description": texts["description"][lang], "inLanguage": list(langs), "license": LICENSE,
                  "isAccessibleForFree": True, "creator": org, "publisher": org,
                  "distribution": [{"@type": "DataDownload", "contentUrl": link, "encodingFormat": media}
                                   for link, media in downloads.items()]}
    if measures:
        data["variableMeasured"] = measures
    data.update(_dates(commits, None))
    if citations:
        data["citation"] = citations
    return data
