"""Citations in Markdown: finding them (with line numbers) and rendering them.

Syntax, the same in both languages::

    [@key]   [@key, s. 12]   [@a; @b]   [see @key, p. 3]   @key (author in text)   \\@ (a literal @)

markdown-it-py gives the block structure, so fenced and indented code and raw
HTML blocks are skipped; within a line, code spans, URLs, link targets and
e-mail addresses are skipped too. The scan is one pass over the text.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
_BRACKET = re.compile(r"\[([^\[\]\n]*@[^\[\]\n]*)\](?![(\[])")
_ITEM = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*(?<![\w\\])@(?P<key>{KEY})\s*(?:,\s*(?P<locator>[^@]*?))?\s*$")
_BARE = re.compile(rf"(?<![\w@\\/.\[&])@(?P<key>{KEY})")
_PROTECTED = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<link>\[[^\[\]\n]*\]\([^()\s]*\))"
    r"|(?P<autolink><(?:https?|mailto):[^>\s]*>)"
    r"|(?P<url>https?://[^\s<>()]+)"
    r"|(?P<tag></?[A-Za-z][^<>\n]*>)"
    r"|(?P<escape>\\@)"
)

_md = MarkdownIt("commonmark").disable(["inline", "text_join"])  # block structure is all we need


@functools.lru_cache(maxsize=4096)
def blocks(markdown: str) -> tuple[Token, ...]:
    """The block tokens of ``markdown`` (inline tokens keep their raw text in ``content``).

    Cached: the card checks and the page index read the same text.
    """
    return tuple(_md.parse(markdown))


@dataclass(frozen=True)
class Cite:
    """One cited work inside a citation."""

    key: str
    prefix: str = ""
    locator: str = ""


@dataclass(frozen=True)
class Citation:
    """A citation: where it is (1-based line, columns in that line) and what it cites."""

    line: int
    start: int
    end: int
    items: tuple[Cite, ...]
    narrative: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.items)


def protected_lines(markdown: str) -> set[int]:
    """0-based numbers of lines inside code blocks and raw HTML blocks."""
    lines: set[int] = set()
    for token in blocks(markdown):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            lines.update(range(token.map[0], token.map[1]))
    return lines


#: a protected span starts with one of these (code, link, autolink or tag, URL, escape)
_PROTECTED_START = re.compile(r"[`<\\]|\]\(|://")


def _spans(line: str) -> list[tuple[int, int, str]]:
    """Code spans, links, URLs, tags and escapes in ``line``: (start, end, kind)."""
    if _PROTECTED_START.search(line) is None:  # most lines: no need to try every pattern at every column
        return []
    return [(m.start(), m.end(), m.lastgroup or "") for m in _PROTECTED.finditer(line)]


def _inside(pos: int, spans: list[tuple[int, int, str]]) -> bool:
    return any(start <= pos < end for start, end, _ in spans)


def parse_group(body: str) -> tuple[Cite, ...] | None:
    """The cites of a bracketed group body, or None if it is not a citation."""
    items = []
    for part in body.split(";"):
        match = _ITEM.match(part)
        if not match:
            return None
        items.append(Cite(match["key"], match["prefix"].strip(), (match["locator"] or "").strip()))
    return tuple(items)


def scan_line(line: str, number: int) -> list[Citation]:
    """Citations in one line of Markdown text (not code)."""
    if "@" not in line:
        return []
    spans = [s for s in _spans(line) if s[2] != "link" or "@" not in line[s[0]:s[1]].split("](")[0]]
    out: list[Citation] = []
    taken: list[tuple[int, int, str]] = []
    for match in _BRACKET.finditer(line):
        if _inside(match.start(), spans):
            continue
        if line.startswith(":", match.end()) and match.start() <= 3 and not line[:match.start()].strip():
            continue  # a link reference definition ([@x]: …) starts its line; "… [@x]: more" is a citation
        items = parse_group(match.group(1))
        if items:
            out.append(Citation(number, match.start(), match.end(), items))
            taken.append((match.start(), match.end(), "cite"))
    for match in _BARE.finditer(line):
        if _inside(match.start(), spans) or _inside(match.start(), taken):
            continue
        out.append(Citation(number, match.start(), match.end(), (Cite(match["key"]),), narrative=True))
    out.sort(key=lambda c: c.start)
    return out


def scan(markdown: str, first_line: int = 1, paragraph: bool = False) -> list[Citation]:
    """Every citation in ``markdown``; line numbers start at ``first_line``.

    ``paragraph``: the text of one paragraph (no code blocks in it), which needs no block parse.
    """
    if "@" not in markdown:
        return []
    skip = set() if paragraph else protected_lines(markdown)
    out: list[Citation] = []
    for index, line in enumerate(markdown.split("\n")):
        if index not in skip and "@" in line:
            out.extend(scan_line(line, index + first_line))
    return out


def replace(markdown: str, render: Callable[[Citation], str], known: list[Citation] | None = None) -> tuple[str, list[Citation]]:
    """Replace each citation by ``render(citation)``; ``\\@`` becomes a literal @. Returns (text, citations).

    ``known`` is the result of :func:`scan` on the same text (line 1 = first line), which saves a second scan.
    """
    if "@" not in markdown:
        return markdown, []
    lines = markdown.split("\n")
    if known is None:
        known = scan(markdown)
    by_line: dict[int, list[Citation]] = {}
    for cite in known:
        by_line.setdefault(cite.line - 1, []).append(cite)
    escapes: list[int] = []
    if "\\@" in markdown:
        skip = protected_lines(markdown)
        escapes = [i for i, line in enumerate(lines) if "\\@" in line and i not in skip]
    found: list[Citation] = []
    for index in sorted(set(by_line) | set(escapes)):
        line = lines[index]
        cites = by_line.get(index, [])
        found.extend(cites)
        spans = _spans(line) if "\\@" in line else []
        pieces, pos = [], 0
        for cite in cites:
            pieces.append(_unescape(line[pos:cite.start], spans, pos))
            pieces.append(render(cite))
            pos = cite.end
        pieces.append(_unescape(line[pos:], spans, pos))
        lines[index] = "".join(pieces)
    return "\n".join(lines), found


def _unescape(text: str, spans: list[tuple[int, int, str]], offset: int) -> str:
    """Turn ``\\@`` into ``&#64;`` except inside code spans."""
    if "\\@" not in text:
        return text
    out, pos = [], 0
    for match in re.finditer(r"\\@", text):
        if _inside(offset + match.start(), [s for s in spans if s[2] == "code"]):
            continue
        out.append(text[pos:match.start()] + "&#64;")
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def shifted(citations: list[Citation], first_line: int, markdown: str) -> list[Citation] | None:
    """``citations`` found in a file (their lines counted from the file's start, the Markdown starting
    at ``first_line``) renumbered for ``markdown``; None when they no longer fit its text (a hook
    changed it), and it must be scanned again."""
    lines = markdown.split("\n")
    out = []
    for cite in citations:
        line = cite.line - first_line + 1
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        opens = text[cite.start:cite.start + 1] in ("[", "@")
        if not opens or (not cite.narrative and text[cite.end - 1:cite.end] != "]"):
            return None
        out.append(dataclasses.replace(cite, line=line))
    return out
