"""What the MkDocs hooks do, as plain functions.

The hook modules in ``hooks/`` only forward MkDocs events here. The i18n
plugin builds each language in turn, so these run once per language; the
content itself is parsed once (see :mod:`handbook.content.handbook`).

Work that the pages do not need runs in background jobs (:mod:`handbook.engine.background`)
on the machine's other core while MkDocs renders: the whole-handbook checks and the
downloads (:func:`later_work`), the sitemaps (:mod:`handbook.publish.sitemaps`), and the search index
(:class:`handbook.publish.search.Indexer`). :func:`on_post_build` of the last language
collects them, reports the findings (``--strict`` fails on them) and writes the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.suffix import create_i18n_file

from handbook import ROOT, safety
from handbook.engine import background
from handbook.publish import exports, search
from handbook.content import history, schema, handbook as site, vocab
from handbook.render import references, cards as render, knowledge as knowledge_html, related as related_html, facts as facts_html, pdf as pdf_html, glossary as glossary_html
from handbook.publish import sitemaps
from handbook.content import related
from handbook.content import pages as pagesmod
from handbook.publish import datapackage, feeds, jsonld, head as reuse, seo
from handbook.render import cite as cite_html, fields as fields_html
from handbook.publish import bibliography as bibliography_files
from handbook.findings import Finding, default_lang
from handbook.render.generated import formatter, generated_sources
from handbook.content.handbook import git_commits, git_history
from handbook.i18n import DEFAULT_LANG, LANGS

log = logging.getLogger("mkdocs.plugins.handbook")

CARD_PAGE = re.compile(r"^cards/(?P<slug>[^/]+)/index\.(?P<lang>[a-z]{2})\.md$")

_state: dict[str, site.Handbook] = {}
_pending: dict[str, dict[str, str]] = {}
#: (language, generated page's source) → finished HTML blocks that skip Markdown
_html_blocks: dict[tuple[str, str], list[str]] = {}
_BIG_HTML = re.compile(r"^<(table|div|ul|form)\b[^\n]*\n?(?:.*\n)*?.*</\1>\s*$", re.MULTILINE)
_TOKEN = "HBHTMLBLOCK{}X"


def set_aside_html(markdown: str) -> tuple[str, list[str]]:
    """Replace the big finished HTML blocks of a generated page by placeholders.

    Python-Markdown's raw-HTML handling is slow on large tables and lists, and these
    need no Markdown: :func:`on_page_content` puts them back.
    """
    blocks: list[str] = []

    def keep(match: re.Match) -> str:
        blocks.append(match.group(0))
        return "\n" + _TOKEN.format(len(blocks) - 1) + "\n"

    return _BIG_HTML.sub(keep, markdown), blocks

#: Seconds spent per phase in this process (read by the benchmark).
TIMINGS: dict[str, float] = {"load": 0.0, "cards": 0.0, "citations": 0.0, "glossary": 0.0, "generated": 0.0,
                              "search": 0.0, "waiting": 0.0, "sanitize": 0.0,
                              # issue 21's feeds, JSON-LD, page histories, versions cited, absolute alternates:
                              # in this process, and (``reuse_background``) in the background job
                              "reuse": 0.0, "reuse_background": 0.0}


class timed:
    """Adds the time spent in a ``with`` block to :data:`TIMINGS`."""

    def __init__(self, phase: str) -> None:
        self.phase = phase

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        TIMINGS[self.phase] += time.perf_counter() - self.start


class ServingDirty(logging.Filter):
    """MkDocs warns on every ``--dirty`` build, which ``--strict`` turns into a failure;
    ``make serve`` builds dirty on purpose, so that one message is shown as information."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before the build: ``make serve``'s dirty builds may run in strict mode."""
    from mkdocs.commands import build as engine_build  # ProperDocs' own module when it runs (its logger too)

    build_log = engine_build.log
    if not any(isinstance(f, ServingDirty) for f in build_log.filters):
        build_log.addFilter(ServingDirty())
    return config


def other_languages(config: MkDocsConfig) -> list[str]:
    """The languages built after the default one (mkdocs-static-i18n's order)."""
    plugin = config.plugins["i18n"]
    return [lang for lang in plugin.build_languages if lang != plugin.default_language]


