"""``handbook check``'s verdict: the handbook loaded, and every finding of its sources."""

from __future__ import annotations

from pathlib import Path

from handbook.checks import source_findings
from handbook.content.handbook import Handbook, load
from handbook.engine.background import Job
from handbook.content import schema
from handbook.findings import Finding, finding
from handbook.publish.downloads import paths
from handbook.render.generated import generated_sources


def check(root: Path, uncited: str = "warning", bib_advice: str = "warning") -> tuple[Handbook, list[Finding]]:
    """The handbook at ``root`` and all that is wrong with its sources: what loading found and what
    the whole-handbook checks (links, translations, privacy, HTML) find."""
    hb = load(root, uncited=uncited, bib_advice=bib_advice, spawn=Job)
    return hb, [*hb.findings, *source_findings(hb, generated_sources(hb), frozenset(paths(hb.langs))),
                *schema_findings(root, hb.langs)]


def schema_findings(root: Path, langs: tuple[str, ...]) -> list[Finding]:
    """The published card schema (``schema/card.schema.json``) must be the one the code makes: after a
    change of a field or of a vocabulary's labels, ``handbook schema`` writes it again (the tests check
    it too, so ``make check`` tells first)."""
    path = root / "schema" / "card.schema.json"
    if not path.is_file() or langs != ("fi", "en"):  # the published schema is the Finnish and English one
        return []
    if path.read_text(encoding="utf-8") == schema.schema_json(langs):
        return []
    return [finding("schema/card.schema.json", 1, "schema", "schema-stale")]
