"""The benchmark's budgets, and its verdict on one run's figures.

:func:`verdicts` reads the results that :func:`handbook.tools.bench.run` returns (plain data, so
that made-up figures test it) and gives one :class:`Verdict` per budget and place (size, engine);
:func:`exit_status` is ``make bench``'s exit status: 1 when any budget is missed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: budget → its limit. A ratio is the handbook's figure over stock Material's (with its own search),
#: each the fastest of the size's builds; "cpu" counts the build and all of its child processes.
BUDGETS: dict[str, float] = {
    "wall_ratio": 1.0,         # wall clock, handbook / stock Material with its search, every size and engine
    "cpu_ratio": 1.0,          # CPU seconds (build + every background process), the same pair
    "growth": 4.2,             # the handbook's wall time, 500 -> 2,000 cards (linear is 4.0)
    "edit_to_preview_s": 1.0,  # saving a card to the served page showing it (``make serve``), median
    "card_page_kb": 60,
    "peak_mb": 1024,
    "sanitize_share": 0.05,    # the sanitizer and the CSP, share of the build's wall time
    "reuse_share": 0.05,       # feeds, JSON-LD, histories, versions cited, absolute alternates
    "vs_stock": 2.0,           # stock Material with automatic navigation / handbook: at least
    "check_vs_lychee": 2.0,    # ``handbook check --site`` / lychee on the same site
    "query_kb": 300,           # one search query's fetches
    "query_ms": 300,           # one search query's time to results
}

#: budgets that are a floor (the figure must be at least the limit); the others are ceilings
FLOORS = frozenset({"vs_stock"})

#: how each budget is named in the report
LABELS: dict[str, str] = {
    "wall_ratio": "wall time against stock Material with its search",
    "cpu_ratio": "CPU (build and background processes) against stock Material with its search",
    "growth": "growth of the build's wall time from 500 to 2,000 cards",
    "edit_to_preview_s": "edit to preview, seconds",
    "card_page_kb": "card page, KB",
    "peak_mb": "peak memory, MB",
    "sanitize_share": "sanitizer and CSP, share of the build",
    "reuse_share": "feeds, JSON-LD, histories and alternates, share of the build",
    "vs_stock": "speed-up against stock Material with automatic navigation",
    "check_vs_lychee": "handbook check against lychee's time",
    "query_kb": "one search query's fetches, KB",
    "query_ms": "one search query's time to results, ms",
}


@dataclass(frozen=True)
class Verdict:
    """One budget at one place: the figure measured and whether it keeps the budget."""

    budget: str
    #: where: ``"500 cards, properdocs"``, ``"500 → 2000 cards, properdocs"``
    where: str
    value: float
    limit: float

    @property
    def floor(self) -> bool:
        """Whether the budget is a floor (the figure must reach the limit)."""
        return self.budget in FLOORS

    @property
    def kept(self) -> bool:
        """Whether the figure keeps the budget (a ceiling: at most the limit; a floor: at least)."""
        return self.value >= self.limit if self.floor else self.value <= self.limit

    @property
    def miss(self) -> float:
        """By how much the budget is missed, in the figure's unit (0 when it is kept)."""
        if self.kept:
            return 0.0
        return self.limit - self.value if self.floor else self.value - self.limit

    def text(self) -> str:
        """One line: ``MISSED cpu_ratio at 500 cards, properdocs: 1.32 > 1.00 (by 0.32, 32 %) - …``."""
        sign = ("≥" if self.kept else "<") if self.floor else ("≤" if self.kept else ">")
        line = f"{self.budget} at {self.where}: {_num(self.value)} {sign} {_num(self.limit)}"
        if not self.kept:
            share = f", {100 * self.miss / self.limit:.0f} %" if self.limit else ""
            line += f" (missed by {_num(self.miss)}{share})"
        return f"{'ok    ' if self.kept else 'MISSED'} {line} - {LABELS.get(self.budget, self.budget)}"


def _num(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"


def verdicts(result: dict[str, Any], budgets: dict[str, float] | None = None) -> list[Verdict]:
    """Every budget checked against ``result`` (:func:`handbook.tools.bench.run`'s data): per size and
    engine the wall and CPU ratios, the growth from 500 to 2,000 cards, the edit-to-preview time, and
    the other figures where the run measured them. A figure the run did not measure has no verdict."""
    limits = {**BUDGETS, **(budgets or {})}
    return list(_verdicts(result, limits))


def _verdicts(result: dict[str, Any], limits: dict[str, float]) -> Iterator[Verdict]:
    for row in result.get("rows", []):
        cards = row["cards"]
        for engine, pair in row.get("engines", {}).items():
            where = f"{cards} cards, {engine}"
            for name in ("wall_ratio", "cpu_ratio"):
                if name in pair:
                    yield Verdict(name, where, float(pair[name]), limits[name])
        at = f"{cards} cards"
        if "edit_to_preview_error" in row:  # the preview never showed the edit
            yield Verdict("edit_to_preview_s", at, float("inf"), limits["edit_to_preview_s"])
        for name in ("edit_to_preview_s", "card_page_kb", "peak_mb", "sanitize_share", "reuse_share", "vs_stock",
                     "check_vs_lychee", "query_kb", "query_ms"):
            if name in row:
                yield Verdict(name, at, float(row[name]), limits[name])
    for engine, growth in result.get("growth_500_2000", {}).items():
        yield Verdict("growth", f"500 → 2000 cards, {engine}", float(growth["wall"]), limits["growth"])


def missed(found: list[Verdict]) -> list[Verdict]:
    """The verdicts whose budget is missed."""
    return [v for v in found if not v.kept]


def exit_status(found: list[Verdict]) -> int:
    """``make bench``'s exit status: 0 when every budget is kept, 1 when any is missed."""
    return 1 if missed(found) else 0


def summary(found: list[Verdict]) -> str:
    """Every verdict, one a line, then which budgets were missed (or that none was)."""
    lines = [v.text() for v in found]
    misses = missed(found)
    if misses:
        lines.append(f"\n{len(misses)} budget(s) missed: " + "; ".join(f"{v.budget} at {v.where}" for v in misses))
    else:
        lines.append(f"\nevery budget kept ({len(found)} checked)")
    return "\n".join(lines)
