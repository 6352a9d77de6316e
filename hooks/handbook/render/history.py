"""What the pages say about their history: the changelog, the maintenance page, each page's history
section and the version that cite-this-page names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handbook.content.cards import Card
from handbook.content.history import Commit, page_commits, review_due, source_url
from handbook.i18n import t
from handbook.render.templates import render


def changelog(cards: list[Card], history: dict[str, list[dt.date]], root: Path, lang: str) -> str:
    """The changelog page: card additions and changes by date, newest first (on a day, additions first)."""
    events: dict[dt.date, list[tuple[bool, str, str]]] = {}
    in_folder = _days_by_folder(history, {card.folder.relative_to(root).as_posix() for card in cards})
    for card in cards:
        days = sorted(in_folder[card.folder.relative_to(root).as_posix()])
        for index, day in enumerate(days):
            events.setdefault(day, []).append((index != 0, card.name(lang), card.slug))
    by_day = [(day, sorted(events[day])) for day in sorted(events, reverse=True)]
    return render("changelog.md", days=by_day, lang=lang)


def _days_by_folder(history: dict[str, list[dt.date]], folders: set[str]) -> dict[str, set[dt.date]]:
    """Each of ``folders`` → the days of the files under it in ``history`` (one pass over the history,
    not one per card: with thousands of cards, a pass per card was a cost that grew with the square)."""
    out: dict[str, set[dt.date]] = {folder: set() for folder in folders}
    for name, days in history.items():
        parts = name.split("/")
        for end in range(1, len(parts)):  # every folder above the file, as name.startswith(folder + "/")
            found = out.get("/".join(parts[:end]))
            if found is not None:
                found.update(days)
    return out


def maintenance(cards: list[Card], today: dt.date, lang: str) -> str:
    """The maintenance page: cards due for review, oldest review first."""
    due = sorted((c for c in cards if review_due(c, today)), key=lambda c: c.reviewed)
    return render("maintenance.md", cards=[(c.name(lang), c.slug, c.reviewed) for c in due], lang=lang)


# Each page's history -----------------------------------------------------------
#: the id of the history section at the end of a card or research summary
HISTORY_ID = "hb-history"


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
    # one line per day and description: several commits that did the same thing on one day read as one
    # change with a count (the link gives the newest of them, the page as it was at the end of that day)
    rows: list[tuple[Commit, str, int]] = []
    for commit in found:
        text = describe(commit, touched[commit.sha], lang)
        if rows and rows[-1][0].day == commit.day and rows[-1][1] == text:
            rows[-1] = (rows[-1][0], text, rows[-1][2] + 1)
        else:
            rows.append((commit, text, 1))
    changes = [(commit.day, text if times == 1 else text.rstrip(".") + " " + t("history_times", lang, n=times),
                source_url(repo_url, commit.sha, paths) if repo_url else "") for commit, text, times in rows]
    return render("history.html", id=HISTORY_ID, count=len(found), changes=changes, lang=lang)


def describe(commit: Commit, touched: set[str], lang: str) -> str:
    """A change as readers of a page in ``lang`` read it: the commit's note in that language
    (``Muutos:`` / ``Change:``), else what it did to the page's files (``touched``): added the
    page's text, changed its text, its card's facts (``card.yml``) or both. Commit subjects are
    developers' notes in English and are not shown."""
    note = commit.note(lang)
    if note:
        return note
    if any(p.endswith(".md") for p in touched & commit.added):
        return t("change_added", lang)
    text = any(p.endswith(".md") for p in touched)
    facts = any(p.endswith(".yml") for p in touched)
    return t("change_both" if text and facts else "change_facts" if facts else "change_text", lang)


def cited_version(commit: Commit | None, lang: str, repo_url: str, paths: list[str]) -> str:
    """The line of cite-this-page naming the version cited (its date, and a permanent link with a repository)."""
    if commit is None:
        return ""
    return render("cite_version.html", day=commit.day, url=source_url(repo_url, commit.sha, paths) if repo_url else "",
                  history=HISTORY_ID, lang=lang)