def current_lang(config: MkDocsConfig) -> str:
    """The language being built (the i18n plugin builds one at a time)."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or DEFAULT_LANG


def root_of(config: MkDocsConfig) -> Path:
    """The project folder: where ``mkdocs.yml`` is."""
    return Path(config.config_file_path).resolve().parent if config.config_file_path else ROOT


def handbook(config: MkDocsConfig) -> site.Handbook:
    """The content of this build (loaded in :func:`on_files`)."""
    return _state["hb"]


def report(findings: list[Finding]) -> None:
    """Log findings as MkDocs warnings (``--strict`` fails on them)."""
    lang = default_lang()
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for f in sorted(findings):
        if f.severity == "error":
            log.warning(f.text(lang))
        else:
            log.info(f.text(lang))
        if annotate:
            print(f.github(lang), flush=True)


def related_cards(hb: site.Handbook) -> dict:
    """Each card's related cards (:func:`handbook.content.related.related`, once per build)."""
    if "related" not in hb.cache:
        hb.cache["related"] = related.related(hb.cards)
    return hb.cache["related"]


def marker(hb: site.Handbook, lang: str) -> glossary_html.Marker:
    """The build's glossary marker for ``lang`` (its pattern compiled once)."""
    key = f"marker-{lang}"
    if key not in hb.cache:
        hb.cache[key] = glossary_html.Marker(hb.terms, lang)
    return hb.cache[key]


def base_of(url: str, lang: str) -> str:
    """Relative path from a page URL to its language root: ``cards/x/`` → ``../../``."""
    if lang != DEFAULT_LANG and url.startswith(f"{lang}/"):
        url = url[len(lang) + 1:]
    return "../" * url.count("/")


def _i18n_file(config: MkDocsConfig, src_uri: str, lang: str, content: str | None) -> File:
    """A generated page placed and named as mkdocs-static-i18n places real ``*.<lang>.md`` files."""
    plugin = config.plugins["i18n"]
    localized = src_uri[: -len(".md")] + f".{lang}.md"
    shadow = create_i18n_file(File.generated(config, localized, content=""), lang,
                              plugin.default_language, plugin.all_languages, config)
    if content is None:
        return shadow
    file = File.generated(config, localized, content=content)
    for attr in ("name", "dest_path", "abs_dest_path", "url", "locale", "locale_alternate_of",
                 "localization", "norm_src_uri"):
        setattr(file, attr, getattr(shadow, attr))
    return file


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Load the handbook, start the background work, add this language's generated pages and the downloads."""
    root = root_of(config)
    options = config.extra.get("handbook") or {}
    with timed("load"):
        hb = site.load(root, docs=Path(config.docs_dir), uncited=options.get("uncited", "warning"), spawn=background.Job,
                       bib_advice=options.get("bib_advice", "warning"))
        with timed("reuse"):
            git_commits(hb)  # before the background work forks: one git call per build
        if "later" not in hb.cache:
            hb.cache["feed_options"] = (site_names(config), seo.public_base(config.site_url))
            hb.cache["later"] = background.Job(lambda: later_work(hb))
    _state["hb"] = hb
    lang = current_lang(config)
    if lang == DEFAULT_LANG:
        report(hb.findings)
        warning = seo.missing_site_url(config.site_url)
        if warning:
            log.warning(warning)
        if "indexer" in _state:  # left by a build that failed
            _state.pop("indexer").close()
        if searching(config):
            start_search(hb, config)
        with timed("generated"):
            urls = sitemaps.page_urls(hb.pages, generated_sources(hb), pagesmod.url_of)
            beside_pages = sitemaps.page_sitemaps(urls, config.site_url or "")
        _state["sitemaps"] = background.Job(lambda: write_files(Path(config.site_dir), beside_pages))
        _state["language_sitemaps"] = sitemaps.language_sitemaps(urls, config.site_url or "")
    plugin = config.plugins["i18n"]
    added = []
    with timed("generated"):
        pages = {path: by_lang[lang] for path, by_lang in generated_sources(hb).items()}
    dirty = serving_dirty()
    for path, source in pages.items():
        content, blocks = set_aside_html(source)
        if blocks:
            _html_blocks[(lang, path[: -len(".md")] + f".{lang}.md")] = blocks
        file = _i18n_file(config, path, lang, content)
        if dirty and _last_generated.get((lang, path)) == source and Path(file.abs_dest_path).exists():
            file.is_modified = lambda: False  # the same page as in the last build: MkDocs keeps its output
        _last_generated[(lang, path)] = source
        file.alternates = {other: (file if other == lang else _i18n_file(config, path, other, None))
                           for other in sorted(plugin.build_languages)}
        files.append(file)
        added.append(file)
    plugin.i18n_files_per_language.setdefault(lang, []).extend(added)
    for path in EXPORTS:  # known to MkDocs (links to them are checked); written in on_post_build
        files.append(File.generated(config, path, content=""))
    return files


