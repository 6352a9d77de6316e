"""Citations and references as HTML, the bibliography page and its exports.

All formatting goes through :mod:`handbook.render.style`; each entry is formatted at
most once per language per build (:class:`Formatter` caches it) and passes the sanitizer
(:func:`handbook.safety.sanitized`) once, before a template shows it.
"""

from __future__ import annotations

import html as htmllib
import re

from markupsafe import Markup
from pybtex.database import Entry

from handbook.content.bib import TRANSLATION_LANG, Bibliography, plain
from handbook.content.citations import Cite, Citation, replace
from handbook.i18n import DEFAULT_LANG, t
from handbook.render.style import format_html
from handbook.render.templates import render, up_to_site
from handbook.safety import sanitized

_TAGS = re.compile(r"<[^>]+>")


def anchor(key: str) -> str:
    """A stable HTML id for an entry key."""
    return "ref-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


class Formatter:
    """Formats entries of one bibliography, caching each (key, language) once."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self._html: dict[tuple[str, str], Markup] = {}
        #: (the cited works, narrative or not, language) → the citation's HTML: the same citation
        #: recurs on a page and across pages, and is rendered once
        self._citations: dict[tuple[tuple[Cite, ...], bool, str], str] = {}

    def html(self, key: str, lang: str) -> Markup:
        """The reference of ``key`` in ``lang`` as sanitized HTML (formatted and cleaned once)."""
        cached = self._html.get((key, lang))
        if cached is None:
            ref = self.bib.ref(key)
            members = [k.strip() for k in ref.get("entryset").split(",") if k.strip() in self.bib.entries
                       and k.strip() != key] if ref.type == "set" else []
            if members:  # a BibLaTeX @set: its members' references, one after another
                made = "; ".join(format_html(self.bib.ref(k), lang, self.bib.labels.get(k)) for k in members)
            else:
                made = format_html(ref, lang, self.bib.labels.get(key))
            cached = self._html[key, lang] = sanitized(made)
        return cached

    def sort_key(self, key: str, lang: str) -> tuple[str, str, str]:
        """Entries sort by the reference as shown (its first author in full, not a short label such as Eksote)."""
        label = self.bib.labels[key]
        return (htmllib.unescape(_TAGS.sub("", self.html(key, lang))).casefold(), label.year_text(lang), key)

    # Inline ---------------------------------------------------------------
    def citation(self, cite: Citation, lang: str) -> str:
        """One citation as inline HTML. Each link is described by its entry in the page's
        references list (``aria-describedby``); a script shows that entry as a pop-up."""
        known = self._citations.get((cite.items, cite.narrative, lang))
        if known is not None:
            return known
        items = []
        for item in cite.items:
            label = self.bib.labels.get(item.key) if item.key in self.bib.entries else None
            text = "" if label is None else label.narrative(lang) if cite.narrative else label.text(lang)
            items.append({"key": item.key, "known": label is not None, "anchor": anchor(item.key), "text": text,
                          "prefix": item.prefix, "locator": item.locator})
        made = self._citations[cite.items, cite.narrative, lang] = render("citation.html", items=items,
                                                                         narrative=cite.narrative)
        return made

    def render_citations(self, markdown: str, lang: str, known: list[Citation] | None = None) -> tuple[str, list[str]]:
        """Markdown with citations replaced; the keys cited, in order of first appearance."""
        text, found = replace(markdown, lambda c: self.citation(c, lang), known)
        keys: list[str] = []
        for cite in found:
            for key in cite.keys:
                if key in self.bib.entries and key not in keys:
                    keys.append(key)
        return text, keys

    # Lists ----------------------------------------------------------------
    def reference_list(self, keys: list[str], lang: str, base: str) -> str:
        """The references of one page, sorted, each linking to the bibliography page."""
        entries = [(anchor(key), self.html(key, lang)) for key in sorted(set(keys), key=lambda k: self.sort_key(k, lang))]
        return render("reference_list.html", entries=entries, lang=lang, base=base)

    def note(self, key: str, lang: str) -> tuple[str, str] | None:
        """The editors' note of ``key`` as the reader of ``lang`` gets it, with the note's language: ``note`` is
        written in Finnish, ``notetranslation`` in English (:data:`handbook.content.bib.TRANSLATION_LANG`).
        It says what the source leaves out and which facts of the entry (a year, an author) are inferred."""
        ref = self.bib.ref(key)
        field, note_lang = ("notetranslation", TRANSLATION_LANG) if lang == TRANSLATION_LANG and \
            ref.get("notetranslation") else ("note", DEFAULT_LANG)
        text = plain(ref.get(field) or "").strip()
        if not text:
            return None
        return (text if text[-1] in ".!?" else text + "."), note_lang

    def bibliography_page(self, citing: dict[str, dict[str, list[tuple[str, str]]]], lang: str) -> str:
        """The whole bibliography in ``lang`` with backlinks to citing pages and each entry's editors' note
        (the page is at bibliography/)."""
        entries = [(anchor(key), self.html(key, lang), citing.get(key, {}).get(lang, []), self.note(key, lang))
                   for key in sorted(self.bib.entries, key=lambda k: self.sort_key(k, lang))]
        return render("bibliography.md", entries=entries, lang=lang, base="../" + up_to_site(lang))


def ensure_references_heading(markdown: str, lang: str) -> str:
    """End the page with its Sources heading (the references list is added after it in HTML)."""
    heading = t("references_heading", lang)
    stripped = markdown.rstrip()
    last = stripped.rsplit("\n## ", 1)
    if len(last) == 2 and last[1].strip().splitlines()[0].strip() == heading:
        return stripped + "\n"
    return f"{stripped}\n\n## {heading}\n"


# Cite this page -------------------------------------------------------------
def page_entry(key: str, title: str, site_name: str, url: str, date: str) -> Entry:
    """A BibTeX entry for a handbook page, from the page's own metadata (``url``: its public
    address; empty for a build without one, and then left out)."""
    fields = {"title": title, "howpublished": site_name, "year": date[:4], "date": date}
    if url:
        fields["url"] = url
    return Entry("misc", fields=fields)


def _bibtex_field(value: str) -> str:
    return "{" + value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}") + "}"


def cite_this_page(entry: Entry, key: str, lang: str) -> str:
    """Cite-this-page: the page's reference in the handbook's style and as a BibTeX entry."""
    fields = ",\n".join(f"  {name} = {_bibtex_field(value)}" for name, value in entry.fields.items())
    bibtex = f"@{entry.type}{{{key},\n{fields}\n}}"
    return render("cite_page.html", reference=sanitized(format_html(entry, lang)), bibtex=bibtex, lang=lang)
