"""What git knows about the content: when each file last changed, and the card changelog.

One ``git log`` call per build; outside a git checkout (a synthetic handbook,
an unpacked archive) there is simply no history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .l10n import format_date, t
from .safety import escape


#: the commit-message trailers that describe a change for readers, per language
#: (``Muutos: Lisätty yhteystiedot`` / ``Change: Contact details added``, in the commit's description)
NOTE_TRAILERS = {"fi": "Muutos", "en": "Change"}
#: the language of commit subjects (the project's commit messages are written in English)
SUBJECT_LANG = "en"


@dataclass(frozen=True)
class Commit:
    """One commit that touched a content file: its id, time (UTC), one-line subject and the
    readers' descriptions of the change from its trailers (``Muutos:`` in Finnish, ``Change:`` in English)."""

    sha: str
    time: dt.datetime
    subject: str
    note_fi: str = ""
    note_en: str = ""

    @property
    def day(self) -> dt.date:
        return self.time.date()

    def description(self, lang: str) -> tuple[str, str]:
        """The change's description for a page in ``lang`` and the language it is written in: the
        trailer in ``lang`` if the commit has one, else the English trailer or the subject."""
        note = self.note_fi if lang == "fi" else self.note_en
        if note:
            return note, lang
        return (self.note_en or self.subject), SUBJECT_LANG


#: one record per commit: id, time, subject, the two trailers (fields apart by \x1f, records by \x1e)
_FORMAT = "%x1e%H%x1f%ct%x1f%s" + "".join(
    f"%x1f%(trailers:key={key},valueonly,separator=%x20)" for key in NOTE_TRAILERS.values()) + "%x1f"


def file_commits(root: Path) -> dict[str, list[Commit]]:
    """Path (relative to ``root``) → the commits that touched it, newest first (one ``git log`` call)."""
    try:
        out = subprocess.run(["git", "log", "--no-merges", f"--format={_FORMAT}", "--name-only", "--", "docs"],
                             cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if out.returncode != 0:
        return {}
    history: dict[str, list[Commit]] = {}
    for record in out.stdout.split("\x1e")[1:]:
        fields = record.split("\x1f")
        if len(fields) < 6:
            continue
        sha, stamp, subject, note_fi, note_en = (f.strip() for f in fields[:5])
        commit = Commit(sha, dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc), subject,
                        " ".join(note_fi.split()), " ".join(note_en.split()))
        for name in fields[5].splitlines():
            if name.strip():
                history.setdefault(name.strip(), []).append(commit)
    return history


def dates(commits: dict[str, list[Commit]]) -> dict[str, list[dt.date]]:
    """Path → dates of the commits that touched it, newest first (what :func:`changelog` reads)."""
    return {name: [c.day for c in those] for name, those in commits.items()}


def file_history(root: Path) -> dict[str, list[dt.date]]:
    """Path (relative to ``root``) → dates of the commits that touched it, newest first."""
    return dates(file_commits(root))


def page_commits(commits: dict[str, list[Commit]], paths: list[str]) -> list[Commit]:
    """The commits that touched any of ``paths`` (a page's sources), newest first, each once."""
    seen: dict[str, Commit] = {}
    for path in paths:
        for commit in commits.get(path, ()):
            seen.setdefault(commit.sha, commit)
    return sorted(seen.values(), key=lambda c: (c.time, c.sha), reverse=True)


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


# Each page's history -----------------------------------------------------------
#: the id of the history section at the end of a card or research summary
HISTORY_ID = "hb-history"

WORDS = {
    "history": {"fi": "Sivun historia", "en": "Page history"},
    "changes": {"fi": "muutosta", "en": "changes"},
    "change": {"fi": "muutos", "en": "change"},
    "intro": {"fi": "Sivun muutokset versionhallinnan mukaan, uusin ensin.",
              "en": "The page's changes from the version history, newest first."},
    "in_english": {"fi": "Muutosten kuvaukset ovat englanniksi silloin, kun muutokselle ei ole kirjoitettu "
                         "suomenkielistä kuvausta.",
                   "en": ""},
    "source": {"fi": "lähdeteksti tässä versiossa", "en": "source at this version"},
    "version": {"fi": "Viitattu versio", "en": "Version cited"},
    "permalink": {"fi": "pysyvä linkki tähän versioon", "en": "permanent link to this version"},
}


def source_url(repo_url: str, sha: str, paths: list[str]) -> str:
    """The page's source at commit ``sha`` in the repository browser (a folder when it has several files)."""
    repo = repo_url.rstrip("/")
    if len(paths) == 1:
        return f"{repo}/blob/{sha}/{paths[0]}"
    folders = {p.rsplit("/", 1)[0] for p in paths}
    folder = folders.pop() if len(folders) == 1 else "docs"
    return f"{repo}/tree/{sha}/{folder}"


def history_section(commits: list[Commit], lang: str, repo_url: str, paths: list[str]) -> str:
    """The history section at the end of a page: date, description and (with a repository) the source then."""
    if not commits:
        return ""
    count = f"{len(commits)} {WORDS['change' if len(commits) == 1 else 'changes'][lang]}"
    items = []
    foreign = False
    for commit in commits:
        link = ""
        if repo_url:
            link = f' · <a href="{escape(source_url(repo_url, commit.sha, paths))}">{WORDS["source"][lang]}</a>'
        text, text_lang = commit.description(lang)
        described = escape(text)
        if text_lang != lang:  # read out in its own language by screen readers
            foreign = True
            described = f'<span lang="{text_lang}">{described}</span>'
        items.append(f'<li><time datetime="{commit.day.isoformat()}">{escape(format_date(commit.day, lang))}</time>'
                     f' – {described}{link}</li>')
    intro = WORDS["intro"][lang] + (" " + WORDS["in_english"][lang] if foreign else "")
    return (f'<details class="hb-history" id="{HISTORY_ID}" data-search-exclude data-pagefind-ignore>'
            f'<summary>{WORDS["history"][lang]} ({count})</summary>\n<p>{intro}</p>\n'
            '<ol reversed>\n' + "\n".join(items) + "\n</ol>\n</details>")


def cited_version(commit: Commit | None, lang: str, repo_url: str, paths: list[str]) -> str:
    """The line of cite-this-page naming the version cited (its date, and a permanent link with a repository)."""
    if commit is None:
        return ""
    line = (f'<p class="hb-cite-version">{WORDS["version"][lang]}: '
            f'<time datetime="{commit.day.isoformat()}">{escape(format_date(commit.day, lang))}</time>')
    if repo_url:
        line += f' · <a href="{escape(source_url(repo_url, commit.sha, paths))}">{WORDS["permalink"][lang]}</a>'
    return line + f' · <a href="#{HISTORY_ID}">{WORDS["history"][lang].lower()}</a></p>'
