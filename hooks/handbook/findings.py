"""Findings: every problem a check or the build finds, as data.

A :class:`Finding` names a rule, a file, a line and a message in every
language that has a catalog (:mod:`handbook.i18n`). The build turns findings into MkDocs warnings (so that
``mkdocs build --strict`` fails); the command line prints them as text,
GitHub annotations or JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from handbook import i18n


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place.

    ``code`` names a message in :mod:`handbook.i18n`; ``params`` fill it.
    ``path`` is relative to the repository root, ``line`` is 1-based.
    """

    path: str
    line: int
    rule: str
    code: str
    params: tuple[tuple[str, str], ...] = field(default=())
    severity: str = "error"

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (a catalog language; default from the environment: :func:`default_lang`)."""
        return i18n.message(self.code, dict(self.params), lang or default_lang())

    def location(self) -> str:
        """``path:line``."""
        return f"{self.path}:{self.line}"

    def text(self, lang: str | None = None) -> str:
        """``path:line: message`` – the one-line form used everywhere."""
        return f"{self.location()}: {self.message(lang)}"

    def github(self, lang: str | None = None) -> str:
        """A GitHub Actions workflow command that annotates the line: the message in ``lang``, then in each
        other language of the catalogs, one per line (a pull request's annotation is read by editors of
        either language)."""
        kind = "error" if self.severity == "error" else "warning"
        first = lang or default_lang()
        texts = [self.message(first)] + [self.message(other) for other in i18n.available_languages() if other != first]
        msg = "\n".join(texts).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},title={self.rule}::{msg}"

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """The finding as JSON data (``--format json``): its fields, its parameters and its message in ``lang``."""
        data = asdict(self)
        data["params"] = dict(self.params)
        data["message"] = self.message(lang)
        return data


def finding(path: str, line: int, rule: str, code: str, severity: str = "error", **params: object) -> Finding:
    """Build a :class:`Finding`; keyword arguments fill the message template."""
    return Finding(
        path=path,
        line=max(int(line), 1),
        rule=rule,
        code=code,
        params=tuple(sorted((k, str(v)) for k, v in params.items())),
        severity=severity,
    )


def default_lang() -> str:
    """The editor's language: ``HANDBOOK_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES`` or
    ``LANG``, e.g. ``fi_FI.UTF-8``, ``sv_SE.UTF-8``) when a catalog has its language, else English."""
    explicit = i18n.language_of(os.environ.get("HANDBOOK_LANG", ""))
    if explicit:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return i18n.language_of(value) or i18n.FALLBACK
    return i18n.FALLBACK


def format_text(findings: Iterable[Finding], lang: str | None = None) -> str:
    """Human-readable report grouped by file, with a summary line."""
    items = sorted(findings)
    lang = lang or default_lang()
    lines: list[str] = []
    current = None
    for f in items:
        if f.path != current:
            if current is not None:
                lines.append("")
            lines.append(f.path)
            current = f.path
        label = i18n.message(f"severity-{f.severity}", {}, lang)
        lines.append(f"  {f.location()}: {label} [{f.rule}] {f.message(lang)}")
    errors = sum(1 for f in items if f.severity == "error")
    warnings = len(items) - errors
    if lines:
        lines.append("")
    lines.append(i18n.message("summary", {"errors": str(errors), "warnings": str(warnings)}, lang))
    return "\n".join(lines)


def format_github(findings: Iterable[Finding], lang: str | None = None) -> str:
    """One GitHub Actions annotation per finding (:meth:`Finding.github`)."""
    return "\n".join(f.github(lang) for f in sorted(findings))


def format_json(findings: Iterable[Finding], lang: str | None = None) -> str:
    """The findings as a JSON list (:meth:`Finding.as_dict`)."""
    return json.dumps([f.as_dict(lang) for f in sorted(findings)], ensure_ascii=False, indent=2)
