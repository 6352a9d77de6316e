"""The handbook's content, loaded once per build.

:func:`load` reads every card, page and bibliography file and returns a
:class:`Handbook` with all findings. Given a :class:`ContentCache` (the engine keeps one for
the life of ``make serve``), parsed files are kept by modification time and size, so a
rebuild re-reads only what changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from handbook.content import bib as bibmod, figures, glossary as glossmod, pages as pagesmod
from handbook.content import history, project, related
from handbook.content.folders import card_folders
from handbook.content.schema import DATE_PATTERN
from handbook.content.cards import Card, LoadedFacts, load_card, load_facts, suggest_date
from handbook.content.spawn import Spawn
from handbook.findings import Finding, finding
from handbook.i18n import DEFAULT_LANG, LANGS, t, text

@dataclass
class ContentCache:
    """What one process keeps of the sources between loads (``make serve``'s rebuilds): each
    file's parse by its stamp, and the last handbook with the stamp of the whole tree."""

    #: page file → (its stamp, the page)
    pages: pagesmod.PageCache = field(default_factory=dict)
    #: card.yml → ((its stamp, the languages), what :func:`handbook.content.cards.load_facts` made of it)
    facts: dict[Path, tuple[tuple[pagesmod.Stamp, tuple[str, ...]], LoadedFacts]] = field(default_factory=dict)
    #: the last bibliography read (:func:`handbook.content.bib.load`)
    bib: bibmod.BibCache = field(default_factory=dict)
    #: (stamp of every source and of the load's options, the handbook loaded from them)
    last: tuple[tuple[object, ...], "Handbook"] | None = None


@dataclass
class Handbook:
    """Everything the hooks and the checks need, parsed once."""

    root: Path
    docs: Path
    #: the languages the handbook is built in, the default first (:func:`handbook.content.project.languages`)
    langs: tuple[str, ...] = LANGS
    cards: list[Card] = field(default_factory=list)
    pages: list[pagesmod.MarkdownPage] = field(default_factory=list)
    bib: bibmod.Bibliography = field(default_factory=bibmod.Bibliography)
    findings: list[Finding] = field(default_factory=list)
    #: the page files the page reader refused (project-relative): reported, and left out of the site
    refused_pages: list[str] = field(default_factory=list)
    #: key → language → [(page url, page title)] of the pages that cite it
    citing: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    facts: list[figures.Fact] = field(default_factory=list)
    terms: list[glossmod.Term] = field(default_factory=list)
    #: figure id → language → [(page url, page title)] of the pages that quote it
    fact_uses: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)

    def card(self, slug: str) -> Card | None:
        """The card in ``docs/cards/<slug>/`` (None if there is none, or it was refused)."""
        return self._by_slug.get(slug)

    def neighbours(self, card: Card) -> tuple[Card | None, Card | None]:
        """The cards before and after ``card`` in the card index's order."""
        at = self._positions[card.slug]
        before = self.cards[at - 1] if at > 0 else None
        after = self.cards[at + 1] if at + 1 < len(self.cards) else None
        return before, after

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {c.slug: i for i, c in enumerate(self.cards)}

    @functools.cached_property
    def related(self) -> dict[str, list[tuple[Card, int, bool]]]:
        """Each card's related cards (:func:`handbook.content.related.related`)."""
        return related.related(self.cards)

    @functools.cached_property
    def commits(self) -> dict[str, list[history.Commit]]:
        """The commits that touched each content file (one ``git log`` per handbook)."""
        return history.file_commits(self.root)

    @functools.cached_property
    def history(self) -> dict[str, list[dt.date]]:
        """When each content file changed, newest first."""
        return history.dates(self.commits)

    def page(self, src_uri: str) -> pagesmod.MarkdownPage | None:
        """The page whose file is ``docs/<src_uri>`` (e.g. ``cards/x/index.fi.md``)."""
        return self._by_file.get(src_uri)

    def __post_init__(self) -> None:
        self._by_slug: dict[str, Card] = {}
        self._by_file: dict[str, pagesmod.MarkdownPage] = {}


def _unknown_key(path: str, line: int, key: str, known: list[str]) -> Finding:
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if guess:
        return finding(path, line, "cite-unknown", "cite-unknown-guess", key=key, guess=guess[0])
    return finding(path, line, "cite-unknown", "cite-unknown", key=key)


