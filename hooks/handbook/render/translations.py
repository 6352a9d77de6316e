"""The translation status page."""

from __future__ import annotations

from handbook.checks.translations import StatusRow
from handbook.i18n import t
from handbook.render.templates import render


def status_page(rows: list[StatusRow], lang: str) -> str:
    """The translation status page of ``lang`` (at ``translations/``): the translations that are not up to date."""
    problems = [(row["title"], row["src"], row["lang"], t(f"translation_{row['state']}", lang))
                for row in rows if row["state"] != "ok"]
    return render("translations.md", total=len(rows), problems=problems, lang=lang)
