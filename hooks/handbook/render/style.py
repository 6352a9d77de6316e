"""The handbook's reference style: APA-like author–date references in Finnish and English.

:func:`format_html` gives an entry (its BibLaTeX reading, :class:`handbook.content.bib.Ref`)
as HTML in a language: the words of its catalog's ``references`` section (Finnish "ja", "toim.",
"s.", "Haettu", English "and", "ed.", "pp.", "Accessed") and its dates (5.3.2021, 5 March 2021). Every field
goes through :func:`handbook.content.latex.to_html`, which escapes it; a part that is
missing leaves no trace (no "In .", no "()", no ", ,").
"""

from __future__ import annotations

import datetime as dt
import re

from pybtex.database import Entry

from handbook import i18n
from handbook.content.bib import TRANSLATION_LANG, Date, Label, Name, Ref, parse_date, read
from handbook.i18n import format_date
from handbook.content.latex import to_html, to_text
from handbook.safety import escape


def term(name: str, lang: str, **params: object) -> str:
    """A word of the reference style in ``lang`` (the catalogs' ``references`` section): ``ja`` / ``and``."""
    return i18n.text("references", name, lang, **params)


#: types whose title stands alone (in italics)
STANDALONE = {"book", "collection", "proceedings", "report", "thesis", "misc", "online", "manual", "booklet",
              "dataset", "software", "periodical", "unpublished", "patent", "standard", "artwork", "audio", "video",
              "movie", "music", "image", "set"}
_TAGS = re.compile(r"<[^>]+>")


def long_date(value: dt.date, lang: str) -> str:
    """``5. maaliskuuta 2021`` / ``5 March 2021``."""
    return format_date(value, lang, "long")


def short_date(value: dt.date, lang: str) -> str:
    """``5.3.2021`` / ``5 March 2021``."""
    return format_date(value, lang, "short")


def visible(html: str) -> str:
    """The text of an HTML fragment (tags removed)."""
    return _TAGS.sub("", html)


def _end(html: str, mark: str = ".") -> str:
    """``html`` ended with ``mark`` and a space, unless it already ends with a full stop, ? or !."""
    last = visible(html).rstrip()[-1:]
    return html.rstrip() + (" " if last in ".?!" else mark + " ")


def initials(given: str) -> str:
    """``José Manuel`` → ``J. M.``; ``Jan-Lucas`` → ``J.-L.``; ``J.M.`` → ``J. M.``."""
    parts = []
    for word in to_text(given).replace(".", ". ").split():
        pieces = [p for p in word.split("-") if p]
        letters = ["".join(c for c in p if c.isalpha())[:1] for p in pieces]
        letters = [letter for letter in letters if letter]
        if letters:
            parts.append("-".join(letter + "." for letter in letters))
    return " ".join(parts)


def person_html(name: Name) -> str:
    """``van der Ploeg, J.-L.``, ``Ford, H., Jr.``, or an organisation's name."""
    if name.literal:
        return to_html(name.family)
    surname = to_html(" ".join(p for p in (name.particle, name.family) if p))
    given = escape(initials(name.given)) if name.given else ""
    out = f"{surname}, {given}" if given else surname
    return f"{out}, {to_html(name.suffix)}" if name.suffix else out


def join_people(names: list[Name], lang: str) -> str:
    """Names joined with commas and "ja"/"and"; ``and others`` as "ym."/"et al."."""
    others = bool(names) and names[-1].others
    shown = [person_html(n) for n in names if not n.others]
    if not shown:
        return ""
    if others:
        return ", ".join(shown) + f" {term('et_al', lang)}"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + f" {term('and', lang)} " + shown[-1]


def _title(ref: Ref, lang: str, prefix: str = "") -> str:
    title = to_html(ref.get(prefix + "title"), lang)
    subtitle = to_html(ref.get(prefix + "subtitle"), lang)
    if title and subtitle:
        title = _end(title, ":").rstrip() + " " + subtitle if visible(title).rstrip()[-1:] not in ":?!." else f"{title} {subtitle}"
    addon = to_html(ref.get(prefix + "titleaddon"), lang)
    if title and addon:
        title = _end(title).rstrip() + " " + addon
    return title


def page_range(value: str, lang: str) -> str:
    """``16-42``, ``16--42`` → ``16–42`` (a hyphen between numbers becomes an en dash)."""
    return re.sub(r"(?<=\w)\s*(?:-|–)\s*(?=\w)", "–", to_html(value, lang))


def _pages(value: str, lang: str) -> str:
    text = page_range(value, lang)
    return f"{term('pp' if '–' in text or ',' in text else 'p', lang)} {text}"


