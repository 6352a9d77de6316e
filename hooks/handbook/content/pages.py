"""Every Markdown page of ``docs/``: language, URL, title and citations.

One pass over the sources per build (cached by file stamp) gives the
citation findings, the backlinks of the bibliography page and the page list
that later checks use.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from handbook.content import frontmatter, limits, reading, yamlmap
from handbook.content.citations import Citation, blocks, scan
from handbook.content.links import Link, extract
from handbook.content.schema import FIELD_NAMES as CARD_FIELDS
from handbook.content.spawn import Pending, Spawn
from handbook.findings import Finding, finding
from handbook.i18n import LANGS, root as language_root

_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
#: a key figure quoted in the text: ``{{fact:id}}`` (see :mod:`handbook.content.figures`)
FACT_REF = re.compile(r"\{\{\s*fact:([a-z0-9][a-z0-9-]*)\s*\}\}")


@dataclass
class MarkdownPage:
    """One language version of one page."""

    path: Path
    rel: str  # relative to the project root, e.g. docs/cards/x/index.fi.md
    src: str  # relative to docs/, language-neutral, e.g. cards/x/index.md
    lang: str
    url: str  # site-relative, e.g. en/cards/x/
    title: str
    citations: list[Citation] = field(default_factory=list)
    #: the front matter
    meta: dict[str, Any] = field(default_factory=dict)
    #: file line of the first line of the Markdown that MkDocs hands to hooks
    first_line: int = 1
    #: (level, title, line) of every heading
    headings: list[tuple[int, str, int]] = field(default_factory=list)
    #: (figure id, line) of every ``{{fact:id}}``
    facts_used: list[tuple[str, int]] = field(default_factory=list)
    #: links and images, each at its line
    links: list[Link] = field(default_factory=list)
    #: the Markdown body (without front matter), for the content checks
    body: str = ""
    #: top-level blocks in order: (tag, line, text); tag is h1…h6, p, or another block's token type
    outline: list[tuple[str, int, str]] = field(default_factory=list)
    #: (line, problem) when the front matter is not valid YAML
    front_error: tuple[int, str] | None = None
    #: what is wrong with the file itself or its front matter (:mod:`handbook.content.frontmatter`)
    problems: list[Finding] = field(default_factory=list)
    #: the engine must not read the file: it is not one the handbook reads (:mod:`handbook.content.reading`),
    #: or its front matter or nesting would break the engine's reading of it
    refused: bool = False
    #: the file line of each of the front matter's keys (:func:`front_line`)
    front_lines: dict[str, int] = field(default_factory=dict)


#: how deep blocks may nest (quotes in quotes, lists in lists): the block parser stops one level below
#: its limit (``maxNesting``, 20), far deeper than any page needs and far shallower than the engine's limit
MAX_NESTING = 19


#: a research summary's language-neutral source path: a page in research/, not the section's index
_SUMMARY_SRC = re.compile(r"^research/(?!index\.md$)[^/]+\.md$")


def is_summary(src: str) -> bool:
    """Whether the language-neutral source path ``src`` (e.g. ``research/x.md``) is a research summary."""
    return bool(_SUMMARY_SRC.match(src))


def reserved_folders(langs: tuple[str, ...]) -> tuple[str, ...]:
    """The folders of ``docs/`` that belong to the site itself: the engine's ``templates/`` (which it
    leaves out), the search index ``pagefind/`` (written over) and each other language's root (``en/``).
    The file allow-list refuses them (``file-reserved``); the pages in them are no pages of the handbook."""
    return ("pagefind", "templates", *(language_root(lang).strip("/") for lang in langs if language_root(lang)))


def url_of(src: str, lang: str) -> str:
    """Site URL of a language-neutral source path (directory URLs)."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-5]
    else:
        stem += "/"
    return language_root(lang) + stem


#: file → (its stamp, the page read from it): what a process keeps between loads (``make serve``)
PageCache = dict[Path, tuple["Stamp", "MarkdownPage"]]
#: a file's modification time and size (None for a missing file)
Stamp = tuple[int, int] | None


