"""HTML and Markdown for card pages and the generated card pages.

Every function takes the language and a ``base``: the relative path from the
page being rendered to its language's root (``"../../"`` on a card page), so
links stay inside the reader's language and work offline.
"""

from __future__ import annotations

import datetime as dt

from handbook.content import knowledge, vocab
from handbook.render import knowledge as knowledge_html
from handbook.content.cards import Card
from handbook.i18n import format_date, format_year_month, t
from handbook.safety import escape
from handbook.render.map import region_link


def _list(items: list[str], lang: str) -> str:
    return ", ".join(escape(i) for i in items) if items else t("none", lang)


def status_badge(card: Card, lang: str) -> str:
    status = card.facts["status"]
    return f'<span class="hb-status hb-status--{status}">{escape(vocab.label(vocab.STATUS, status, lang))}</span>'


def approach_links(card: Card, lang: str, base: str) -> str:
    return ", ".join(
        f'<a href="{base}approaches/{a}/">{escape(vocab.label(vocab.APPROACHES, a, lang))}</a>'
        for a in card.facts["approaches"]
    )


def fact_rows(card: Card, lang: str, base: str) -> list[tuple[str, str]]:
    """(label, HTML value) pairs of a card's facts, in display order."""
    f = card.facts
    rows = [
        (t("organisations", lang), _list(card.organisation_names(lang), lang)),
        (t("municipalities", lang), _list(f["municipalities"], lang)),
        (t("region", lang), region_link(card, lang, base)),
        (t("status", lang), status_badge(card, lang) + " <span class=\"hb-asof\">("
         + escape(t("status_as_of", lang, date=format_date(card.status_as_of, lang))) + ")</span>"),
        (knowledge.UI["knowledge"][lang], knowledge_html.badge(f, lang, base)),
    ]
    if f.get("start"):
        rows.append((t("start", lang), escape(format_year_month(f["start"], lang))))
    if f.get("recognitions"):
        rows.append((t("recognitions", lang), _list([vocab.label(vocab.RECOGNITIONS, r, lang) for r in f["recognitions"]], lang)))
    rows += [
        (t("target_groups", lang), _list([vocab.label(vocab.TARGET_GROUPS, g, lang) for g in f["target_groups"]], lang)),
        (t("approaches", lang), approach_links(card, lang, base)),
    ]
    if f.get("research_partners"):
        rows.append((t("research_partners", lang), _list(f["research_partners"], lang)))
    contact = f["contact"]
    rows += [
        (t("contact", lang), f'{escape(card.contact_organisation(lang))}, {escape(contact["role"][lang])}<br>'
         f'<a href="{escape(contact["url"])}">{escape(contact["url"])}</a>'),
        (t("reviewed", lang), f'<time datetime="{card.reviewed.isoformat()}">{escape(format_date(card.reviewed, lang))}</time>'),
    ]
    return rows


def fact_box(card: Card, lang: str, base: str, review_due: bool = False) -> str:
    """The fact box shown above a card's text (with a "review due" notice for an old review)."""
    rows = "\n".join(f"<dt>{escape(label)}</dt>\n<dd>{value}</dd>" for label, value in fact_rows(card, lang, base))
    due = (f'<p class="hb-review-due" role="note">{escape(t("review_due", lang))}</p>' if review_due else "")
    return (f'<aside class="hb-facts" aria-label="{escape(t("facts", lang))}">'
            f'<p class="hb-facts__title">{escape(t("facts", lang))}</p>{due}<dl>{rows}</dl></aside>')


def changed_line(day: dt.date, lang: str) -> str:
    """"Last changed" at the end of a page (from git)."""
    return (f'<p class="hb-changed" data-pagefind-ignore>{escape(t("changed", lang))}: '
            f'<time datetime="{day.isoformat()}">{escape(format_date(day, lang))}</time></p>')


def card_title(card: Card, lang: str, body: str) -> str:
    """The Markdown of a card page: its title, then the editor's text (the fact box follows the title in HTML)."""
    return f"# {escape(card.name(lang))}\n\n{body.lstrip()}"


def card_breadcrumb(lang: str, base: str) -> str:
    """The way back from a card page: home › practice cards (above the title; not indexed for search)."""
    return (f'<nav class="hb-crumbs" aria-label="{escape(t("breadcrumb", lang))}" data-pagefind-ignore><ol>'
            f'<li><a href="{base}">{escape(t("home", lang))}</a></li>'
            f'<li><a href="{base}cards/">{escape(t("cards_title", lang))}</a></li></ol></nav>')


def card_pager(previous: Card | None, following: Card | None, lang: str, base: str) -> str:
    """The previous and next card in the card index's order, and the way to all cards (at the page's end)."""
    links = []
    if previous is not None:
        links.append(f'<a class="hb-pager__prev" rel="prev" href="{base}cards/{previous.slug}/">'
                     f'<span>{escape(t("previous_card", lang))}</span> {escape(previous.name(lang))}</a>')
    links.append(f'<a class="hb-pager__all" href="{base}cards/">{escape(t("all_cards", lang))}</a>')
    if following is not None:
        links.append(f'<a class="hb-pager__next" rel="next" href="{base}cards/{following.slug}/">'
                     f'<span>{escape(t("next_card", lang))}</span> {escape(following.name(lang))}</a>')
    return (f'<nav class="hb-pager" aria-label="{escape(t("card_pager", lang))}" data-pagefind-ignore>'
            + "".join(links) + "</nav>")


def reviewed_line(date: str, lang: str) -> str:
    """"Last reviewed" under a summary's title (not indexed for search: it is no text of the summary)."""
    day = dt.date.fromisoformat(date)
    return (f'<p class="hb-reviewed" data-pagefind-ignore>{escape(t("reviewed", lang))}: <time datetime="{day.isoformat()}">'
            f'{escape(format_date(day, lang))}</time> · {escape(t("sources_at_end", lang))}</p>')


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


