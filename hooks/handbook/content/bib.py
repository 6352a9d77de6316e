"""The bibliography: every ``bibliography/*.bib`` file, parsed once with pybtex.

:func:`load` returns a :class:`Bibliography` with the entries as written, their
BibLaTeX reading (:class:`Ref`: aliases resolved, ``crossref``/``xdata``
inherited, dates parsed, names in their parts), the line of each entry in its
file, the in-text labels (``Rousu 2020a``) and the findings.

Each entry is parsed on its own, so one malformed entry is reported once, at
the line where it goes wrong, and the other entries of the file are still read.
Errors are what is truly broken (an entry that cannot be read, a duplicate key,
a field the entry type requires in BibLaTeX's data model); style advice (an
``http`` address, no DOI, an unknown type or field) is a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser, month_names
from pybtex.scanner import PybtexError, PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from handbook.findings import Finding, finding
from handbook import i18n
from handbook.content import reading
from handbook.content.latex import to_text

#: the language of the entries' ``titletranslation`` fields (the handbook writes them in English): a
#: reference shows it on the pages of that language
TRANSLATION_LANG = "en"
ENTRY_START = re.compile(r"^[ \t]*@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]+)\s*,", re.MULTILINE)
_AT_LINE = re.compile(r"^[ \t]*@", re.MULTILINE)
NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc", "annotator",
               "commentator", "introduction", "foreword", "afterword", "holder", "shortauthor", "shorteditor")

#: BibTeX and older BibLaTeX entry types → the BibLaTeX type they are read as
TYPE_ALIASES = {
    "conference": "inproceedings", "electronic": "online", "www": "online", "webpage": "online",
    "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report", "mvbook": "book",
    "bookinbook": "inbook", "suppbook": "inbook", "mvcollection": "collection", "reference": "collection",
    "mvreference": "collection", "suppcollection": "incollection", "inreference": "incollection",
    "mvproceedings": "proceedings", "suppperiodical": "article", "newsarticle": "article", "masterthesis": "thesis",
}
#: the other entry types of BibLaTeX's data model
TYPES = {"article", "book", "inbook", "booklet", "collection", "incollection", "dataset", "manual", "misc",
         "online", "patent", "periodical", "proceedings", "inproceedings", "report", "set", "thesis", "unpublished",
         "xdata", "software", "artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation",
         "legal", "letter", "movie", "music", "performance", "review", "standard", "video", "customa", "customb",
         "customc", "customd", "custome", "customf"}
THESIS_KIND = {"phdthesis": "phdthesis", "mastersthesis": "mathesis", "masterthesis": "mathesis"}
REPORT_KIND = {"techreport": "techreport"}

#: BibTeX field names → their BibLaTeX names
FIELD_ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution", "annote": "annotation",
                 "archiveprefix": "eprinttype", "primaryclass": "eprintclass", "key": "sortkey", "pdf": "file"}

#: Required fields per type in BibLaTeX's data model ("a|b": one of them). Missing ones are errors,
#: except two the style has a place for: a work without author or editor starts with its title (a
#: warning), and one without a date shows "s.a."/"n.d." (not reported: undated web pages are common).
#: A @book may have editors instead of authors, as reference managers export edited books.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journaltitle", "date"),
    "book": ("author|editor", "title", "date"),
    "inbook": ("author", "title", "booktitle", "date"),
    "booklet": ("author|editor", "title", "date"),
    "collection": ("editor", "title", "date"),
    "incollection": ("author", "title", "booktitle", "date"),
    "manual": ("author|editor", "title", "date"),
    "misc": ("author|editor", "title", "date"),
    "online": ("author|editor", "title", "date", "url|doi|eprint"),
    "patent": ("author", "title", "number", "date"),
    "periodical": ("editor", "title", "date"),
    "proceedings": ("title", "date"),
    "inproceedings": ("author", "title", "booktitle", "date"),
    "report": ("author", "title", "institution", "date"),
    "thesis": ("author", "title", "institution", "date"),
    "unpublished": ("author", "title", "date"),
    "dataset": ("author|editor", "title", "date"),
    "software": ("author|editor", "title", "date"),
}
#: how a missing field is named in messages (with its BibTeX name)
SPELLED = {"journaltitle": "journaltitle (journal)", "institution": "institution (school)", "date": "date (year)",
           "location": "location (address)"}
ADVISED = {"author", "editor", "author|editor", "date"}

#: Fields of BibLaTeX's data model, the BibTeX names, and what reference managers add (not warned about)
KNOWN_FIELDS = set(NAME_FIELDS) | set(FIELD_ALIASES) | {
    "abstract", "addendum", "annotation", "booksubtitle", "booktitle", "booktitleaddon", "chapter", "date",
    "doi", "edition", "editortype", "editoratype", "editorbtype", "editorctype", "eid", "entrysubtype", "eprint",
    "eprintclass", "eprinttype", "eventdate", "eventtitle", "eventtitleaddon", "file", "howpublished",
    "indextitle", "institution", "isan", "isbn", "ismn", "isrn", "issn", "issue", "issuesubtitle", "issuetitle",
    "iswc", "journalsubtitle", "journaltitle", "journaltitleaddon", "label", "langid", "langidopts", "language",
    "library", "location", "mainsubtitle", "maintitle", "maintitleaddon", "month", "nameaddon", "note", "number",
    "organization", "origdate", "origlanguage", "origlocation", "origpublisher", "origtitle", "pages",
    "pagetotal", "pagination", "part", "publisher", "pubstate", "reprinttitle", "series", "shortauthor",
    "shorthand", "shorthandintro", "shortjournal", "shortseries", "shorttitle", "subtitle", "title",
    "titleaddon", "type", "url", "urldate", "venue", "version", "volume", "volumes", "year", "crossref",
    "xdata", "xref", "entryset", "execute", "gender", "ids", "keywords", "options", "presort", "related",
    "relatedoptions", "relatedtype", "relatedstring", "sortkey", "sortname", "sortshorthand", "sorttitle",
    "sortyear", "usera", "userb", "userc", "userd", "usere", "userf", "verba", "verbb", "verbc", "titletranslation",
    "notetranslation",
    # written by reference managers and publishers' export buttons
    "timestamp", "biburl", "bibsource", "owner", "mendeley-tags", "mendeley-groups", "copyright", "urlyear", "urlmonth", "lastchecked", "citeulike-article-id", "citeulike-linkout-0", "citeulike-linkout-1",
    "publisher-place", "lccn", "mrclass", "mrnumber", "zbl", "numpages", "articleno", "acmid", "ee", "day",
    "keyword", "local-url", "rights", "urlaccessdate", "accessed", "accessdate", "added-at", "interhash",
    "intrahash", "dimensions", "jstor_articletype", "jstor_issuetitle", "jstor_formatteddate",
    "pmid", "pmcid", "arxivid", "archive", "archive_location", "medium", "collaboration", "slaccitation", "adsurl",
    "adsnote", "oclc", "originalyear", "school",
}
#: prefixes of fields that reference managers write (BibDesk, Mendeley, Zotero, JabRef …)
TOOL_PREFIXES = ("bdsk-", "date-", "mendeley-", "citeulike-", "zotero-", "jabref-", "x-", "article-", "elocation-",
                 "issue_", "ads", "researcherid-", "unique-id", "web-of-science-", "orcid-", "affiliation", "funding-",
                 "times-cited", "usage-count", "journal-iso", "da", "type_", "num-", "publication_", "language_")
#: what is never inherited through crossref (BibLaTeX's defaults)
NOT_INHERITED = {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options", "presort",
                 "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro",
                 "sortkey", "xdata"}
IN_TYPES = {"inbook", "incollection", "inproceedings"}

EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/{}", "jstor": "https://www.jstor.org/stable/{}", "hdl": "https://hdl.handle.net/{}",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/{}", "googlebooks": "http://books.google.com?id={}",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/", "handle": "https://hdl.handle.net/{}",
}
#: BibLaTeX/babel language names → BCP 47 codes
LANGIDS = {"english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB", "ukenglish": "en-GB",
           "finnish": "fi", "swedish": "sv", "german": "de", "ngerman": "de", "austrian": "de-AT",
           "french": "fr", "spanish": "es", "italian": "it", "dutch": "nl", "norsk": "nb", "norwegian": "nb",
           "nynorsk": "nn", "danish": "da", "estonian": "et", "russian": "ru", "portuguese": "pt", "polish": "pl",
           "sami": "se", "northernsami": "se", "icelandic": "is", "latin": "la"}
#: BibTeX's month names (``jan``, ``january``; BibTeX's own, from pybtex) → the month's number
MONTHS = {name: index for index, (abbr, full) in enumerate(month_names.items(), 1) for name in (abbr, full.lower())}


# Dates ------------------------------------------------------------------------
@dataclass(frozen=True)
class Date:
    """A BibLaTeX (EDTF level 0/1) date: ``start`` (year[, month[, day]]), a range's ``end``.

    ``end`` is None for a single date and ``()`` for an open range (``1988/..``, ``1988/``).
    """

    start: tuple[int, ...]
    end: tuple[int, ...] | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def year(self) -> int:
        return self.start[0]

    def day(self) -> dt.date | None:
        """The start as a calendar day, if the date has one."""
        return dt.date(*self.start) if len(self.start) == 3 else None

    def csl(self) -> dict[str, Any]:
        """The date as a CSL-JSON date object."""
        parts = [list(self.start)]
        if self.end is not None:
            parts.append(list(self.end))
        out: dict[str, Any] = {"date-parts": parts}
        if self.approximate or self.uncertain:
            out["circa"] = True
        return out


_DATE_PART = re.compile(r"^(?P<y>-?\d{1,4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?"
                        r"(?P<q>[?~%]?)$")


def _date_part(text: str) -> tuple[tuple[int, ...], bool, bool] | None:
    match = _DATE_PART.match(text.strip())
    if not match:
        return None
    parts = [int(match["y"])]
    if match["m"]:
        month = int(match["m"])
        if not 1 <= month <= 12:
            return None
        parts.append(month)
        if match["d"]:
            try:
                dt.date(max(parts[0], 1), month, int(match["d"]))
            except ValueError:
                return None
            parts.append(int(match["d"]))
    q = match["q"]
    return tuple(parts), q in "~%" and q != "", q in "?%" and q != ""


@functools.lru_cache(maxsize=16384)
def parse_date(value: str) -> Date | None:
    """``value`` as a BibLaTeX date (YYYY, YYYY-MM, YYYY-MM-DD, ranges ``A/B``, open ``A/..``, ``~`` ``?`` ``%``)."""
    value = value.strip()
    if not value:
        return None
    if "/" in value:
        first, _, second = value.partition("/")
        if "/" in second:
            return None
        start = _date_part(first) if first not in ("", "..") else None
        if start is None:
            return None  # an open start has no year to show
        if second.strip() in ("", ".."):
            return Date(start[0], (), start[1], start[2])
        end = _date_part(second)
        if end is None or end[0] < start[0][:len(end[0])]:
            return None
        return Date(start[0], end[0], start[1] or end[1], start[2] or end[2])
    one = _date_part(value)
    return Date(one[0], None, one[1], one[2]) if one else None


# Names ------------------------------------------------------------------------
@dataclass(frozen=True)
class Name:
    """One person's or organisation's name in its parts (LaTeX as written)."""

    family: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: bool = False

    @property
    def others(self) -> bool:
        """``and others`` (et al.)."""
        return self.family == "others" and not (self.given or self.particle or self.suffix)


_EXTENDED = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.I)


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside braces (``sep`` is "," or " and ")."""
    out, depth, start, i = [], 0, 0, 0
    lower = text.lower()
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and lower.startswith(sep.lower(), i) and (sep == "," or (i > 0 and text[i - 1].isspace())):
            out.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    out.append(text[start:])
    return out