class Formatter:
    """Formats one reference in one language."""

    def __init__(self, ref: Ref, lang: str, label: Label | None = None) -> None:
        self.ref = ref
        self.lang = lang
        self.label = label

    def term(self, name: str, **params: object) -> str:
        """A word of the style in this reference's language (:func:`term`)."""
        return term(name, self.lang, **params)

    def field(self, name: str) -> str:
        return to_html(self.ref.get(name), self.lang)

    def creators(self) -> str:
        names = self.ref.names
        if names.get("author"):
            out = join_people(names["author"], self.lang)
            authors = names["author"]
            if "shortauthor" in self.ref.fields and len(authors) == 1 and (authors[0].literal or not authors[0].given):
                out = f"{out} [{self.field('shortauthor')}]"
            return out
        if names.get("editor"):
            return f"{join_people(names['editor'], self.lang)} ({self.editor_term(names['editor'])})"
        return ""

    def editor_term(self, editors: list[Name]) -> str:
        """"toim." / "ed." / "eds.", or the term of ``editortype`` (compiler, organizer …)."""
        kind = to_text(self.ref.get("editortype")).lower()
        if kind and kind != "editor":
            return i18n.lookup("references.editor_types", kind, self.lang) or escape(kind)
        shown = [n for n in editors if not n.others]
        return self.term("eds" if len(shown) > 1 or editors[-1].others else "ed")

    def when(self) -> str:
        date, lang = self.ref.date, self.lang
        year = escape((self.label.year_text(lang) if self.label is not None else self.ref.year()) or self.term("nd"))
        if date is None:
            return f"({year})"
        text = year
        if date.end is not None:
            text = f"{year}–" + (str(date.end[0]) if date.end and date.end[0] != date.year else "")
        elif len(date.start) == 3 and self.ref.type in ("misc", "online", "article") and (
                self.ref.type != "article" or self.ref.get("entrysubtype") in ("newspaper", "magazine", "newsarticle")):
            day = date.day()
            if day is not None:  # three parts: always a day
                text = f"{year}, {format_date(day, lang, 'day_month')}"
        if date.approximate:
            text = f"{self.term('ca')} {text}"
        if date.uncertain:
            text += "?"
        return f"({text})"

    def title(self) -> str:
        ref = self.ref
        title = _title(ref, self.lang)
        if not title:
            return ""
        language = ref.language()
        if language and language.split("-")[0] != self.lang:
            title = f'<span lang="{escape(language)}">{title}</span>'  # read in its own language
        if ref.type in STANDALONE:
            title = f"<em>{title}</em>"
        if self.lang == TRANSLATION_LANG and ref.get("titletranslation"):
            title = f"{title} [{self.field('titletranslation')}]"
        extra = []
        if ref.get("edition"):
            edition = to_text(ref.get("edition"))
            extra.append(self.term("edition", ordinal=i18n.ordinal(int(edition), self.lang)) if edition.isdigit()
                         else escape(edition))
        if ref.names.get("translator"):
            extra.append(f"{self.term('trans')} {join_people(ref.names['translator'], self.lang)}")
        if ref.type == "report" and ref.get("number"):
            extra.append(f"{self.term('no')} {self.field('number')}")
        if extra:
            title = f"{title} ({'; '.join(extra)})"
        return title

    def container(self) -> str:
        ref, lang = self.ref, self.lang
        if ref.type in ("inbook", "incollection", "inproceedings"):
            parts = []
            editors = ref.names.get("editor") or []
            if editors and ref.names.get("author"):
                parts.append(f"{join_people(editors, lang)} ({self.editor_term(editors)})")
            book = _title(ref, lang, "book") or _title(ref, lang, "main") or to_html(ref.get("eventtitle"), lang)
            if book:
                parts.append(f"<em>{book}</em>")
            if not parts:
                pages = _pages(ref.get("pages"), lang) if ref.get("pages") else ""
                return f"({pages})" if pages else ""
            text = ", ".join(parts)
            if ref.get("pages"):
                text += f" ({_pages(ref.get('pages'), lang)})"
            return f"{self.term('in')} {text}"
        if ref.type == "article":
            journal = _title(ref, lang, "journal")
            volume, number = self.field("volume"), self.field("number") or self.field("issue")
            pages = page_range(ref.get("pages"), lang) or self.field("eid")
            out = f"<em>{journal}</em>" if journal else ""
            numbers = (f"<em>{volume}</em>" if volume else "") + (f"({number})" if number else "")
            return ", ".join(p for p in (out, numbers, pages) if p)
        if ref.type == "thesis":
            kind = ref.kind
            kind_term = i18n.lookup("references.thesis_types", kind, lang) or (
                to_html(ref.get("type"), lang) if kind else self.term("thesis"))
            school = self.field("institution")
            return f"[{kind_term}, {school}]" if school else f"[{kind_term}]"
        return _title(ref, lang, "journal") or self.field("howpublished")

    def publisher(self) -> str:
        ref = self.ref
        names = ["publisher", "organization"] if ref.type == "thesis" else ["publisher", "institution", "organization"]
        if ref.type in ("inbook", "incollection", "inproceedings") and not ref.get("publisher"):
            names = ["publisher", "organization"]
        for name in names:
            if ref.get(name):
                return self.field(name)
        return ""

    def link(self) -> str:
        ref = self.ref
        doi = ref.doi()
        if doi:
            url = "https://doi.org/" + doi
            return f'<a href="{escape(url)}">{escape(url)}</a>'
        url = ref.url()
        if not url:
            return ""
        accessed = ""
        accessed_day = ref.urldate.day() if ref.urldate is not None else None
        if accessed_day is not None:
            accessed = f"{self.term('accessed')} {short_date(accessed_day, self.lang)}, "
        if re.match(r"^https?://", url, re.I):
            return f'{accessed}<a href="{escape(url)}">{escape(url)}</a>'
        return accessed + escape(url)

    def reference(self) -> str:
        """The whole reference."""
        creators, title, when = self.creators(), self.title(), self.when()
        if creators:
            blocks = [f"{creators} {when}", title]
        elif title:
            blocks = [title, when]
        else:
            blocks = [when]
        blocks += [self.container(), self.publisher()]
        out = "".join(_end(b) for b in blocks if visible(b).strip())
        original = parse_date(self.ref.get("origdate")) if self.ref.get("origdate") else None
        tail = f" ({self.term('original')} {original.year})" if original is not None else ""
        return (out + self.link()).strip() + tail


def format_html(entry: Entry | Ref, lang: str, label: Label | None = None, key: str = "") -> str:
    """``entry`` as an HTML reference in ``lang``; ``label`` puts its year suffix (2021a) in the date."""
    ref = entry if isinstance(entry, Ref) else read(key, entry)
    return Formatter(ref, lang, label).reference()


__all__ = ["Date", "format_html", "long_date", "short_date", "term"]
