"""Translations: every page in every language of the handbook, with the same sections, citations and figures.

A translation (a page in another language than the default, Finnish) records the revision of
the original it was translated from in its front matter (``translated_from: <hash>``, written
by ``handbook translated FILE``); when the original changes, the translation is reported as stale.
"""

from __future__ import annotations

import functools
import hashlib
import re
import subprocess
from pathlib import Path
from typing import Literal, NotRequired, TypedDict

from handbook.content.handbook import Handbook
from handbook.content.pages import MarkdownPage
from handbook.findings import Finding, finding
from handbook.i18n import DEFAULT_LANG, per_language, t


def revision(path: Path) -> str:
    """The revision of a source text: the first 12 hex digits of its SHA-256."""
    st = path.stat()
    return _revision(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16384)
def _revision(path: str, mtime_ns: int, size: int) -> str:
    """One hash per file version, however often the checks and status pages ask."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _paragraphs(text: str) -> list[str]:
    """The paragraphs (blocks between blank lines) of a Markdown text, each on one line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def changed_paragraphs(hb: Handbook, original: MarkdownPage, recorded: str,
                       most: int = 3) -> tuple[list[str], str]:
    """The paragraphs of ``original`` that are new or changed since its version ``recorded`` (the revision a
    translation records), each cut to 80 characters, and the commit of that version: it is looked for in
    git's history of the file. Nothing and "" when that version is not in the history."""
    for commit in hb.commits.get(original.rel, []):
        shown = subprocess.run(["git", "show", f"{commit.sha}:{original.rel}"], cwd=hb.root, capture_output=True,
                               check=False)
        if shown.returncode != 0 or hashlib.sha256(shown.stdout).hexdigest()[:12] != recorded:
            continue
        before = set(_paragraphs(shown.stdout.decode("utf-8", "replace")))
        now = _paragraphs(original.path.read_text(encoding="utf-8", errors="replace"))
        new = [text for text in now if text not in before and not text.startswith(("---", "translated_from"))]
        return [text if len(text) <= 80 else text[:79] + "…" for text in new[:most]], commit.sha
    return [], ""


def _diff(mine: set[str], theirs: set[str]) -> dict[str, str]:
    """The message's ``extra`` (only in the translation) and ``missing`` (only in the original)."""
    return {"extra": ", ".join(sorted(mine - theirs)) or "–", "missing": ", ".join(sorted(theirs - mine)) or "–"}


def _recorded(page: MarkdownPage) -> str:
    value = page.meta.get("translated_from")
    return "" if value is None or value == "" else str(value)


#: a translation's state: up to date, made from an older original, its original's revision not
#: recorded, or not written yet
State = Literal["ok", "stale", "unrecorded", "missing"]


class StatusRow(TypedDict):
    """One translation of one page on the translation status page."""

    #: the page's language-neutral source path, e.g. ``methods.md``
    src: str
    #: the translation's language
    lang: str
    #: the translation's title and URL (the original's while it is missing)
    title: str
    url: str
    state: State
    #: the original's revision the translation records, and the original's revision now
    recorded: NotRequired[str]
    current: NotRequired[str]


def _versions(hb: Handbook) -> dict[str, dict[str, MarkdownPage]]:
    """Source path → language → page."""
    by_src: dict[str, dict[str, MarkdownPage]] = {}
    for page in hb.pages:
        by_src.setdefault(page.src, {})[page.lang] = page
    return by_src


def status(hb: Handbook) -> list[StatusRow]:
    """Each page's translation state per language: ok, stale, unrecorded or missing."""
    rows: list[StatusRow] = []
    for src, versions in sorted(_versions(hb).items()):
        original = versions.get(DEFAULT_LANG)
        for lang in hb.langs:
            if lang == DEFAULT_LANG:
                continue
            page = versions.get(lang)
            shown = page or original or next(iter(versions.values()))  # a page only in a third language too
            row: StatusRow = {"src": src, "lang": lang, "title": shown.title, "url": shown.url, "state": "ok"}
            if page is None:
                row["state"] = "missing"
            elif original is not None:
                recorded = _recorded(page)
                current = revision(original.path)
                row["state"] = "ok" if recorded == current else ("unrecorded" if not recorded else "stale")
                row["recorded"], row["current"] = recorded, current
            rows.append(row)
    return rows


def check(hb: Handbook) -> list[Finding]:
    """Every page in every language, the same sections, citations and figures as the original, and
    each translation made from the original's current revision."""
    out: list[Finding] = []
    for src, versions in sorted(_versions(hb).items()):
        for lang in hb.langs:
            if lang not in versions:
                present = next(iter(versions.values()))
                name = Path(present.rel).name.replace(f".{present.lang}.md", f".{lang}.md")
                if not src.startswith("cards/"):  # a card reports its own missing language file
                    out.append(finding(present.rel, 1, "translation-missing", "translation-missing",
                                       lang=lang, file=name))
        original = versions.get(DEFAULT_LANG)
        if original is None:
            continue
        for lang, page in versions.items():
            if lang == DEFAULT_LANG:
                continue
            h2_mine = [h for h in page.headings if h[0] == 2]
            h2_theirs = [h for h in original.headings if h[0] == 2]
            if len(h2_mine) != len(h2_theirs):
                line = h2_mine[0][2] if h2_mine else 1
                out.append(finding(page.rel, line, "translation-sections", "translation-sections",
                                   this=len(h2_mine), other=len(h2_theirs), file=original.rel))
            keys_mine = {k for c in page.citations for k in c.keys}
            keys_theirs = {k for c in original.citations for k in c.keys}
            # an unknown key (a typo, a placeholder) is reported where it is written: not compared here
            if keys_mine != keys_theirs and (keys_mine | keys_theirs) <= set(hb.bib.entries):
                line = next((c.line for c in page.citations if set(c.keys) - keys_theirs), page.first_line)
                out.append(finding(page.rel, line, "translation-citations", "translation-citations",
                                   file=original.rel, **_diff(keys_mine, keys_theirs)))
            facts_mine = {f for f, _ in page.facts_used}
            facts_theirs = {f for f, _ in original.facts_used}
            if facts_mine != facts_theirs:
                line = next((n for f, n in page.facts_used if f not in facts_theirs), page.first_line)
                out.append(finding(page.rel, line, "translation-figures", "translation-figures",
                                   file=original.rel, **_diff(facts_mine, facts_theirs)))
            recorded = _recorded(page)
            if not recorded:
                out.append(finding(page.rel, 1, "translation-unrecorded", "translation-unrecorded",
                                   severity="warning", file=page.rel))
            else:
                current = revision(original.path)
                if recorded != current:
                    changed, sha = changed_paragraphs(hb, original, recorded)
                    shown = (per_language(changed=lambda _: " / ".join(f"«{text}»" for text in changed)) if changed
                             else per_language(changed=lambda lang: t("stale_removed" if sha else "stale_unknown", lang)))
                    out.append(finding(page.rel, 1, "translation-stale", "translation-stale", severity="warning",
                                       recorded=recorded, current=current, file=page.rel, **shown,
                                       diff=f"git diff {sha[:12]} -- {original.rel}" if sha
                                       else f"git log -p -- {original.rel}"))
    return out