def split_names(value: str) -> list[str]:
    """A name list split at ``and`` (outside braces)."""
    parts = re.split(r"(\s+and\s+)", value, flags=re.I) if "{" not in value else None
    if parts is not None:
        return [p.strip() for p in parts[::2] if p.strip()]
    return [p.strip() for p in _split_top(value, "and ") if p.strip() and p.strip().lower() != "and"]


@functools.lru_cache(maxsize=65536)
def parse_name(text: str) -> Name:
    """One name: ``Last, First``, ``von Last, Jr, First``, ``First von Last`` or BibLaTeX's ``family=…, given=…``."""
    text = text.strip().strip(",").strip() if text.strip().endswith(",") and text.count(",") == 1 else text.strip()
    if _EXTENDED.match(text):
        parts = {}
        for item in _split_top(text, ","):
            key, _, val = item.partition("=")
            parts[key.strip().lower()] = val.strip().strip("{}") if val.strip().startswith("{") and val.strip().endswith("}") else val.strip()
        return Name(parts.get("family", ""), parts.get("given", ""), parts.get("prefix", ""), parts.get("suffix", ""))
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}") and _balanced_inside(stripped):
        return Name(stripped, literal=True)
    pieces = _split_top(stripped, ",")
    if len(pieces) == 3 and not pieces[2].strip():  # "Imming, Melanie," : a trailing comma, not an empty first name
        pieces = pieces[:2]
    if len(pieces) > 3:
        pieces = [pieces[0], pieces[1], ",".join(pieces[2:])]
    try:
        person = Person(", ".join(p.strip() for p in pieces))
    except PybtexError:
        return Name(stripped, literal=True)
    family = " ".join(person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    particle = " ".join(person.prelast_names)
    suffix = " ".join(person.lineage_names)
    if not family and particle:  # "de la" only
        family, particle = particle, ""
    words = given.split()
    if len(pieces) >= 2 and not particle and len(words) > 1 and words[0][:1].isupper():
        lower = 0  # "Ploeg, Jan-Lucas van der": trailing lower-case words of the given name are a particle
        while lower < len(words) - 1 and words[-1 - lower][:1].islower():
            lower += 1
        if lower:
            given, particle = " ".join(words[:-lower]), " ".join(words[-lower:])
    return Name(family, given, particle, suffix)


def _balanced_inside(text: str) -> bool:
    """``{…}`` is one group (not ``{A} and {B}``)."""
    depth = 0
    for index, c in enumerate(text):
        depth += (c == "{") - (c == "}")
        if depth == 0 and index < len(text) - 1:
            return False
    return True


# The BibLaTeX reading of an entry ------------------------------------------------
@dataclass
class Ref:
    """An entry as BibLaTeX reads it: canonical type and field names, inherited fields, parsed dates and names."""

    key: str
    type: str                      # BibLaTeX type after aliases (thesis, report, online …)
    written_type: str              # the type as written (phdthesis …)
    fields: dict[str, str]         # BibLaTeX field name → LaTeX value
    names: dict[str, list[Name]]   # author, editor, translator …
    date: Date | None = None
    urldate: Date | None = None

    @property
    def kind(self) -> str:
        """Thesis and report kind: phdthesis, mathesis, techreport, or the ``type`` field."""
        return self.fields.get("type", "").strip().lower()

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    def year(self) -> str:
        """The year for labels: from the date, else the year field as written."""
        if self.date is not None:
            return str(self.date.year)
        return to_text(self.fields.get("year", "")).strip()

    def url(self) -> str:
        """The URL, or one made from ``eprint`` (arXiv, JSTOR, HDL, PubMed …)."""
        if self.fields.get("url"):
            return self.fields["url"].strip()
        eprint = self.fields.get("eprint", "").strip()
        kind = self.fields.get("eprinttype", "").strip().lower()
        if eprint and kind in EPRINT_URLS:
            return EPRINT_URLS[kind].format(eprint)
        return ""

    def language(self) -> str:
        """The BCP 47 code of ``langid`` (or ``language``), or "" if it is not known."""
        value = to_text(self.fields.get("langid") or self.fields.get("language", "")).strip()
        if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
            return value
        return LANGIDS.get(value.lower(), "")

    def doi(self) -> str:
        doi = self.fields.get("doi", "").strip()
        if not doi and self.fields.get("eprinttype", "").strip().lower() == "doi":
            doi = self.fields.get("eprint", "").strip()
        return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)


