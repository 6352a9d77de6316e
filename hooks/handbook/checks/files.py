"""Which files ``docs/`` may hold: an allow-list of names, types and places.

The engine publishes every file in ``docs/`` as it is, on the site's own origin and without the
pages' Content-Security-Policy. So a file is published only if this module allows it:

- every name on its way is plain (lower-case letters, digits, ``.``, ``_``, ``-``), no symbolic link
  and no special file;
- pages are ``<name>.<language>.md`` in a language the handbook builds; data files are
  ``data/*.yml`` and ``cards/<slug>/card.yml``; images are of :data:`IMAGES` (SVG only when it passes
  :func:`svg_problems`);
- stylesheets and scripts are only the project's own, those that ``mkdocs.yml`` names
  (``extra_css``, ``extra_javascript``), and no file takes the path of one of the theme's own.

:func:`check` reports every other file at ``file:line``; the build leaves them out of the site
(:func:`refused`), so that nothing it reports is published meanwhile.
"""

from __future__ import annotations

import importlib.util
import os
import re
import stat
import xml.parsers.expat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from handbook import safety
from handbook.content import project, reading
from handbook.content.handbook import Handbook
from handbook.content.pages import reserved_folders, url_of
from handbook.findings import Finding, finding

#: a plain file or folder name (the readers' own rule)
NAME = reading.NAME
#: images published as they are (a browser never runs them)
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
#: the data files the handbook reads (not published), as patterns of their paths under docs/
DATA = (re.compile(r"^data/[a-z0-9_-]+\.yml$"), re.compile(r"^cards/[^/]+/card\.yml$"))
#: the data files of ``data/`` that a reader reads (and judges, symbolic links included)
READ_DATA = frozenset({"data/facts.yml", "data/glossary.yml"})
#: a card's text: ``cards/<slug>/index.md``
CARD_TEXT = re.compile(r"^cards/(?P<slug>[^/]+)/index\.md$")
#: a page: ``name.<lang>.md``
PAGE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")

#: SVG elements that draw (nothing that runs, loads, links or animates)
SVG_ELEMENTS = frozenset({
    "svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "title", "desc", "defs",
    "lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern", "symbol", "use", "text",
    "tspan", "metadata",
})
#: attributes whose value may only point inside the picture (``#id``), by local name: ``href`` in no
#: namespace or in XLink's, whatever its prefix
SVG_LINKS = frozenset({"href"})
SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"


def _allowed_types(own: frozenset[str]) -> str:
    return ", ".join(sorted({*IMAGES, ".svg", ".md"})) + (f" ({', '.join(sorted(own))})" if own else "")


@lru_cache(maxsize=8)
def theme_files(root: Path) -> frozenset[str]:
    """The paths of the theme's own files (Material's and ``overrides/``), as a site would have them:
    a file of ``docs/`` at one of them would replace the theme's."""
    dirs = [root / "overrides"]
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.submodule_search_locations:
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "templates")
    out: set[str] = set()
    for base in dirs:
        for folder, _, names in os.walk(base):
            out.update((Path(folder) / name).relative_to(base).as_posix() for name in names)
    return frozenset(out)


def own_assets(root: Path) -> frozenset[str]:
    """The stylesheets and scripts ``mkdocs.yml`` names (``extra_css``, ``extra_javascript``): the project's own."""
    config = project.read_config(root)
    named: list[object] = [*(config.get("extra_css") or []), *(config.get("extra_javascript") or [])]
    return frozenset(str(item.get("path", "")) if isinstance(item, dict) else str(item) for item in named)


def svg_problems(text: str) -> list[tuple[int, str]]:
    """What in an SVG image could run, load or link: (line, what), e.g. ``(3, "<script>")``; an empty
    list for a picture that only draws. A document type (and so any entity) is refused outright."""
    out: list[tuple[int, str]] = []
    # names as namespace and local name, whatever prefix the file gives a namespace (xmlns:xl="…xlink")
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attrs: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        space, _, local = name.rpartition(" ")
        if space not in ("", SVG_NS) or local.lower() not in SVG_ELEMENTS:
            out.append((line, f"<{local}>" if space in ("", SVG_NS) else f"<{{{space}}}{local}>"))
        local = local.lower()
        for key, value in attrs.items():
            attr_space, _, attr = key.rpartition(" ")
            lowered = attr.lower()
            shown = f"xlink:{attr}" if attr_space == XLINK_NS else attr if not attr_space else f"{{{attr_space}}}{attr}"
            if lowered.startswith("on") or lowered in ("style", "begin", "attributename") \
                    or (lowered in SVG_LINKS and not value.startswith("#")) \
                    or ("url(" in value.lower() and not re.fullmatch(r"\s*url\(\s*#[^)]*\)\s*", value, re.I)) \
                    or safety.scheme_of(value) not in ("", "http", "https"):
                out.append((line, f"{shown}= (<{local}>)"))

    def doctype(*_: object) -> None:
        out.append((parser.CurrentLineNumber, "<!DOCTYPE>"))

    def instruction(target: str, data: str) -> None:
        out.append((parser.CurrentLineNumber, f"<?{target}?>"))

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        out.append((exc.lineno, "XML"))
    return out


