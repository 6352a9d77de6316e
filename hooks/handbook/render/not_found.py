"""The 404 page: one per language (the default language's at the site root, the others' in their folders)."""

from __future__ import annotations

from handbook.render.templates import render


def not_found_body(lang: str, homes: dict[str, str]) -> str:
    """The 404 page's content in ``lang``: the way home, the card index, the search, and the other
    languages' home pages (``homes``: language → the address of its home page, ending in ``/``)."""
    return render("not_found.html", lang=lang, homes=homes)