def _names_of(entry: Entry) -> dict[str, list[Name]]:
    out: dict[str, list[Name]] = {}
    for role, people in entry.persons.items():
        out[role.lower()] = [parse_name(str(p)) if not getattr(p, "_raw", None) else parse_name(p._raw) for p in people]
    for role in NAME_FIELDS:
        if role in entry.fields and role not in out and role not in ("shortauthor", "shorteditor"):
            out[role] = [parse_name(n) for n in split_names(entry.fields[role])]
    return out


def read(key: str, entry: Entry, entries: dict[str, Entry] | None = None) -> Ref:
    """The BibLaTeX reading of ``entry`` (``entries`` resolves ``crossref`` and ``xdata``)."""
    written = entry.type.lower()
    kind = TYPE_ALIASES.get(written, written)
    fields: dict[str, str] = {}
    for name, value in entry.fields.items():
        name = name.lower()
        canonical = FIELD_ALIASES.get(name, name)
        if canonical not in fields or name == canonical:
            fields[canonical] = value
    names = {role: people for role, people in _names_of(entry).items()}
    if written in THESIS_KIND and "type" not in fields:
        fields["type"] = THESIS_KIND[written]
    if written in REPORT_KIND and "type" not in fields:
        fields["type"] = REPORT_KIND[written]
    if entries:
        _inherit(key, kind, fields, names, entries, set())
    if kind == "article" and written != "article" and "entrysubtype" not in fields:
        fields["entrysubtype"] = written
    date = parse_date(fields["date"]) if "date" in fields else None
    if date is None and "date" not in fields:
        year = fields.get("year", "").strip()
        if re.fullmatch(r"\d{1,4}", year):
            month = _month(fields.get("month", ""))
            date = Date((int(year), month) if month else (int(year),))
    urldate = parse_date(fields["urldate"]) if "urldate" in fields else None
    return Ref(key, kind, written, fields, names, date, urldate)