def _file_findings(path: Path, rel: str, under_docs: str, root: Path, langs: tuple[str, ...],
                   own: frozenset[str], theme: frozenset[str]) -> list[Finding]:
    """What is wrong with one file of ``docs/`` (``under_docs``: its path there)."""
    page = PAGE.match(path.name)
    if (page and page["lang"] in langs) or under_docs in READ_DATA or DATA[1].match(under_docs):
        return []  # read, and judged, by the page reader or the card and data readers (content.reading)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return [finding(rel, 1, "file", "file-symlink", target=os.readlink(path))]
    if not stat.S_ISREG(info.st_mode):
        return [finding(rel, 1, "file", "file-not-file", name=path.name)]
    if not NAME.match(path.name):
        return [finding(rel, 1, "file", "file-name", name=path.name)]
    suffix = path.suffix.lower()
    if suffix == ".md":
        return [finding(rel, 1, "file", "file-page-name", name=path.name, langs=", ".join(langs))]
    if under_docs in theme:
        return [finding(rel, 1, "file", "file-theme", theme=under_docs)]
    if suffix in IMAGES or under_docs in own or DATA[0].match(under_docs):
        return []  # a data file that no reader reads is left out of the site (exclude_docs) and harms nothing
    if suffix == ".svg":
        try:
            text = reading.source_text(path, root)
        except reading.Unreadable as exc:
            return [exc.finding(rel, "file")]
        return [finding(rel, line, "file", "file-svg", what=what) for line, what in svg_problems(text)]
    return [finding(rel, 1, "file", "file-type", type=suffix or path.name, allowed=_allowed_types(own))]


def scan(root: Path, docs: Path, langs: tuple[str, ...]) -> list[Finding]:
    """Every file and folder of ``docs`` that may not be there (dot-files, which the engine leaves out,
    are not looked at). A refused folder is reported once; nothing under it is published (:func:`is_refused`)."""
    own, theme = own_assets(root), theme_files(root)
    reserved = reserved_folders(langs)
    out: list[Finding] = []
    for folder, dirs, names in os.walk(docs, followlinks=False):
        base = Path(folder)
        for name in list(dirs):
            path = base / name
            rel = path.relative_to(root).as_posix()
            if name.startswith("."):
                dirs.remove(name)
                continue
            problem = None
            if path.is_symlink():
                problem = finding(rel, 1, "file", "file-symlink", target=os.readlink(path))
            elif not NAME.match(name):
                problem = finding(rel, 1, "file", "file-name", name=name)
            elif "." in name:
                problem = finding(rel, 1, "file", "file-address-dot", name=name)
            elif base == docs and name in reserved:
                problem = finding(rel, 1, "file", "file-reserved", folder=f"{name}/",
                                  reserved=", ".join(f"{r}/" for r in reserved))
            if problem is not None:
                dirs.remove(name)
                out.append(problem)
        for name in names:
            if name.startswith("."):
                continue
            path = base / name
            out += _file_findings(path, path.relative_to(root).as_posix(), path.relative_to(docs).as_posix(),
                                  root, langs, own, theme)
    return out


def symlinks(root: Path, folders: Iterable[str] = ("bibliography",)) -> list[Finding]:
    """Symbolic links in the project's other source folders (the bibliography)."""
    out = []
    for name in folders:
        for folder, dirs, files in os.walk(root / name, followlinks=False):
            for entry in [*dirs, *files]:
                path = Path(folder) / entry
                if path.is_symlink():
                    out.append(finding(path.relative_to(root).as_posix(), 1, "file", "file-symlink",
                                       target=os.readlink(path)))
    return out


def collisions(hb: Handbook, generated: Iterable[str]) -> list[Finding]:
    """Cards and pages whose address is that of a page the handbook generates (``cards/compare.md``):
    the generated page would replace them without a word."""
    taken = {url_of(src, lang) for src in generated for lang in hb.langs}
    out: dict[str, Finding] = {}
    for page in sorted(hb.pages, key=lambda p: hb.langs.index(p.lang) if p.lang in hb.langs else len(hb.langs)):
        if page.url in taken:  # told once, at the default language's address
            card = CARD_TEXT.match(page.src)
            rel = f"docs/cards/{card['slug']}/card.yml" if card else page.rel
            out.setdefault(rel, finding(rel, 1, "file", "file-address-taken", url=page.url))
    return list(out.values())


def is_refused(path: str, refused: frozenset[str]) -> bool:
    """Whether the file ``path`` (project-relative) is one of ``refused``, or lies in a refused folder."""
    if path in refused:
        return True
    parts = path.split("/")
    return any("/".join(parts[:end]) in refused for end in range(1, len(parts)))


def refused(findings: Iterable[Finding]) -> frozenset[str]:
    """The files and folders (project-relative) that :func:`scan` refuses: the build leaves them out,
    and every file under a refused folder (:func:`is_refused`)."""
    return frozenset(f.path for f in findings if f.rule == "file")
