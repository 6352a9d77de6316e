"""The site's public address, as search engines, feeds and structured data need it.

``SITE_URL`` (``site_url`` in ``mkdocs.yml``) is the address the site is published at. Without
it, ``mkdocs.yml`` falls back to the local server (``http://127.0.0.1:8000/``): addresses on
that host are useless outside this machine, so feeds, JSON-LD and language alternates then use
relative addresses. A production build without a public address gets a warning (it fails
``--strict``): see :func:`production` and :func:`missing_site_url`.
"""

from __future__ import annotations

import os
from urllib.parse import urljoin, urlsplit

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "")


def public_base(site_url: str | None) -> str:
    """The public address of the site root ending in ``/``, or ``""`` when it is unset or local."""
    if not site_url:
        return ""
    host = urlsplit(site_url).hostname or ""
    if host in LOCAL_HOSTS:
        return ""
    return site_url.rstrip("/") + "/"


def production(environ: dict[str, str] | None = None) -> bool:
    """Whether this build is to be published: ``HANDBOOK_PRODUCTION=1``, or the GitHub Pages workflow."""
    env = os.environ if environ is None else environ
    if env.get("HANDBOOK_PRODUCTION", "") not in ("", "0"):
        return True
    return "/.github/workflows/pages.yml@" in env.get("GITHUB_WORKFLOW_REF", "")


def missing_site_url(site_url: str | None, environ: dict[str, str] | None = None) -> str | None:
    """The warning for a production build without a public ``SITE_URL`` (None when all is well)."""
    if not production(environ) or public_base(site_url):
        return None
    return ("SITE_URL is not set to the public address of the site (now: "
            f"{site_url or 'empty'}): canonical and language-alternate links, the feeds and the structured "
            "data would point at this machine. Set it before a production build, e.g. "
            "SITE_URL=https://example.org/handbook/ make build. · SITE_URL ei ole sivuston julkinen osoite: "
            "aseta se ennen julkaistavaa käännöstä.")


def absolute(base: str, url: str) -> str:
    """``url`` (site-relative, e.g. ``en/cards/x/``) under the public ``base``; unchanged without one."""
    return base + url if base else url


def robots_txt(base: str) -> str:
    """``robots.txt``: everything may be crawled; with a public address, where the sitemap is."""
    lines = ["User-agent: *", "Allow: /"]
    if base:
        lines.append(f"Sitemap: {base}sitemap.xml")
    return "\n".join(lines) + "\n"


def absolute_alternates(alternates: list[dict[str, str]] | None, base: str) -> None:
    """Make the language alternates of the page being rendered absolute under the public ``base`` (in place).

    mkdocs-static-i18n sets them per page (site-relative, e.g. ``en/cards/x/`` or ``/en/``);
    Material writes them as ``<link rel="alternate" hreflang>`` and as the language switcher.
    """
    if not base or not alternates:
        return
    for alternate in alternates:
        link = alternate.get("link", "")
        if link and not urlsplit(link).scheme:
            alternate["link"] = urljoin(base, link)