def _month(value: str) -> int | None:
    value = value.strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.get(value) or MONTHS.get(value[:3])


def _inherit(key: str, kind: str, fields: dict[str, str], names: dict[str, list[Name]], entries: dict[str, Entry], seen: set[str]) -> None:
    """Copy what ``crossref`` and ``xdata`` parents give (BibLaTeX's default inheritance)."""
    seen.add(key)
    parents = [("xdata", k.strip()) for k in fields.get("xdata", "").split(",") if k.strip()]
    if fields.get("crossref", "").strip():
        parents.append(("crossref", fields["crossref"].strip()))
    for how, parent_key in parents:
        parent = entries.get(parent_key)
        if parent is None or parent_key in seen:
            continue
        ref = read(parent_key, parent, None)
        parent_fields, parent_names = dict(ref.fields), dict(ref.names)
        _inherit(parent_key, ref.type, parent_fields, parent_names, entries, seen)
        moved = {}
        if how == "crossref" and kind in IN_TYPES:
            for src, dest in (("title", "booktitle"), ("subtitle", "booksubtitle"), ("titleaddon", "booktitleaddon")):
                if src in parent_fields:
                    moved[dest] = parent_fields[src]
            for name in ("title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle", "indexsorttitle"):
                parent_fields.pop(name, None)
            if kind == "inbook" and "author" in parent_names:
                names.setdefault("bookauthor", parent_names.pop("author"))
        for name, value in {**parent_fields, **moved}.items():
            if how == "crossref" and name in NOT_INHERITED:
                continue
            if name == "type" and ref.type != kind:
                continue
            fields.setdefault(name, value)
        for role, people in parent_names.items():
            names.setdefault(role, people)