#: (language, generated page) → its Markdown in the last build (a serve rebuild skips unchanged ones)
_last_generated: dict[tuple[str, str], str] = {}


def later_work(hb: site.Handbook) -> tuple[list[Finding], dict[str, str], float]:
    """What the build needs only once the pages are read: the whole-handbook checks and the downloads
    (and the seconds the data package and the feeds took, for the benchmark)."""
    from handbook.checks import source_findings

    findings = source_findings(hb, generated_sources(hb))
    downloads = export_files(hb)
    start = time.perf_counter()
    downloads.update(reuse_files(hb, downloads))
    return findings, downloads, time.perf_counter() - start


def finish_later_work(hb: site.Handbook, site_dir: Path) -> list[Finding]:
    """Collect the background work: write the downloads into the site, report and return the checks' findings."""
    with timed("waiting"):
        findings, hb.exports, reuse_seconds = hb.cache["later"].result()
        TIMINGS["reuse_background"] += reuse_seconds
        _state.pop("sitemaps").result()
    write_files(site_dir, hb.exports)
    report(findings)
    return findings


#: the download files at the site root (see :func:`export_files`)
EXPORTS = ("cards.json", "cards.csv", "schema/card.schema.json", "bibliography.bib", "bibliography.json",
           "facts.json", "facts.csv")
#: the data package and the feeds (:mod:`handbook.publish.datapackage`, :mod:`handbook.publish.feeds`)
EXPORTS += ("bibliography.csv", "datapackage.json", "robots.txt") + tuple(feeds.root_of(lang) + "feed.xml" for lang in LANGS)


def export_files(hb: site.Handbook) -> dict[str, str]:
    """Language-neutral downloads at the site root (made once per build, in :func:`later_work`)."""
    if hb.exports is None:
        hb.exports = {
            "cards.json": exports.cards_json(hb.cards, dt.date.today().isoformat()),
            "cards.csv": exports.cards_csv(hb.cards),
            "schema/card.schema.json": schema.schema_json(),
            "bibliography.bib": bibliography_files.bibtex_export(hb.bib),
            "bibliography.json": bibliography_files.csl_json(hb.bib),
            "facts.json": exports.facts_json(hb.facts),
            "facts.csv": exports.facts_csv(hb.facts),
        }
    return hb.exports


def reuse_files(hb: site.Handbook, exports: dict[str, str]) -> dict[str, str]:
    """The data package describing ``exports`` (:func:`export_files`), the feeds and ``robots.txt``."""
    names, public = hb.cache.get("feed_options", ({}, ""))
    made = datapackage.files(hb.bib, exports)
    made.update(feeds.feeds(hb, hb.cache.get("commits", {}), names, public))
    made["robots.txt"] = seo.robots_txt(public)
    return made


def site_names(config: MkDocsConfig) -> dict[str, str]:
    """The site's name in each language (mkdocs-static-i18n's ``site_name`` per language)."""
    return {language.locale: language.site_name or config.site_name
            for language in config.plugins["i18n"].config.languages}


def known_citations(page_info, markdown: str) -> list | None:
    """The build's pre-scanned citations of a page, renumbered for ``markdown``; None if they do not fit."""
    if page_info is None:
        return None
    lines = markdown.split("\n")
    out = []
    for cite in page_info.citations:
        line = cite.line - page_info.first_line + 1
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        if text[cite.start:cite.start + 1] not in ("[", "@") or (not cite.narrative and text[cite.end - 1:cite.end] != "]"):
            return None
        out.append(dataclasses.replace(cite, line=line))
    return out


