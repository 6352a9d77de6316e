"""Citations and references as HTML, the bibliography page and its exports.

All formatting goes through :mod:`handbook.render.style`; each entry is formatted at
most once per language per build (:class:`Formatter` caches it).
"""

from __future__ import annotations

import re

from pybtex.database import Entry

from handbook.content.bib import Bibliography
from handbook.content.citations import Citation, replace
from handbook.i18n import t
from handbook.safety import escape
from handbook.render.style import format_html

_MD_SPECIAL = str.maketrans({"_": "&#95;", "*": "&#42;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"})


def md_text(text: str) -> str:
    """Text for inline HTML that Python-Markdown leaves as it is (no emphasis, no links)."""
    return escape(text).translate(_MD_SPECIAL)


def anchor(key: str) -> str:
    """A stable HTML id for an entry key."""
    return "ref-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


class Formatter:
    """Formats entries of one bibliography, caching each (key, language) once."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self._html: dict[tuple[str, str], str] = {}

    def html(self, key: str, lang: str) -> str:
        cached = self._html.get((key, lang))
        if cached is None:
            ref = self.bib.ref(key)
            members = [k.strip() for k in ref.get("entryset").split(",") if k.strip() in self.bib.entries
                       and k.strip() != key] if ref.type == "set" else []
            if members:  # a BibLaTeX @set: its members' references, one after another
                cached = "; ".join(format_html(self.bib.ref(k), lang, self.bib.labels.get(k)) for k in members)
            else:
                cached = format_html(ref, lang, self.bib.labels.get(key))
            self._html[key, lang] = cached
        return cached

    def sort_key(self, key: str, lang: str) -> tuple:
        """Entries sort by the reference as shown (its first author in full, not a short label such as Eksote)."""
        label = self.bib.labels[key]
        return (re.sub(r"<[^>]+>", "", self.html(key, lang)).casefold(), label.year_text(lang), key)

    # Inline ---------------------------------------------------------------
    def citation(self, cite: Citation, lang: str) -> str:
        """One citation as inline HTML. Each link is described by its entry in the page's
        references list (``aria-describedby``); a script shows that entry as a pop-up."""
        parts = []
        for item in cite.items:
            if item.key not in self.bib.entries:
                parts.append(md_text("@" + item.key))
                continue
            label = self.bib.labels[item.key]
            text = label.narrative(lang) if cite.narrative else label.text(lang)
            ref = anchor(item.key)
            before = md_text(item.prefix) + " " if item.prefix else ""
            after = ", " + md_text(item.locator) if item.locator else ""
            parts.append(f'{before}<a class="hb-cite" href="#{ref}" aria-describedby="{ref}">{md_text(text)}</a>{after}')
        inner = "; ".join(parts)
        return inner if cite.narrative else f"({inner})"

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
        items = []
        for key in sorted(set(keys), key=lambda k: self.sort_key(k, lang)):
            items.append(f'<li id="{anchor(key)}">{self.html(key, lang)} '
                         f'<a class="hb-ref-bib" href="{base}bibliography/#{anchor(key)}">'
                         f'{t("in_bibliography", lang)}</a></li>')
        return '<ul class="hb-references">\n' + "\n".join(items) + "\n</ul>"

    def bibliography_page(self, citing: dict, lang: str) -> str:
        """The whole bibliography in ``lang`` with backlinks to citing pages (the page is at bibliography/)."""
        base = "../" if lang == "fi" else "../../"
        items = []
        for key in sorted(self.bib.entries, key=lambda k: self.sort_key(k, lang)):
            links = ", ".join(f'<a href="{base}{escape(url)}">{escape(title)}</a>'
                              for url, title in citing.get(key, {}).get(lang, []))
            back = (f'<span class="hb-backlinks">{t("cited_on", lang)}: {links}</span>' if links
                    else f'<span class="hb-backlinks">{t("not_cited", lang)}</span>')
            items.append(f'<li id="{anchor(key)}">{self.html(key, lang)}<br>{back}</li>')
        downloads = (f'<p>{t("bibliography_downloads", lang)} <a href="{base}bibliography.bib" download>BibTeX (.bib)</a> · '
                     f'<a href="{base}bibliography.json" download>CSL-JSON (.json)</a></p>')
        return (f"# {t('bibliography_title', lang)}\n\n{t('bibliography_intro', lang)}\n\n{downloads}\n\n"
                '<ul class="hb-references hb-bibliography">\n' + "\n".join(items) + "\n</ul>\n")


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
    fields = ",\n".join(f"  {name} = {_bibtex_field(value)}" for name, value in entry.fields.items())
    bibtex = f"@{entry.type}{{{key},\n{fields}\n}}"
    return (f'<details class="hb-cite-page" data-search-exclude data-pagefind-ignore><summary>{t("cite_page", lang)}</summary>\n'
            f'<p class="hb-cite-page-ref">{format_html(entry, lang)}</p>\n'
            f'<p>{t("bibtex_label", lang)}:</p>\n<pre><code>{escape(bibtex)}</code></pre>\n</details>')