# The bibliography ------------------------------------------------------------------
@dataclass
class Bibliography:
    """All entries of all ``.bib`` files, with where each one is."""

    entries: dict[str, Entry] = field(default_factory=dict)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)
    labels: dict[str, "Label"] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    refs: dict[str, Ref] = field(default_factory=dict)
    #: keys of entries that could not be read whole (reported once; not checked further)
    broken: set[str] = field(default_factory=set)

    def data(self) -> BibliographyData:
        return BibliographyData(entries=dict(self.entries))

    def ref(self, key: str) -> Ref:
        """The BibLaTeX reading of the entry ``key``."""
        found = self.refs.get(key)
        if found is None:
            found = self.refs[key] = read(key, self.entries[key], self.entries)
        return found


@dataclass(frozen=True)
class Label:
    """An entry's in-text label parts, the same in every language: who (one or two surnames, the
    first of several with ``et_al``, or for a work without people its short ``title``) and the year
    with its suffix. Each language writes them with the words of its catalog's ``references``."""

    people: tuple[str, ...]
    year: str
    suffix: str = ""
    et_al: bool = False
    title: str = ""

    def names(self, lang: str) -> str:
        """Who, in ``lang``: ``Rousu``, ``Harju ja Horuz`` / ``Harju and Horuz``, ``Rousu ym.``, ``”Title”``."""
        if self.title:
            return i18n.text("references", "quote_open", lang) + self.title + i18n.text("references", "quote_close", lang)
        if self.et_al:
            return f"{self.people[0]} {i18n.text('references', 'et_al', lang)}"
        if len(self.people) == 2:
            return f"{self.people[0]} {i18n.text('references', 'and', lang)} {self.people[1]}"
        return self.people[0]

    def year_text(self, lang: str) -> str:
        """The year and its suffix (``2020a``), or "s.a." / "n.d."."""
        return (self.year or i18n.text("references", "nd", lang)) + self.suffix

    def text(self, lang: str) -> str:
        """Parenthetical form: ``Rousu 2020a`` (fi), ``Rousu, 2020a`` (en)."""
        return i18n.text("references", "label", lang, names=self.names(lang), year=self.year_text(lang))

    def narrative(self, lang: str) -> str:
        """Author-in-text form: ``Rousu (2020a)``."""
        return i18n.text("references", "narrative", lang, names=self.names(lang), year=self.year_text(lang))


def plain(latex: str) -> str:
    """A BibTeX field value as plain text (braces, accents and LaTeX commands resolved)."""
    return to_text(latex)


def name_surname(name: Name) -> str:
    """The surname as shown in labels: particle and family name."""
    return to_text(" ".join(p for p in (name.particle, name.family) if p))


def person_surname(person: Person) -> str:
    """The surname of a pybtex person as shown in labels (:func:`name_surname`)."""
    return name_surname(parse_name(str(person)))


#: who a label names: (surnames, whether others follow, the short title of a work without people)
LabelNames = tuple[tuple[str, ...], bool, str]


def _label_names(ref: Ref) -> LabelNames:
    """Who an entry's label names: (surnames, whether others follow, the short title of a work without people)."""
    if "shortauthor" in ref.fields:
        return (plain(ref.fields["shortauthor"]),), False, ""
    people = ref.names.get("author") or ref.names.get("editor") or []
    if not people:
        title = plain(ref.fields.get("title", ref.key))
        short = title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"
        return (), False, short
    others = people[-1].others
    names = [name_surname(p) for p in people if not p.others]
    if len(names) <= 2 and not others:
        return tuple(names), False, ""
    return (names[0],), True, ""


def make_labels(bib: Bibliography) -> dict[str, Label]:
    """Author–year labels; the same names and year get a, b, c … in date and title order."""
    groups: dict[tuple[LabelNames, str], list[str]] = {}
    names: dict[str, LabelNames] = {}
    for key in bib.entries:
        ref = bib.ref(key)
        names[key] = _label_names(ref)
        groups.setdefault((names[key], ref.year()), []).append(key)
    def order(key: str) -> tuple[tuple[int, ...], str, str]:
        ref = bib.refs[key]
        return (ref.date.start if ref.date else (), plain(ref.get("title")).casefold(), key)

    labels = {}
    for (_, year), keys in groups.items():
        keys.sort(key=order)
        for index, key in enumerate(keys):
            suffix = _suffix(index) if len(keys) > 1 else ""
            people, et_al, title = names[key]
            labels[key] = Label(people, year, suffix, et_al, title)
    return labels


