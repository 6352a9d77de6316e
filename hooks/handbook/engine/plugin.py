"""The adapter between the engine (MkDocs or ProperDocs, with mkdocs-static-i18n) and the handbook.

This is the only module that imports the engine. ``hooks/handbook_hooks.py`` holds one
:class:`HandbookHooks` for the life of the process, in the way Material's plugins keep their
state on the plugin instance, and forwards every event to it. Each configuration the engine reads
starts a new :class:`~handbook.engine.build.Build` (all of one build's state); what a rebuild of
``make serve`` reuses is the adapter's :class:`~handbook.engine.build.Memory`.

The i18n plugin builds each language in turn, so the file and page events run once per language;
the content is loaded once (:meth:`Build.load`). Work the pages do not need runs meanwhile on the
machine's other core (:mod:`handbook.engine.background`): the whole-handbook checks, the downloads,
the sitemaps and each language's search index; the last language's ``on_post_build`` collects them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.suffix import create_i18n_file

from handbook import ROOT, i18n, safety
from handbook.checks import files as files_check
from handbook.engine import pipeline, preview
from handbook.engine.build import Build, Memory, Options, Settings
from handbook.findings import finding
from handbook.i18n import DEFAULT_LANG
from handbook.publish import search, seo
from handbook.render.not_found import not_found_body

log = logging.getLogger("mkdocs.plugins.handbook")

#: the theme's 404 page (a template of its own, rendered once per language)
NOT_FOUND = "404.html"


class I18nLanguage(Protocol):
    """One language of mkdocs-static-i18n's configuration (``plugins: i18n: languages:``)."""

    locale: str
    site_name: str | None
    nav_translations: dict[str, str] | None


class I18nConfig(Protocol):
    """mkdocs-static-i18n's configuration, as far as the adapter reads it."""

    languages: list[I18nLanguage]


class I18nPlugin(Protocol):
    """What the adapter uses of mkdocs-static-i18n's plugin object (the package has no type information)."""

    config: I18nConfig
    default_language: str
    #: the languages built, and every configured one
    build_languages: list[str]
    all_languages: list[str]
    #: the files each language's build has (the generated pages are added to it)
    i18n_files_per_language: dict[str, list[File]]
    #: the language switch's entries for a language's home page (name, link, lang)
    extra_alternate: list[dict[str, str]]


def _i18n(config: MkDocsConfig) -> I18nPlugin:
    """The i18n plugin of ``config`` (``mkdocs.yml`` always has it)."""
    return cast(I18nPlugin, config.plugins["i18n"])


