"""The card's fields as a Markdown table (the contributor guide shows it: ``{{schema:fields}}``)."""

from __future__ import annotations

from handbook.content.schema import FIELDS


def fields_table(lang: str) -> str:
    """The card's fields as a Markdown table in ``lang`` (the contribution guide shows it)."""
    head = {"fi": ("Kenttä", "Pakollinen", "Mitä siihen kirjoitetaan", "Esimerkki"),
            "en": ("Field", "Required", "What to write", "Example")}[lang]
    yes_no = {"fi": ("kyllä", "ei"), "en": ("yes", "no")}[lang]
    rows = [f"| {' | '.join(head)} |", "| --- | --- | --- | --- |"]
    for f in FIELDS:
        text = (f.fi if lang == "fi" else f.en).replace("|", "\\|")
        rows.append(f"| `{f.name}` | {yes_no[0] if f.required else yes_no[1]} | {text} | `{f.example}` |")
    return "\n".join(rows)
