"""The handbook as a book: one PDF per language, made from the built site (``make pdf``).

:func:`book_html` composes one print page per language from the built pages: a title page
with the date, a table of contents with page numbers, the home page, the methods page, every
practice card with its fact box, the research summaries, the key figures, the glossary and the
bibliography, each page under its web address. :func:`write_pdfs` prints it with Chromium's
print to PDF (Playwright), with page numbers in the footer. The contents' page numbers come
from a first print: the page on which each part starts (its named destination, read with pypdf).

The book is printed from a file, so every image is a file that Chromium reads: a page's image is
the file of the built site that its address names, and an address that leads out of the site, a web
address, or any other address that makes the browser fetch, such as ``srcset``, is left out of the
book and reported (``pdf-outside-site``, :func:`site_file`). The printing browser is let read only
the book and the site's files (:func:`_only_files`): it makes no request to the web or the network.

Run after ``mkdocs build``: ``python -m handbook.publish.pdf site`` (``make pdf``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
import html as htmllib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from handbook.content import project
from handbook.findings import Finding, finding
from handbook.i18n import format_date, root, t
from handbook.render.pdf import FILE_NAMES
from handbook.safety import escape

if TYPE_CHECKING:  # Playwright is imported only when the books are printed
    from playwright.sync_api import Route


#: language-neutral site paths of the book's parts before and after the card index, the cards and research
BEFORE = ("", "methods/")
AFTER = ("journalists/", "facts/", "glossary/", "faq/", "bibliography/")
#: the bibliography's "cited on" lists: every page they name is in the book too
_CITED_ON = re.compile(r'<span class="hb-backlinks">(.*?)</span>', re.S)

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_DROP = (
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S),
    re.compile(r'<nav class="hb-related".*?</nav>', re.S),
    re.compile(r'<p class="hb-changed".*?</p>', re.S),
    re.compile(r'<p class="hb-print".*?</p>', re.S),
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r'<form class="hb-filter".*?</form>', re.S),
    re.compile(r'<p class="hb-hint">.*?</p>', re.S),
)
_LINK = re.compile(r'(\s(?:href|src))="([^"]*)"')
#: the attributes whose address a browser fetches as it shows the page: an image's ``src`` is resolved to a
#: file of the site (:func:`site_file`); the others, never in the site's pages, are left out
_FETCHED = re.compile(r"""\s(src|srcset|poster|background|lowsrc|dynsrc|data)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_ID = re.compile(r'(\sid)="([^"]+)"')
_ASIDE_LINK = re.compile(r'(\saria-describedby)="([^"]+)"')

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.45; color: #111;
       font-variant-ligatures: none; font-feature-settings: "liga" 0; }
