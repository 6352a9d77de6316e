"""One build of the handbook, on one object.

The engine adapter (:mod:`handbook.engine.plugin`) makes a :class:`Build` when the engine has read
its configuration, and hands it every page (:mod:`handbook.engine.pipeline`). All that the build
holds — the loaded content, the work running in the background, the search index under way, the
time spent per phase — lives on the object; it is gone with the next configuration (``make serve``
makes one per rebuild). What outlives one build (the parsed sources and the last build's pages, so
that a rebuild redoes only what changed) is the :class:`Memory` the adapter keeps for the process.

Nothing here knows MkDocs: the adapter reads the engine's configuration into :class:`Settings`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from handbook.checks import files, html as html_check, source_findings
from handbook.content.handbook import ContentCache, Handbook, load, page_sources
from handbook.content.pages import url_of
from handbook.engine.background import Background, Job
from handbook.engine.compiled import Compiled
from handbook.findings import Finding, default_lang
from handbook import i18n
from handbook.i18n import DEFAULT_LANG
from handbook.publish import admin, assets, compress, downloads, jsonld, search, seo, sitemaps
from handbook.render.generated import generated_sources
from handbook.render.glossary import Marker
from handbook.render.references import Formatter

log = logging.getLogger("mkdocs.plugins.handbook")

#: the phases the build times (the benchmark reads them: ``HANDBOOK_TIMINGS``)
PHASES = ("load", "cards", "citations", "glossary", "generated", "search", "waiting", "sanitize", "reuse",
          "reuse_background", "assets")


@dataclass(frozen=True)
class Options:
    """The handbook's options in ``mkdocs.yml``, under ``extra: handbook:``."""

    #: bibliography entries that nothing cites: "warning" or "error"
    uncited: str = "warning"
    #: style advice on sources (an http:// address, an article without DOI): "warning" or "error"
    bib_advice: str = "warning"
    #: build the search index after the last language
    search: bool = True
    #: the home page links the PDF books (``make pdf`` sets it)
    pdf: bool = False
    #: also check the links of the built HTML on every build
    check_built_site: bool = False
    #: write the editing page /admin/ (Decap CMS from node_modules; the pages workflow and ``make admin`` set it)
    admin: bool = False

    @classmethod
    def read(cls, data: object) -> tuple[Options, list[tuple[str, str, str]]]:
        """The options in ``data`` (``extra.handbook``), and the problems with it: (key, message code,
        what is allowed) for an unknown key or a value of the wrong kind; the default stands for those."""
        values: dict[str, Any] = {}
        problems: list[tuple[str, str, str]] = []
        if data is None:
            return cls(), problems
        if not isinstance(data, dict):
            return cls(), [("handbook", "option-not-mapping", "")]
        for key, value in data.items():
            name = str(key)
            if name not in cls.__dataclass_fields__:
                problems.append((name, "option-unknown", ", ".join(cls.__dataclass_fields__)))
            elif name in ("uncited", "bib_advice"):
                if value in ("warning", "error"):
                    values[name] = value
                else:
                    problems.append((name, "option-choice", "warning, error"))
            else:
                flag = _flag(value)
                if flag is None:
                    problems.append((name, "option-choice", "true, false"))
                else:
                    values[name] = flag
        return cls(**values), problems


def _flag(value: object) -> bool | None:
    """A yes/no option: a boolean, or the text an environment variable gives (``!ENV``)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", "", "none"):
        return False
    return None


@dataclass(frozen=True)
class Settings:
    """What a build needs from the engine's configuration (the adapter reads it)."""

    root: Path
    docs: Path
    site_dir: Path
    #: the languages built, the default first
    langs: tuple[str, ...]
    #: the site's name in each language
    site_names: dict[str, str]
    site_url: str = ""
    repo_url: str = ""
    #: top-level folder or page → its section's label per language (search results show it)
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the title the engine gives the headings' permalinks (in the default language)
    permalink_title: str = ""
    options: Options = Options()
    #: ``make serve``'s builds (``serve --dirty``: only what changed is rebuilt)
    serving: bool = False
    dirty: bool = False

    @property
    def site_name(self) -> str:
        """The site's name in the default language."""
        return self.site_names.get(DEFAULT_LANG, "")

    @property
    def public(self) -> str:
        """The site's public address (ending in ``/``), or ``""`` for a local one (:func:`handbook.publish.seo.public_base`)."""
        return seo.public_base(self.site_url)


@dataclass
class Memory:
    """What one process keeps from build to build (``make serve``), so that a rebuild redoes only what changed."""

    #: the parsed sources, by file stamp
    content: ContentCache = field(default_factory=ContentCache)
    #: the process's work in the background
    background: Background = field(default_factory=Background)
    #: (language, generated page's source path) → its Markdown in the last build
    generated: dict[tuple[str, str], str] = field(default_factory=dict)
    #: generated page → (its HTML, base, glossary key, the HTML with terms marked)
    marked: dict[str, tuple[str, str, tuple[object, ...], str]] = field(default_factory=dict)
    #: the last build's reference formatter (its entries formatted once), with the bibliography it formats
    formatter: Formatter | None = None
    #: Voikko's base forms, kept with what it has already analysed
    expander: search.Expander | None = None
    #: the theme's compiled templates (every language and rebuild uses them)
    compiled: Compiled = field(default_factory=Compiled)


