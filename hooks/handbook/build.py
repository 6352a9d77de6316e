"""What the MkDocs hooks do, as plain functions.

The hook modules in ``hooks/`` only forward MkDocs events here. The i18n
plugin builds each language in turn, so these run once per language; the
content itself is parsed once (see :mod:`handbook.site`).

Work that the pages do not need runs in background jobs (:mod:`handbook.background`)
on the machine's other core while MkDocs renders: the whole-handbook checks and the
downloads (:func:`later_work`), the per-page sitemaps, and the search index
(:class:`handbook.search.Indexer`). :func:`on_post_build` of the last language
collects them, reports the findings (``--strict`` fails on them) and writes the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import shutil
import sys
from html import escape
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.suffix import create_i18n_file

from . import ROOT, background, exports, facts, glossary, history, references, render, schema, search, site, vocab
from . import pages as pagesmod
from .checks import translations
from .findings import Finding, default_lang
from .l10n import DEFAULT_LANG, LANGS

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
                              "search": 0.0, "waiting": 0.0}


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
    build_log = logging.getLogger("mkdocs.commands.build")
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


def generated_pages(hb: site.Handbook, lang: str) -> dict[str, str]:
    """Source path (language-neutral) → Markdown of every generated page."""
    pages = {
        "cards/index.md": render.cards_index_page(hb.cards, lang),
        "cards/compare.md": render.compare_page(hb.cards, lang),
        "approaches/index.md": render.approaches_index_page(hb.cards, lang),
    }
    for key in vocab.APPROACHES:
        pages[f"approaches/{key}.md"] = render.approach_page(key, hb.cards, lang)
    pages["bibliography.md"] = formatter(hb).bibliography_page(hb.citing, lang)
    pages["facts.md"] = facts.table_page(hb.facts, hb.fact_uses, lang, formatter(hb))
    pages["glossary.md"] = glossary.glossary_page(hb.terms, lang)
    pages["translations.md"] = translations.status_page(translations.status(hb), lang)
    pages["changelog.md"] = history.changelog(hb.cards, git_history(hb), hb.root, lang)
    pages["maintenance.md"] = history.maintenance(hb.cards, dt.date.today(), lang)
    return pages


def git_history(hb: site.Handbook) -> dict:
    """When each content file changed (one git call per build)."""
    if "history" not in hb.cache:
        hb.cache["history"] = history.file_history(hb.root)
    return hb.cache["history"]


def generated_sources(hb: site.Handbook) -> dict[str, dict[str, str]]:
    """Every generated page's Markdown per language (made once per build)."""
    if "generated" not in hb.cache:
        by_src: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            for path, content in generated_pages(hb, lang).items():
                by_src.setdefault(path, {})[lang] = content
        hb.cache["generated"] = by_src
    return hb.cache["generated"]


def marker(hb: site.Handbook, lang: str) -> glossary.Marker:
    """The build's glossary marker for ``lang`` (its pattern compiled once)."""
    key = f"marker-{lang}"
    if key not in hb.cache:
        hb.cache[key] = glossary.Marker(hb.terms, lang)
    return hb.cache[key]


_last_formatter: list[references.Formatter] = []


def formatter(hb: site.Handbook) -> references.Formatter:
    """The build's reference formatter (each entry formatted once per language).

    While serving, a rebuild with the same bibliography keeps the formatted entries.
    """
    if hb.formatter is None:
        if _last_formatter and _last_formatter[0].bib is hb.bib:
            hb.formatter = _last_formatter[0]
        else:
            hb.formatter = references.Formatter(hb.bib)
            _last_formatter[:] = [hb.formatter]
    return hb.formatter


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
        hb = site.load(root, docs=Path(config.docs_dir), uncited=options.get("uncited", "warning"), checks=False)
        if "later" not in hb.cache:
            hb.cache["later"] = background.Job(lambda: later_work(hb))
    _state["hb"] = hb
    lang = current_lang(config)
    if lang == DEFAULT_LANG:
        report(hb.findings)
        if "indexer" in _state:  # left by a build that failed
            _state.pop("indexer").close()
        if searching(config):
            start_search(hb, config)
        with timed("generated"):
            sitemaps = page_sitemaps(hb, config.site_url or "")
        _state["sitemaps"] = background.Job(lambda: write_files(Path(config.site_dir), sitemaps))
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


def later_work(hb: site.Handbook) -> tuple[list[Finding], dict[str, str]]:
    """What the build needs only once the pages are read: the whole-handbook checks and the downloads."""
    from .checks import source_findings

    return source_findings(hb), export_files(hb)


def finish_later_work(hb: site.Handbook, site_dir: Path) -> list[Finding]:
    """Collect the background work: write the downloads into the site, report and return the checks' findings."""
    with timed("waiting"):
        findings, hb.exports = hb.cache["later"].result()
        _state.pop("sitemaps").result()
    write_files(site_dir, hb.exports)
    report(findings)
    return findings


#: the download files at the site root (see :func:`export_files`)
EXPORTS = ("cards.json", "cards.csv", "schema/card.schema.json", "bibliography.bib", "bibliography.json",
           "facts.json", "facts.csv")


