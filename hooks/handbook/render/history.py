"""What the pages say about their history: the changelog, the maintenance page, each page's history
section and the version that cite-this-page names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handbook.content.history import Commit, page_commits, review_due, source_url
from handbook.i18n import format_date, t
from handbook.safety import escape


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
