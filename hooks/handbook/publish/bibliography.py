"""The bibliography as downloads: ``bibliography.bib`` (BibTeX) and ``bibliography.json`` (CSL-JSON)."""

from __future__ import annotations

import json
from typing import Any

from pybtex.database.output.bibtex import Writer as BibtexWriter

from handbook.content.bib import Bibliography, Name, Ref, parse_date, plain


_BIBTEX_WRITER = BibtexWriter()


# Exports --------------------------------------------------------------------
def bibtex_export(bib: Bibliography) -> str:
    """The bibliography as BibTeX (``bibliography.bib``)."""
    return str(_BIBTEX_WRITER.to_string(bib.data()))


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


def _csl_person(name: Name) -> dict[str, str]:
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


def csl_item(ref: Ref) -> dict[str, Any]:
    """One entry as a CSL-JSON item (the mapping pandoc and citeproc use)."""
    item: dict[str, Any] = {"id": ref.key, "type": CSL_TYPES.get(ref.type, "document")}
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
    for csl_name, field in (("event-date", "eventdate"), ("original-date", "origdate")):
        date = parse_date(ref.get(field)) if ref.get(field) else None
        if date:
            item[csl_name] = date.csl()
    return item


def csl_json(bib: Bibliography) -> str:
    """The bibliography as CSL-JSON."""
    return json.dumps([csl_item(bib.ref(key)) for key in bib.entries], ensure_ascii=False, indent=2) + "\n"
