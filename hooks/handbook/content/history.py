"""What git knows about the content: when each file last changed, and the card changelog.

One ``git log`` call per build; outside a git checkout (a synthetic handbook,
an unpacked archive) there is simply no history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from handbook.content.cards import Card
from handbook.i18n import available_languages, text


@dataclass(frozen=True)
class Commit:
    """One commit that touched a content file: its id, time (UTC), the readers'
    descriptions of the change per language (``notes``: ``Muutos:`` in Finnish, ``Change:`` in
    English) and its place in the history (``order``: 0 for the newest; git's order, which also
    holds for commits made in the same second)."""

    sha: str
    time: dt.datetime
    notes: tuple[tuple[str, str], ...] = ()  # (language, note)
    order: int = 0
    added: frozenset[str] = frozenset()  # the files this commit added

    @property
    def day(self) -> dt.date:
        return self.time.date()

    def note(self, lang: str) -> str:
        """The readers' description of the change in ``lang`` ("" if the message has none)."""
        return dict(self.notes).get(lang, "")


def note_key(lang: str) -> str:
    """The line of a commit message that describes a change for readers in ``lang``, before its colon
    (the catalogs' ``structure.commit_note``): ``Muutos: Lisätty yhteystiedot`` / ``Change: Contact details added``."""
    return text("structure", "commit_note", lang)


def notes(message: str) -> dict[str, str]:
    """The readers' notes in a commit message's body: every ``Muutos:``/``Change:`` line (the key of
    each language that has a catalog), wherever it stands (a git trailer or not), joined per language."""
    keys = {lang: note_key(lang).casefold() for lang in available_languages()}
    found: dict[str, list[str]] = {}
    for line in message.splitlines():
        key, sep, value = line.partition(":")
        for lang, name in keys.items():
            if sep and key.strip().casefold() == name and value.strip():
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
        commit = Commit(sha, dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc), tuple(found.items()), order,
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


REVIEW_DAYS = 2 * 365


def review_due(card: Card, today: dt.date) -> bool:
    """A card not reviewed for two years is due for review."""
    return (today - card.reviewed).days > REVIEW_DAYS


def source_url(repo_url: str, sha: str, paths: list[str]) -> str:
    """The page's source at commit ``sha`` in the repository browser (a folder when it has several files)."""
    repo = repo_url.rstrip("/")
    if len(paths) == 1:
        return f"{repo}/blob/{sha}/{paths[0]}"
    folders = {p.rsplit("/", 1)[0] for p in paths}
    folder = folders.pop() if len(folders) == 1 else "docs"
    return f"{repo}/tree/{sha}/{folder}"


