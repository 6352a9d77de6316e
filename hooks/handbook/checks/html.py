"""HTML: links and anchors in the built site, and the safety allow-list in the sources.

:func:`check` is a second net behind the source checks: it sees the links the hooks generate
(fact boxes, reference lists, indexes, the glossary). Each finding names the source file of
the page it is on. :func:`source_check` reports, at ``file:line``, what :mod:`handbook.safety`
would remove or refuse in what editors write.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt

from handbook import safety
from handbook.content import reading, schema, yamlmap
from handbook.content.handbook import Handbook
from handbook.content.pages import MarkdownPage, front_line
from handbook.findings import Finding, finding
from handbook.content.folders import card_folders

_HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')
SKIP_DIRS = ("pagefind/", "assets/", "search/")


def check(site_dir: Path, sources: dict[str, str], base_path: str = "/") -> list[Finding]:
    """Every link inside the site resolves to a file and, if it has one, an anchor.

    ``sources`` maps a page URL (``cards/x/``) to its source file for the findings;
    ``base_path`` is the path of the site's address (``/`` or e.g. ``/handbook/``).
    """
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    ids_cache: dict[str, set[str]] = {}

    def ids(rel: str) -> set[str]:
        if rel not in ids_cache:
            ids_cache[rel] = set(_ID.findall((site_dir / rel).read_text(encoding="utf-8", errors="replace")))
        return ids_cache[rel]

    out: list[Finding] = []
    for rel in sorted(f for f in files if f.endswith(".html") and not f.startswith(SKIP_DIRS)):
        text = (site_dir / rel).read_text(encoding="utf-8", errors="replace")
        if rel not in ids_cache:
            ids_cache[rel] = set(_ID.findall(text))
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        source = sources.get(url, f"site/{rel}")
        here = posixpath.dirname(rel)
        for href in set(_HREF.findall(text)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
                continue
            path, _, fragment = unquote(href.replace("&amp;", "&")).partition("#")
            if path.startswith("/"):
                if not path.startswith(base_path):
                    continue  # another site on the same host
                path = "/" + path[len(base_path):]
                here_dir = ""
                path = path.lstrip("/") or "./"
            else:
                here_dir = here
            if not path:
                target = rel
            else:
                target = posixpath.normpath(posixpath.join(here_dir, path))
                if path.endswith("/") or target in ("", "."):
                    target = posixpath.join(target, "index.html") if target not in ("", ".") else "index.html"
                elif target not in files and target + "/index.html" in files:
                    target += "/index.html"
            if target not in files:
                out.append(finding(source, 1, "html-link", "html-link", page=url or "/", target=href))
            elif fragment and target.endswith(".html") and fragment not in ids(target):
                out.append(finding(source, 1, "html-anchor", "html-anchor", page=url or "/", target=href))
    return out


# --- what an editor writes: raw HTML, URLs and markup in text fields ------------------------------

_inline_md = MarkdownIt("commonmark")
_TAG_IN_TEXT = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>\n]*>?")
#: an attribute list of Python-Markdown's attr_list extension: {: #id .class key=value }
_ATTR_LIST = re.compile(r"\{:?\s*((?:[#.][\w-]+\s*|[\w:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s}]+)\s*)+)\}")
_ATTR_KEY = re.compile(r"([\w:-]+)\s*=")
#: an attribute list as Python-Markdown's attr_list reads it, and its words (``#id``, ``.class``, ``k=v``)
_ATTR_BLOCK = re.compile(r"\{:?[ ]*([^}\n]*)\}")
_ATTR_WORD = re.compile(r"""[^ =}]+="[^"]*"|[^ =}]+='[^']*'|[^ =}]+=[^ =}]+|[^ =}]+""")


def attr_list_ids(text: str) -> list[str]:
    """The ids that attribute lists in one line of Markdown give (``{: #id }``, ``{#id}``, ``{: id="…" }``)."""
    out = []
    for block in _ATTR_BLOCK.finditer(text):
        for word in _ATTR_WORD.findall(block.group(1)):
            if word.startswith("#") and len(word) > 1:
                out.append(word[1:])
            elif word.startswith("id="):
                out.append(word[3:].strip("\"'"))
    return out
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


