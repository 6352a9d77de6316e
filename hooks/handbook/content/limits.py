"""What the engine's Markdown cannot read in reasonable time or depth, found before it tries.

Python-Markdown reads a link by scanning from its ``[`` to the matching ``]`` (and from ``](`` to the
matching ``)``), one character at a time, and a raw-HTML tag from ``<`` to ``>``. An opening that
never closes is scanned to the end of its paragraph, once for each of the link patterns: a
paragraph of thousands of ``[`` takes minutes, one of ``[`` × 50,000 never ends. The work is the
sum of those scans, so :func:`scan_cost` adds them up in one linear pass, as the engine would do
them, and a page whose sum is over :data:`MAX_SCAN` is refused before the engine sees it
(``page-brackets``). No paragraph that people write comes near it: a link costs the length of its
text.

``<div markdown="1">`` nested in itself makes the engine recurse once per level (a
``RecursionError`` at a few hundred); :func:`html_depth` finds the line where raw HTML is nested
deeper than :data:`MAX_HTML_NESTING` (``page-html-nesting``).
"""

from __future__ import annotations

import re

#: the engine's scans that a page may cost in all, in characters (a third of a second of the
#: engine's work; the longest of the handbook's own pages costs under a thousand)
MAX_SCAN = 200_000
#: how deep raw HTML elements may nest in a page
MAX_HTML_NESTING = 12

#: a raw HTML tag: close mark, name, and whether it closes itself
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
#: elements that have no content (and no end tag)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


#: what the cost depends on: brackets, and a backslash (the character after it is text)
_SPECIAL = re.compile(r"[\[\]()<>\\]")
#: a paragraph: lines that are not blank, up to a blank line
_CHUNK = re.compile(r"(?:^[ \t]*\S[^\n]*(?:\n|\Z))+", re.MULTILINE)


def _chunk_cost(text: str) -> int:
    """The characters the engine scans for the brackets of one paragraph (text between blank lines)."""
    end = len(text)
    cost = 0
    squares: list[int] = []  # where each unclosed '[' is
    rounds: list[int] = []  # where each unclosed '(' of a link is
    angle, angles = -1, 0  # where the first of the '<' that wait for a '>' is, and how many wait
    after = -1  # where a '(' would start a link's address
    escaped = -1  # where the character after a backslash is
    for match in _SPECIAL.finditer(text):
        char, pos = match.group(), match.start()
        if pos == escaped:
            continue
        if char == "\\":
            escaped = pos + 1
        elif char == "[":
            squares.append(pos)
        elif char == "]":
            if squares:
                cost += pos - squares.pop()
                after = pos + 1
        elif char == "(":
            if rounds or pos == after:
                rounds.append(pos)
        elif char == ")":
            if rounds:
                cost += pos - rounds.pop()
        elif char == "<":
            if angles == 0:
                angle = pos
            angles += 1
        elif char == ">":
            if angles:
                cost += angles * (pos - angle)
                angles = 0
    cost += sum(end - pos for pos in squares) + sum(end - pos for pos in rounds) + angles * (end - angle)
    return cost


def scan_cost(body: str) -> tuple[int, int]:
    """The engine's bracket scans of ``body`` in characters, and the 0-based line of its costliest paragraph."""
    total, worst, where = 0, -1, 0
    for chunk in _CHUNK.finditer(body):
        text = chunk.group()
        if "[" in text or "<" in text:
            cost = _chunk_cost(text)
            total += cost
            if cost > worst:
                worst, where = cost, chunk.start()
    return total, body.count("\n", 0, where)


def html_depth(body: str) -> int | None:
    """The 0-based line where raw HTML elements are first nested deeper than :data:`MAX_HTML_NESTING`
    (None if they never are)."""
    depth = 0
    for match in _TAG.finditer(body):
        name = match.group(2).lower()
        if name in _VOID or match.group(3):
            continue
        if match.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > MAX_HTML_NESTING:
            return body.count("\n", 0, match.start())
    return None
