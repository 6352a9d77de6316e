"""Translations: every page in both languages, with the same sections, citations and figures.

An English page records the Finnish revision it was translated from in its front
matter (``translated_from: <hash>``, written by ``handbook translated FILE``);
when the Finnish text changes, the translation is reported as stale.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from ..findings import Finding, finding
from ..l10n import DEFAULT_LANG, LANGS
from ..safety import escape
from .. import yamlmap


def revision(path: Path) -> str:
    """The revision of a source text: the first 12 hex digits of its SHA-256."""
    st = path.stat()
    return _revision(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16384)
def _revision(path: str, mtime_ns: int, size: int) -> str:
    """One hash per file version, however often the checks and status pages ask."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _diff(mine: set[str], theirs: set[str]) -> dict[str, str]:
    """The message's ``extra`` (only in the translation) and ``missing`` (only in the original)."""
    return {"extra": ", ".join(sorted(mine - theirs)) or "–", "missing": ", ".join(sorted(theirs - mine)) or "–"}


def _recorded(page) -> str:
    value = page.meta.get("translated_from")
    return "" if value is None or value == "" else str(value)


def status(hb) -> list[dict]:
    """Each page's translation state per language: ok, stale, unrecorded or missing."""
    by_src: dict[str, dict[str, object]] = {}
    for page in hb.pages:
        by_src.setdefault(page.src, {})[page.lang] = page
    rows = []
    for src, versions in sorted(by_src.items()):
        original = versions.get(DEFAULT_LANG)
        for lang in LANGS:
            if lang == DEFAULT_LANG:
                continue
            page = versions.get(lang)
            row = {"src": src, "lang": lang, "title": (page or original).title, "url": (page or original).url}
            if page is None:
                row["state"] = "missing"
            elif original is None:
                row["state"] = "ok"
            else:
                recorded = _recorded(page)
                current = revision(original.path)
                row["state"] = "ok" if recorded == current else ("unrecorded" if not recorded else "stale")
                row.update(recorded=recorded, current=current)
            rows.append(row)
    return rows


def check(hb) -> list[Finding]:
    out: list[Finding] = []
    by_src: dict[str, dict[str, object]] = {}
    for page in hb.pages:
        by_src.setdefault(page.src, {})[page.lang] = page
    for src, versions in sorted(by_src.items()):
        for lang in LANGS:
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
                    out.append(finding(page.rel, 1, "translation-stale", "translation-stale", severity="warning",
                                       recorded=recorded, current=current, file=page.rel))
    return out


class TranslationError(ValueError):
    """Why a file cannot be recorded as translated: a message code of :mod:`handbook.messages` and its values."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def stamp(path: Path, docs: Path) -> str:
    """Record in a translation's front matter the revision of the original it was made from."""
    name = path.name
    for lang in LANGS:
        if name.endswith(f".{lang}.md") and lang != DEFAULT_LANG:
            original = path.with_name(name[: -len(f".{lang}.md")] + f".{DEFAULT_LANG}.md")
            break
    else:
        raise TranslationError("translated-not-translation", file=str(path))
    if not original.exists():
        raise TranslationError("translated-no-original", file=str(path), original=original.name)
    rev = revision(original)
    front, body, _ = yamlmap.split_front_matter(path.read_text(encoding="utf-8"))
    lines = [line for line in front.splitlines() if line.strip() and not line.startswith("translated_from:")]
    lines.append(f'translated_from: "{rev}"')  # quoted: an all-digit hash must stay text
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\n" + body.lstrip("\n"), encoding="utf-8")
    return rev


STATE = {
    "ok": {"fi": "ajan tasalla", "en": "up to date"},
    "stale": {"fi": "vanhentunut", "en": "out of date"},
    "unrecorded": {"fi": "versiota ei kirjattu", "en": "revision not recorded"},
    "missing": {"fi": "puuttuu", "en": "missing"},
}


def status_page(rows: list[dict], lang: str) -> str:
    """The translation status page of ``lang`` (at ``translations/``)."""
    title = {"fi": "Käännösten tila", "en": "Translation status"}[lang]
    intro = {
        "fi": "Suomenkielinen teksti on käsikirjan alkuperäinen. Tällä sivulla näkyy, mitkä englanninkieliset "
              "käännökset puuttuvat ja mitkä on tehty suomenkielisen tekstin vanhemmasta versiosta.",
        "en": "The Finnish text is the handbook's original. This page shows which English translations are "
              "missing and which were made from an earlier version of the Finnish text.",
    }[lang]
    head = {"fi": ("Sivu", "Käännös", "Tila"), "en": ("Page", "Translation", "State")}[lang]
    problems = [r for r in rows if r["state"] != "ok"]
    summary = {
        "fi": f"Käännöksiä {len(rows)}, joista ajan tasalla {len(rows) - len(problems)}.",
        "en": f"{len(rows)} translations, {len(rows) - len(problems)} of them up to date.",
    }[lang]
    lines = [f"# {title}", "", intro, "", summary, ""]
    if problems:
        lines += [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | --- | --- |"]
        for row in problems:  # links to the source: MkDocs picks the page's language version
            lines.append(f"| [{escape(row['title'])}]({row['src']}) | {row['lang']} | {STATE[row['state']][lang]} |")
    else:
        lines.append({"fi": "Kaikki käännökset ovat ajan tasalla.", "en": "All translations are up to date."}[lang])
    return "\n".join(lines) + "\n"
