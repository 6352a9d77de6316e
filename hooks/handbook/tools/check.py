"""``handbook check``'s verdict: the handbook loaded, and every finding of its sources."""

from __future__ import annotations

from pathlib import Path

from handbook.checks import source_findings
from handbook.content.handbook import Handbook, load
from handbook.engine.background import Job
from handbook.findings import Finding
from handbook.publish.downloads import paths
from handbook.render.generated import generated_sources


def check(root: Path, uncited: str = "warning", bib_advice: str = "warning") -> tuple[Handbook, list[Finding]]:
    """The handbook at ``root`` and all that is wrong with its sources: what loading found and what
    the whole-handbook checks (links, translations, privacy, HTML) find."""
    hb = load(root, uncited=uncited, bib_advice=bib_advice, spawn=Job)
    return hb, [*hb.findings, *source_findings(hb, generated_sources(hb), frozenset(paths(hb.langs)))]
