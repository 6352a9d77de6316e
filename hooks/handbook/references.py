"""Citations and references as HTML, the bibliography page and its exports.

All formatting goes through :mod:`handbook.style`; each entry is formatted at
most once per language per build (:class:`Formatter` caches it).
"""

from __future__ import annotations

import json
import re

from pybtex.database import Entry
from pybtex.database.output.bibtex import Writer as BibtexWriter

from .bib import Bibliography, Name, Ref, parse_date, plain
from .citations import Citation, replace
from .l10n import t
from .safety import escape
from .style import format_html

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


_BIBTEX_WRITER = BibtexWriter()


def _bibtex_field(value: str) -> str:
    return "{" + value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}") + "}"


def cite_this_page(entry: Entry, key: str, lang: str) -> str:
    fields = ",\n".join(f"  {name} = {_bibtex_field(value)}" for name, value in entry.fields.items())
    bibtex = f"@{entry.type}{{{key},\n{fields}\n}}"
    return (f'<details class="hb-cite-page" data-search-exclude data-pagefind-ignore><summary>{t("cite_page", lang)}</summary>\n'
            f'<p class="hb-cite-page-ref">{format_html(entry, lang)}</p>\n'
            f'<p>{t("bibtex_label", lang)}:</p>\n<pre><code>{escape(bibtex)}</code></pre>\n</details>')


# Exports --------------------------------------------------------------------
def bibtex_export(bib: Bibliography) -> str:
    return _BIBTEX_WRITER.to_string(bib.data())


CSL_TYPES = {"article": "article-journal", "book": "book", "collection": "book", "proceedings": "book",
             "incollection": "chapter", "inbook": "chapter", "inproceedings": "paper-conference", "thesis": "thesis",
             "report": "report", "online": "webpage", "misc": "document", "manual": "book", "booklet": "pamphlet",
             "unpublished": "manuscript", "patent": "patent", "periodical": "periodical", "dataset": "dataset",
             "software": "software", "standard": "standard", "set": "document", "letter": "personal_communication",
             "review": "review", "movie": "motion_picture", "video": "motion_picture", "audio": "song",
             "legislation": "legislation", "jurisdiction": "legal_case"}
ARTICLE_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}
#: CSL variable ← BibLaTeX fields (the first one present)
CSL_FIELDS = (("volume", ("volume",)), ("page", ("pages",)), ("publisher-place", ("location",)),
              ("ISBN", ("isbn",)), ("ISSN", ("issn",)), ("note", ("note",)), ("edition", ("edition",)),
              ("abstract", ("abstract",)), ("version", ("version",)))


def _csl_text(value: str) -> str:
    return plain(value)


def _csl_person(name: Name) -> dict:
    if name.literal or name.others:
        return {"literal": plain(name.family)}
    out = {"family": plain(name.family)}
    if name.given:
        out["given"] = plain(name.given)
    if name.particle:
        out["non-dropping-particle"] = plain(name.particle)
    if name.suffix:
        out["suffix"] = plain(name.suffix)
    return out


def _csl_title(ref: Ref, prefix: str = "") -> str:
    title = plain(ref.get(prefix + "title"))
    subtitle = plain(ref.get(prefix + "subtitle"))
    if title and subtitle:
        title = f"{title}{'' if title[-1:] in ':?!.' else ':'} {subtitle}"
    addon = plain(ref.get(prefix + "titleaddon"))
    if title and addon:
        title = f"{title}{'' if title[-1:] in '.?!' else '.'} {addon}"
    return title


def csl_item(ref: Ref) -> dict:
    """One entry as a CSL-JSON item (the mapping pandoc and citeproc use)."""
    item: dict = {"id": ref.key, "type": CSL_TYPES.get(ref.type, "document")}
    if ref.type == "article" and ref.get("entrysubtype") in ARTICLE_SUBTYPES:
        item["type"] = ARTICLE_SUBTYPES[ref.get("entrysubtype")]
    if ref.type == "thesis" and ref.kind:
        item["genre"] = {"phdthesis": "Doctoral dissertation", "mathesis": "Master's thesis"}.get(ref.kind, plain(ref.get("type")))
    item["title"] = _csl_title(ref)
    for role in ("author", "editor", "translator"):
        if ref.names.get(role):
            item[role] = [_csl_person(n) for n in ref.names[role]]
    if ref.date is not None:
        item["issued"] = ref.date.csl()
    if ref.type == "article":
        container = _csl_title(ref, "journal")
    elif ref.type in ("inbook", "incollection", "inproceedings"):
        container = _csl_title(ref, "book") or _csl_title(ref, "main")
    else:
        container = _csl_title(ref, "journal") or _csl_title(ref, "main") or plain(ref.get("howpublished"))
    if container:
        item["container-title"] = container
    if ref.get("series"):
        item["collection-title"] = plain(ref.get("series"))
    number = ref.get("number")
    if ref.type == "article":
        issue = number or ref.get("issue")
        if issue:
            item["issue"] = plain(issue)
    elif number:
        item["number"] = plain(number)
    publisher = ref.get("publisher") or ref.get("institution") or ref.get("organization")
    if publisher:
        item["publisher"] = plain(publisher)
    for name, sources in CSL_FIELDS:
        for source in sources:
            if ref.get(source):
                item[name] = plain(ref.get(source))
                break
    if "page" in item:
        item["page"] = item["page"].replace("--", "–")
    if ref.language():
        item["language"] = ref.language()
    if ref.doi():
        item["DOI"] = ref.doi()
    if ref.url():
        item["URL"] = ref.url()
    if ref.urldate is not None:
        item["accessed"] = ref.urldate.csl()
    if ref.get("eventdate") and parse_date(ref.get("eventdate")):
        item["event-date"] = parse_date(ref.get("eventdate")).csl()
    if ref.get("origdate") and parse_date(ref.get("origdate")):
        item["original-date"] = parse_date(ref.get("origdate")).csl()
    return item


def csl_json(bib: Bibliography) -> str:
    """The bibliography as CSL-JSON."""
    return json.dumps([csl_item(bib.ref(key)) for key in bib.entries], ensure_ascii=False, indent=2) + "\n"
