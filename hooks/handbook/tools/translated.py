"""``handbook translated FILE``: record the revision of the original (Finnish) a translation was made from."""

from __future__ import annotations

from pathlib import Path

from handbook.checks.translations import revision
from handbook.content import frontmatter, project
from handbook.i18n import DEFAULT_LANG


class TranslationError(ValueError):
    """Why a file cannot be recorded as translated: a message code of :mod:`handbook.i18n` and its values."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def stamp(path: Path, docs: Path, langs: tuple[str, ...] | None = None) -> str:
    """Record in a translation's front matter the revision of the original it was made from. A
    translation is a page in one of ``langs`` other than the default (``langs``: by default those of
    the project's ``mkdocs.yml``, beside ``docs``)."""
    name = path.name
    for lang in langs or project.languages(project.read_config(docs.parent)):
        if name.endswith(f".{lang}.md") and lang != DEFAULT_LANG:
            original = path.with_name(name[: -len(f".{lang}.md")] + f".{DEFAULT_LANG}.md")
            break
    else:
        raise TranslationError("translated-not-translation", file=str(path))
    if not original.exists():
        raise TranslationError("translated-no-original", file=str(path), original=original.name)
    rev = revision(original)
    split = frontmatter.split(path.read_text(encoding="utf-8"))
    front, body = split.yaml, split.body
    lines = [line for line in front.splitlines() if line.strip() and not line.startswith("translated_from:")]
    lines.append(f'translated_from: "{rev}"')  # quoted: an all-digit hash must stay text
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\n" + body.lstrip("\n"), encoding="utf-8")
    return rev