def _suffix(index: int) -> str:
    """a … z, aa, ab …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else _suffix(index // 26 - 1) + letters[index % 26]


# Reading the files ----------------------------------------------------------------
def _chunks(text: str) -> list[tuple[int, str]]:
    """The text cut before every line that starts with ``@``: (first line, chunk)."""
    starts = [m.start() for m in _AT_LINE.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    out, line = [], 1
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        chunk = text[start:end]
        out.append((line, chunk))
        line += chunk.count("\n")
    return out


_FIELD_START = re.compile(r"^\s*(?P<name>[A-Za-z][\w:.+-]*)\s*=")


def _balance(text: str) -> int:
    """Opening minus closing braces (escaped ones not counted)."""
    return text.count("{") - text.count("}") - text.count("\\{") + text.count("\\}")


def _depths(line: str, depth: int) -> int:
    escaped = False
    for c in line:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
    return depth


def _fault(chunk: str, first: int) -> tuple[int, str, dict[str, str]] | None:
    """Where the braces of an entry go wrong: (line, message code, params), or None if they balance.

    A field that starts while a value is still open means that value lacks its ``}`` (reported at
    the last line of that value); an entry still open at its end lacks its closing ``}`` (reported
    at its last line); a ``}`` too many is reported where it is.
    """
    lines = chunk.split("\n")
    depth, last_field, last_text = 0, "", first
    for index, line in enumerate(lines):
        number = first + index
        match = _FIELD_START.match(line)
        if match and depth > 1 and last_field:
            return last_text, "bib-unclosed-field", {"field": last_field}
        if match and depth == 1:
            last_field = match["name"]
        depth = _depths(line, depth)
        if depth < 0:
            return number, "bib-extra-brace", {}
        if line.strip() and not line.lstrip().startswith("%"):
            last_text = number
    if depth > 1 and last_field:
        return last_text, "bib-unclosed-field", {"field": last_field}
    if depth == 1:
        return last_text, "bib-unclosed", {}
    return None


#: how many characters the ``@string`` abbreviations of one file may expand to in all (each use of one
#: counts its length): an abbreviation made of abbreviations doubles with each level, so 500 bytes
#: would otherwise be 16 MB
MAX_EXPANDED = 1_000_000


class MacroBomb(PybtexError):  # type: ignore[misc]  # pybtex has no types
    """The abbreviations of a file expand to more than :data:`MAX_EXPANDED` characters."""


class _Macros(CaseInsensitiveDict):  # type: ignore[misc]  # pybtex has no types
    """pybtex's abbreviations, each use counted: more than :data:`MAX_EXPANDED` characters in a file
    stops the parse (:class:`MacroBomb`) before the text is built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spent = 0

    def __getitem__(self, key: str) -> str:
        value: str = super().__getitem__(key)
        self.spent += len(value)
        if self.spent > MAX_EXPANDED:
            raise MacroBomb(f"abbreviations expand to more than {MAX_EXPANDED} characters")
        return value


class _Reader:
    """One pybtex parser for all the files (so ``@string`` macros carry over), errors collected."""

    def __init__(self) -> None:
        self.parser = Parser(macros=month_names, person_fields=())
        self.macros = _Macros(self.parser.macros)
        self.parser.macros = self.macros
        self.errors: list[PybtexError] = []
        self.parser.handle_error = lambda error: self.errors.append(error)

    def parse(self, chunk: str) -> tuple[dict[str, Entry], list[PybtexError]]:
        self.errors = []
        self.parser.data = BibliographyData()
        try:
            self.parser.parse_string(chunk)
        except PybtexError as exc:  # noqa: PERF203 - defensive: the handler should catch them all
            self.errors.append(exc)
        except (ValueError, IndexError, KeyError, TypeError) as exc:
            self.errors.append(PybtexError(str(exc)))
        entries = dict(self.parser.data.entries.items())
        return entries, self.errors


def _error_line(error: PybtexError, first: int) -> int:
    if isinstance(error, PybtexSyntaxError):
        try:
            _, lineno, _ = error.get_context()
            return first + int(lineno) - 1
        except Exception:  # noqa: BLE001
            return first
    return first + int(getattr(error, "lineno", 1) or 1) - 1


def _read_whole(text: str, rel: str, reader: _Reader, bib: Bibliography) -> bool:
    """Read a file in one parse if it has no fault at all (the common case, and the fast one)."""
    if _balance(text) != 0:
        return False
    entries, errors = reader.parse(text)
    if errors:
        return False
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for match in ENTRY_START.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.setdefault(match["key"], line)
    if any(key in bib.where or key not in lines for key in entries):
        return False  # a duplicate key or an entry the scan does not see: read entry by entry
    for key, entry in entries.items():
        bib.entries[key] = entry
        bib.where[key] = (rel, lines[key])
    return True


def _read_file(text: str, rel: str, reader: _Reader, bib: Bibliography) -> None:
    """Read one file into ``bib``: in one parse if nothing is wrong, else entry by entry (up to the entry
    where its abbreviations expand too far, :data:`MAX_EXPANDED`)."""
    reader.macros.spent = 0
    if _read_whole(text, rel, reader, bib):
        return
    reader.macros.spent = 0
    for first, chunk in _chunks(text):
        stripped = chunk.lstrip()
        written = re.match(r"@\s*(\w+)", stripped)
        if written is None or written[1].lower() == "comment":
            continue  # text between entries is a comment in BibTeX
        if not _read_chunk(chunk, first, written[1].lower(), rel, reader, bib):
            return


