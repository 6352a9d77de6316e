"""Where the handbook's sources are, as paths (a leaf module: it imports nothing of the package)."""

from __future__ import annotations

from pathlib import Path


def card_folders(docs: Path) -> list[Path]:
    """Every ``docs/cards/<slug>/`` folder."""
    base = docs / "cards"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
