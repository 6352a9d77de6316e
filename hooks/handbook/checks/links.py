"""Links in the Markdown sources, each with its ``file:line``.

Internal: a missing page, a missing heading anchor, the other language's page
by mistake, a file outside ``docs/`` (also an address in raw HTML: an ``<img src>``, an
``<a href>``, any URL attribute), an image without alt text, an empty link text. External
(offline policy): https only, no private or loopback hosts, no tracking parameters.
"""

from __future__ import annotations

import difflib
import ipaddress
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlsplit

from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt

from handbook import safety
from handbook.content.citations import blocks
from handbook.content.handbook import Handbook
from handbook.content.pages import MarkdownPage
from handbook.findings import Finding, finding
from handbook.i18n import DEFAULT_LANG

_HTML_ID = re.compile(r'\sid="([^"]+)"')
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
#: what a browser drops from an address before resolving it (tabs and line breaks anywhere)
_DROPPED = re.compile(r"[\t\n\r]")
#: the parser of a paragraph's inline Markdown, for its raw HTML tags (its configuration only: each parse has its own state)
_INLINE = MarkdownIt("commonmark")
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_eid|mc_cid|yclid|_hsenc|_hsmi|igshid)$", re.I)


def anchors_of_markdown(markdown: str, headings: list[tuple[int, str, int]] | None = None) -> set[str]:
    """The ids a page will have: heading slugs (as Python-Markdown makes them), {#id} and HTML ids."""
    ids: set[str] = set(_HTML_ID.findall(markdown))
    titles = headings if headings is not None else [
        (len(m.group(1)), m.group(2), 0) for m in re.finditer(r"^(#{1,6})\s+(.+?)\s*#*$", markdown, re.M)]
    counts: dict[str, int] = {}
    for _, title, _ in titles:
        explicit = _ATTR_ID.search(title)
        if explicit:
            ids.add(explicit.group(1))
            continue
        text = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", title)
        slug = slugify(text, "-")
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        ids.add(slug if n == 0 else f"{slug}_{n}")
    return ids


class _UrlAttributes(HTMLParser):
    """The addresses in an HTML snippet's attributes (:data:`handbook.safety.URL_ATTRIBUTES`): (line in the
    snippet, address); each address of a ``srcset`` on its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if name == "srcset" and value:
                self.found.extend((line, candidate.split()[0]) for candidate in value.split(",") if candidate.split())
            elif name in safety.URL_ATTRIBUTES and value is not None:
                self.found.append((line, value))

    handle_startendtag = handle_starttag


def raw_html_urls(page: MarkdownPage) -> list[tuple[str, int]]:
    """Every address in the raw HTML of a page's Markdown (a block of HTML, or a tag inside a paragraph),
    with its line: what Markdown's links (:attr:`MarkdownPage.links`) do not hold."""
    if "<" not in page.body:
        return []
    out: list[tuple[str, int]] = []

    def read(snippet: str, first_line: int) -> None:
        parser = _UrlAttributes()
        parser.feed(snippet)
        parser.close()
        out.extend((url, first_line + line - 1) for line, url in parser.found)

    for token in blocks(page.body):
        if not token.map:
            continue
        line = token.map[0] + page.first_line
        if token.type == "html_block":
            read(token.content, line)
        elif token.type == "inline" and "<" in token.content:
            for child in _INLINE.parseInline(token.content)[0].children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    read(child.content, line)
    return out


def _outside(resolved: str) -> bool:
    """Whether a normalised relative path (``posixpath.normpath``) climbs above the folder it starts in."""
    return resolved == ".." or resolved.startswith("../")


def html_outside_docs(page: MarkdownPage) -> list[Finding]:
    """An address in the page's raw HTML that leaves ``docs/`` (``link-outside-docs``, as a Markdown link):
    raw HTML is published as written, so its address is resolved from the page's own address, as a
    browser (and the PDF book) resolves it, with what a browser decodes or drops (``%2e``, ``\\``, tabs)."""
    out = []
    for target, line in raw_html_urls(page):
        address = unquote(_DROPPED.sub("", target.strip()).replace("\\", "/"))
        if not address or _SCHEME.match(address) or address.startswith(("#", "/")):
            continue  # another site, this page, or a site address: nothing above the site's root
        path = address.partition("#")[0].partition("?")[0]
        if _outside(posixpath.normpath(posixpath.join(page.url, path))):
            out.append(finding(page.rel, line, "link-outside-docs", "link-outside-docs", target=target))
    return out


def _private(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost",) or host.endswith((".local", ".localhost", ".internal", ".lan")):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified


def url_policy(url: str, path: str, line: int) -> list[Finding]:
    """https only, no private hosts, no tracking parameters."""
    out = []
    parts = urlsplit(url)
    if parts.scheme == "http":
        out.append(finding(path, line, "url-insecure", "url-insecure", severity="warning", url=url))  # http: a warning
    if parts.hostname and _private(parts.hostname):
        out.append(finding(path, line, "url-private-host", "url-private-host", url=url, host=parts.hostname))
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if TRACKING.match(k)]
    if tracking:
        out.append(finding(path, line, "url-tracking", "url-tracking", url=url, params=", ".join(tracking)))
    return out