SUMMARY_PAGE = re.compile(r"^research/(?!index\.)[^/]+\.[a-z]{2}\.md$")
NO_TERMS = ("glossary.", "bibliography.", "map.", "contributing.")  # the glossary itself; the titles of cited works;
# the map's own wording ("sijoitettu" is placed, not placed in care) and the editors' field values


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    """Figures and citations become text and links; cards get their title.

    Finished HTML (fact box, reference list, cite-this-page) waits for :func:`on_page_content`.
    """
    hb = handbook(config)
    lang = current_lang(config)
    base = base_of(page.url, lang)
    match = CARD_PAGE.match(page.file.src_uri)
    card = hb.card(match["slug"]) if match else None
    info = hb.page(page.file.src_uri)
    blocks: dict[str, str] = {}
    if "{{schema:fields}}" in markdown:
        markdown = markdown.replace("{{schema:fields}}", fields_html.fields_table(lang))
    if "{{knowledge:scale}}" in markdown:
        markdown = markdown.replace("{{knowledge:scale}}", knowledge_html.scale_table(lang))
    if "{{knowledge:cards}}" in markdown:
        markdown = markdown.replace("{{knowledge:cards}}", knowledge_html.cards_by_type(hb.cards, lang))
    with timed("citations"):
        known = known_citations(info, markdown)
        if info is not None and info.facts_used:
            markdown = facts_html.quote(markdown, {f.id: f for f in hb.facts}, lang, base)
            known = None  # the figures added citations: scan again
        fmt = formatter(hb)
        markdown, keys = fmt.render_citations(markdown, lang, known)
        if card is not None:
            keys += [k for k in card.facts["sources"] if k in hb.bib.entries and k not in keys]
        if keys:
            markdown = references.ensure_references_heading(markdown, lang)
            blocks["end"] = fmt.reference_list(keys, lang, base)
    reviewed, title = None, page.title
    if card is not None:
        with timed("cards"):
            markdown = render.card_title(card, lang, markdown)
            blocks["after_title"] = render.fact_box(card, lang, base, history.review_due(card, dt.date.today()))
            blocks["after_title"] += pdf_html.print_button(lang)
            blocks["before_title"] = render.card_breadcrumb(lang, base)  # a card page's way home
            blocks["pager"] = render.card_pager(*neighbours(hb, card), lang, base)
            reviewed, title = card.facts["reviewed"], card.name(lang)
            blocks["end"] = blocks.get("end", "") + "\n" + related_html.related_html(
                related_cards(hb).get(card.slug, []), lang, base)
            page.meta.setdefault("description", exports.plain(card.texts[lang].summary) if lang in card.texts else "")
    elif SUMMARY_PAGE.match(page.file.src_uri) and page.meta.get("reviewed"):
        reviewed = str(page.meta["reviewed"])
        title = info.title if info is not None else page.title
        blocks["after_title"] = render.reviewed_line(reviewed, lang)
    if reviewed:
        with timed("reuse"):
            key = "handbook-" + (card.slug if card is not None else page.file.src_uri.split("/")[-1].split(".")[0])
            cited = cite_html.version(hb, info, card, git_commits(hb))  # the version cited: its date and permanent link
            paths = cite_html.sources_of(info, card) if info is not None else []
            public = seo.public_base(config.site_url)  # a local build's address is no use in a citation
            entry = references.page_entry(key, title, config.site_name, public + page.url if public else "",
                                          cited.day.isoformat() if cited else reviewed)
            blocks["end"] = blocks.get("end", "") + "\n" + cite_html.cite_with_version(
                references.cite_this_page(cite_html.versioned(entry, cited, config.repo_url or "", paths), key, lang),
                cited, lang, config.repo_url or "", paths)
    if page.file.src_uri == f"index.{lang}.md" and str((config.extra.get("handbook") or {}).get("pdf")).lower() in ("1", "true"):
        blocks["end"] = blocks.get("end", "") + "\n" + pdf_html.links_html(lang, base)
    blocks["terms"] = "" if page.file.src_uri.startswith(NO_TERMS) else base
    if info is not None:
        sources = [info.rel] + ([(card.folder / "card.yml").relative_to(hb.root).as_posix()] if card else [])
        changed = history.last_changed(git_history(hb), sources)
        if changed:
            blocks["end"] = blocks.get("end", "") + "\n" + render.changed_line(changed, lang)
        if reviewed:
            with timed("reuse"):
                blocks["end"] = blocks.get("end", "") + "\n" + cite_html.end(hb, info, card, lang, config.repo_url or "",
                                                                        git_commits(hb))
    with timed("reuse"):
        page.hb_head = reuse.head(hb, page.url, page.file.src_uri, lang, config.site_name,
                                  seo.public_base(config.site_url), git_commits(hb), card=card, info=info, keys=keys,
                                  works=works(hb), description=str(page.meta.get("description") or ""))
    _pending[page.file.src_uri] = blocks
    safety.escape_meta(page.meta)  # the theme writes title, description, … into the page as they are
    return markdown


