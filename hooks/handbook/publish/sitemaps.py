"""The site's sitemaps: one per language, and a one-entry file beside each page.

- ``sitemap.xml`` (Finnish, the default language, at the site root) and ``en/sitemap.xml`` list the
  pages of their own language, each with its ``hreflang`` alternates: these are the sitemaps for
  search engines. They replace the engine's own ``sitemap.xml``, which mkdocs-static-i18n writes
  with every language in it (each language build overwrites the last, at the site root).
- ``<page>/sitemap.xml`` beside every other page holds that page alone, with its alternates. They
  are there for Material's JavaScript, not for search engines: on every page view it fetches
  ``sitemap.xml`` beside each ``<link rel="alternate">`` of the page (to find the same page in the
  other language), and mkdocs-static-i18n points those links at the page's own translations, as
  hreflang requires. Without the files each page view would make two requests that end in the
  site's 404 page (about 25 KB each, and an error in the browser's console).

Plain data in, text out: the MkDocs adapter (:mod:`handbook.engine.plugin`) writes the files.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from urllib.parse import quote

from handbook.content.pages import MarkdownPage
from handbook.i18n import root
from handbook.safety import escape

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
         'xmlns:xhtml="http://www.w3.org/1999/xhtml">')


def page_urls(pages: Iterable[MarkdownPage], generated: dict[str, dict[str, str]],
              url_of: Callable[[str, str], str]) -> dict[str, dict[str, str]]:
    """Language-neutral source path → language → site URL, for the written and the generated pages.

    ``pages``: the pages read from ``docs/`` (their ``src``, ``lang`` and ``url``);
    ``generated``: source path → language → Markdown; ``url_of(src, lang)``: a generated page's URL.
    """
    urls: dict[str, dict[str, str]] = {}
    for page in pages:
        urls.setdefault(page.src, {})[page.lang] = page.url
    for path, by_lang in generated.items():
        for lang in by_lang:
            urls.setdefault(path, {})[lang] = url_of(path, lang)
    return urls


def _entry(url: str, alternates: dict[str, str], base: str) -> str:
    links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(base + quote(alt))}"/>'
                    for lang, alt in sorted(alternates.items()))
    return f"<url><loc>{escape(base + quote(url))}</loc>{links}</url>"


def _base(site_url: str) -> str:
    return (site_url or "").rstrip("/") + "/"


def language_sitemaps(urls: dict[str, dict[str, str]], site_url: str) -> dict[str, str]:
    """Site path → the sitemap of one language (``sitemap.xml``, ``en/sitemap.xml``): its pages, with alternates."""
    by_lang: dict[str, dict[str, str]] = {}
    for alternates in urls.values():
        for lang, url in alternates.items():
            by_lang.setdefault(lang, {})[url] = "\n" + _entry(url, alternates, _base(site_url))
    return {root(lang) + "sitemap.xml": _HEAD + "".join(e for _, e in sorted(entries.items())) + "\n</urlset>\n"
            for lang, entries in sorted(by_lang.items())}


def page_sitemaps(urls: dict[str, dict[str, str]], site_url: str) -> dict[str, str]:
    """Site path → a one-entry ``sitemap.xml`` beside each page (not the language roots': those are
    :func:`language_sitemaps`): the page and its language alternates."""
    out: dict[str, str] = {}
    for alternates in urls.values():
        for lang, url in alternates.items():
            if url in ("", "./", root(lang)) or not url.endswith("/"):
                continue
            out[url + "sitemap.xml"] = _HEAD + _entry(url, alternates, _base(site_url)) + "</urlset>\n"
    return out


def gzipped(text: str) -> bytes:
    """``text`` gzipped the same on every build (no time stamp), as ``sitemap.xml.gz`` beside ``sitemap.xml``."""
    return gzip.compress(text.encode("utf-8"), mtime=0)
