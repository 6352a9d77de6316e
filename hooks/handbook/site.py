"""The handbook's content, loaded once per build.

:func:`load` reads every card (and, through :mod:`handbook.bib`, the
bibliography) and returns a :class:`Handbook`. Parsed files are cached by
their modification time and size, so the second language's build and
``mkdocs serve`` rebuilds re-read only what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .cards import Card, load_card
from .findings import Finding

_cache: dict[Path, tuple[tuple, Card | None, list[Finding]]] = {}


@dataclass
class Handbook:
    """Everything the hooks and the checks need, parsed once."""

    root: Path
    docs: Path
    cards: list[Card] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    exports: dict[str, str] | None = None

    def card(self, slug: str) -> Card | None:
        return next((c for c in self.cards if c.slug == slug), None)


def _stamp(folder: Path) -> tuple:
    stamps = []
    for name in ("card.yml", "index.fi.md", "index.en.md"):
        try:
            st = (folder / name).stat()
            stamps.append((name, st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            stamps.append((name, None, None))
    return tuple(stamps)


def card_folders(docs: Path) -> list[Path]:
    """Every ``docs/cards/<slug>/`` folder (a folder with any card file)."""
    base = docs / "cards"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load(root: Path, docs: Path | None = None, today: dt.date | None = None) -> Handbook:
    """Load all cards under ``docs/cards``; reuse cached parses of unchanged cards."""
    docs = docs or root / "docs"
    hb = Handbook(root=root, docs=docs)
    for folder in card_folders(docs):
        stamp = _stamp(folder)
        cached = _cache.get(folder)
        if cached is not None and cached[0] == stamp and today is None:
            card, problems = cached[1], cached[2]
        else:
            card, problems = load_card(folder, root, today)
            _cache[folder] = (stamp, card, problems)
        hb.findings.extend(problems)
        if card is not None:
            hb.cards.append(card)
    hb.cards.sort(key=lambda c: (c.name("fi").casefold(), c.slug))
    return hb