def works(hb: site.Handbook) -> jsonld.Works:
    """The build's schema.org descriptions of cited works (each made once)."""
    if "works" not in hb.cache:
        hb.cache["works"] = jsonld.Works(hb.bib)
    return hb.cache["works"]


def on_page_context(context: dict, page: Page, config: MkDocsConfig) -> dict:
    """The page's language alternates (``hreflang`` links, the language switcher) as absolute addresses
    when the site has a public one: search engines require them."""
    alternates = getattr(config.extra, "alternate", None)  # mkdocs-static-i18n sets it as an attribute
    with timed("reuse"):
        seo.absolute_alternates(alternates if isinstance(alternates, list) else config.extra.get("alternate"),
                                  seo.public_base(config.site_url))
    return context


def neighbours(hb: site.Handbook, card: render.Card) -> tuple[render.Card | None, render.Card | None]:
    """The cards before and after ``card`` in the card index's order (positions found once per build)."""
    if "card_positions" not in hb.cache:
        hb.cache["card_positions"] = {c.slug: i for i, c in enumerate(hb.cards)}
    at = hb.cache["card_positions"][card.slug]
    return (hb.cards[at - 1] if at > 0 else None, hb.cards[at + 1] if at + 1 < len(hb.cards) else None)


def on_page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    """Mark glossary terms and add the HTML made in :func:`on_page_markdown` (it needs no Markdown)."""
    blocks = _pending.pop(page.file.src_uri, {})
    html = sanitized(html, page)
    for index, block in enumerate(_html_blocks.get((current_lang(config), page.file.src_uri), [])):
        html = html.replace(f"<p>{_TOKEN.format(index)}</p>", block)
    if blocks.get("terms"):
        with timed("glossary"):
            remember = page.file.src_uri if page.file.generated_by else None
            html = mark_terms(html, marker(handbook(config), current_lang(config)), blocks["terms"], remember)
    if current_lang(config) != DEFAULT_LANG:  # the toc permalink title is set once, in Finnish
        html = html.replace('title="Linkki tähän osioon"', 'title="Link to this section"')
    if "after_title" in blocks:
        html = render.after_title(html, blocks["after_title"])
    if "end" in blocks:
        html += "\n" + blocks["end"]
    if "before_title" in blocks:
        html = blocks["before_title"] + "\n" + html
    if "pager" in blocks:
        html += "\n" + blocks["pager"]
    if "indexer" in _state:
        _state["indexer"].add(page.url, html, handbook(config).cache["card_meta"].get(page.url, {}))
    return html


def sanitized(html: str, page: Page) -> str:
    """The page's HTML from Markdown through the allow-list (:func:`handbook.safety.clean`); if
    that removed an element, the checks missed it: reported at the page's source (``--strict`` fails)."""
    with timed("sanitize"):
        clean = safety.clean(html)
        removed = safety.removed_elements(html, clean)
    if removed:
        from handbook.checks.html import page_findings

        info = _state["hb"].page(page.file.src_uri) if "hb" in _state else None
        if info is None or not any(f.rule == "html-element" for f in page_findings(info)):  # else reported there
            source = info.rel if info is not None else f"docs/{page.file.src_uri}"
            report([Finding(source, safety.line_of(info.body, what) + info.first_line - 1 if info else 1,
                            "html-sanitized", "html-sanitized", (("what", what),)) for what in removed])
    return clean


#: generated page → (its HTML, base, glossary, marked HTML): a serve rebuild marks an unchanged page once
_marked: dict[str, tuple[str, str, tuple, str]] = {}


def mark_terms(html: str, mark: glossary_html.Marker, base: str, remember: str | None = None) -> str:
    """Glossary terms marked in a page's HTML.

    With ``remember`` (a generated page's source: they are the big ones), the result is kept,
    and a serve rebuild that produces the same HTML does not mark it again.
    """
    if remember is not None:
        kept = _marked.get(remember)
        if kept is not None and kept[0] == html and kept[1] == base and kept[2] == mark.key:
            return kept[3]
    marked, _ = mark.mark(html, base)
    if remember is not None:
        _marked[remember] = (html, base, mark.key, marked)
    return marked