def read_page(path: Path, docs: Path, root: Path, langs: tuple[str, ...] = LANGS,
              cache: PageCache | None = None) -> MarkdownPage | None:
    """The page in ``path`` (``name.<lang>.md`` under ``docs``, in one of ``langs``; else None).

    With ``cache``, a file whose stamp has not changed is not read again.
    """
    match = _SUFFIX.match(path.name)
    if not match or match["lang"] not in langs:
        return None
    current = stamp(path)
    cached = cache.get(path) if cache is not None else None
    if cached and cached[0] == current:
        return cached[1]
    rel = path.relative_to(root).as_posix() if root in path.parents else path.as_posix()
    src = path.parent.relative_to(docs).joinpath(match["stem"] + ".md").as_posix()
    if src.split("/", 1)[0] in reserved_folders(langs) and "/" in src:  # told once, at the folder (checks.files)
        page = MarkdownPage(path=path, rel=rel, src=src, lang=match["lang"], url=url_of(src, match["lang"]),
                            title=src, refused=True)
        if cache is not None:
            cache[path] = (current, page)
        return page
    try:
        if "." in match["stem"]:  # its address would be a folder with a dot, where the site writes its own files
            raise reading.Unreadable(1, "file-address-dot", name=path.name)
        text = reading.source_text(path, root)
    except reading.Unreadable as exc:
        page = MarkdownPage(path=path, rel=rel, src=src, lang=match["lang"], url=url_of(src, match["lang"]),
                            title=src, problems=[exc.finding(rel)], refused=True)
        if cache is not None:
            cache[path] = (current, page)
        return page
    split = frontmatter.split(text)
    body, offset = split.body, split.offset
    meta: dict[str, Any] = {}
    front_error = None
    problems: list[Finding] = []
    lines = yamlmap.LineMap(None)
    if split.yaml.strip():
        try:
            loaded, lines = yamlmap.load(split.yaml)
            meta = loaded if isinstance(loaded, dict) else {}
        except yamlmap.YamlError as exc:
            front_error = (exc.line + 1, exc.problem)
            problems.append(finding(rel, exc.line + 1, "front-matter", exc.problem))
    for number, key, _ in split.plain:
        problems.append(finding(rel, number, "front-matter", "front-matter-plain", key=key))
    heading = _H1.search(body)
    title = str(meta.get("title") or (heading.group(1) if heading else src))
    if not isinstance(meta.get("title", ""), str):
        title = heading.group(1) if heading else src
    page = MarkdownPage(path=path, rel=rel, src=src, lang=match["lang"], url=url_of(src, match["lang"]), title=title,
                        citations=scan(body, first_line=offset + 1), meta=meta, first_line=offset + 1,
                        front_error=front_error)
    skip = frozenset(CARD_FIELDS) if src.startswith("cards/") else frozenset()
    problems += [finding(rel, line + 1, "front-matter", code,  # the YAML starts on the file's second line
                         **({**params, "other": params["other"] + 1} if "other" in params else params))
                 for line, code, params in frontmatter.findings(meta, lines, skip)]
    page.problems = problems
    page.front_lines = lines.key_lines(offset=1)  # the YAML starts on the file's second line
    page.refused = front_error is not None and front_error[1] == "yaml-deep"
    tokens = blocks(body)  # the one block parse of this text in the build
    deep = next((t for t in tokens if t.level >= MAX_NESTING and t.map), None)
    if deep is not None and deep.map:  # the engine's Markdown would recurse until it fails
        page.problems.append(finding(rel, deep.map[0] + offset + 1, "page-nesting", "page-nesting"))
        page.refused = True
    cost, costly = limits.scan_cost(body)
    if cost > limits.MAX_SCAN:  # the engine's Markdown would scan the brackets for minutes, or for ever
        page.problems.append(finding(rel, costly + offset + 1, "page-nesting", "page-brackets"))
        page.refused = True
    html_deep = limits.html_depth(body)
    if html_deep is not None:  # md_in_html would recurse until it fails
        page.problems.append(finding(rel, html_deep + offset + 1, "page-nesting", "page-html-nesting",
                                     most=limits.MAX_HTML_NESTING))
        page.refused = True
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            title = re.sub(r"\s*\{#[^}]*\}\s*$", "", tokens[index + 1].content.strip())
            page.headings.append((int(token.tag[1]), title, token.map[0] + offset + 1))
        if token.level == 0 and token.nesting != -1 and token.map:
            line = token.map[0] + offset + 1
            if token.type in ("heading_open", "paragraph_open"):
                tag = token.tag if token.type == "heading_open" else "p"
                page.outline.append((tag, line, tokens[index + 1].content.strip()))
            else:
                page.outline.append((token.type, line, ""))
    page.body = body
    page.links = extract(body, offset + 1)
    if "{{" in body:
        for number, row in enumerate(body.split("\n"), start=offset + 1):
            page.facts_used.extend((m.group(1), number) for m in FACT_REF.finditer(row))
    if cache is not None:
        cache[path] = (current, page)
    return page


