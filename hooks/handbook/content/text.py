"""Markdown as plain text: a card's summary in a feed, an export or a page description."""

from __future__ import annotations

import re

from handbook.content.citations import replace, scan


_MARKUP = re.compile(r"[*_`]")


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")


_EMPTY_PARENS = re.compile(r"\(\s*\)")


def plain(paragraph: str) -> str:
    """A summary paragraph as plain text: citations (found by the citation scanner) and emphasis marks removed."""
    text, _ = replace(paragraph, lambda citation: "", scan(paragraph, paragraph=True))
    text = _EMPTY_PARENS.sub("", _MARKUP.sub("", text.replace("&#64;", "@")))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split()))