def _read_chunk(chunk: str, first: int, kind: str, rel: str, reader: _Reader, bib: Bibliography) -> bool:
    """Read one entry (the text from its ``@`` to the next); report what is wrong with it once. False when
    the file's abbreviations have expanded too far: nothing more of it is read."""
    entries, errors = reader.parse(chunk)
    if any(isinstance(e, MacroBomb) for e in errors):
        bib.findings.append(finding(rel, first, "bib-syntax", "bib-macro-large", most=MAX_EXPANDED))
        return False
    _add_chunk(chunk, first, kind, rel, entries, errors, reader, bib)
    return True


def _add_chunk(chunk: str, first: int, kind: str, rel: str, entries: dict[str, Entry], errors: list[PybtexError],
               reader: _Reader, bib: Bibliography) -> None:
    """The entries that one chunk's parse gave into ``bib``, and what is wrong with them."""
    head = ENTRY_START.match(chunk)
    key = head["key"] if head else None
    hard = [e for e in errors if type(e).__name__ not in ("DuplicateField", "UndefinedMacro")]
    if not hard and _balance(chunk) != 0:
        hard = [PybtexError("unbalanced braces")]  # pybtex reads an entry cut short by the end without a word
    for error in errors:
        name = type(error).__name__
        if name == "DuplicateField":
            twice = re.search(r"duplicate (\S+) field", str(error))
            name = twice[1] if twice else "?"
            bib.findings.append(finding(rel, _field_line(chunk, first, name), "bib-fields", "bib-field-twice",
                                        severity="warning", key=key or "?", field=name))
        elif name == "UndefinedMacro":
            macro = str(error.args[0]) if error.args else "?"
            bib.findings.append(finding(rel, _macro_line(chunk, first, macro), "bib-syntax", "bib-macro",
                                        key=key or "?", macro=macro))
    if hard:
        fault = _fault(chunk, first)
        if fault is not None:
            fault_line, code, params = fault
        else:
            fault_line, code, params = _error_line(hard[0], first), "bib-syntax", {}
        bib.findings.append(finding(rel, fault_line, "bib-syntax", code, key=key or "?", **params))
        if key is None:
            return
        salvaged = _salvage(chunk, reader)
        entries = {key: salvaged.get(key) or entries.get(key) or Entry(kind or "misc", fields={"title": key})}
        bib.broken.add(key)  # reported once: its key still resolves, so nothing cascades
    for found_key, entry in entries.items():
        line = _key_line(chunk, first, found_key)
        if found_key in bib.where:
            other = bib.where[found_key]
            bib.findings.append(finding(rel, line, "bib-duplicate", "bib-duplicate", key=found_key,
                                        other=f"{other[0]}:{other[1]}"))
            continue
        bib.entries[found_key] = entry
        bib.where[found_key] = (rel, line)


def _salvage(chunk: str, reader: _Reader) -> dict[str, Entry]:
    """The entry of a chunk whose braces do not balance, read with the missing braces added."""
    depth = _depths(chunk, 0)
    if depth <= 0:
        return {}
    saved = reader.parser.data
    entries, errors = reader.parse(chunk.rstrip() + "}" * depth)
    reader.parser.data = saved
    return entries if not [e for e in errors if type(e).__name__ != "DuplicateField"] else {}


def _key_line(chunk: str, first: int, key: str) -> int:
    """The line of the entry ``key`` in a chunk (nearly always its first line)."""
    for match in ENTRY_START.finditer(chunk):
        if match["key"] == key:
            return first + chunk.count("\n", 0, match.start())
    return first


def _field_line(chunk: str, first: int, name: str) -> int:
    matches = [m for m in re.finditer(rf"^\s*{re.escape(name)}\s*=", chunk, re.M | re.I)]
    where = matches[-1].start() if matches else 0
    return first + chunk.count("\n", 0, where)


def _macro_line(chunk: str, first: int, macro: str) -> int:
    match = re.search(rf"=\s*{re.escape(macro)}\b", chunk)
    return first + (chunk.count("\n", 0, match.start()) if match else 0)


