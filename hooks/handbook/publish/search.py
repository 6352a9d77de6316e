"""Search: one Pagefind index per language, with Finnish base forms and compound parts.

Each page is written for Pagefind by :func:`document` (``on_page_content``):
the page's content is the indexed body, the section (and for cards the municipality and
status) become result metadata, permalinks and hidden helper text are ignored,
and for Finnish pages the base forms and compound parts of the page's words,
found with Voikko, are added in a hidden element. So *lastensuojelussa* finds
*lastensuojelu*, *sijoitus* finds *sijoituksia*, and *suojelu* or *lapsi* find
*lastensuojelu*; Pagefind's own Finnish stemming handles the rest of the
inflection at query time, and where its stems of a base form and of the inflected forms differ
(*sijoitus* / *sijoituks-*), the inflected forms the handbook uses elsewhere are added to a page
with the base form (:func:`inflected_forms`). :class:`Indexer` indexes each language with the Pagefind
command while MkDocs is still rendering that language's pages, and joins the
bundles: one index per language.

Why Voikko rather than the glossary's term list: Voikko knows the whole Finnish
vocabulary and its compounds, so a card about *perhetyöntekijät* is found by
*perhe* without anyone adding the word to a list. Without Voikko (a machine
without the Debian packages ``libvoikko1`` and ``voikko-fi``) the index is built
without the expansion and the build says so.
"""

from __future__ import annotations

import functools
import html as htmllib
import importlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypedDict

from handbook.content import vocab
from handbook.content.cards import Card
from handbook.content.spawn import Pending, Spawn
from handbook.i18n import DEFAULT_LANG, root

log = logging.getLogger("mkdocs.plugins.handbook.search")

_WORD = re.compile(r"[^\W\d_]{3,}")
_TAGS = re.compile(r"<[^>]+>")


class Expander:
    """Base forms and compound parts of one language's words (``lang``: Finnish) from Voikko, cached per word."""

    def __init__(self, lang: str = "fi") -> None:
        self.lang = lang
        self.cache: dict[str, tuple[str, ...]] = {}
        try:
            import libvoikko

            self.voikko = libvoikko.Voikko(lang)
        except Exception as exc:  # no libvoikko1/voikko-fi on this machine
            self.voikko = None
            self.problem = str(exc)

    @property
    def available(self) -> bool:
        return self.voikko is not None

    def bases(self, word: str) -> tuple[str, ...]:
        """The base forms of ``word`` (lower case) other than the word itself: *sijoituksia* → *sijoitus*."""
        word = word.lower()
        key = "\0" + word
        if key not in self.cache:
            found = (a.get("BASEFORM", "").lower() for a in (self.voikko.analyze(word) if self.voikko else [])[:2])
            self.cache[key] = tuple(dict.fromkeys(b for b in found if b and b != word))
        return self.cache[key]

    def words(self, word: str) -> tuple[str, ...]:
        """Base form and compound-part base forms of ``word`` (lower case)."""
        word = word.lower()
        if word in self.cache:
            return self.cache[word]
        out: list[str] = []
        for analysis in (self.voikko.analyze(word) if self.voikko else [])[:2]:
            base = analysis.get("BASEFORM", "").lower()
            if base and base != word:
                out.append(base)
            out.extend(compound_parts(analysis.get("WORDBASES", "")))
        result = tuple(dict.fromkeys(w for w in out if w != word and len(w) > 2))
        self.cache[word] = result
        return result


def compound_parts(wordbases: str) -> list[str]:
    """Compound members of a Voikko ``WORDBASES`` string.

    ``+lasten(lapsi)+suojel(suojella)+u(+u)`` → ``["lapsi", "suojelu"]``: a part is
    ``+surface(base)``; a part whose base starts with ``+`` is a derivational
    suffix and is joined to the surface of the part before it.
    """
    parts: list[list[str]] = []  # [surface, base]
    for surface, base in re.findall(r"\+([^+(]*)(?:\(([^)]*)\))?", wordbases):
        if base.startswith("+") and parts:
            parts[-1] = [parts[-1][0] + surface, parts[-1][0] + surface]
        elif surface:
            parts.append([surface, base or surface])
    return [base.lower() for _, base in parts] if len(parts) > 1 else []


