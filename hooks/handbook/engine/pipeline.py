"""Each page's way through the build: a short list of steps.

The engine hands every page twice to the handbook: its Markdown before it is rendered
(:func:`prepare`), and the HTML rendered from it (:func:`finish`). Each is a row of small steps,
``step(page, build) -> None``, in order. A step reads and adds to the page's record,
:class:`PageWork`: its Markdown or HTML, the keys it cites, and the finished HTML parts
(:class:`PageParts`: fact box, pager, references …) that are placed into the page at the end.
Nothing here knows MkDocs: the adapter (:mod:`handbook.engine.plugin`) makes the record from the
engine's page and keeps it on that page between the two events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from handbook import safety
from handbook.checks.html import page_findings
from handbook.content import frontmatter, history
from handbook.content.cards import Card
from handbook.content.citations import shifted
from handbook.content.pages import MarkdownPage, day
from handbook.content.text import plain
from handbook.engine.build import Build
from handbook.findings import Finding
from handbook.i18n import DEFAULT_LANG, t
from handbook.publish import head, search
from handbook.render import cards as card_html, cite, fields, figures, knowledge, pdf, references
from handbook.render import related as related_html

#: a card's text: ``cards/<slug>/index.<lang>.md``
CARD_PAGE = re.compile(r"^cards/(?P<slug>[^/]+)/index\.(?P<lang>[a-z]{2})\.md$")
#: a research summary: ``research/<name>.<lang>.md`` other than the section's index
SUMMARY_PAGE = re.compile(r"^research/(?!index\.)[^/]+\.[a-z]{2}\.md$")
#: pages whose text is not marked with glossary terms: the glossary itself; the bibliography (the
#: titles of cited works); the map (its "sijoitettu" is placed, not placed in care); the editors' guide
NO_TERMS = ("glossary.", "bibliography.", "map.", "contributing.")
#: the big finished HTML blocks of a generated page (a table, list or form): they need no Markdown
BIG_HTML = re.compile(r"^<(table|div|ul|form)\b[^\n]*\n?(?:.*\n)*?.*</\1>\s*$", re.MULTILINE)
#: where a block set aside waits while the rest of the page is rendered
TOKEN = "HBHTMLBLOCK{}X"


@dataclass
class PageParts:
    """The finished HTML a page gets beside what its Markdown renders to, placed by :func:`place_parts`."""

    #: above the title: a card's breadcrumb
    before_title: str = ""
    #: after the title: a card's fact box (after its summary paragraph), a summary's review line
    after_title: str = ""
    #: the page's reference list, first at its end
    references: str = ""
    #: the rest of its end, in order: related cards, cite-this-page, the PDF links, last changed, history
    end: list[str] = field(default_factory=list)
    #: last: a card's previous and next card
    pager: str = ""


@dataclass
class PageWork:
    """One page on its way through the build (the record the steps share)."""

    #: the source path under ``docs/`` with its language, e.g. ``cards/x/index.fi.md``
    src: str
    #: the site-relative URL, e.g. ``en/cards/x/``
    url: str
    lang: str
    #: the way from the page to its language's root, e.g. ``../../``
    base: str
    #: the page's title as the engine has it
    title: str
    #: the page's front matter (the engine's own dict: a step may add a description)
    meta: MutableMapping[str, Any]
    #: a page the handbook generates (card index, bibliography, …), not a file an editor wrote
    generated: bool = False
    #: the handbook's reading of the page's file (None for a generated page)
    source: MarkdownPage | None = None
    #: the card, on a card's page
    card: Card | None = None
    markdown: str = ""
    html: str = ""
    #: the bibliography keys the page cites, in order of first citation
    keys: list[str] = field(default_factory=list)
    #: the date the page was last checked against its sources (cards and research summaries)
    reviewed: str | None = None
    #: whether glossary terms are marked in its text
    glossary: bool = True
    #: the big HTML blocks set aside from a generated page's Markdown (:func:`set_aside`)
    blocks: list[str] = field(default_factory=list)
    #: what the page adds to its ``<head>``: its feed's link and its JSON-LD
    head: str = ""
    parts: PageParts = field(default_factory=PageParts)


Step = Callable[[PageWork, Build], None]


def base_of(url: str, lang: str) -> str:
    """Relative path from a page URL to its language root: ``cards/x/`` → ``../../``."""
    if lang != DEFAULT_LANG and url.startswith(f"{lang}/"):
        url = url[len(lang) + 1:]
    return "../" * url.count("/")


def page_work(build: Build, src: str, url: str, lang: str, title: str, meta: MutableMapping[str, Any], markdown: str,
              generated: bool) -> PageWork:
    """The record of one page, with what the handbook knows of it (its source, its card)."""
    hb = build.hb
    match = CARD_PAGE.match(src)
    return PageWork(src=src, url=url, lang=lang, base=base_of(url, lang), title=title, meta=meta,
                    generated=generated, source=hb.page(src), card=hb.card(match["slug"]) if match else None,
                    markdown=markdown, blocks=build.set_aside.get(src, []))


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """A generated page's Markdown with its big finished HTML blocks replaced by tokens, and the blocks.

    Python-Markdown's raw HTML handling is slow on large tables and lists, and these need none;
    :func:`restore_blocks` puts them back. They are the handbook's own escaped HTML, so they are not
    given to the sanitizer either (it would refuse the card index's filter form).
    """
    blocks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return "\n" + TOKEN.format(len(blocks) - 1) + "\n"

    return BIG_HTML.sub(keep, markdown), blocks


# Markdown steps ------------------------------------------------------------------------------

def expand_shortcodes(page: PageWork, build: Build) -> None:
    """``{{schema:fields}}``, ``{{knowledge:scale}}`` (readers'), ``{{knowledge:values}}`` (editors': with the
    values of ``card.yml``) and ``{{knowledge:cards}}`` become their tables."""
    made: dict[str, Callable[[], str]] = {"{{schema:fields}}": lambda: fields.fields_table(page.lang),
            "{{knowledge:scale}}": lambda: knowledge.scale_table(page.lang),
            "{{knowledge:values}}": lambda: knowledge.scale_table(page.lang, values=True),
            "{{knowledge:cards}}": lambda: knowledge.cards_by_type(build.hb.cards, page.lang)}
    for code, text in made.items():
        if code in page.markdown:
            page.markdown = page.markdown.replace(code, text())


def cite_sources(page: PageWork, build: Build) -> None:
    """Key figures and citations become text and links; the page's references are listed at its end
    (a card's also the sources its facts name)."""
    hb, source = build.hb, page.source
    with build.timings.phase("citations"):
        known = shifted(source.citations, source.first_line, page.markdown) if source is not None else None
        if source is not None and source.facts_used:
            page.markdown = figures.quote(page.markdown, {f.id: f for f in hb.facts}, page.lang, page.base)
            known = None  # the figures added citations: scan again
        page.markdown, page.keys = build.formatter.render_citations(page.markdown, page.lang, known)
        if page.card is not None:
            page.keys += [k for k in page.card.facts["sources"] if k in hb.bib.entries and k not in page.keys]
        if page.keys:
            page.markdown = references.ensure_references_heading(page.markdown, page.lang)
            page.parts.references = build.formatter.reference_list(page.keys, page.lang, page.base)


def card_parts(page: PageWork, build: Build) -> None:
    """A card's page: its title, fact box and print button, breadcrumb, pager, related cards and description."""
    card, lang, base = page.card, page.lang, page.base
    if card is None:
        return
    with build.timings.phase("cards"):
        page.markdown = card_html.card_title(card, lang, page.markdown)
        page.parts.after_title = (card_html.fact_box(card, lang, base, history.review_due(card, dt.date.today()))
                                  + pdf.print_button(lang))
        page.parts.before_title = card_html.card_breadcrumb(lang, base)  # a card page's way home
        page.parts.pager = card_html.card_pager(*build.hb.neighbours(card), lang, base)
        page.reviewed, page.title = card.facts["reviewed"], card.name(lang)
        page.parts.end.append(related_html.related_html(build.hb.related.get(card.slug, []), lang, base))
        page.meta.setdefault("description", plain(card.texts[lang].summary) if lang in card.texts else "")


def summary_parts(page: PageWork, build: Build) -> None:
    """A research summary's page: the date it was last reviewed, under its title."""
    if page.card is not None or not SUMMARY_PAGE.match(page.src) or day(page.meta.get("reviewed")) is None:
        return  # a date that names no day is reported by the content check (summary_findings)
    page.reviewed = str(page.meta["reviewed"])
    page.title = page.source.title if page.source is not None else page.title
    page.parts.after_title = card_html.reviewed_line(page.reviewed, page.lang)


def cite_this_page(page: PageWork, build: Build) -> None:
    """Cite-this-page on a reviewed page: a reference and BibTeX entry for it, with the version cited."""
    if not page.reviewed:
        return
    hb, s, card, source = build.hb, build.settings, page.card, page.source
    with build.timings.phase("reuse"):
        key = "handbook-" + (card.slug if card is not None else page.src.split("/")[-1].split(".")[0])
        cited = cite.version(source, card, hb.commits)  # the version cited: its date and permanent link
        paths = cite.sources_of(source, card) if source is not None else []
        url = s.public + page.url if s.public else ""  # a local build's address is no use in a citation
        entry = references.page_entry(key, page.title, s.site_names.get(page.lang, s.site_name), url,
                                      cited.day.isoformat() if cited else page.reviewed)
        block = references.cite_this_page(cite.versioned(entry, cited, s.repo_url, paths), key, page.lang)
        page.parts.end.append(cite.cite_with_version(block, cited, page.lang, s.repo_url, paths))


def pdf_links(page: PageWork, build: Build) -> None:
    """The home page links the PDF books when the build makes them (``make pdf``)."""
    if build.settings.options.pdf and page.src == f"index.{page.lang}.md":
        page.parts.end.append(pdf.links_html(page.lang, page.base))


def glossary_choice(page: PageWork, build: Build) -> None:
    """Whether the page's terms are marked: not on the pages of :data:`NO_TERMS`, nor on a
    language's home page (its base is empty)."""
    page.glossary = bool(page.base) and not page.src.startswith(NO_TERMS)


def history_parts(page: PageWork, build: Build) -> None:
    """When the page last changed, and on a reviewed page its history, from git."""
    source, card = page.source, page.card
    if source is None:
        return
    hb = build.hb
    files = [source.rel] + ([(card.folder / "card.yml").relative_to(hb.root).as_posix()] if card else [])
    changed = history.last_changed(hb.history, files)
    if changed:
        page.parts.end.append(card_html.changed_line(changed, page.lang))
    if page.reviewed:
        with build.timings.phase("reuse"):
            page.parts.end.append(cite.end(source, card, page.lang, build.settings.repo_url, hb.commits))


def head_metadata(page: PageWork, build: Build) -> None:
    """What the page adds to its ``<head>``: its language's feed and its JSON-LD."""
    s = build.settings
    with build.timings.phase("reuse"):
        page.head = head.head(build.hb, page.url, page.src, page.lang, s.site_names.get(page.lang, s.site_name),
                              s.public, build.hb.commits, card=page.card, info=page.source, keys=page.keys,
                              works=build.works, description=str(page.meta.get("description") or ""))


def allowed_meta(page: PageWork, build: Build) -> None:
    """First: the page's metadata is only the keys a page may set, with values of their type
    (:func:`handbook.content.frontmatter.theme_meta`), whatever its file holds; the theme takes its
    template and icons from the metadata, and the later steps read it."""
    allowed = frontmatter.theme_meta(page.meta, escape=False)
    page.meta.clear()
    page.meta.update(allowed)


def escape_meta(page: PageWork, build: Build) -> None:
    """Last: the theme writes title, description, … into the page as they are: their text is escaped."""
    page.meta.update(frontmatter.theme_meta(page.meta))


#: the steps of a page's Markdown, in order
MARKDOWN_STEPS: tuple[Step, ...] = (allowed_meta, expand_shortcodes, cite_sources, card_parts, summary_parts,
                                    cite_this_page, pdf_links, glossary_choice, history_parts, head_metadata,
                                    escape_meta)


# HTML steps ----------------------------------------------------------------------------------

def sanitize(page: PageWork, build: Build) -> None:
    """The page's HTML through the allow-list (:func:`handbook.safety.clean`); if that removed an
    element, the checks missed it: reported at the page's source (``--strict`` fails)."""
    with build.timings.phase("sanitize"):
        clean = safety.clean(page.html)
        removed = safety.removed_elements(page.html, clean)
    page.html = clean
    if not removed:
        return
    source = page.source
    if source is not None and any(f.rule == "html-element" for f in page_findings(source)):
        return  # reported there, at its line
    rel = source.rel if source is not None else f"docs/{page.src}"
    build.report([Finding(rel, safety.line_of(source.body, what) + source.first_line - 1 if source else 1,
                          "html-sanitized", "html-sanitized", (("what", what),)) for what in removed])


def restore_blocks(page: PageWork, build: Build) -> None:
    """Put back the blocks :func:`set_aside_blocks` took out (Python-Markdown left each token a paragraph)."""
    for index, block in enumerate(page.blocks):
        page.html = page.html.replace(f"<p>{TOKEN.format(index)}</p>", block)


def mark_terms(page: PageWork, build: Build) -> None:
    """Link each glossary term's first use to its entry. A generated page (the big ones) is marked
    once while serving: a rebuild that makes the same HTML reuses the marked page."""
    if not page.glossary:
        return
    with build.timings.phase("glossary"):
        marker = build.marker(page.lang)
        if page.generated:
            kept = build.memory.marked.get(page.src)
            if kept is not None and kept[:3] == (page.html, page.base, marker.key):
                page.html = kept[3]
                return
        marked, _ = marker.mark(page.html, page.base)
        if page.generated:
            build.memory.marked[page.src] = (page.html, page.base, marker.key, marked)
        page.html = marked


def permalink_titles(page: PageWork, build: Build) -> None:
    """The headings' permalinks are titled in the page's language (the engine titles them in Finnish)."""
    configured = build.settings.permalink_title
    if page.lang != DEFAULT_LANG and configured:
        page.html = page.html.replace(f'title="{configured}"', f'title="{safety.escape(t("permalink", page.lang))}"')


def place_parts(page: PageWork, build: Build) -> None:
    """The finished parts into the page: after the title, at the end, above the title, the pager last."""
    parts = page.parts
    if parts.after_title:
        page.html = card_html.after_title(page.html, parts.after_title)
    if parts.references or parts.end:
        page.html += "\n" + "\n".join([parts.references, *parts.end])
    if parts.before_title:
        page.html = parts.before_title + "\n" + page.html
    if parts.pager:
        page.html += "\n" + parts.pager


#: a page that gives an overview of others: the home page or a section's index (``research/index.fi.md``)
OVERVIEW_PAGE = re.compile(r"^(?:[^/]+/)?index\.[a-z]{2}\.md$")


def search_kind(page: PageWork) -> str:
    """How the search ranks the page: a card or research summary first; the home page, a section's
    index and the pages made from the cards (approaches, areas, map, index, glossary) as overviews."""
    if page.card is not None or SUMMARY_PAGE.match(page.src):
        return search.PRACTICE
    if page.generated or OVERVIEW_PAGE.match(page.src):
        return search.OVERVIEW
    return search.PAGE


def index_for_search(page: PageWork, build: Build) -> None:
    """The finished content goes to the search index (when the build makes one), ranked by its kind."""
    build.index(page.url, page.html, search_kind(page))


#: the steps of a page's HTML, in order
HTML_STEPS: tuple[Step, ...] = (sanitize, restore_blocks, mark_terms, permalink_titles, place_parts, index_for_search)


def prepare(page: PageWork, build: Build) -> str:
    """Run the Markdown steps; the Markdown the engine renders."""
    for step in MARKDOWN_STEPS:
        step(page, build)
    return page.markdown


def finish(page: PageWork, html: str, build: Build) -> str:
    """Run the HTML steps on what the engine rendered; the page's finished content."""
    page.html = html
    for step in HTML_STEPS:
        step(page, build)
    return page.html
