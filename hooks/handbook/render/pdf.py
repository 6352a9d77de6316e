"""The links to the PDF books: a card's print button and the home page's links to the books."""

from __future__ import annotations

import functools

from handbook.i18n import LANGS
from handbook.render.templates import render, up_to_site

#: the file names of the books in the site root
FILE_NAMES = {"fi": "kasikirja.pdf", "en": "handbook.pdf"}


@functools.lru_cache(maxsize=None)
def print_button(lang: str) -> str:
    """A card page's print button (shown by ``discovery.js``; the print style sheet makes the print view)."""
    return render("print_button.html", lang=lang)


def links_html(lang: str, base: str, langs: tuple[str, ...] = LANGS) -> str:
    """A page's links to the books of ``langs`` (``base``: the page's path to its language's root; the books
    are at the site root)."""
    books = [(FILE_NAMES[other], other) for other in langs]
    return render("book_links.html", books=books, root=base + up_to_site(lang), lang=lang)
