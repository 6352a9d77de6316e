"""Atom feeds per language: ``feed.xml`` at each language root.

One entry per practice card and research summary, newest change first. Dates come
from git (the build's one ``git log``, see :mod:`handbook.content.history`): *published* is the
first commit of the page's sources, *updated* the last. Outside a git checkout both are
the page's ``reviewed`` date. Ids are ``urn:uuid`` names derived from the page's address,
so they stay the same from build to build and from host to host.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from handbook.content import vocab
from handbook.content.handbook import Handbook
from handbook.content.history import Commit, page_commits
from handbook.content.pages import day, is_summary
from handbook.content.text import plain
from handbook.i18n import root, text
from handbook.publish.seo import absolute

#: the namespace of the handbook's entry ids (fixed once; never change it)
NAMESPACE = uuid.UUID("4f2b7c1e-9a63-5d0e-8c47-3e1f6a9b2d58")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")



@dataclass
class Item:
    """One page of the feed (and of the JSON-LD): what it is, where it is, when it changed."""

    kind: str  # "card" or "summary"
    lang: str
    url: str  # site-relative, e.g. en/cards/x/
    title: str
    summary: str
    sources: list[str]  # files relative to the project root
    commits: list[Commit] = field(default_factory=list)
    fallback: dt.date | None = None  # the reviewed date, when git knows nothing
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term, label)

    @property
    def published(self) -> dt.datetime | None:
        return self.commits[-1].time if self.commits else _midnight(self.fallback)

    @property
    def updated(self) -> dt.datetime | None:
        return self.commits[0].time if self.commits else _midnight(self.fallback)


def _midnight(when: dt.date | None) -> dt.datetime | None:
    return dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc) if when else None


def entry_id(url: str) -> str:
    """The stable id of the page at site-relative ``url``."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, url)}"


def items(hb: Handbook, commits: dict[str, list[Commit]], lang: str) -> list[Item]:
    """Every card and research summary in ``lang``, newest change first."""
    out = []
    for card in hb.cards:
        text = card.texts.get(lang)
        if text is None:
            continue
        sources = [text.path.relative_to(hb.root).as_posix(), (card.folder / "card.yml").relative_to(hb.root).as_posix()]
        out.append(Item("card", lang, card.url(lang), card.name(lang), plain(text.summary), sources,
                        page_commits(commits, sources), day(card.facts.get("reviewed")),
                        [(key, vocab.label(vocab.APPROACHES, key, lang)) for key in card.facts["approaches"]]))
    for page in hb.pages:
        if page.lang != lang or not is_summary(page.src):
            continue
        description = str(page.meta.get("description") or "")
        if not description:
            description = next((plain(text) for tag, _, text in page.outline if tag == "p"), "")
        out.append(Item("summary", lang, page.url, page.title, description, [page.rel],
                        page_commits(commits, [page.rel]), day(page.meta.get("reviewed"))))
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    out.sort(key=lambda i: (i.updated or epoch, i.url), reverse=True)
    return out


def _text(value: str) -> str:
    return escape(_XML_BAD.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_XML_BAD.sub("", value))


def _time(value: dt.datetime | None) -> str:
    return (value or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")


def root_of(lang: str) -> str:
    """Site-relative URL of a language's root (``""`` or ``en/``): :func:`handbook.i18n.root`."""
    return root(lang)


def link(base: str, url: str, lang: str) -> str:
    """A page's address in the feed: absolute with a public ``base``, else relative to the feed itself."""
    if base:
        return absolute(base, url)
    prefix = root(lang)
    return (url[len(prefix):] if url.startswith(prefix) else url) or "./"


def feed(entries: list[Item], lang: str, site_name: str, base: str) -> str:
    """The Atom feed of ``lang``."""
    home = root(lang)
    updated = max((e.updated for e in entries if e.updated), default=None)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"  <id>{entry_id(home + 'feed.xml')}</id>",
        f"  <title>{_text(site_name)}</title>",
        f"  <subtitle>{_text(text('outputs', 'feed_subtitle', lang))}</subtitle>",
        f"  <updated>{_time(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={_attr(link(base, home + "feed.xml", lang))}/>',
        f'  <link rel="alternate" type="text/html" hreflang="{lang}" href={_attr(link(base, home, lang))}/>',
        f"  <author><name>{_text(site_name)}</name></author>",
        "  <rights>CC BY 4.0</rights>",
    ]
    for e in entries:
        lines += [
            f'  <entry xml:lang="{lang}">',
            f"    <id>{entry_id(e.url)}</id>",
            f"    <title>{_text(e.title)}</title>",
            f'    <link rel="alternate" type="text/html" hreflang="{lang}" href={_attr(link(base, e.url, lang))}/>',
            f"    <published>{_time(e.published)}</published>",
            f"    <updated>{_time(e.updated)}</updated>",
            f"    <summary>{_text(e.summary)}</summary>",
            f'    <category term="{e.kind}" label={_attr(text("outputs", e.kind, lang))}/>',
        ]
        lines += [f"    <category term={_attr(term)} label={_attr(label)}/>" for term, label in e.categories]
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def feeds(hb: Handbook, commits: dict[str, list[Commit]], site_names: dict[str, str], base: str) -> dict[str, str]:
    """Site path → Atom feed, one per language of the handbook (``feed.xml``, ``en/feed.xml``)."""
    return {root(lang) + "feed.xml": feed(items(hb, commits, lang), lang, site_names.get(lang, ""), base)
            for lang in hb.langs}


def head_link(lang: str, base: str, up: str, title: str) -> str:
    """The ``<link rel=alternate>`` to ``lang``'s feed for a page's ``<head>`` (``up``: the page's way to the site root)."""
    href = absolute(base, root(lang) + "feed.xml") if base else up + root(lang) + "feed.xml"
    return (f'<link rel="alternate" type="application/atom+xml" title={_attr(title)} '
            f'href={_attr(href)}>')
