"""The links and images of a Markdown page, each with its line (read once, when the page is read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from markdown_it import MarkdownIt

from handbook.content.citations import blocks


class _EveryLink(MarkdownIt):
    """CommonMark that keeps every link: :mod:`handbook.safety` judges its scheme."""

    def validateLink(self, url: str) -> bool:
        return True


#: the parser (its configuration only: each parse has its own state and ``env``)
_PARSER = _EveryLink("commonmark")


@dataclass(frozen=True)
class Link:
    """A link or an image of a page, at the line where it starts."""

    kind: Literal["link", "image"]
    #: the address as written (``href`` of a link, ``src`` of an image)
    target: str
    #: a link's text, an image's alternative text
    text: str
    line: int
    #: an image, or a link around one (its text may then be empty)
    image: bool = False


def extract(body: str, first_line: int) -> list[Link]:
    """Links and images of a page, in order of their end (a link after the images inside it).

    The block structure comes from the shared, cached block parse; only paragraphs that may hold a
    link are parsed inline.
    """
    if "](" not in body and "<" not in body and "]:" not in body:
        return []

    env: dict[str, Any] = {}
    marks: tuple[str, ...] = ("](", "<")  # an inline link or image, an autolink
    if "]:" in body:  # reference-style links need the definitions of the whole page
        _PARSER.parse(body, env)
        marks = ("](", "<", "]")
    out: list[Link] = []
    for token in blocks(body):
        if token.type != "inline" or not any(mark in token.content for mark in marks):
            continue
        line = token.map[0] + first_line if token.map else first_line
        opened: tuple[str, int] | None = None  # the link being read: its target and line
        text: list[str] = []
        around_image = False
        children = _PARSER.parseInline(token.content, env)[0].children or []
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                opened, text, around_image = (str(child.attrs.get("href", "")), line), [], False
            elif child.type == "link_close" and opened is not None:
                out.append(Link("link", opened[0], "".join(text), opened[1], around_image))
                opened = None
            elif child.type == "image":
                alt = "".join(c.content for c in (child.children or [])) or child.content
                out.append(Link("image", str(child.attrs.get("src", "")), alt, line, True))
                if opened is not None:
                    around_image = True
            elif opened is not None and child.type in ("text", "code_inline", "html_inline"):
                text.append(child.content)
    return out
