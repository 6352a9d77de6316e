"""``handbook translated FILE``: record the Finnish revision a translation was made from."""

from __future__ import annotations

from pathlib import Path

from handbook.checks.translations import revision
from handbook.content import yamlmap
from handbook.i18n import DEFAULT_LANG, LANGS


class TranslationError(ValueError):
    """Why a file cannot be recorded as translated: a message code of :mod:`handbook.i18n` and its values."""

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