def nav_sections(nav: list[object], translations: dict[str, dict[str, str]],
                 default: str = DEFAULT_LANG) -> dict[str, dict[str, str]]:
    """Top-level folder or page (``cards``, ``facts``, ``""`` for the home page) → the label of its
    section in ``mkdocs.yml``'s ``nav``, per language (other languages from ``nav_translations``)."""
    def paths(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                yield from paths(item)
        elif isinstance(value, dict):
            for item in value.values():
                yield from paths(item)

    out: dict[str, dict[str, str]] = {}
    for entry in nav:
        items = entry.items() if isinstance(entry, dict) else [("", entry)]
        for title, value in items:
            labels = {default: title, **{lang: names.get(title, title) for lang, names in translations.items()}}
            for path in paths(value):
                first = path.split("/")[0]
                key = "" if path == "index.md" else first[:-3] if first.endswith(".md") else first
                out.setdefault(key, labels)
    return out


def section_of(url: str, lang: str, sections: dict[str, dict[str, str]]) -> str:
    """The search result section of a page URL (``en/cards/x/`` → Practices)."""
    prefix = root(lang)
    neutral = url[len(prefix):] if prefix and url.startswith(prefix) else url
    labels = sections.get(neutral.split("/")[0]) or sections.get("") or {}
    return labels.get(lang, "")


#: The id of the element that holds the base forms and compound parts: they are indexed, and
#: the search box (handbook-search.js) takes its excerpts only from the text before them.
TERMS_ID = "hb-search-terms"
_IGNORED = re.compile(r'<div class="hb-term-defs"[^>]*>.*?</div>', re.S)
_BLOCK_END = re.compile(r"(</(?:p|li|dt|dd|td|th|tr|caption|h[1-6]|div|aside|summary|blockquote|pre|figcaption)>|<br\s*/?>)")
_INDEX_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")

#: The weight of those added words: less than the page's own words, so that a page with the word a reader
#: typed comes before a page that has only another form of it.
TERMS_WEIGHT = 0.5

#: The id of the element that holds what a page shows besides its running text (fact box, tables,
#: code, reference lists, a filter form): indexed after the text, so it
#: finds the page, but the search box (handbook-search.js) takes no excerpt from it.
APART_ID = "hb-search-apart"
#: The ids (``hb-search-gap-0``, …) of the empty elements left where a block was taken out of the
#: running text: an excerpt does not run across one (the words either side are not next to each other).
GAP_ID = "hb-search-gap"
#: The opening tags of the blocks kept apart from the running text.
_APART = re.compile(r'<(aside)\b[^>]*class="hb-facts[" ]|<(table)\b|<(ul)\b[^>]*class="hb-references[" ]'
                    r'|<(div)\b[^>]*class="highlight[" ]|<(pre)\b|<(form)\b')
#: A page with fewer words of running text than this outside its headings (a title over a table) is
#: shown from all of its text: the table or list is what the page is.
PROSE_WORDS = 6


def _block_end(html: str, start: int, tag: str) -> int:
    """The end of the element of name ``tag`` that opens at ``start`` (nested ones of the same name counted)."""
    depth, pattern = 0, re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
    for m in pattern.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(html)


_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_IGNORED_OPEN = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-ignore\b[^>]*>")


def _drop_ignored(html: str) -> str:
    """``html`` less the elements Pagefind does not index (``data-pagefind-ignore``)."""
    out, at = [], 0
    for m in _IGNORED_OPEN.finditer(html):
        if m.start() < at:
            continue
        out.append(html[at:m.start()])
        at = m.end() if m.group(1) in _VOID else _block_end(html, m.start(), m.group(1))
    return "".join(out) + html[at:]


def split_prose(article: str) -> tuple[str, str]:
    """The page's running text, and the blocks that are not running text (fact box, tables, code,
    reference lists, a filter form), each in page order. Both are indexed; excerpts come from the
    first. A page of (almost) no running text keeps everything as its text."""
    prose: list[str] = []
    apart: list[str] = []
    at = 0
    for m in _APART.finditer(article):
        if m.start() < at:  # inside a block already kept apart
            continue
        tag = next(g for g in m.groups() if g)
        end = _block_end(article, m.start(), tag)
        prose.append(article[at:m.start()] + f'<span id="{GAP_ID}-{len(apart)}"></span>')
        apart.append(article[m.start():end])
        at = end
    prose.append(article[at:])
    text = "".join(prose)
    body = re.sub(r"<(h[1-6])\b.*?</\1>", " ", text, flags=re.S)
    if not apart or len(_WORD.findall(htmllib.unescape(_TAGS.sub(" ", _drop_ignored(body))))) < PROSE_WORDS:
        return article, ""
    return text, "".join(apart)


def page_words(content: str) -> set[str]:
    """The words of a page's content that Pagefind indexes (lower case; hidden definitions left out)."""
    return {w.lower() for w in _WORD.findall(htmllib.unescape(_TAGS.sub(" ", _IGNORED.sub(" ", content))))}


def inflected_forms(contents: Iterable[str], expander: Expander | None) -> dict[str, frozenset[str]]:
    """Base form → the inflected forms of it that occur in ``contents`` (one language's pages).

    Pagefind's Finnish stemmer does not join every base form with its inflected forms: *sijoitus*
    stays *sijoitus*, while *sijoituksessa*, *sijoituksen* and *sijoituksia* all become *sijoituks*.
    A page that has a word only in its base form (a glossary entry, a title) would not be found by
    an inflected query; :func:`document` adds the forms of its words that the other pages use, so
    the stem an inflected query has is indexed for it too.
    """
    forms: dict[str, set[str]] = {}
    if expander is None or not expander.available:
        return {}
    for content in contents:
        for word in page_words(content):
            for base in expander.bases(word):
                forms.setdefault(base, set()).add(word)
    return {base: frozenset(words) for base, words in forms.items()}


#: The kinds of page, for ranking (:func:`weighted`): a practice card or research summary (what a reader
#: searches for), an overview (the home page, a section's index, a page the handbook makes from the
#: cards: approaches, areas, map, card index, glossary), or any other page.
PRACTICE, OVERVIEW, PAGE = "practice", "overview", "page"
#: Pagefind's weight of the words in each part of a page, by kind (Pagefind's own: 7 for a title, 6 to 2
#: for the headings below it, 1 for the text). A practice page's words weigh twice a plain page's, its
#: title and lead the most; an overview page's words weigh half, so that it comes first only for what
#: no card or summary says.
WEIGHTS: dict[str, dict[str, float]] = {
    PRACTICE: {"title": 10.0, "lead": 4.0, "heading": 6.0, "text": 2.0},
    OVERVIEW: {"title": 1.0, "heading": 0.5, "text": 0.5},
}
_LEAD = re.compile(r"<p\b(?![^>]*data-pagefind-(?:weight|ignore))")
_SUBHEADING = re.compile(r"<(h[2-6])\b(?![^>]*data-pagefind-weight)")


def _weigh(tag: str, weight: float) -> str:
    return f'<{tag} data-pagefind-weight="{weight:g}"'


def weighted(html: str, kind: str) -> str:
    """``html`` (a page's indexed running text) with the weights of :data:`WEIGHTS` for its ``kind``: on its
    title (``<h1>``), the first paragraph after it (the lead), its other headings and, in an element
    around everything after the title, its text."""
    weights = WEIGHTS.get(kind)
    if not weights:
        return html
    html = _SUBHEADING.sub(lambda m: _weigh(m.group(1), weights["heading"]), html)
    title = re.search(r"<h1\b.*?</h1>", html, re.S)
    if not title:
        return f'<div data-pagefind-weight="{weights["text"]:g}">{html}</div>'
    at = title.end()
    rest = html[at:]
    lead = _LEAD.search(rest) if "lead" in weights else None
    if lead:
        rest = rest[:lead.start()] + _weigh("p", weights["lead"]) + rest[lead.start() + 2:]
    return (html[:title.start()] + _weigh("h1", weights["title"]) + html[title.start() + 3:at]
            + f'<div data-pagefind-weight="{weights["text"]:g}">{rest}</div>')


def document(content: str, url: str, lang: str, meta: dict[str, str], expander: Expander | None,
             sections: dict[str, dict[str, str]], forms: dict[str, frozenset[str]] | None = None,
             kind: str = PAGE) -> str:
    """The page as Pagefind reads it (see the module docstring): its content (what the page's
    ``<article>`` holds) with the result metadata and, for Finnish, the base forms and compound
    parts of its words; permalinks, the print button and hidden helper text are not indexed.

    The excerpt of a result is running text of the page: block elements end with a space (so
    labels and values do not run together); what is not running text (a card's fact box, tables,
    code, reference lists: :func:`split_prose`) follows the text, in the element :data:`APART_ID`,
    and the base forms come last, in the element :data:`TERMS_ID`; the search box shows neither.
    The parts of the page weigh by its ``kind`` (:func:`weighted`).
    """
    article = (content.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
               .replace('<p class="hb-print"', '<p class="hb-print" data-pagefind-ignore'))  # "print this card"
    article = _BLOCK_END.sub(r"\1 ", article)
    prose, apart = split_prose(article)
    prose = weighted(prose, kind)
    fields = {"section": section_of(url, lang, sections), **meta}
    head = "".join(f'<span data-pagefind-meta="{key}" data-pagefind-ignore hidden>{htmllib.escape(value)}</span>'
                   for key, value in fields.items())
    tail = ""
    if expander is not None and expander.lang == lang and expander.available:
        words = page_words(_drop_ignored(article))  # the words Pagefind indexes
        found = {x for w in words for x in expander.words(w)}
        if forms:  # the inflected forms of the page's words (and base forms) found on other pages
            found |= {f for w in words for b in (w, *expander.bases(w)) for f in forms.get(b, ())}
        terms = sorted({x for x in found if _INDEX_WORD.match(x)} - words)
        if terms:
            tail = f'<p id="{TERMS_ID}" hidden data-pagefind-weight="{TERMS_WEIGHT:g}">{" ".join(terms)}</p>'
    if apart:
        weight = WEIGHTS.get(kind, {}).get("text")
        weight_attr = f' data-pagefind-weight="{weight:g}"' if weight else ""
        apart = f'<div id="{APART_ID}"{weight_attr}>{apart}</div>'
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
            f'<article data-pagefind-body>{head}{prose}{apart}{tail}</article></body></html>')


