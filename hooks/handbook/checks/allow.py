"""The allow-list: deliberate exceptions to the checks, each with a reason.

``checks-allow.yml`` at the project root::

    allow:
      - path: docs/some/page.fi.md      # the file of the finding
        rule: privacy-email             # its rule id
        match: info@example.org         # optional: text that the message must contain (in any language)
        reason: The organisation's public service address.

An entry without a reason is itself a finding, and so is one for a rule that keeps readers safe
(:data:`FIXED_RULES`): those are fixed, never allowed.
"""

from __future__ import annotations

from pathlib import Path

from handbook.content import reading, yamlmap
from handbook.findings import Finding, finding
from handbook.i18n import available_languages

ALLOW_FILE = "checks-allow.yml"
#: the rules that keep readers safe: no entry can allow them (the allow-list is content too: a pull
#: request could otherwise allow its own markup)
FIXED_RULES = frozenset({"html-element", "html-attribute", "url-scheme", "html-in-text", "html-sanitized",
                         "html-script", "file", "front-matter", "page-nesting", "card-schema"})


#: one entry of the allow-list, as written (``path``, ``rule``, ``match``, ``reason``; ``url`` for the online check)
Entry = dict[str, object]


def load(root: Path) -> tuple[list[Entry], list[Finding]]:
    """The entries of ``checks-allow.yml`` that give a reason, and a finding for each that does not."""
    path = root / ALLOW_FILE
    if not path.exists():
        return [], []
    try:
        data, lines = yamlmap.load(reading.source_text(path, root))
    except reading.Unreadable as exc:
        return [], [exc.finding(ALLOW_FILE, "allow")]
    except yamlmap.YamlError as exc:
        return [], [finding(ALLOW_FILE, exc.line, "allow", "yaml-syntax", problem=exc.problem)]
    entries: list[Entry] = []
    problems: list[Finding] = []
    for index, entry in enumerate((data or {}).get("allow", []) if isinstance(data, dict) else []):
        if not isinstance(entry, dict) or not str(entry.get("reason") or "").strip():
            problems.append(finding(ALLOW_FILE, lines.line(["allow", index]), "allow", "allow-no-reason"))
            continue
        if str(entry.get("rule")) in FIXED_RULES:
            problems.append(finding(ALLOW_FILE, lines.line(["allow", index]), "allow", "allow-fixed-rule",
                                    name=str(entry.get("rule"))))
            continue
        entries.append(entry)
    return entries, problems


def apply(root: Path, found: list[Finding]) -> list[Finding]:
    """``found`` without the allowed findings, plus any problems of the allow-list itself."""
    entries, problems = load(root)
    kept = []
    for f in found:
        allowed = any(e.get("path") == f.path and e.get("rule") == f.rule and
                      (not e.get("match") or any(str(e["match"]) in f.message(lang) for lang in available_languages()))
                      for e in entries)
        if not allowed:
            kept.append(f)
    return kept + problems
