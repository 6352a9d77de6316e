"""The handbook's reference style: APA-like, as a pybtex style, in Finnish and English.

``HandbookStyle(lang="fi")`` formats entries with Finnish terms ("ja", "toim.",
"s.", "Haettu") and dates (5.3.2021); ``lang="en"`` with English ones ("and",
"ed.", "pp.", "Accessed", 5 March 2021). :func:`format_html` gives an entry as HTML.
"""

from __future__ import annotations

import datetime as dt
import functools

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.database import Entry
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from .bib import NO_YEAR, plain
from .l10n import MONTHS
from .safety import escape, url_problem

TERMS = {
    "fi": {"and": "ja", "ed": "toim.", "eds": "toim.", "in": "Teoksessa", "p": "s.", "pp": "s.",
           "accessed": "Haettu", "thesis": "Väitöskirja", "nd": NO_YEAR["fi"], "pages": "s."},
    "en": {"and": "and", "ed": "ed.", "eds": "eds.", "in": "In", "p": "p.", "pp": "pp.",
           "accessed": "Accessed", "thesis": "Doctoral dissertation", "nd": NO_YEAR["en"], "pages": "pp."},
}

FI_MONTHS_PARTITIVE = ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta",
                       "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"]


def long_date(value: dt.date, lang: str) -> str:
    """``5. maaliskuuta 2021`` / ``5 March 2021``."""
    if lang == "fi":
        return f"{value.day}. {FI_MONTHS_PARTITIVE[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS['en'][value.month - 1]} {value.year}"


def short_date(value: dt.date, lang: str) -> str:
    """``5.3.2021`` / ``5 March 2021``."""
    return f"{value.day}.{value.month}.{value.year}" if lang == "fi" else long_date(value, lang)


def _initials(person) -> str:
    given = person.first_names + person.middle_names
    parts = []
    for name in given:
        name = plain(name)
        if name.endswith(".") and len(name) <= 3:
            parts.append(name)
        else:
            parts.append("-".join(p[:1] + "." for p in name.split("-")))
    return " ".join(parts)


def _person(person) -> str:
    surname = plain(" ".join(person.prelast_names + person.last_names))
    initials = _initials(person)
    return f"{surname}, {initials}" if initials else surname


def _join_people(names: list[str], lang: str) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {TERMS[lang]['and']} " + names[-1]


@functools.lru_cache(maxsize=65536)
def _rich(latex: str) -> Text:
    if not any(c in latex for c in "{}\\$~"):
        return Text(latex)
    return Text.from_latex(latex)


def _field(entry: Entry, name: str) -> Text:
    return _rich(entry.fields[name]) if name in entry.fields else Text()


def _pages(value: str, lang: str) -> str:
    value = plain(value).replace("--", "–")
    term = TERMS[lang]["pp" if "–" in value or "-" in value else "p"]
    return f"{term} {value}"


def _link(url: str) -> Text:
    """A link to ``url`` (escaped: pybtex writes the address as it is); a refused scheme stays text."""
    problem = url_problem(url)
    return Text(url) if problem and problem[0] == "error" else HRef(escape(url), url)


