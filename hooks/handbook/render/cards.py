"""HTML and Markdown for card pages and the generated card pages.

Every function takes the language and a ``base``: the relative path from the
page being rendered to its language's root (``"../../"`` on a card page), so
links stay inside the reader's language and work offline.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from handbook.content import knowledge, vocab
from handbook.content.cards import Card
from handbook.content.regions import county_of, region_text
from handbook.i18n import t
from handbook.render.templates import render


@dataclass(frozen=True)
class CardView:
    """What the pages show of one card in one language: its facts as plain text, in the page's language."""

    slug: str
    name: str
    #: the name as the card index sorts it
    sort_name: str
    organisations: list[str]
    municipalities: list[str]
    #: the municipalities, else the organisations and their area (the card index, an area's list)
    places: list[str]
    #: what the fact box says of a card without municipalities: the organisation's area (its region)
    area: str
    #: the region's key, and the region as every page names it (:func:`handbook.content.regions.region_text`)
    region: str
    region_name: str
    #: the key of the area (wellbeing services county) the map places the card in
    county: str
    status: str
    status_label: str
    status_as_of: dt.date
    knowledge: str
    knowledge_label: str
    knowledge_why: str
    #: the start as written (``2018``, ``2018-01``; ``""`` if not given: the templates show it with ``|year_month``)
    start: str
    #: the start year (``""`` if not given)
    year: str
    recognitions: list[str]
    target_groups: list[str]
    approaches: list[tuple[str, str]]
    research_partners: list[str]
    contact_organisation: str
    contact_role: str
    contact_url: str
    reviewed: dt.date
    #: the fact box's rows (catalog keys), in display order: only the optional facts the card has
    rows: tuple[str, ...]


@functools.lru_cache(maxsize=8192)
def view(card: Card, lang: str) -> CardView:
    """The facts of ``card`` as the pages of ``lang`` show them (labels looked up, optional rows chosen)."""
    f = card.facts
    kind = knowledge.of(f)
    rows = ["organisations", "municipalities", "region", "status", "knowledge"]
    rows += [key for key in ("start", "recognitions") if f.get(key)]
    rows += ["target_groups", "approaches"]
    rows += ["research_partners"] if f.get("research_partners") else []
    rows += ["contact", "reviewed"]
    return CardView(
        slug=card.slug,
        name=card.name(lang),
        sort_name=card.name(lang).casefold(),
        organisations=card.organisation_names(lang),
        municipalities=list(f["municipalities"]),
        places=list(f["municipalities"] or [*card.organisation_names(lang), t("region_of", lang, region=region_text(card, lang))]),
        area="" if f["municipalities"] else t("organisation_area", lang, region=region_text(card, lang)),
        region=f["region"],
        region_name=region_text(card, lang),
        county=county_of(card),
        status=f["status"],
        status_label=vocab.label(vocab.STATUS, f["status"], lang),
        status_as_of=card.status_as_of,
        knowledge=kind,
        knowledge_label=knowledge.label(kind, lang),
        knowledge_why=knowledge.EXPLANATIONS[kind][lang],
        start=str(f.get("start") or ""),
        year=card.year,
        recognitions=[vocab.label(vocab.RECOGNITIONS, r, lang) for r in f.get("recognitions") or []],
        target_groups=[vocab.label(vocab.TARGET_GROUPS, g, lang) for g in f["target_groups"]],
        approaches=[(a, vocab.label(vocab.APPROACHES, a, lang)) for a in f["approaches"]],
        research_partners=list(f.get("research_partners") or []),
        contact_organisation=card.contact_organisation(lang),
        contact_role=f["contact"]["role"][lang],
        contact_url=f["contact"]["url"],
        reviewed=card.reviewed,
        rows=tuple(rows),
    )


def fact_box(card: Card, lang: str, base: str, review_due: bool = False) -> str:
    """The fact box shown above a card's text (with a "review due" notice for an old review)."""
    return render("fact_box.html", card=view(card, lang), lang=lang, base=base, review_due=review_due)


@functools.lru_cache(maxsize=None)
def changed_line(day: dt.date, lang: str) -> str:
    """"Last changed" at the end of a page (from git)."""
    return render("changed_line.html", day=day, lang=lang)


def card_title(card: Card, lang: str, body: str) -> str:
    """The Markdown of a card page: its title, then the editor's text (the fact box follows the title in HTML)."""
    return render("card_title.md", name=card.name(lang)) + "\n\n" + body.lstrip()


@functools.lru_cache(maxsize=None)
def card_breadcrumb(lang: str, base: str) -> str:
    """The way back from a card page: home › practice cards (above the title; not indexed for search)."""
    return render("breadcrumb.html", lang=lang, base=base)


def card_pager(previous: Card | None, following: Card | None, lang: str, base: str) -> str:
    """The previous and next card in the card index's order, and the way to all cards (at the page's end)."""
    return render("pager.html", lang=lang, base=base,
                  previous=None if previous is None else {"slug": previous.slug, "name": previous.name(lang)},
                  following=None if following is None else {"slug": following.slug, "name": following.name(lang)})


@functools.lru_cache(maxsize=None)
def reviewed_line(date: str, lang: str) -> str:
    """"Last reviewed" under a summary's title (not indexed for search: it is no text of the summary)."""
    return render("reviewed_line.html", day=dt.date.fromisoformat(date), lang=lang)


def after_title(html: str, block: str) -> str:
    """Insert ``block`` right after the page's ``<h1>``; a card's fact box after the summary paragraph
    that follows the title, so a reader (on a phone: one screen) meets the practice before its facts."""
    end = html.find("</h1>")
    if end == -1:
        return block + html
    end += 5
    if block.startswith('<aside class="hb-facts"') and html[end:].lstrip().startswith("<p"):
        end = html.find("</p>", end) + 4
    return html[:end] + "\n" + block + html[end:]