def _markup_findings(snippet: str, path: str, first_line: int) -> list[Finding]:
    out = []
    for line, kind, what in safety.html_problems(snippet):
        number = first_line + line - 1
        if kind == "element":
            out.append(finding(path, number, "html-element", "html-element", what=what))
        elif kind == "attribute":
            out.append(finding(path, number, "html-attribute", "html-attribute", what=what))
        elif kind == "id":
            out.append(finding(path, number, "html-attribute", "html-id", what=what))
        else:
            out.append(_url_finding(what, path, number))
    return out


def _url_finding(url: str, path: str, line: int) -> Finding:
    problem = safety.url_problem(url)
    if problem and problem[1] == "mailto-personal":
        return finding(path, line, "url-scheme", "url-mailto-personal", url=url)
    return finding(path, line, "url-scheme", "url-scheme", url=url, scheme=problem[1] if problem else "?")


#: characters that change how text is shown without being seen: direction overrides and isolates
#: (text shown in another order than it is read, "Trojan Source"), zero-width spaces and joiners
HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u200c\u200d\u2060\ufeff\u180e]")
#: a link text that is itself a web address (``[https://www.pori.fi/](…)``)
_ADDRESS_TEXT = re.compile(r"^\s*(?:https?://|(?=www\.))((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?\s*$", re.I)


def hidden_findings(text: str, rel: str, first_line: int = 1) -> list[Finding]:
    """Each line of ``text`` with a character of :data:`HIDDEN`, at its line."""
    if not HIDDEN.search(text):
        return []
    return [finding(rel, number, "html-in-text", "text-hidden", char=f"U+{ord(match.group(0)):04X}")
            for number, line in enumerate(text.split("\n"), start=first_line) if (match := HIDDEN.search(line))]


def _host(url: str) -> str:
    """The host of an absolute web address, lower case and without ``www.`` ("" for any other URL)."""
    match = re.match(r"^\s*https?://([^/?#:@\s]+)", url, re.I)
    return match.group(1).lower().removeprefix("www.") if match else ""


def deceptive_link(text: str, target: str) -> bool:
    """Whether a link's text is a web address of another host than the link's own target."""
    shown = _ADDRESS_TEXT.match(text)
    return shown is not None and shown.group(1).lower().removeprefix("www.") != _host(target)


def page_findings(page: MarkdownPage) -> list[Finding]:
    """Raw HTML outside the allow-list, refused URL schemes and attribute lists with refused
    attributes in one page's Markdown, each at its line; markup in its front matter's text; link
    texts that are another address than the link's; characters that hide or reorder text."""
    out: list[Finding] = hidden_findings(page.body, page.rel, page.first_line)
    for link in page.links:
        problem = safety.url_problem(link.target)
        if problem and problem[0] == "error":
            out.append(_url_finding(link.target, page.rel, link.line))
        elif link.kind == "link" and deceptive_link(link.text, link.target):
            out.append(finding(page.rel, link.line, "url-scheme", "link-text-address", text=link.text.strip(),
                               url=link.target))
    for key in ("title", "description"):
        value = page.meta.get(key)
        tag = _TAG_IN_TEXT.search(value) if isinstance(value, str) else None
        if tag:
            out.append(finding(page.rel, front_line(page, key), "html-in-text", "html-in-text", what=tag.group(0)))
    body = page.body
    if "<" not in body and "{" not in body:
        return out
    from handbook.content.citations import blocks

    for token in blocks(body):
        if not token.map:
            continue
        line = token.map[0] + page.first_line
        if token.type == "html_block":
            out.extend(_markup_findings(token.content, page.rel, line))
            if "{" in token.content:  # md_in_html: the block's Markdown, attribute lists included, is rendered
                out.extend(_attr_list_findings(token.content, page.rel, line))
        elif token.type == "inline":
            if "<" in token.content:
                for child in _inline_md.parseInline(token.content)[0].children or []:
                    if child.type in ("softbreak", "hardbreak"):
                        line += 1
                    elif child.type == "html_inline":
                        out.extend(_markup_findings(child.content, page.rel, line))
                line = token.map[0] + page.first_line
            if "{" in token.content:
                out.extend(_attr_list_findings(token.content, page.rel, line))
    return out