def card_search_meta(hb: site.Handbook) -> dict[str, dict[str, str]]:
    """Page URL → municipality and status labels, shown with card search results."""
    meta = {}
    for card in hb.cards:
        for lang in LANGS:
            places = card.facts["municipalities"] or card.organisation_names(lang)
            meta[card.url(lang)] = {"municipality": ", ".join(places),
                                    "status": vocab.label(vocab.STATUS, card.facts["status"], lang)}
    return meta


def write_files(site_dir: Path, files: dict[str, str] | dict[str, bytes]) -> None:
    """Write ``files`` (site path → text or bytes) into the site."""
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def serving_dirty() -> bool:
    """Whether this is ``make serve``'s build (``mkdocs serve --dirty``): MkDocs rebuilds only what changed."""
    return "--dirty" in sys.argv


def searching(config: MkDocsConfig) -> bool:
    """Whether this build makes the search index: not when it is off, nor on a dirty serve
    rebuild that already has one (it is kept as it is)."""
    if not (config.extra.get("handbook") or {}).get("search", True):
        return False
    return not (serving_dirty() and (Path(config.site_dir) / "pagefind" / "pagefind-entry.json").exists())


def start_search(hb: site.Handbook, config: MkDocsConfig) -> None:
    """Begin the build's search index (:class:`handbook.publish.search.Indexer`); pages are added as they are read."""
    with timed("search"):
        if "expander" not in hb.cache:
            hb.cache["expander"] = search.Expander()
            hb.cache["card_meta"] = card_search_meta(hb)
        if not hb.cache["expander"].available:  # a notice, not a warning: the site is still right
            log.info("Voikko is not installed (Debian: libvoikko1 voikko-fi): Finnish search has no base "
                     "forms or compound parts.")
        plugin = config.plugins["i18n"]
        translations = {language.locale: dict(language.nav_translations or {})
                        for language in plugin.config.languages if language.locale != plugin.default_language}
        sections = search.nav_sections(config.nav or [], translations, plugin.default_language)
        _state["indexer"] = search.Indexer(Path(config.site_dir), hb.cache["expander"], sections, background.Job)


def on_env(config: MkDocsConfig) -> None:
    """This language's pages are all read: index them while MkDocs renders them into the theme."""
    if "indexer" in _state:
        with timed("search"):
            _state["indexer"].start(current_lang(config), config.plugins["i18n"].default_language,
                                    other_languages(config))


def on_post_build(config: MkDocsConfig) -> None:
    """After the last language: the background work, the language sitemaps and the search index."""
    others = other_languages(config)
    last = others[-1] if others else config.plugins["i18n"].default_language
    options = config.extra.get("handbook") or {}
    lang = current_lang(config)
    site_dir = Path(config.site_dir)  # the site root in every language (mkdocs-static-i18n adds en/ to URLs)
    if lang != last:
        return
    hb = handbook(config)
    found = hb.findings + finish_later_work(hb, site_dir)
    languages = _state.pop("language_sitemaps")  # in place of the engine's sitemap.xml (see handbook.publish.sitemaps)
    write_files(site_dir, {**languages, **{path + ".gz": sitemaps.gzipped(xml) for path, xml in languages.items()}})
    if options.get("check_built_site") and not any(f.rule.startswith(("link-", "image-")) for f in found):
        from handbook.checks import html as html_check  # the generated links, once the sources are clean

        base_path = urlsplit(config.site_url or "/").path or "/"
        report(html_check.check(site_dir, site.page_sources(hb), base_path))
    if "indexer" not in _state:
        if options.get("search", True):
            log.info("search index kept as it is (dirty rebuild while serving)")
        return
    with timed("search"):
        stats = _state.pop("indexer").finish()
    log.info("search index in %.1f s: languages %s", stats["seconds"], ", ".join(stats["languages"]))


def on_post_page(output: str, page: Page) -> str:
    """The finished page gets its Content-Security-Policy (:func:`handbook.safety.with_csp`)."""
    with timed("sanitize"):
        return safety.with_csp(output, page.content or "")