def front_line(page: MarkdownPage, key: str) -> int:
    """The file line of ``key:`` in the page's front matter, the last one if it is written twice (the one
    that counts); 1 if it is not there."""
    return page.front_lines.get(key, 1)


def day(value: object) -> dt.date | None:
    """The day a front matter value names (``reviewed: 2024-05-03``), or None if it names none."""
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def stamp(path: Path) -> Stamp:
    """Modification time and size of ``path`` (None if it is missing): a changed file has a new stamp."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _read_all(paths: list[Path], docs: Path, root: Path,
              langs: tuple[str, ...]) -> list[tuple[Path, Stamp, MarkdownPage | None]]:
    return [(path, stamp(path), read_page(path, docs, root, langs)) for path in paths]


#: below this many changed pages, reading them in a second process is not worth the fork
PARALLEL_FROM = 200
#: rough cost of reading one page, and of one card's facts and bibliography entries (milliseconds,
#: this machine), to share the work
PAGE_MS, CARD_MS = 0.75, 0.8


class Loading:
    """Pages being read: in a background process when many changed (see :mod:`handbook.engine.background`).

    ``cards`` is how many cards the build process loads meanwhile; the pages are shared so
    that both processes finish at about the same time (the build process reads its share
    in :meth:`result`). ``spawn`` starts work in a second process (the engine hands it in);
    without it everything is read here. ``cache`` keeps the pages read, by file stamp.
    """

    def __init__(self, docs: Path, root: Path, cards: int = 0, spawn: Spawn | None = None,
                 langs: tuple[str, ...] = LANGS, cache: PageCache | None = None) -> None:
        self.docs, self.root, self.langs = docs, root, langs
        self.cache: PageCache = cache if cache is not None else {}
        self.paths = sorted(docs.rglob("*.md"))
        todo = [p for p in self.paths
                if _SUFFIX.match(p.name) and (p not in self.cache or self.cache[p][0] != stamp(p))]
        self.job: Pending[list[tuple[Path, Stamp, MarkdownPage | None]]] | None = None
        self.mine: list[Path] = []
        if spawn is not None and len(todo) >= PARALLEL_FROM:
            share = min(len(todo), round((CARD_MS * cards + PAGE_MS * len(todo)) / (2 * PAGE_MS)))
            theirs, self.mine = todo[:share], todo[share:]
            self.job = spawn(lambda: _read_all(theirs, docs, root, langs), soon=True)

    def result(self) -> list[MarkdownPage]:
        """All pages under ``docs`` (in every language of the handbook), sorted by path."""
        for path in self.mine:
            read_page(path, self.docs, self.root, self.langs, self.cache)
        if self.job is not None:
            for path, version, page in self.job.result():
                if page is not None:
                    self.cache[path] = (version, page)
            self.job = None
        out = []
        for path in self.paths:
            page = read_page(path, self.docs, self.root, self.langs, self.cache)
            if page is not None:
                out.append(page)
        return out


def load(docs: Path, root: Path, langs: tuple[str, ...] = LANGS) -> list[MarkdownPage]:
    """All pages under ``docs`` (in every language of ``langs``), sorted by path."""
    return Loading(docs, root, langs=langs).result()
