"""Cite this page: the version cited (its date and permanent link) and the history section."""

from __future__ import annotations

from handbook.content.history import Commit, page_commits, source_url
from handbook.render.history import cited_version, history_section


def sources_of(info, card) -> list[str]:
    """The files a card or page is made from (relative to the project root): a card's text and its ``card.yml``."""
    return [info.rel] + ([info.rel.rsplit("/", 1)[0] + "/card.yml"] if card is not None else [])


def end(hb, info, card, lang: str, repo_url: str, commits: dict) -> str:
    """The history section at the end of a card or research summary."""
    paths = sources_of(info, card)
    return history_section(commits, lang, repo_url, paths)


def version(hb, info, card, commits: dict) -> Commit | None:
    """The last commit of a page's sources: the version a reader cites."""
    if info is None:
        return None
    found = page_commits(commits, sources_of(info, card))
    return found[0] if found else None


def cite_with_version(block: str, commit: Commit | None, lang: str, repo_url: str, paths: list[str]) -> str:
    """Cite-this-page (``block``) with the line naming the version cited."""
    line = cited_version(commit, lang, repo_url, paths)
    if not line or "</details>" not in block:
        return block
    at = block.find("</p>") + len("</p>") if "</p>" in block else block.rindex("</details>")
    return block[:at] + "\n" + line + block[at:]


def versioned(entry, commit: Commit | None, repo_url: str, paths: list[str]):
    """Cite-this-page's BibTeX entry with the version cited: its commit and, with a repository, its permanent link."""
    if commit is not None:
        entry.fields["version"] = commit.sha[:12]
        if repo_url:
            entry.fields["note"] = source_url(repo_url, commit.sha, paths)
    return entry
