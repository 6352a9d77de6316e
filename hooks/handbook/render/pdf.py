"""The links to the PDF books: a card's print button and the home page's links to the books."""

from __future__ import annotations

from handbook.i18n import DEFAULT_LANG, LANGS
from handbook.safety import escape

#: the file names of the books in the site root
FILE_NAMES = {"fi": "kasikirja.pdf", "en": "handbook.pdf"}


UI = {
    "contents": {"fi": "Sisällys", "en": "Contents"},
    "made": {"fi": "Koottu verkkosivustosta {date}", "en": "Compiled from the website on {date}"},
    "page": {"fi": "Sivu", "en": "Page"},
    "web": {"fi": "Verkossa", "en": "On the web"},
    "book": {"fi": "Käsikirja PDF-kirjana", "en": "The handbook as a PDF book"},
    "book_links": {"fi": "Koko käsikirja yhtenä tulostettavana tiedostona:",
                   "en": "The whole handbook as one printable file:"},
    "lang_fi": {"fi": "suomeksi", "en": "in Finnish"},
    "lang_en": {"fi": "englanniksi", "en": "in English"},
    "print": {"fi": "Tulosta kortti", "en": "Print this card"},
}


def print_button(lang: str) -> str:
    """A card page's print button (shown by ``discovery.js``; the print style sheet makes the print view)."""
    return (f'<p class="hb-print" hidden><button type="button" class="hb-print__button">'
            f'{escape(UI["print"][lang])}</button></p>')


def links_html(lang: str, base: str) -> str:
    """A page's links to the books (``base``: the page's path to its language's root; the books are at the site root)."""
    root = base + ("" if lang == DEFAULT_LANG else "../")
    links = ", ".join(f'<a href="{root}{FILE_NAMES[other]}" type="application/pdf">{escape(UI[f"lang_{other}"][lang])} (PDF)</a>'
                      for other in LANGS)
    return (f'<section class="hb-book"><h2 id="hb-book">{escape(UI["book"][lang])}</h2>'
            f'<p>{escape(UI["book_links"][lang])} {links}</p></section>')