def _tree_stamp(root: Path, docs: Path) -> tuple[tuple[str, int, int], ...]:
    """Path, modification time and size of every source file (``os.scandir``: one stat each)."""
    stamps = []
    folders = [str(docs)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.name.endswith((".md", ".yml")):
                    st = entry.stat()
                    stamps.append((entry.path, st.st_mtime_ns, st.st_size))
    stamps.extend((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in bibmod.bib_files(root))
    allowed = root / "checks-allow.yml"  # an answered warning is gone on the next load
    if allowed.exists():
        stamps.append((str(allowed), allowed.stat().st_mtime_ns, allowed.stat().st_size))
    return tuple(sorted(stamps))


def practice_heading(lang: str) -> str:
    """The last section of a research summary in ``lang``: ``Mitä tämä tarkoittaa käytännössä?``."""
    return text("structure", "summary_practice", lang)


def summary_findings(page: pagesmod.MarkdownPage) -> list[Finding]:
    """A research summary needs a ``reviewed`` date (YYYY-MM-DD, a day that exists) and ends with the
    practice section."""
    out = []
    section = practice_heading(page.lang)
    reviewed = page.meta.get("reviewed")
    if not reviewed:
        out.append(finding(page.rel, 1, "summary", "summary-structure", what="reviewed", section=section))
    elif not re.match(DATE_PATTERN, str(reviewed)):
        out.append(finding(page.rel, pagesmod.front_line(page, "reviewed"), "summary", "field-date", field="reviewed",
                           value=reviewed, fix=suggest_date(reviewed)))
    elif pagesmod.day(reviewed) is None:
        out.append(finding(page.rel, pagesmod.front_line(page, "reviewed"), "summary", "field-no-date",
                           field="reviewed", value=reviewed))
    h2 = [(title, line) for level, title, line in page.headings if level == 2]
    if not h2 or h2[-1][0] != section:
        line = h2[-1][1] if h2 else page.first_line
        out.append(finding(page.rel, line, "summary", "summary-structure", what=f"'## {section}'", section=section))
    return out


def load(root: Path, docs: Path | None = None, today: dt.date | None = None, uncited: str = "warning",
         bib_advice: str = "warning", spawn: Spawn | None = None,
         langs: tuple[str, ...] | None = None, cache: ContentCache | None = None) -> Handbook:
    """Load cards, pages and the bibliography; collect every finding.

    ``uncited`` is the severity of entries that nothing cites: "warning" or "error";
    ``bib_advice`` the severity of style advice on entries (an http address, no DOI).
    The whole-handbook checks (links, translations, privacy: :func:`handbook.checks.source_findings`)
    are not run here: the build runs them in the background, ``handbook check`` after loading
    (:func:`handbook.tools.check.check`). ``langs`` are the languages built, the default first
    (without them, those of ``mkdocs.yml``). ``spawn`` starts work in a second process
    (:class:`handbook.engine.background.Job`): many changed pages are read there meanwhile.
    With ``cache``, files that did not change since the last load are not read again, and when
    no source file changed at all (a serve rebuild of unrelated files) the same Handbook is returned.
    """
    docs = docs or root / "docs"
    langs = langs or project.languages(project.read_config(root))
    stamp = (str(root), str(docs), uncited, today, bib_advice, langs, _tree_stamp(root, docs))
    if cache is not None and cache.last is not None and cache.last[0] == stamp:
        return cache.last[1]
    hb = _load(root, docs, today, uncited, bib_advice, spawn, langs, cache or ContentCache())
    if cache is not None:
        cache.last = (stamp, hb)
    return hb


def _load(root: Path, docs: Path, today: dt.date | None, uncited: str, bib_advice: str,
          spawn: Spawn | None, langs: tuple[str, ...], cache: ContentCache) -> Handbook:
    hb = Handbook(root=root, docs=docs, langs=langs)
    folders = card_folders(docs)
    reading = pagesmod.Loading(docs, root, cards=len(folders), spawn=spawn, langs=langs,
                               cache=cache.pages)  # shared with a second process
    card_facts: dict[Path, LoadedFacts] = {}
    for folder in folders:  # meanwhile the facts of each card (its texts are pages)
        yml = folder / "card.yml"
        stamp = (pagesmod.stamp(yml), langs)
        cached = cache.facts.get(yml)
        if cached is None or cached[0] != stamp or today is not None:
            cached = (stamp, load_facts(yml, root, today, langs))
            cache.facts[yml] = cached
        card_facts[folder] = cached[1]
    hb.bib = bibmod.load(root, today, advice=bib_advice, cache=cache.bib)
    hb.findings.extend(hb.bib.findings)
    hb.pages = []
    for page in reading.result():  # a page the reader refused is reported, and is no page of the handbook
        if page.refused:
            hb.findings.extend(page.problems)
            hb.refused_pages.append(page.rel)
        else:
            hb.pages.append(page)
    hb._by_file = {p.path.relative_to(docs).as_posix(): p for p in hb.pages}
    for folder in folders:
        texts = {lang: hb._by_file.get(f"cards/{folder.name}/index.{lang}.md") for lang in langs}
        card, problems = load_card(folder, root, today, facts=card_facts[folder], texts=texts, langs=langs)
        hb.findings.extend(problems)
        if card is not None:
            hb.cards.append(card)
    hb.cards.sort(key=lambda c: (c.name(DEFAULT_LANG).casefold(), c.slug))
    hb._by_slug = {c.slug: c for c in hb.cards}
    rejected_facts: set[str] = set()  # reported at their line in facts.yml: not again where they are quoted
    hb.facts, problems = figures.load(docs / "data" / "facts.yml", root, rejected_facts, langs)
    hb.findings.extend(problems)
    hb.terms, problems = glossmod.load(docs / "data" / "glossary.yml", root, langs)
    hb.findings.extend(problems)
    facts_by_id = {f.id: f for f in hb.facts}
    known = sorted(hb.bib.entries)
    cited: set[str] = set()

    def cite(key: str, lang: str, url: str, title: str) -> None:
        cited.add(key)
        by_lang = hb.citing.setdefault(key, {}).setdefault(lang, [])
        if not by_lang or by_lang[-1][0] != url:
            by_lang.append((url, title))

    for page in hb.pages:
        card = hb.card(page.src.split("/")[1]) if page.src.startswith("cards/") and page.src.endswith("/index.md") else None
        if card is not None:
            page.title = card.name(page.lang)
        for citation in page.citations:
            for key in citation.keys:
                if key in hb.bib.entries:
                    cite(key, page.lang, page.url, page.title)
                else:
                    hb.findings.append(_unknown_key(page.rel, citation.line, key, known))
        for fact_id, line in page.facts_used:
            fact = facts_by_id.get(fact_id)
            if fact is None:
                if fact_id not in rejected_facts:
                    hb.findings.append(finding(page.rel, line, "facts", "fact-unknown", id=fact_id))
                continue
            uses = hb.fact_uses.setdefault(fact_id, {}).setdefault(page.lang, [])
            if (page.url, page.title) not in uses:
                uses.append((page.url, page.title))
            if fact.source in hb.bib.entries:
                cite(fact.source, page.lang, page.url, page.title)
        if card is not None:
            for index, key in enumerate(card.facts.get("sources", [])):
                if key in hb.bib.entries:
                    cite(key, page.lang, page.url, page.title)
                elif page.lang == DEFAULT_LANG:  # told once, with the default language's page
                    rel = (card.folder / "card.yml").relative_to(root).as_posix()
                    hb.findings.append(_unknown_key(rel, card.line_of("sources", index), key, known))
    for page in hb.pages:
        hb.findings.extend(page.problems)
        if pagesmod.is_summary(page.src):
            hb.findings.extend(summary_findings(page))
    facts_rel = (docs / "data" / "facts.yml").relative_to(root).as_posix() if hb.facts else ""
    for fact in hb.facts:
        for lang in langs:
            if fact.source in hb.bib.entries:
                cite(fact.source, lang, pagesmod.url_of("facts.md", lang), t("facts_title", lang))
        if fact.source not in hb.bib.entries:
            hb.findings.append(_unknown_key(facts_rel, fact.source_line or fact.line, fact.source, known))
    glossary_rel = (docs / "data" / "glossary.yml").relative_to(root).as_posix() if hb.terms else ""
    for term in hb.terms:
        if term.source:
            if term.source in hb.bib.entries:
                for lang in langs:
                    cite(term.source, lang, pagesmod.url_of("glossary.md", lang), t("glossary_title", lang))
            else:
                hb.findings.append(_unknown_key(glossary_rel, term.line, term.source, known))
    for key in known:
        if key not in cited:
            path, line = hb.bib.where[key]
            hb.findings.append(finding(path, line, "bib-uncited", "bib-uncited", severity=uncited, key=key))
    return hb


def page_sources(hb: Handbook) -> dict[str, str]:
    """Site URL of every page → its source file (for findings on the built site)."""
    out = {page.url: page.rel for page in hb.pages}
    for card in hb.cards:
        for lang in hb.langs:
            out[card.url(lang)] = (card.folder / f"index.{lang}.md").relative_to(hb.root).as_posix()
    return out