def _check(ref: Ref, entry: Entry, rel: str, line: int, this_year: int, advice: str) -> list[Finding]:
    """The checks of one entry: required fields, dates, year, URL, type and field names."""
    out = []
    if ref.type not in TYPES:
        out.append(finding(rel, line, "bib-fields", "bib-type-unknown", severity="warning", key=ref.key,
                           type=ref.written_type))
    unknown = sorted({n.lower() for n in entry.fields if n.lower() not in KNOWN_FIELDS
                      and not n.lower().startswith(TOOL_PREFIXES)} |
                     {r.lower() for r in entry.persons if r.lower() not in KNOWN_FIELDS})
    if unknown:
        out.append(finding(rel, line, "bib-fields", "bib-field-unknown", severity="warning", key=ref.key,
                           fields=", ".join(unknown)))
    required = REQUIRED.get(ref.type, ("title",))
    for need in required:
        options = need.split("|")
        if any(o in ref.fields or o in ref.names or (o == "date" and "year" in ref.fields) for o in options):
            continue
        if need == "date":
            continue
        severity = "warning" if need in ADVISED else "error"
        code = "bib-field-missing" if severity == "error" else "bib-field-advised"
        out.append(finding(rel, line, "bib-fields", code, severity=severity, key=ref.key, type=ref.written_type,
                           field=" or ".join(SPELLED.get(o, o) for o in options), required=", ".join(r.replace("|", "/") for r in required)))
    year = ref.fields.get("year")
    if year is not None and year.strip() and "date" not in ref.fields and not (
            re.fullmatch(r"\d{4}", year.strip()) and 1000 <= int(year) <= this_year + 1):
        out.append(finding(rel, line, "bib-year", "bib-year", key=ref.key, value=year, max=this_year + 1))
    for name in ("date", "urldate", "eventdate", "origdate"):
        value = ref.fields.get(name)
        if value is not None and parse_date(value) is None:
            out.append(finding(rel, line, "bib-fields", "bib-date", key=ref.key, field=name, value=value))
    if ref.date is not None and "date" in ref.fields and ref.date.year > this_year + 1:
        out.append(finding(rel, line, "bib-year", "bib-year", key=ref.key, value=ref.fields["date"], max=this_year + 1))
    url = ref.fields.get("url")
    if url is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", url.strip()):
        out.append(finding(rel, line, "bib-url", "bib-url", key=ref.key, value=url))
    elif url is not None and url.strip().startswith("http://"):
        out.append(finding(rel, line, "bib-advice", "bib-url-http", severity=advice, key=ref.key, value=url.strip()))
    if ref.type == "article" and not ref.doi() and "eprint" not in ref.fields and "url" not in ref.fields:
        out.append(finding(rel, line, "bib-advice", "bib-doi-missing", severity=advice, key=ref.key))
    return out


def bib_files(root: Path) -> list[Path]:
    return sorted((root / "bibliography").glob("*.bib"))


def parse_text(text: str, rel: str = "bibliography/test.bib", today: dt.date | None = None,
               advice: str = "warning") -> Bibliography:
    """One BibTeX/BibLaTeX text read as :func:`load` reads a file (for tests and tools)."""
    bib = Bibliography()
    _read_file(text.lstrip("\ufeff"), rel, _Reader(), bib)
    _finish(bib, today, advice, {rel: text.lstrip("\ufeff")})
    return bib


#: the field a finding of one field is about, by its code (a finding with a ``field`` names it itself)
_FIELD_OF = {"bib-url": "url", "bib-url-http": "url", "bib-year": "year"}


def _finish(bib: Bibliography, today: dt.date | None, advice: str, texts: dict[str, str] | None = None) -> None:
    """Check every entry that was read whole, and make the labels. With the files' ``texts``, a finding
    about one field is told at that field's line, not the entry's first."""
    this_year = (today or dt.date.today()).year
    for key, entry in bib.entries.items():
        if key in bib.broken:
            continue
        rel, line = bib.where[key]
        for found in _check(bib.ref(key), entry, rel, line, this_year, advice):
            name = dict(found.params).get("field") or _FIELD_OF.get(found.code)
            if texts is not None and rel in texts and name and " " not in name:
                if found.code == "bib-year" and "date" in entry.fields:
                    name = "date"
                found = dataclasses.replace(found, line=_entry_field_line(texts[rel], line, name))
            bib.findings.append(found)
    bib.labels = make_labels(bib)


def _entry_field_line(text: str, first: int, name: str) -> int:
    """The line of field ``name`` of the entry that starts at line ``first`` of ``text`` (``first`` if none)."""
    lines = text.split("\n")
    for number in range(first, len(lines) + 1):
        row = lines[number - 1]
        if number > first and row.lstrip().startswith("@"):
            break
        if re.match(rf"\s*{re.escape(name)}\s*=", row, re.I) or (number == first and re.search(
                rf"[,{{]\s*{re.escape(name)}\s*=", row, re.I)):
            return number
    return first


#: the stamps of the files last read (and the severity of advice) → the bibliography read from them
BibCache = dict[tuple[object, ...], "Bibliography"]


def load(root: Path, today: dt.date | None = None, advice: str = "warning",
         cache: BibCache | None = None) -> Bibliography:
    """Parse every ``.bib`` file under ``root/bibliography``.

    ``advice`` is the severity of style advice (an http address, an article without DOI):
    "warning" (the default) or "error". With ``cache`` (one entry: the last reading), files whose
    stamps have not changed are not read again.
    """
    files = bib_files(root)
    stamp = (tuple((str(p), p.lstat().st_mtime_ns, p.lstat().st_size) for p in files), advice)
    if cache is not None and stamp in cache and today is None:
        return cache[stamp]
    bib = Bibliography()
    reader = _Reader()
    texts: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            text = reading.source_text(path, root, reading.MAX_BIB_BYTES)  # a byte-order mark is not part of the first entry
        except reading.Unreadable as exc:
            bib.findings.append(finding(rel, exc.line, "bib-syntax", "bib-encoding") if exc.code == "file-encoding"
                                else exc.finding(rel, "bib-syntax"))
            continue
        _read_file(text, rel, reader, bib)
        texts[rel] = text
    _finish(bib, today, advice, texts)
    if cache is not None:
        cache.clear()
        cache[stamp] = bib
    return bib
