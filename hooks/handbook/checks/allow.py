"""The allow-list: deliberate exceptions to the checks, each with a reason.

``checks-allow.yml`` at the project root::

    allow:
      - path: docs/some/page.fi.md      # the file of the finding
        rule: privacy-email             # its rule id
        match: info@example.org         # optional: text that the message must contain (in any language)
        reason: The organisation's public service address.

The list may also stand alone, without ``allow:`` (as a warning's advice shows one entry). An entry
in another form, or without a reason, is itself a finding, and so is one for a rule that keeps readers safe
(:data:`FIXED_RULES`): those are fixed, never allowed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from handbook.content import reading, yamlmap
from handbook.findings import Finding, finding
from handbook.i18n import available_languages

ALLOW_FILE = "checks-allow.yml"
#: the rules that keep readers safe: no entry can allow them (the allow-list is content too: a pull
#: request could otherwise allow its own markup)
FIXED_RULES = frozenset({"html-element", "html-attribute", "url-scheme", "html-in-text", "html-sanitized",
                         "html-script", "file", "front-matter", "page-nesting", "card-schema"})

#: the rules of links that the site engine refuses itself (``mkdocs build --strict`` fails on a link to a
#: page that is not there, or outside ``docs/``, whatever the allow-list says): an entry for one would
#: make ``handbook check`` pass where the build fails
ENGINE_RULES = frozenset({"link-page", "link-outside-docs"})

#: the keys an entry may have
ENTRY_KEYS = frozenset({"path", "rule", "match", "reason", "url"})
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
    if data is None:
        return [], []
    # the documented form, a list under ``allow:``; also the list alone, as a warning's advice reads
    base: list[str | int] = ["allow"] if isinstance(data, dict) and set(data) == {"allow"} else []
    items = data.get("allow") if base and isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [items]
        base = base[:-1] if base else base
    if not isinstance(items, list):
        return [], [finding(ALLOW_FILE, lines.line(base), "allow", "allow-form")]
    for index, entry in enumerate(items):
        where: list[str | int] = [*base, index] if isinstance(data, list) or base else base
        line = lines.line(where)
        if not isinstance(entry, dict) or set(entry) - ENTRY_KEYS \
                or not ((entry.get("path") and entry.get("rule")) or entry.get("url")):  # a file's finding, or a URL
            problems.append(finding(ALLOW_FILE, line, "allow", "allow-form"))
            continue
        if not str(entry.get("reason") or "").strip() or "…" in str(entry.get("reason")):
            problems.append(finding(ALLOW_FILE, line, "allow", "allow-no-reason"))
            continue
        if str(entry.get("rule")) in FIXED_RULES:
            problems.append(finding(ALLOW_FILE, line, "allow", "allow-fixed-rule", name=str(entry.get("rule"))))
            continue
        if entry.get("url") and url_prefix(entry["url"]) is None:
            problems.append(finding(ALLOW_FILE, lines.line([*where, "url"]), "allow", "allow-url",
                                    url=str(entry["url"])))
            continue
        if str(entry.get("rule")) in ENGINE_RULES:
            problems.append(finding(ALLOW_FILE, line, "allow", "allow-engine-rule", name=str(entry.get("rule"))))
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


def url_prefix(value: object) -> str | None:
    """An entry's ``url`` as the prefix it allows: a whole http or https address with its host (scheme and
    host in lower case), e.g. ``https://example.org/reports``; None for anything else (``h``, ``https://``)."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def url_allowed(url: str, prefixes: list[str]) -> bool:
    """Whether ``url`` is one of ``prefixes`` (from :func:`url_prefix`) or lies under one at a path
    boundary: ``https://example.org/reports`` covers ``…/reports/2024`` and ``…/reports?x``, not
    ``…/reports-old`` or ``https://example.org.evil.test/``."""
    address = url_prefix(url)
    if address is None:
        return False
    for prefix in prefixes:
        if address == prefix or (address.startswith(prefix)
                                 and (prefix.endswith("/") or address[len(prefix)] in "/?#")):
            return True
    return False
