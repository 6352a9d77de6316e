"""What git knows about the content: when each file last changed, and the card changelog.

One ``git log`` call per build; outside a git checkout (a synthetic handbook,
an unpacked archive) there is simply no history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from .l10n import format_date, t
from .safety import escape


def file_history(root: Path) -> dict[str, list[dt.date]]:
    """Path (relative to ``root``) → dates of the commits that touched it, newest first."""
    try:
        out = subprocess.run(["git", "log", "--format=%x1e%ct", "--name-only", "--", "docs"],
                             cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if out.returncode != 0:
        return {}
    history: dict[str, list[dt.date]] = {}
    for record in out.stdout.split("\x1e")[1:]:
        lines = [line for line in record.strip().splitlines() if line.strip()]
        if not lines:
            continue
        day = dt.datetime.fromtimestamp(int(lines[0]), dt.timezone.utc).date()
        for name in lines[1:]:
            history.setdefault(name, []).append(day)
    return history


def last_changed(history: dict[str, list[dt.date]], paths: list[str]) -> dt.date | None:
    days = [history[p][0] for p in paths if history.get(p)]
    return max(days) if days else None


def changelog(cards, history: dict[str, list[dt.date]], root: Path, lang: str) -> str:
    """The changelog page: card additions and changes by date, newest first."""
    title = t("changelog_title", lang)
    intro = {"fi": "Käytäntökorttien lisäykset ja muutokset päivämäärittäin (versionhallinnan mukaan).",
             "en": "Practice cards added and changed, by date (from the version history)."}[lang]
    words = {"fi": ("Lisätty", "Päivitetty"), "en": ("Added", "Updated")}[lang]
    events: dict[dt.date, list[str]] = {}
    for card in cards:
        folder = card.folder.relative_to(root).as_posix()
        days = sorted({d for name, ds in history.items() if name.startswith(folder + "/") for d in ds})
        for index, day in enumerate(days):
            link = f"[{escape(card.name(lang))}](cards/{card.slug}/index.md)"
            events.setdefault(day, []).append(f"{words[0 if index == 0 else 1]}: {link}")
    lines = [f"# {title}", "", intro, ""]
    if not events:
        lines.append({"fi": "Versiohistoriaa ei ole saatavilla.", "en": "No version history is available."}[lang])
    for day in sorted(events, reverse=True):
        lines += [f"## {format_date(day, lang)}", ""] + [f"- {e}" for e in sorted(events[day])] + [""]
    return "\n".join(lines) + "\n"


REVIEW_DAYS = 2 * 365


def review_due(card, today: dt.date) -> bool:
    """A card not reviewed for two years is due for review."""
    return (today - card.reviewed).days > REVIEW_DAYS


def maintenance(cards, today: dt.date, lang: str) -> str:
    """The maintenance page: cards due for review, oldest review first."""
    title = t("maintenance_title", lang)
    intro = {"fi": "Kortit, joita ei ole tarkistettu lähteitä vasten kahteen vuoteen. Tarkista kortti, päivitä "
                   "sen tiedot ja kentän reviewed päivämäärä. Käännösten tila on omalla sivullaan: "
                   "[Käännösten tila](translations.md).",
             "en": "Cards not checked against their sources for two years. Review the card, update its facts and "
                   "the reviewed date. Translations have their own page: [Translation status](translations.md)."}[lang]
    due = sorted((c for c in cards if review_due(c, today)), key=lambda c: c.reviewed)
    lines = [f"# {title}", "", intro, ""]
    if not due:
        lines.append({"fi": "Kaikki kortit on tarkistettu viimeisen kahden vuoden aikana.",
                      "en": "Every card has been reviewed within the last two years."}[lang])
    for card in due:
        label = {"fi": "tarkistettu viimeksi", "en": "last reviewed"}[lang]
        lines.append(f"- [{escape(card.name(lang))}](cards/{card.slug}/index.md) – {label} {format_date(card.reviewed, lang)}")
    return "\n".join(lines) + "\n"
