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


#: the lines of a commit message that describe a change for readers, per language
#: (``Muutos: Lisätty yhteystiedot`` / ``Change: Contact details added``, each on a line of its own)
NOTE_KEYS = {"fi": "Muutos", "en": "Change"}


@dataclass(frozen=True)
class Commit:
    """One commit that touched a content file: its id, time (UTC), the readers'
    descriptions of the change (``Muutos:`` in Finnish, ``Change:`` in English) and its place in
    the history (``order``: 0 for the newest; git's order, which also holds for commits made in
    the same second)."""

    sha: str
    time: dt.datetime
    note_fi: str = ""
    note_en: str = ""
    order: int = 0
    added: frozenset[str] = frozenset()  # the files this commit added

    @property
    def day(self) -> dt.date:
        return self.time.date()


def notes(message: str) -> dict[str, str]:
    """The readers' notes in a commit message's body: every ``Muutos:``/``Change:`` line, wherever
    it stands (a git trailer or not), joined per language."""
    found: dict[str, list[str]] = {}
    for line in message.splitlines():
        key, sep, value = line.partition(":")
        for lang, name in NOTE_KEYS.items():
            if sep and key.strip().casefold() == name.casefold() and value.strip():
                found.setdefault(lang, []).append(" ".join(value.split()))
    return {lang: " ".join(values) for lang, values in found.items()}


#: one record per commit: id, time, message body (fields apart by \x1f, records by \x1e), then the files
#: (the subject is a developers' note, never shown: see :func:`describe`)
_FORMAT = "%x1e%H%x1f%ct%x1f%b%x1f"


def file_commits(root: Path) -> dict[str, list[Commit]]:
    """Path (relative to ``root``) → the commits that touched it, newest first (one ``git log`` call)."""
    try:
        out = subprocess.run(["git", "log", "--no-merges", "--date-order", f"--format={_FORMAT}", "--name-status",
                              "--", "docs"],
                             cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if out.returncode != 0:
        return {}
    history: dict[str, list[Commit]] = {}
    for order, record in enumerate(out.stdout.split("\x1e")[1:]):
        fields = record.split("\x1f")
        if len(fields) < 4:
            continue
        sha, stamp, body = (f.strip() for f in fields[:3])
        found = notes(body)
        changes = [line.split("\t") for line in fields[3].splitlines() if "\t" in line]  # status, path(s)
        commit = Commit(sha, dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc),
                        found.get("fi", ""), found.get("en", ""), order,
                        frozenset(change[-1] for change in changes if change[0].startswith("A")))
        for change in changes:
            history.setdefault(change[-1], []).append(commit)
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
    return sorted(seen.values(), key=lambda c: c.order)


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
    "times": {"fi": "({n} kertaa).", "en": "({n} times)."},
    "intro": {"fi": "Sivun muutokset versionhallinnan mukaan, uusin ensin.",
              "en": "The page's changes from the version history, newest first."},

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


def history_section(commits: dict[str, list[Commit]], lang: str, repo_url: str, paths: list[str]) -> str:
    """The history section at the end of a page made from ``paths``: each change's date, its
    description (:func:`describe`) and, with a repository, the source at that version."""
    found = page_commits(commits, paths)
    if not found:
        return ""
    touched: dict[str, set[str]] = {}
    for path in paths:
        for commit in commits.get(path, ()):
            touched.setdefault(commit.sha, set()).add(path)
    count = f"{len(found)} {WORDS['change' if len(found) == 1 else 'changes'][lang]}"
    # one line per day and description: several commits that did the same thing on one day read as one
    # change with a count (the link gives the newest of them, the page as it was at the end of that day)
    rows: list[tuple[Commit, str, int]] = []
    for commit in found:
        text = describe(commit, touched[commit.sha], lang)
        if rows and rows[-1][0].day == commit.day and rows[-1][1] == text:
            rows[-1] = (rows[-1][0], text, rows[-1][2] + 1)
        else:
            rows.append((commit, text, 1))
    items = []
    for commit, text, times in rows:
        link = ""
        if repo_url:
            link = f' · <a href="{escape(source_url(repo_url, commit.sha, paths))}">{WORDS["source"][lang]}</a>'
        if times > 1:
            text = text.rstrip(".") + " " + WORDS["times"][lang].format(n=times)
        items.append(f'<li><time datetime="{commit.day.isoformat()}">{escape(format_date(commit.day, lang))}</time>'
                     f' – {escape(text)}{link}</li>')
    return (f'<details class="hb-history" id="{HISTORY_ID}" data-search-exclude data-pagefind-ignore>'
            f'<summary>{WORDS["history"][lang]} ({count})</summary>\n<p>{WORDS["intro"][lang]}</p>\n'
            '<ol reversed>\n' + "\n".join(items) + "\n</ol>\n</details>")


#: what a change did to a page, for a commit without a reader's note in the page's language
CHANGED = {
    "added": {"fi": "Sivu lisättiin.", "en": "Page added."},
    "text": {"fi": "Tekstiä muutettiin.", "en": "Text changed."},
    "facts": {"fi": "Kortin tietoja muutettiin.", "en": "Card facts changed."},
    "both": {"fi": "Tekstiä ja kortin tietoja muutettiin.", "en": "Text and card facts changed."},
}


def describe(commit: Commit, touched: set[str], lang: str) -> str:
    """A change as readers of a page in ``lang`` read it: the commit's note in that language
    (``Muutos:`` / ``Change:``), else what it did to the page's files (``touched``): added the
    page's text, changed its text, its card's facts (``card.yml``) or both. Commit subjects are
    developers' notes in English and are not shown."""
    note = commit.note_fi if lang == "fi" else commit.note_en
    if note:
        return note
    if any(p.endswith(".md") for p in touched & commit.added):
        return CHANGED["added"][lang]
    text = any(p.endswith(".md") for p in touched)
    facts = any(p.endswith(".yml") for p in touched)
    return CHANGED["both" if text and facts else "facts" if facts else "text"][lang]


def cited_version(commit: Commit | None, lang: str, repo_url: str, paths: list[str]) -> str:
    """The line of cite-this-page naming the version cited (its date, and a permanent link with a repository)."""
    if commit is None:
        return ""
    line = (f'<p class="hb-cite-version">{WORDS["version"][lang]}: '
            f'<time datetime="{commit.day.isoformat()}">{escape(format_date(commit.day, lang))}</time>')
    if repo_url:
        line += f' · <a href="{escape(source_url(repo_url, commit.sha, paths))}">{WORDS["permalink"][lang]}</a>'
    return line + f' · <a href="#{HISTORY_ID}">{WORDS["history"][lang].lower()}</a></p>'