def export_files(hb: site.Handbook) -> dict[str, str]:
    """Language-neutral downloads at the site root (made once per build, in :func:`later_work`)."""
    if hb.exports is None:
        hb.exports = {
            "cards.json": exports.cards_json(hb.cards, dt.date.today().isoformat()),
            "cards.csv": exports.cards_csv(hb.cards),
            "schema/card.schema.json": schema.schema_json(),
            "bibliography.bib": references.bibtex_export(hb.bib),
            "bibliography.json": references.csl_json(hb.bib),
            "facts.json": facts.facts_json(hb.facts),
            "facts.csv": facts.facts_csv(hb.facts),
        }
    return hb.exports


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
NO_TERMS = ("glossary.", "bibliography.")  # the glossary itself; the titles of cited works


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
        markdown = markdown.replace("{{schema:fields}}", schema.fields_table(lang))
    with timed("citations"):
        known = known_citations(info, markdown)
        if info is not None and info.facts_used:
            markdown = facts.quote(markdown, {f.id: f for f in hb.facts}, lang)
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
            blocks["before_title"] = render.card_breadcrumb(lang, base)  # a card page's way home
            blocks["pager"] = render.card_pager(*neighbours(hb, card), lang, base)
            reviewed, title = card.facts["reviewed"], card.name(lang)
            page.meta.setdefault("description", exports.plain(card.texts[lang].summary) if lang in card.texts else "")
    elif SUMMARY_PAGE.match(page.file.src_uri) and page.meta.get("reviewed"):
        reviewed = str(page.meta["reviewed"])
        title = info.title if info is not None else page.title
        blocks["after_title"] = render.reviewed_line(reviewed, lang)
    if reviewed:
        key = "handbook-" + (card.slug if card is not None else page.file.src_uri.split("/")[-1].split(".")[0])
        entry = references.page_entry(key, title, config.site_name, (config.site_url or "") + page.url, reviewed)
        blocks["end"] = blocks.get("end", "") + "\n" + references.cite_this_page(entry, key, lang)
    blocks["terms"] = "" if page.file.src_uri.startswith(NO_TERMS) else base
    if info is not None:
        sources = [info.rel] + ([(card.folder / "card.yml").relative_to(hb.root).as_posix()] if card else [])
        changed = history.last_changed(git_history(hb), sources)
        if changed:
            blocks["end"] = blocks.get("end", "") + "\n" + render.changed_line(changed, lang)
    _pending[page.file.src_uri] = blocks
    return markdown


def neighbours(hb: site.Handbook, card: render.Card) -> tuple[render.Card | None, render.Card | None]:
    """The cards before and after ``card`` in the card index's order (positions found once per build)."""
    if "card_positions" not in hb.cache:
        hb.cache["card_positions"] = {c.slug: i for i, c in enumerate(hb.cards)}
    at = hb.cache["card_positions"][card.slug]
    return (hb.cards[at - 1] if at > 0 else None, hb.cards[at + 1] if at + 1 < len(hb.cards) else None)


def on_page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    """Mark glossary terms and add the HTML made in :func:`on_page_markdown` (it needs no Markdown)."""
    blocks = _pending.pop(page.file.src_uri, {})
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


#: generated page → (its HTML, base, glossary, marked HTML): a serve rebuild marks an unchanged page once
_marked: dict[str, tuple[str, str, tuple, str]] = {}


def mark_terms(html: str, mark: glossary.Marker, base: str, remember: str | None = None) -> str:
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
            places = card.facts["municipalities"] or card.facts["organisations"]
            meta[card.url(lang)] = {"municipality": ", ".join(places),
                                    "status": vocab.label(vocab.STATUS, card.facts["status"], lang)}
    return meta


def page_sitemaps(hb: site.Handbook, site_url: str) -> dict[str, str]:
    """Site path → a one-entry ``sitemap.xml`` beside each page: the page and its language alternates.

    Material looks for ``sitemap.xml`` beside every ``<link rel=alternate>``; mkdocs-static-i18n
    points those links at the page in each language (right for hreflang), so each page folder
    gets its own small sitemap instead of a 404. (The site's own ``sitemap.xml`` is MkDocs'.)
    """
    urls: dict[str, dict[str, str]] = {}
    for page in hb.pages:
        urls.setdefault(page.src, {})[page.lang] = page.url
    for path, by_lang in generated_sources(hb).items():
        for lang in by_lang:
            urls.setdefault(path, {})[lang] = pagesmod.url_of(path, lang)
    base = (site_url or "").rstrip("/") + "/"
    out = {}
    for alternates in urls.values():
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(base + url)}"/>'
                        for lang, url in sorted(alternates.items()))
        for url in alternates.values():
            if url in ("", "./") or not url.endswith("/"):
                continue
            out[url + "sitemap.xml"] = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>{escape(base + url)}</loc>{links}</url></urlset>\n')
    return out


def write_files(site_dir: Path, files: dict[str, str]) -> None:
    """Write ``files`` (site path → text) into the site."""
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
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
    """Begin the build's search index (:class:`handbook.search.Indexer`); pages are added as they are read."""
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
        _state["indexer"] = search.Indexer(Path(config.site_dir), hb.cache["expander"], sections)


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
    for other in others:  # Material's language switcher reads <language root>/sitemap.xml
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site_dir / name).exists():
                shutil.copyfile(site_dir / name, site_dir / other / name)
    if options.get("check_built_site") and not any(f.rule.startswith(("link-", "image-")) for f in found):
        from .checks import html as html_check  # the generated links, once the sources are clean

        base_path = urlsplit(config.site_url or "/").path or "/"
        report(html_check.check(site_dir, site.page_sources(hb), base_path))
    if "indexer" not in _state:
        if options.get("search", True):
            log.info("search index kept as it is (dirty rebuild while serving)")
        return
    with timed("search"):
        stats = _state.pop("indexer").finish()
    log.info("search index in %.1f s: languages %s", stats["seconds"], ", ".join(stats["languages"]))