class HandbookStyle(BaseStyle):
    """APA-like author–date references with localized terms."""

    default_sorting_style = "author_year_title"

    def __init__(self, lang: str = "fi", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.terms = TERMS[lang]

    # The parts of a reference -------------------------------------------------
    def creators(self, entry: Entry) -> Text:
        authors = entry.persons.get("author")
        if authors:
            names = Text(_join_people([_person(p) for p in authors], self.lang))
            if "shortauthor" in entry.fields and len(authors) == 1 and not authors[0].first_names:
                names = Text(names, " [", _field(entry, "shortauthor"), "]")
            return names
        editors = entry.persons.get("editor")
        if editors:
            term = self.terms["eds" if len(editors) > 1 else "ed"]
            return Text(_join_people([_person(p) for p in editors], self.lang), f" ({term})")
        return Text()

    def when(self, entry: Entry) -> Text:
        year = entry.fields.get("year", "").strip()
        date = entry.fields.get("date", "").strip()
        if date and len(date) == 10:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                day = None
            if day is not None and entry.type.lower() in ("misc", "online"):
                return Text("(", long_date(day, self.lang) if self.lang == "fi" else
                            f"{day.year}, {MONTHS['en'][day.month - 1]} {day.day}", ")")
        return Text("(", year or self.terms["nd"], ")")

    def title(self, entry: Entry, italic: bool) -> Text:
        title = _field(entry, "title")
        parts = [Tag("em", title) if italic else title]
        if self.lang == "en" and "titletranslation" in entry.fields:
            parts.append(Text(" [", _field(entry, "titletranslation"), "]"))
        ends_with_mark = plain(entry.fields.get("title", ""))[-1:] in "?!" and not (
            self.lang == "en" and "titletranslation" in entry.fields)
        parts.append(" " if ends_with_mark else ". ")
        return Text(*parts)

    def container(self, entry: Entry) -> Text:
        kind = entry.type.lower()
        if kind in ("incollection", "inbook", "inproceedings"):
            parts = [Text(self.terms["in"], " ")]
            editors = entry.persons.get("editor")
            if editors:
                term = self.terms["eds" if len(editors) > 1 else "ed"]
                parts.append(Text(_join_people([_person(p) for p in editors], self.lang), f" ({term}), "))
            parts.append(Tag("em", _field(entry, "booktitle")))
            if "pages" in entry.fields:
                parts.append(Text(" (", _pages(entry.fields["pages"], self.lang), ")"))
            return Text(*parts, ". ")
        if kind == "article":
            parts = [Tag("em", _field(entry, "journal"))]
            if "volume" in entry.fields:
                parts.append(Text(", ", Tag("em", _field(entry, "volume"))))
            if "number" in entry.fields:
                parts.append(Text("(", _field(entry, "number"), ")"))
            if "pages" in entry.fields:
                parts.append(Text(", ", plain(entry.fields["pages"]).replace("--", "–")))
            return Text(*parts, ". ")
        if kind in ("phdthesis", "mastersthesis"):
            return Text("[", self.terms["thesis"], ", ", _field(entry, "school"), "]. ")
        if "howpublished" in entry.fields:
            return Text(_field(entry, "howpublished"), ". ")
        return Text()

    def publisher(self, entry: Entry) -> Text:
        for name in ("publisher", "institution", "organization"):
            if name in entry.fields:
                return Text(_field(entry, name), ". ")
        return Text()

    def link(self, entry: Entry) -> Text:
        parts = []
        if "doi" in entry.fields:
            doi = plain(entry.fields["doi"])
            parts.append(_link(f"https://doi.org/{doi}"))
        elif "url" in entry.fields:
            url = plain(entry.fields["url"])
            if "urldate" in entry.fields:
                try:
                    day = dt.date.fromisoformat(entry.fields["urldate"].strip())
                    parts.append(Text(self.terms["accessed"], " ", short_date(day, self.lang), ", "))
                except ValueError:
                    pass
            parts.append(_link(url))
        return Text(*parts)

    def reference(self, entry: Entry) -> Text:
        """The whole reference of ``entry``."""
        kind = entry.type.lower()
        italic_title = kind in ("book", "phdthesis", "mastersthesis", "techreport", "report", "misc", "online")
        creators = self.creators(entry)
        parts: list = []
        if len(creators):
            parts += [creators, " ", self.when(entry), ". ", self.title(entry, italic_title)]
        else:
            parts += [self.title(entry, italic_title), self.when(entry), ". "]
        parts += [self.container(entry)]
        if kind not in ("incollection", "inbook", "inproceedings") or "publisher" in entry.fields:
            parts.append(self.publisher(entry))
        parts.append(self.link(entry))
        text = Text(*parts)
        return text

    def format_entry(self, label, entry, bib_data=None) -> FormattedEntry:
        return FormattedEntry(entry.key, self.reference(entry), label)


_styles: dict[str, HandbookStyle] = {}
_backend = HtmlBackend()


def style(lang: str) -> HandbookStyle:
    if lang not in _styles:
        _styles[lang] = HandbookStyle(lang)
    return _styles[lang]


def format_html(entry: Entry, lang: str) -> str:
    """``entry`` as an HTML reference in ``lang``."""
    return style(lang).reference(entry).render(_backend).strip()
