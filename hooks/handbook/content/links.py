"""The links and images of a Markdown page, each with its line (read once, when the page is read)."""

from __future__ import annotations

from markdown_it import MarkdownIt

from handbook.content.citations import blocks

_md = MarkdownIt("commonmark")
_md.validateLink = lambda url: True  # every link is seen: handbook.safety judges its scheme


def extract(body: str, first_line: int) -> list[dict]:
    """Links and images of a page: kind, target, text, line.

    The block structure comes from the shared, cached block parse; only paragraphs that may hold a
    link are parsed inline.
    """
    if "](" not in body and "<" not in body and "]:" not in body:
        return []


    env: dict = {}
    marks: tuple[str, ...] = ("](", "<")  # an inline link or image, an autolink
    if "]:" in body:  # reference-style links need the definitions of the whole page
        _md.parse(body, env)
        marks = ("](", "<", "]")
    out = []
    for token in blocks(body):
        if token.type != "inline" or not any(mark in token.content for mark in marks):
            continue
        line = token.map[0] + first_line if token.map else first_line
        open_link = None
        children = _md.parseInline(token.content, env)[0].children or []
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                open_link = {"kind": "link", "target": child.attrs.get("href", ""), "text": "", "line": line,
                             "image": False}
            elif child.type == "link_close" and open_link is not None:
                out.append(open_link)
                open_link = None
            elif child.type == "image":
                alt = "".join(c.content for c in (child.children or [])) or child.content
                out.append({"kind": "image", "target": child.attrs.get("src", ""), "text": alt, "line": line,
                            "image": True})
                if open_link is not None:
                    open_link["image"] = True
            elif open_link is not None and child.type in ("text", "code_inline", "html_inline"):
                open_link["text"] += child.content
    return out
