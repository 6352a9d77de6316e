"""``handbook schema``: write ``schema/card.schema.json`` and the field table of CONTRIBUTING.md."""

from __future__ import annotations

from pathlib import Path

from handbook import ROOT
from handbook.content.schema import SCHEMA_PATH, schema_json
from handbook.render.fields import fields_table


CONTRIBUTING_PATH = ROOT / "CONTRIBUTING.md"
#: the language CONTRIBUTING.md is written in
CONTRIBUTING_LANG = "en"


_START = "<!-- fields:start -->"


_END = "<!-- fields:end -->"


def contributing_text(current: str) -> str:
    """CONTRIBUTING.md with its field table regenerated between the markers."""
    head, _, rest = current.partition(_START)
    _, _, tail = rest.partition(_END)
    return f"{head}{_START}\n{fields_table(CONTRIBUTING_LANG)}\n{_END}{tail}"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the published schema file and the field table of CONTRIBUTING.md."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_json(), encoding="utf-8")
    if CONTRIBUTING_PATH.exists():
        CONTRIBUTING_PATH.write_text(contributing_text(CONTRIBUTING_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    return path
