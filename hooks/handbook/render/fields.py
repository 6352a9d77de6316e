"""The card's fields as a Markdown table (the contributor guide shows it: ``{{schema:fields}}``)."""

from __future__ import annotations

from handbook.content.schema import FIELDS
from handbook.render.templates import render


def fields_table(lang: str) -> str:
    """The card's fields as a Markdown table in ``lang`` (the contribution guide shows it)."""
    fields = [(f.name, f.required, f.fi if lang == "fi" else f.en, f.example) for f in FIELDS]
    return render("fields.md", fields=fields, lang=lang)