body { margin: 0; }
a { color: #064; text-decoration: none; }
h1 { font-size: 18pt; margin: 0 0 .3em; break-after: avoid; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; }
.part { break-before: page; }
.url { font-size: 8.5pt; color: #444; margin: 0 0 1em; word-break: break-all; }
.title-page { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.title-page h1 { font-size: 28pt; }
.title-page p { font-size: 12pt; }
.toc { break-before: page; }
.toc ol { list-style: none; padding: 0; }
.toc li { display: flex; gap: .5em; margin: .15em 0; }
.toc li a { flex: 1 1 auto; }
.toc .num { flex: 0 0 auto; min-width: 2.5em; text-align: right; }
.toc .sub { padding-left: 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .8em 0; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; }
tr, li, dd { break-inside: avoid; }
.hb-facts { border: 1px solid #064; padding: .5em .8em; margin: .5em 0 1em; break-inside: avoid; }
.hb-facts__title { font-weight: bold; margin: 0 0 .3em; }
.hb-facts dl { display: grid; grid-template-columns: 11em 1fr; gap: .15em .8em; margin: 0; }
.hb-facts dt { font-weight: bold; }
.hb-facts dd { margin: 0; }
.hb-knowledge { border: 1px solid #111; padding: 0 .3em; font-weight: bold; }
.hb-knowledge__why { display: block; font-size: 9pt; }
.hb-map { display: none; }
.hb-crumbs ol { list-style: none; padding: 0; margin: 0 0 .5em; font-size: 9pt; }
.hb-crumbs li { display: inline; }
.hb-crumbs li + li::before { content: " › "; }
.grid.cards > ul, .grid.cards > ol { list-style: none; padding: 0; }
.grid.cards > ul > li, .grid.cards > ol > li { margin: 0 0 .6em; }
details { display: block; }
details > summary { font-weight: bold; list-style: none; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; white-space: pre-wrap; }
[hidden] { display: none !important; }
img, svg { max-width: 100%; height: auto; }
img:not([src]) { display: none; }
"""


def _plain(html: str) -> str:
    return " ".join(_TAGS.sub("", html).replace("&para;", "").split())


def parts(site_dir: Path, lang: str) -> list[str]:
    """The book's pages (language-neutral site paths) in order, derived from the built site."""
    prefix = root(lang)
    data = json.loads((site_dir / "cards.json").read_text(encoding="utf-8"))
    cards = [record[lang]["url"][len(prefix):] for record in data["cards"]]
    home = (site_dir / prefix / "index.html").read_text(encoding="utf-8")
    research = ["research/"]
    for href in re.findall(r'href="(research/[^"#]+/)"', home):  # the navigation's order
        if href not in research:
            research.append(href)
    found = [*BEFORE, "cards/", *cards, *research, *AFTER[:-1]]
    bibliography = site_dir / prefix / AFTER[-1] / "index.html"
    if bibliography.exists():  # a page the bibliography says cites a source, before the bibliography itself
        for backlinks in _CITED_ON.findall(bibliography.read_text(encoding="utf-8")):
            for href in re.findall(r'href="\.\./([^"#]*/)"', backlinks):
                if href not in found:
                    found.append(href)
    found.append(AFTER[-1])
    return [path for path in found if (site_dir / prefix / path / "index.html").exists()]


def site_file(value: str, page_dir: Path, site_dir: Path) -> Path | None:
    """The file inside ``site_dir`` that the relative (or ``file:``) address ``value`` of a page in ``page_dir``
    names, as Chromium would read it (``..``, symbolic links and percent-escapes resolved); None when it
    leads out of the site or is an address of another scheme (``https:``)."""
    address = htmllib.unescape(value).strip()
    if address.lower().startswith("file:"):
        local = url2pathname(urlsplit(address).path)
    elif _SCHEME.match(address) or address.startswith("//"):
        return None  # the web, or another scheme: no file of the site
    else:
        local = unquote(address.partition("#")[0].partition("?")[0])
    target = (page_dir / local).resolve()
    return target if target.is_relative_to(site_dir.resolve()) else None


def _shown(path: Path) -> str:
    """``path`` as a finding names it: relative to the current folder where it is inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


class Part(NamedTuple):
    """One page of the site as a part of the book."""

    title: str
    #: the page's web address
    url: str
    html: str
    #: what the book leaves out of the page (``pdf-outside-site``)
    left_out: list[Finding]


def _part(site_dir: Path, lang: str, path: str, n: int, site_url: str) -> Part:
    """One page of the site as a part of the book."""
    prefix = root(lang)
    page = site_dir / prefix / path / "index.html"
    text = page.read_text(encoding="utf-8")
    match = _ARTICLE.search(text)
    html = match.group(1) if match else ""
    start = match.start(1) if match else 0
    page_dir = page.parent
    left_out: list[Finding] = []

    def fetched(m: re.Match[str]) -> str:
        attr, value = m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3)
        if attr == "src" and (value.startswith("#") or value.lower().startswith("data:")):
            return m.group(0)  # this page, or data in the page itself: nothing to fetch
        file = site_file(value, page_dir, site_dir) if attr == "src" else None
        if file is not None:
            return f' src="{escape(file.as_uri())}"'
        line = text.count("\n", 0, start + m.start()) + 1
        left_out.append(finding(_shown(page), line, "pdf-outside-site", "pdf-outside-site", severity="warning",
                                src=value))
        return ""

    html = _FETCHED.sub(fetched, html)
    for pattern in _DROP:
        html = pattern.sub("", html)
    title_match = _H1.search(html)
    title = _plain(title_match.group(1)) if title_match else path
    url = urljoin(site_url, prefix + path)

    def link(m: re.Match[str]) -> str:
        attr, value = m.group(1), m.group(2)
        if value.startswith("#"):
            return f'{attr}="#p{n}-{value[1:]}"'
        if _SCHEME.match(value) or attr.strip() == "src":  # a src is a file: URI by now (fetched)
            return m.group(0)
        return f'{attr}="{escape(urljoin(url, value))}"'

    html = _LINK.sub(link, html)
    html = _ID.sub(lambda m: f'{m.group(1)}="p{n}-{m.group(2)}"', html)
    html = _ASIDE_LINK.sub(lambda m: f'{m.group(1)}="p{n}-{m.group(2)}"', html)
    web = t("pdf_web", lang)
    html = _H1.sub(lambda m: m.group(0) + f'\n<p class="url">{escape(web)}: <a href="{escape(url)}">{escape(url)}</a></p>',
                   html, count=1)
    return Part(title, url, f'<section class="part" id="p{n}">\n{html}\n</section>', left_out)


def book_html(site_dir: Path, lang: str, site_url: str, site_name: str, today: dt.date,
              pages: dict[int, int] | None = None,
              report: Callable[[Finding], None] | None = None) -> tuple[str, list[tuple[int, str, str]]]:
    """The print page of the whole handbook in ``lang``, and its parts (number, title, web address).

    ``pages`` (part number → page) fills the contents' page numbers; ``report`` is handed what the
    book leaves out (``pdf-outside-site``: an image outside the site).
    """
    paths = parts(site_dir, lang)
    made = [_part(site_dir, lang, path, n, site_url) for n, path in enumerate(paths)]
    if report is not None:
        for part in made:
            for item in part.left_out:
                report(item)
    entries = []
    for n, part in enumerate(made):
        number = str(pages.get(n, "")) if pages else ""
        cls = ' class="sub"' if paths[n].count("/") > 1 else ""  # a card or a research summary
        entries.append(f'<li{cls}><a href="#p{n}">{escape(part.title)}</a><span class="num">{number}</span></li>')
    home = urljoin(site_url, root(lang))
    html = (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(site_name)}</title>'
            f"<style>{CSS}</style></head><body>\n"
            f'<section class="title-page"><h1>{escape(site_name)}</h1>'
            f'<p>{escape(t("pdf_made", lang, date=format_date(today, lang)))}</p>'
            f'<p><a href="{escape(home)}">{escape(home)}</a></p></section>\n'
            f'<nav class="toc"><h2>{escape(t("pdf_contents", lang))}</h2><ol>{"".join(entries)}</ol></nav>\n'
            + "\n".join(part.html for part in made) + "\n</body></html>\n")
    return html, [(n, part.title, part.url) for n, part in enumerate(made)]


def _footer(lang: str) -> str:
    return ('<div style="font-size:8px;width:100%;text-align:center;color:#444">'
            f'{escape(t("pdf_page", lang))} <span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def _start_pages(pdf_path: Path) -> dict[int, int]:
    """Part number → the page it starts on: Chromium keeps the contents' links to ``#p<n>`` as named
    destinations, so the first print tells where each part landed (no text extraction needed)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    out: dict[int, int] = {}
    for name, destination in reader.named_destinations.items():
        match = re.fullmatch(r"/?p(\d+)", name)
        page = reader.get_destination_page_number(destination) if match else None
        if match and page is not None:  # a destination on no page of the file: not a part's start
            out[int(match.group(1))] = page + 1
    return out


def _warn(item: Finding) -> None:
    print(item.text(), file=sys.stderr)


def _only_files(site_dir: Path, source: Path) -> Callable[[Route], None]:
    """A request handler that lets the printing browser read the book's own file and the built site's
    files, and nothing else: no address on the web or on this machine's network (the book's images are
    site files by now, :func:`site_file`; this holds even for an address that the page's HTML did not show)."""
    inside = site_dir.resolve().as_uri() + "/"
    book = source.resolve().as_uri()

    def handle(route: Route) -> None:
        url = route.request.url
        if url == book or url.startswith(inside) or url.startswith("data:"):
            route.continue_()
        else:
            route.abort("blockedbyclient")
    return handle


def write_pdfs(site_dir: Path, site_url: str, site_names: dict[str, str], out_dir: Path | None = None,
               today: dt.date | None = None, chromium: str | None = None,
               report: Callable[[Finding], None] = _warn) -> dict[str, Path]:
    """Print one PDF per language of ``site_names`` (language → the site's name) into ``out_dir``
    (default: the site root); language → file. ``report`` is handed what a book leaves out (default:
    printed on standard error)."""
    from playwright.sync_api import sync_playwright

    today = today or dt.date.today()
    chromium = chromium or os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
    out_dir = out_dir or site_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    args = ["--no-sandbox", "--disable-dev-shm-usage"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium if Path(chromium).exists() else None, args=args)
        try:
            for lang in site_names:
                target = out_dir / FILE_NAMES[lang]
                pages: dict[int, int] | None = None
                for attempt in range(2):  # the second print knows where each part starts
                    html, _ = book_html(site_dir, lang, site_url, site_names[lang], today, pages,
                                        report if attempt else None)
                    source = out_dir / f".book-{lang}.html"
                    source.write_text(html, encoding="utf-8")
                    page = browser.new_page()
                    page.route("**/*", _only_files(site_dir, source))
                    page.goto(source.as_uri(), wait_until="load")
                    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                             header_template="<span></span>", footer_template=_footer(lang),
                             margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
                    page.close()
                    source.unlink()
                    pages = _start_pages(target)
                written[lang] = target
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m handbook.publish.pdf [SITE_DIR]`` (from the project folder): the books of a built site."""
    argv = sys.argv[1:] if argv is None else argv
    site_dir = Path(argv[0] if argv else "site").resolve()
    if not (site_dir / "cards.json").exists():
        print(f"{site_dir}: not a built handbook (run make build first)", file=sys.stderr)
        return 2
    config = project.read_config(Path.cwd())
    site_url = (config.get("site_url") or "http://127.0.0.1:8000/").rstrip("/") + "/"
    start = time.perf_counter()
    written = write_pdfs(site_dir, site_url, project.site_names(config))
    for path in written.values():
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    print(f"PDF: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