def _attr_list_findings(text: str, rel: str, line: int) -> list[Finding]:
    """Attribute lists (``{: key=value }``) in ``text`` (from ``line`` on) that set an attribute editors
    may not set (``data-*`` too: the theme's scripts read ``data-md-*``), or an id that could carry markup
    (:func:`handbook.safety.id_problem`)."""
    out = []
    for offset, row in enumerate(text.split("\n")):
        bare = _CODE_SPAN.sub("", row)
        for match in _ATTR_LIST.finditer(bare):
            for key in _ATTR_KEY.findall(match.group(1)):
                if key not in safety.EDITOR_ATTRIBUTES:
                    out.append(finding(rel, line + offset, "html-attribute", "html-attribute",
                                       what=f"{key}= ({{: … }})"))
        out.extend(finding(rel, line + offset, "html-attribute", "html-id", what=value)
                   for value in attr_list_ids(bare) if safety.id_problem(value))
    return out


def text_findings(path: Path, rel: str, root: Path | None = None) -> list[Finding]:
    """HTML markup in a YAML file's values (``card.yml``, ``docs/data/*.yml``): these fields are plain text.

    Both as written (a line with a tag) and as read (a value that YAML's escapes, ``\\u003c``, make a tag)."""
    out: list[Finding] = []
    try:
        text = reading.source_text(path, root or path.parent)
    except reading.Unreadable:
        return out  # missing, or reported by the file's own reader
    out += hidden_findings(text, rel)
    for number, line in enumerate(text.split("\n"), start=1):
        if "<" in line and not line.lstrip().startswith("#"):
            match = _TAG_IN_TEXT.search(schema.PLACEHOLDER.sub("", line))  # a placeholder has its own message
            if match:
                out.append(finding(rel, number, "html-in-text", "html-in-text", what=match.group(0)))
    if "\\" in text or "&#" in text:  # a tag that YAML or an entity spells another way
        try:
            data, lines = yamlmap.load(text)
        except yamlmap.YamlError:
            return out  # reported by the file's own reader
        told = {f.line for f in out}
        for where, value in yamlmap.strings(data):
            match = _TAG_IN_TEXT.search(schema.PLACEHOLDER.sub("", htmllib.unescape(value)))
            at = lines.line(where)
            if match and at not in told:
                told.add(at)
                out.append(finding(rel, at, "html-in-text", "html-in-text", what=match.group(0)))
    return out


def source_check(hb: Handbook) -> list[Finding]:
    """What :mod:`handbook.safety` would refuse in the sources: raw HTML and URLs in the pages,
    markup in the text fields of the cards and data files, and BibTeX ``url``/``doi`` fields."""
    out: list[Finding] = []
    for page in hb.pages:
        out.extend(page_findings(page))
    for folder in card_folders(hb.docs):
        out.extend(text_findings(folder / "card.yml", (folder / "card.yml").relative_to(hb.root).as_posix(), hb.root))
    data = hb.docs / "data"
    for path in sorted(data.glob("*.yml")) if data.is_dir() else []:
        out.extend(text_findings(path, path.relative_to(hb.root).as_posix(), hb.root))
    for key, entry in hb.bib.entries.items():
        for name in ("url", "doi"):
            value = entry.fields.get(name, "").strip()
            # a url without http(s):// is already reported by the bibliography check (bib-url)
            if value and _UNSAFE_IN_URL.search(value) and (name == "doi" or _BIB_URL.match(value)):
                bib_file, line = hb.bib.where[key]
                out.append(finding(bib_file, _field_line(hb.root / bib_file, line, name), "url-scheme", "url-scheme",
                                   url=value, scheme=safety.scheme_of(value) or name))
    return out


_UNSAFE_IN_URL = re.compile(r"[<>\"'`\s]")
_BIB_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")  # as the bibliography check requires (bib-url)


def _field_line(path: Path, start: int, name: str) -> int:
    """The line of field ``name`` in the BibTeX entry that starts at line ``start``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for number in range(start, min(len(lines), start + 60) + 1):
        if re.match(rf"\s*{name}\s*=", lines[number - 1], re.I):
            return number
    return start