class Timings:
    """Seconds spent per phase of one build in this process."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Count the time of the ``with`` block to ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def write(self, path: str) -> None:
        """Write the timings as JSON to ``path`` (the benchmark's ``HANDBOOK_TIMINGS``)."""
        Path(path).write_text(json.dumps(self.seconds), encoding="utf-8")


class Build:
    """One build: the content, the work in the background, the search index, the timings."""

    def __init__(self, settings: Settings, memory: Memory) -> None:
        self.settings = settings
        self.memory = memory
        self.timings = Timings()
        self._hb: Handbook | None = None
        self._later: Job[tuple[list[Finding], dict[str, str], float]] | None = None
        self._sitemaps: Job[None] | None = None
        self._language_sitemaps: dict[str, str] = {}
        self.indexer: search.Indexer | None = None
        self._markers: dict[str, Marker] = {}
        #: a generated page's source path (``cards/index.fi.md``) → the HTML blocks set aside from its
        #: Markdown (:func:`handbook.engine.pipeline.set_aside`), put back into its HTML
        self.set_aside: dict[str, list[str]] = {}
        #: the default language's 404 page, put back at the site root after the other languages' builds
        self.not_found = ""

    # The content ---------------------------------------------------------------------------
    @property
    def hb(self) -> Handbook:
        """The handbook (loaded by :meth:`load`)."""
        if self._hb is None:
            raise RuntimeError("the handbook is loaded when the engine reads the files (on_files)")
        return self._hb

    def load(self) -> Handbook:
        """Load the handbook once, and start what the build needs only at its end: the whole-handbook
        checks and the downloads, in a second process (:mod:`handbook.engine.background`)."""
        if self._hb is None:
            s = self.settings
            with self.timings.phase("load"):
                self._hb = load(s.root, docs=s.docs, uncited=s.options.uncited, bib_advice=s.options.bib_advice,
                                spawn=self.memory.background.start, langs=s.langs, cache=self.memory.content)
                with self.timings.phase("reuse"):
                    self._hb.commits  # noqa: B018 - before the background work forks: one git call per build
            self.generated  # noqa: B018 - before it forks too: the pages the checks read are made once
            with self.timings.phase("load"):
                i18n.prepare(s.langs)  # the catalogs and Babel's data, read once for both processes
                self._later = self.memory.background.start(self._later_work)
        return self._hb

    @functools.cached_property
    def formatter(self) -> Formatter:
        """The build's reference formatter (each entry formatted once per language); a serve rebuild
        with the same bibliography keeps the last one's."""
        kept = self.memory.formatter
        if kept is None or kept.bib is not self.hb.bib:
            kept = self.memory.formatter = Formatter(self.hb.bib)
        return kept

    @functools.cached_property
    def generated(self) -> dict[str, dict[str, str]]:
        """Every generated page's Markdown: source path → language → text."""
        with self.timings.phase("generated"):
            return generated_sources(self.hb, self.formatter)

    @functools.cached_property
    def works(self) -> jsonld.Works:
        """The schema.org descriptions of cited works (each made once)."""
        return jsonld.Works(self.hb.bib)

    def marker(self, lang: str) -> Marker:
        """The glossary marker of ``lang`` (its pattern compiled once per build)."""
        if lang not in self._markers:
            self._markers[lang] = Marker(self.hb.terms, lang)
        return self._markers[lang]

    @functools.cached_property
    def refused_files(self) -> frozenset[str]:
        """The files of ``docs/`` (project-relative) that the build leaves out of the site: those the file
        allow-list refuses (:mod:`handbook.checks.files`) and the pages the page reader could not read.
        The whole-handbook checks report them."""
        s = self.settings
        return files.refused(files.scan(s.root, s.docs, s.langs)) | frozenset(self.hb.refused_pages)

    @property
    def downloads(self) -> tuple[str, ...]:
        """The files the build writes at the site root."""
        return downloads.paths(self.settings.langs)

    # Findings ------------------------------------------------------------------------------
    def report(self, findings: list[Finding]) -> None:
        """Log findings: errors as warnings (``--strict`` fails on them), the rest as information;
        under GitHub Actions also as annotations."""
        lang = default_lang()
        annotate = os.environ.get("GITHUB_ACTIONS") == "true"
        for f in sorted(findings):
            if f.severity == "error":
                log.warning(f.text(lang))
            else:
                log.info(f.text(lang))
            if annotate:
                print(f.github(lang), flush=True)

    # At the start of the default language ----------------------------------------------------
    def begin(self) -> None:
        """The default language's files are known: report the content's findings, start the search
        index and the sitemaps."""
        hb = self.hb
        self.report(hb.findings)
        warning = seo.missing_site_url(self.settings.site_url)
        if warning:
            log.warning(warning)
        if self.searching():
            self.start_search()
        with self.timings.phase("generated"):
            urls = sitemaps.page_urls(hb.pages, self.generated, url_of)
            beside_pages = sitemaps.page_sitemaps(urls, self.settings.site_url)
        site_dir = self.settings.site_dir
        self._sitemaps = self.memory.background.start(lambda: downloads.write(site_dir, beside_pages))
        self._language_sitemaps = sitemaps.language_sitemaps(urls, self.settings.site_url)

    def searching(self) -> bool:
        """Whether this build makes the search index: not when it is off, nor on a dirty serve
        rebuild that already has one (it is kept as it is)."""
        s = self.settings
        if not s.options.search:
            return False
        return not (s.dirty and (s.site_dir / "pagefind" / "pagefind-entry.json").exists())

    def start_search(self) -> None:
        """Begin the search index (:class:`handbook.publish.search.Indexer`); pages are added as they are read."""
        with self.timings.phase("search"):
            if self.memory.expander is None:
                self.memory.expander = search.Expander()
            if not self.memory.expander.available:  # a notice, not a warning: the site is still right
                log.info("Voikko is not installed (Debian: libvoikko1 voikko-fi): Finnish search has no base "
                         "forms or compound parts.")
            self.indexer = search.Indexer(self.settings.site_dir, self.memory.expander, self.settings.sections,
                                          self.memory.background.start)

    @functools.cached_property
    def card_meta(self) -> dict[str, dict[str, str]]:
        """Each card page's URL → the labels its search results show."""
        return search.card_meta(self.hb.cards, self.settings.langs)

    def index(self, url: str, html: str, kind: str = search.PAGE) -> None:
        """Add a page's finished content to the search index (when this build makes one); ``kind`` ranks it
        (:data:`handbook.publish.search.PRACTICE`, ``OVERVIEW`` or ``PAGE``)."""
        if self.indexer is not None:
            self.indexer.add(url, html, self.card_meta.get(url, {}), kind)

    def index_language(self, lang: str) -> None:
        """``lang``'s pages are all read: index them in the background while the engine writes them."""
        if self.indexer is not None:
            with self.timings.phase("search"):
                others = [other for other in self.settings.langs if other != DEFAULT_LANG]
                self.indexer.start(lang, DEFAULT_LANG, others)

    # At the end ----------------------------------------------------------------------------
    def _later_work(self) -> tuple[list[Finding], dict[str, str], float]:
        """What the build needs only once the pages are read (run in the background): the
        whole-handbook checks and the downloads, and the seconds the data package and the feeds took."""
        hb = self.hb
        findings = source_findings(hb, self.generated, frozenset(self.downloads))
        made = downloads.tables(hb, dt.date.today())
        start = time.perf_counter()
        made.update(downloads.described(hb, made, self.settings.site_names, self.settings.public))
        return findings, made, time.perf_counter() - start

    def finish(self) -> None:
        """After the last language: the background work's findings and files, the language sitemaps,
        the built-site check and the search index."""
        site_dir = self.settings.site_dir
        with self.timings.phase("waiting"):
            assert self._later is not None
            findings, made, reuse_seconds = self._later.result()
            self.timings.seconds["reuse_background"] += reuse_seconds
            if self._sitemaps is not None:
                self._sitemaps.result()
        downloads.write(site_dir, made)
        self.report(findings)
        found = self.hb.findings + findings
        languages = self._language_sitemaps  # in place of the engine's sitemap.xml (see handbook.publish.sitemaps)
        downloads.write(site_dir, {**languages, **{path + ".gz": sitemaps.gzipped(xml) for path, xml in languages.items()}})
        if self.settings.options.check_built_site and not any(f.rule.startswith(("link-", "image-")) for f in found):
            base_path = urlsplit(self.settings.site_url or "/").path or "/"  # the generated links, once the sources are clean
            self.report(html_check.check(site_dir, page_sources(self.hb), base_path))
        # the editing page /admin/ (no page of the handbook: no search index, sitemap or feed lists it)
        if self.settings.options.admin:
            admin.write(site_dir, self.hb.langs, self.hb.bib.entries,
                        os.environ.get("HANDBOOK_CMS_REPO") or admin.github_repo(self.settings.repo_url),
                        os.environ.get("HANDBOOK_CMS_PROXY") or admin.LOCAL_PROXY)
        if self.indexer is None:
            if self.settings.options.search:
                log.info("search index kept as it is (dirty rebuild while serving)")
        else:
            with self.timings.phase("search"):
                stats = self.indexer.finish()
            self.indexer = None
            log.info("search index in %.1f s: languages %s", stats["seconds"], ", ".join(stats["languages"]))
        with self.timings.phase("assets"):  # last: the pages and every file beside them are written
            sizes = assets.slim(site_dir)
            written = compress.compress_site(site_dir)
        if sizes["before"]:
            log.info("theme style sheets trimmed from %d to %d bytes; %d compressed copies written",
                     sizes["before"], sizes["after"], written)
        timings = os.environ.get("HANDBOOK_TIMINGS")
        if timings:
            self.timings.write(timings)

    def close(self) -> None:
        """Clean up after a build that failed (the search index's work folder)."""
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