def external_urls(hb: Handbook) -> list[tuple[str, str, int]]:
    """Every absolute web address in the content: (url, file, line)."""
    out = []
    for page in hb.pages:
        for link in page.links:
            if re.match(r"^https?://", link.target, re.I):  # the scheme in any letter case (HTTP://)
                out.append((link.target, page.rel, link.line))
    for key, entry in hb.bib.entries.items():
        if "url" in entry.fields:
            path, line = hb.bib.where[key]
            out.append((entry.fields["url"].strip(), path, line))
    for card in hb.cards:
        rel = (card.folder / "card.yml").relative_to(hb.root).as_posix()
        out.append((card.facts["contact"]["url"], rel, card.line_of("contact", "url")))
    return out


def check(hb: Handbook, generated: dict[str, dict[str, str]], downloads: frozenset[str] = frozenset()) -> list[Finding]:
    """Internal links and the external-link policy of every page.

    ``generated``: the generated pages' Markdown (source path → language → text, from
    :func:`handbook.render.generated.generated_sources`), so that links to them and their anchors are known;
    ``downloads``: the files the build writes at the site root (:func:`handbook.publish.downloads.paths`).
    """
    out: list[Finding] = []
    by_src: dict[tuple[str, str], MarkdownPage] = {(p.src, p.lang): p for p in hb.pages}
    anchors: dict[tuple[str, str], set[str]] = {}

    def page_anchors(src: str, lang: str) -> set[str] | None:
        key = (src, lang)
        if key not in anchors:
            page = by_src.get(key) or by_src.get((src, DEFAULT_LANG))  # an untranslated page: the original's
            if page is not None:
                ids = anchors_of_markdown(page.body, page.headings)
                ids |= {f"use-{fact}" for fact, _ in page.facts_used}
                ids |= {f"ref-{k}" for c in page.citations for k in c.keys}
                card = hb.card(src.split("/")[1]) if src.startswith("cards/") else None
                if card is not None:
                    ids |= anchors_of_markdown(f"# {card.name(lang)}") | {f"ref-{k}" for k in card.facts["sources"]}
                anchors[key] = ids
            elif src in generated:
                anchors[key] = anchors_of_markdown(generated[src].get(lang, ""))
            else:
                return None
        return anchors[key]

    known = sorted({src for src, _ in by_src} | set(generated))  # every page, for a "did you mean"

    def missing(page: MarkdownPage, line: int, target: str, resolved: str, here: str) -> Finding:
        """A link to a page that does not exist, with the page the editor probably meant."""
        tries = [resolved + "/index.md", resolved + ".md"] if not resolved.endswith(".md") else []
        guess = next((t for t in tries if t in known), None)
        if guess is None:
            close = difflib.get_close_matches(resolved if resolved.endswith(".md") else resolved + "/index.md",
                                              known, n=1, cutoff=0.75)
            guess = close[0] if close else None
        if guess is None:
            return finding(page.rel, line, "link-page", "link-page", target=target)
        fix = posixpath.relpath(guess, here or ".") + (f"#{target.partition('#')[2]}" if "#" in target else "")
        return finding(page.rel, line, "link-page", "link-page-guess", target=target, fix=fix)

    for page in hb.pages:
        here = posixpath.dirname(page.src)
        for link in page.links:
            target, line = link.target, link.line
            if link.kind == "image" and not link.text.strip():
                out.append(finding(page.rel, line, "image-alt", "image-alt", target=target))
            if link.kind == "link" and not link.text.strip() and not link.image:
                out.append(finding(page.rel, line, "link-empty-text", "link-empty-text", target=target))
            if not target or _SCHEME.match(target):
                continue
            path, _, fragment = target.partition("#")
            if not path:  # same page
                ids = page_anchors(page.src, page.lang)
                if fragment and ids is not None and fragment not in ids:
                    out.append(finding(page.rel, line, "link-anchor", "link-anchor", target=target,
                                       page=page.rel, anchors=_some(ids)))
                continue
            resolved = posixpath.normpath(posixpath.join(here, path))
            if path.startswith("/"):  # a site address: the page is linked by its file, relative to this one
                out.append(missing(page, line, target, resolved.lstrip("/"), here))
                continue
            if _outside(resolved):
                out.append(finding(page.rel, line, "link-outside-docs", "link-outside-docs", target=target))
                continue
            suffix = re.match(r"^(.*)\.([a-z]{2})\.md$", resolved)
            if suffix:
                neutral, link_lang = suffix.group(1) + ".md", suffix.group(2)
                if link_lang != page.lang and (neutral, page.lang) in by_src:
                    out.append(finding(page.rel, line, "link-language", "link-language", target=target,
                                       lang=page.lang, fix=posixpath.relpath(neutral, here or ".")))
                    continue
                resolved, target_lang = neutral, link_lang
            else:
                target_lang = page.lang
            if resolved.endswith(".md"):
                ids = page_anchors(resolved, target_lang)
                if ids is None:
                    out.append(missing(page, line, target, resolved, here))
                elif fragment and fragment not in ids:
                    out.append(finding(page.rel, line, "link-anchor", "link-anchor", target=target,
                                       page=path, anchors=_some(ids)))  # the page as the link names it
            elif not (hb.docs / resolved).exists() and resolved not in downloads:
                out.append(missing(page, line, target, resolved, here))
        out.extend(html_outside_docs(page))
    for url, path, line in external_urls(hb):
        out.extend(f for f in url_policy(url, path, line)  # an http source is advice, reported by bib.py
                   if not (f.code == "url-insecure" and path.startswith("bibliography/")))
    return out


def _some(ids: set[str]) -> str:
    shown = sorted(i for i in ids if not i.startswith(("ref-", "use-", "hb-")))[:8]
    return ", ".join(shown) or "–"