class ServingDirty(logging.Filter):
    """MkDocs warns on every ``--dirty`` build, which ``--strict`` turns into a failure;
    ``make serve`` builds dirty on purpose, so that one message is shown as information."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class HandbookHooks:
    """The handbook's side of every engine event (one instance per process: ``hooks/handbook_hooks.py``)."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        #: what outlives one build (``make serve``'s rebuilds reuse it)
        self.memory = Memory()
        #: the build under way (a new one for every configuration the engine reads)
        self.build: Build | None = None
        #: ``make serve``'s problems of the last build, shown in the browser
        self.problems = preview.Problems()

    # Start and configuration -------------------------------------------------------------------
    def on_startup(self, command: str, dirty: bool) -> None:
        """Once per process: the command (``build``, ``serve``, ``gh-deploy``) and whether it builds dirty."""
        self.command, self.dirty = command, dirty
        preview.on_startup(command, self.problems)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """A new build, unless this is mkdocs-static-i18n building another language of the build under
        way (it runs the engine's build again for each, from the default language's ``on_post_build``).
        ``make serve``'s dirty builds may run in strict mode."""
        from mkdocs.commands import build as engine_build  # ProperDocs' own module when it runs (its logger too)

        if not any(isinstance(f, ServingDirty) for f in engine_build.log.filters):
            engine_build.log.addFilter(ServingDirty())
        language = getattr(config.plugins.get("i18n"), "current_language", None)
        if self.build is not None and language not in (None, DEFAULT_LANG):
            return config  # another language of the same build
        if self.build is not None:
            self.build.close()
        options, problems = Options.read(config.extra.get("handbook"))
        self.build = Build(self.settings(config, options), self.memory)
        self.build.report([finding("mkdocs.yml", _line_of(config, key), "config", code, key=key, allowed=allowed)
                           for key, code, allowed in problems])
        return config

    def settings(self, config: MkDocsConfig, options: Options) -> Settings:
        """What the build needs of ``config``."""
        plugin = _i18n(config)
        langs = (plugin.default_language, *[lang for lang in plugin.build_languages
                                            if lang != plugin.default_language])
        names = {language.locale: language.site_name or config.site_name for language in plugin.config.languages}
        translations = {language.locale: dict(language.nav_translations or {})
                        for language in plugin.config.languages if language.locale != plugin.default_language}
        toc = config.mdx_configs.get("toc", {})
        return Settings(
            root=_root_of(config), docs=Path(config.docs_dir), site_dir=Path(config.site_dir), langs=langs,
            site_names={lang: names.get(lang, config.site_name) for lang in langs},
            site_url=config.site_url or "", repo_url=config.repo_url or "",
            sections=search.nav_sections(config.nav or [], translations, plugin.default_language),
            permalink_title=str(toc.get("permalink_title") or ""), options=options,
            serving=self.command == "serve", dirty=self.dirty)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """``make serve``: problems shown in the browser, the bibliography and data files watched."""
        return preview.on_serve(server, config, self.problems)

    # Files --------------------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """This language's files: the content is loaded (once), the generated pages and the downloads added."""
        build = self._build()
        build.load()
        lang = _current_lang(config)
        if lang == DEFAULT_LANG:
            build.begin()
        plugin = _i18n(config)
        added = []
        for path, by_lang in build.generated.items():
            if lang not in by_lang:
                continue
            source = by_lang[lang]
            content, blocks = pipeline.set_aside(source)
            file = _i18n_file(config, path, lang, content)
            if blocks:
                build.set_aside[file.src_uri] = blocks
            if build.settings.dirty and self.memory.generated.get((lang, path)) == source \
                    and Path(file.abs_dest_path).exists():
                # the same page as in the last build: the engine keeps its output
                file.is_modified = lambda: False  # type: ignore[method-assign]
            self.memory.generated[(lang, path)] = source
            alternates = {other: (file if other == lang else _i18n_file(config, path, other, None))
                          for other in sorted(plugin.build_languages)}
            file.alternates = alternates  # type: ignore[attr-defined]  # as mkdocs-static-i18n gives its own files
            files.append(file)
            added.append(file)
        plugin.i18n_files_per_language.setdefault(lang, []).extend(added)
        refused = build.refused_files
        if refused:  # refused by the file allow-list or the page reader (reported by the checks): not published
            docs = _docs_prefix(build.settings.docs, build.settings.root)
            for file in [f for f in files if not f.generated_by]:
                if files_check.is_refused(docs + file.src_uri, refused):  # in a refused folder too
                    files.remove(file)
        for path in build.downloads:  # known to the engine (links to them are checked); written at the end
            files.append(File.generated(config, path, content=""))
        return files

    # Pages --------------------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """The page's Markdown through the Markdown steps (:data:`handbook.engine.pipeline.MARKDOWN_STEPS`)."""
        build = self._build()
        work = pipeline.page_work(build, page.file.src_uri, page.url, _current_lang(config), page.title or "",
                                  page.meta, markdown, generated=bool(page.file.generated_by))
        page.handbook = work  # type: ignore[attr-defined]  # read back in on_page_content and by overrides/main.html
        return pipeline.prepare(work, build)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """The rendered HTML through the HTML steps (:data:`handbook.engine.pipeline.HTML_STEPS`)."""
        safety.safe_toc(page.toc.items)
        return pipeline.finish(page.handbook, html, self._build())  # type: ignore[attr-defined]

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """The page's language alternates (``hreflang`` links, the language switcher) as absolute addresses
        when the site has a public one: search engines require them."""
        build = self._build()
        alternates = getattr(config.extra, "alternate", None)  # mkdocs-static-i18n sets it as an attribute
        with build.timings.phase("reuse"):
            seo.absolute_alternates(alternates if isinstance(alternates, list) else config.extra.get("alternate"),
                                    build.settings.public)
        return context

    def on_post_page(self, output: str, page: Page) -> str:
        """The finished page gets its Content-Security-Policy (:func:`handbook.safety.with_csp`); an inline
        script that is not the theme's own gets no hash, so it does not run, and fails the build."""
        build = self._build()
        with build.timings.phase("sanitize"):
            work = getattr(page, "handbook", None)
            source = work.source.rel if work is not None and work.source is not None else f"docs/{page.file.src_uri}"
            html, unknown = safety.with_csp(output)
            self._report_scripts(unknown, source)
            return html

    def on_template_context(self, context: dict[str, Any], template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        """The 404 page's body in the language being built, and a language switch to each language's
        home page (what the i18n plugin left there is the last page's alternates)."""
        if template_name != NOT_FOUND:
            return context
        lang = _current_lang(config)
        homes = {alt["lang"]: alt["link"] for alt in _i18n(config).extra_alternate}
        context["handbook_not_found"] = not_found_body(lang, homes)
        context["handbook_not_found_title"] = i18n.t("not_found_title", lang)
        homepages = [dict(alt) for alt in _i18n(config).extra_alternate]
        seo.absolute_alternates(homepages, self._build().settings.public)
        setattr(config.extra, "alternate", homepages)  # noqa: B010 - as mkdocs-static-i18n sets it: an attribute
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Other HTML the theme writes (the 404 page) gets its Content-Security-Policy too. The engine writes
        each language's 404 page at the site root: the default language's stays there, the others' go to
        their own folders (``en/404.html``, which hosts such as Cloudflare Pages serve under ``/en/``)."""
        if not template_name.endswith(".html"):
            return output
        html, unknown = safety.with_csp(output)
        self._report_scripts(unknown, f"overrides/{template_name}")
        if template_name == NOT_FOUND:
            build = self._build()
            lang = _current_lang(config)
            if lang == DEFAULT_LANG:
                build.not_found = html
            else:
                folder = Path(config.site_dir) / i18n.root(lang)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / NOT_FOUND).write_text(html, encoding="utf-8")
                html = build.not_found or html
        return html

    def _report_scripts(self, unknown: list[str], source: str) -> None:
        """Report a page's inline scripts that are not the theme's own (:data:`handbook.safety.THEME_SCRIPTS`)."""
        if unknown:
            self._build().report([finding(source, 1, "html-script", "html-script-unknown", what=text.strip()[:60])
                                  for text in unknown])

    # The end ------------------------------------------------------------------------------------
    def on_env(self, env: Environment, config: MkDocsConfig) -> Environment:
        """This language's pages are all read: index them while the engine renders them into the theme.
        The theme's templates are compiled once per process (:mod:`handbook.engine.compiled`), not once
        per language and rebuild."""
        self._build().index_language(_current_lang(config))
        return self.memory.compiled.attach(env)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """After the last language: the background work, the language sitemaps and the search index."""
        build = self._build()
        if _current_lang(config) == build.settings.langs[-1]:
            build.finish()

    def on_build_error(self, error: Exception) -> None:
        """A build that failed leaves no search work folder behind."""
        if self.build is not None:
            self.build.close()

    def _build(self) -> Build:
        if self.build is None:  # the engine called a page event without on_config (it never does)
            raise RuntimeError("no build: on_config has not run")
        return self.build


def _root_of(config: MkDocsConfig) -> Path:
    """The project folder: where ``mkdocs.yml`` is."""
    return Path(config.config_file_path).resolve().parent if config.config_file_path else ROOT


def _docs_prefix(docs: Path, root: Path) -> str:
    """What the checks put before a file's path in ``docs/`` (``docs/``): the docs folder from the project's."""
    try:
        return docs.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return docs.as_posix().rstrip("/") + "/"


def _current_lang(config: MkDocsConfig) -> str:
    """The language being built (the i18n plugin builds one at a time)."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or DEFAULT_LANG


def _line_of(config: MkDocsConfig, key: str) -> int:
    """The line of ``key:`` in ``mkdocs.yml`` (1 if it cannot be found)."""
    try:
        lines = Path(config.config_file_path or "").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, text in enumerate(lines, start=1) if text.strip().startswith(f"{key}:")), 1)


def _i18n_file(config: MkDocsConfig, src_uri: str, lang: str, content: str | None) -> File:
    """A generated page placed and named as mkdocs-static-i18n places real ``*.<lang>.md`` files."""
    plugin = _i18n(config)
    localized = src_uri[: -len(".md")] + f".{lang}.md"
    shadow: File = create_i18n_file(File.generated(config, localized, content=""), lang,
                              plugin.default_language, plugin.all_languages, config)
    if content is None:
        return shadow
    file = File.generated(config, localized, content=content)
    for attr in ("name", "dest_path", "abs_dest_path", "url", "locale", "locale_alternate_of",
                 "localization", "norm_src_uri"):
        setattr(file, attr, getattr(shadow, attr))
    return file