def card_meta(cards: list[Card], langs: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Each card page's URL → the municipality and status labels shown with its search results."""
    meta: dict[str, dict[str, str]] = {}
    for card in cards:
        for lang in langs:
            places = card.facts["municipalities"] or card.organisation_names(lang)
            meta[card.url(lang)] = {"municipality": ", ".join(places),
                                    "status": vocab.label(vocab.STATUS, card.facts["status"], lang)}
    return meta


def language_glob(source: Path, lang: str, default: str, others: list[str]) -> str:
    """The documents of one language under ``source``: ``en/**/*.html``, or for the default language
    everything outside the other languages' folders."""
    if lang != default:
        return f"{lang}/**/*.html"
    folders = sorted(p.name for p in source.iterdir() if p.is_dir() and p.name not in others)
    return "{" + ",".join(["*.html", *(f"{name}/**/*.html" for name in folders)]) + "}"


class IndexStats(TypedDict):
    """What :meth:`Indexer.finish` tells of the index it made."""

    seconds: float
    languages: list[str]


class Indexer:
    """The search index of one build, made while MkDocs is still building.

    Each page's content is kept as soon as it is ready (MkDocs' ``on_page_content``). When a
    language's pages are all read (``on_env``, before MkDocs renders them into the theme),
    :meth:`start` hands them to a background job (:mod:`handbook.engine.background`) that writes
    each page's :func:`document` to a work folder and runs the Pagefind command over them on
    one thread, alongside MkDocs. :meth:`finish` waits for the jobs and joins their bundles
    into ``site_dir/pagefind`` (Pagefind names every index file by its language, so the
    bundles do not collide).
    """

    def __init__(self, site_dir: Path, expander: Expander | None, sections: dict[str, dict[str, str]],
                 spawn: Spawn) -> None:
        self.site_dir = site_dir
        self.expander = expander
        self.sections = sections
        self.source = Path(tempfile.mkdtemp(prefix="handbook-search-"))
        self.start_time = time.perf_counter()
        self.pages: dict[str, tuple[str, dict[str, str], str]] = {}
        self.jobs: dict[str, Pending[Path]] = {}
        self.spawn = spawn

    def add(self, url: str, content: str, meta: dict[str, str], kind: str = PAGE) -> None:
        """A page's content (``url``: ``cards/x/``, ``en/``, ``""`` for the home page), result metadata and
        kind (:data:`PRACTICE`, :data:`OVERVIEW` or :data:`PAGE`)."""
        self.pages[url] = (content, meta, kind)

    def start(self, lang: str, default: str, others: list[str]) -> None:
        """Index the pages added so far (those of ``lang``) in the background."""
        pages, self.pages = self.pages, {}
        output = self.site_dir / f".pagefind-{lang}"
        self.jobs[lang] = self.spawn(lambda: _index(self.source, pages, lang, default, others, output, self.expander,
                                             self.sections))

    def close(self) -> None:
        """Remove the work folder (also after a build that failed)."""
        shutil.rmtree(self.source, ignore_errors=True)

    def finish(self) -> IndexStats:
        """Wait for every job and write the joined bundle to ``site_dir/pagefind``."""
        bundles = [job.result() for job in self.jobs.values()]
        target = self.site_dir / "pagefind"
        shutil.rmtree(target, ignore_errors=True)
        languages = join_bundles(bundles, target)
        self.close()
        return {"seconds": time.perf_counter() - self.start_time, "languages": sorted(languages)}


@functools.lru_cache(maxsize=1)
def pagefind_command() -> list[str]:
    """How to run Pagefind: its binary from the installed wheel, else ``python -m pagefind``
    (which finds the same binary, but starts Python first: about 0.1 s)."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return [os.environ["PAGEFIND_BINARY_PATH"]]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
            return [str(module.get_executable())]
        except (ImportError, FileNotFoundError):
            continue
    return [sys.executable, "-m", "pagefind"]


def _index(source: Path, pages: dict[str, tuple[str, dict[str, str], str]], lang: str, default: str, others: list[str],
           output: Path, expander: Expander | None, sections: dict[str, dict[str, str]]) -> Path:
    """Write one language's :func:`document` files under ``source``; run Pagefind over them into ``output``."""
    forms = inflected_forms((content for content, _, _ in pages.values()), expander) \
        if expander is not None and expander.lang == lang else {}
    for url, (content, meta, kind) in pages.items():
        target = source / url / "index.html" if url.endswith("/") or not url else source / url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document(content, url, lang, meta, expander, sections, forms, kind), encoding="utf-8")
    shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run([*pagefind_command(), "--site", str(source), "--glob",
                             language_glob(source, lang, default, others), "--output-path", str(output)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "RAYON_NUM_THREADS": "1"})  # one thread: MkDocs has the other core
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed for {lang}: {(result.stdout + result.stderr)[-2000:]}")
    return output


def join_bundles(bundles: list[Path], target: Path) -> dict[str, Any]:
    """Move Pagefind bundles into one folder with one ``pagefind-entry.json``; returns its languages
    (language → what Pagefind tells of its index)."""
    entry: dict[str, Any] = {}
    for bundle in bundles:
        this = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        if not entry:
            entry = this
            bundle.rename(target)
            continue
        entry["languages"].update(this["languages"])
        for path in sorted(bundle.rglob("*")):
            dest = target / path.relative_to(bundle)
            if path.is_dir():
                dest.mkdir(exist_ok=True)
            elif not dest.exists():  # the shared files (pagefind.js, the UI) are the same in every bundle
                path.rename(dest)
        shutil.rmtree(bundle)
    (target / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                 encoding="utf-8")
    languages: dict[str, Any] = entry.get("languages", {})
    return languages
