"""Cite this page: the version cited (its date and permanent link) and the history section."""

from __future__ import annotations

from pybtex.database import Entry

from handbook.content.cards import Card
from handbook.content.history import Commit, page_commits, source_url
from handbook.content.pages import MarkdownPage
from handbook.render.history import cited_version, history_section


def sources_of(source: MarkdownPage, card: Card | None) -> list[str]:
    """The files a card or page is made from (relative to the project root): a card's text and its ``card.yml``."""
    return [source.rel] + ([source.rel.rsplit("/", 1)[0] + "/card.yml"] if card is not None else [])


def end(source: MarkdownPage, card: Card | None, lang: str, repo_url: str, commits: dict[str, list[Commit]]) -> str:
    """The history section at the end of a card or research summary."""
    return history_section(commits, lang, repo_url, sources_of(source, card))


def version(source: MarkdownPage | None, card: Card | None, commits: dict[str, list[Commit]]) -> Commit | None:
    """The last commit of a page's sources: the version a reader cites."""
    if source is None:
        return None
    found = page_commits(commits, sources_of(source, card))
    return found[0] if found else None


def cite_with_version(block: str, commit: Commit | None, lang: str, repo_url: str, paths: list[str]) -> str:
    """Cite-this-page (``block``) with the line naming the version cited."""
    line = cited_version(commit, lang, repo_url, paths)
    if not line or "</details>" not in block:
        return block
    at = block.find("</p>") + len("</p>") if "</p>" in block else block.rindex("</details>")
    return block[:at] + "\n" + line + block[at:]


def versioned(entry: Entry, commit: Commit | None, repo_url: str, paths: list[str]) -> Entry:
    """Cite-this-page's BibTeX entry with the version cited: its commit and, with a repository, its permanent link."""
    if commit is not None:
        entry.fields["version"] = commit.sha[:12]
        if repo_url:
            entry.fields["note"] = source_url(repo_url, commit.sha, paths)
    return entry
