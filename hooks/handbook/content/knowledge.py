"""What kind of knowledge a card's results rest on (the ``knowledge`` field of ``card.yml``).

The scale is documented on the methods page (``docs/methods.*.md``): it says what kind of
knowledge a source gives, not how good the practice is. A card states its type and the
source key that shows it::

    knowledge:
      type: experiences
      source: eksote2018lastensuojelu

A card without the field is shown as *not assessed*.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handbook.content.yamlmap import LineMap
from handbook.findings import Finding, finding
from handbook.i18n import LANGS, Vocabulary

Label = Mapping[str, str]

#: The knowledge types, weakest claim first. Each has a label (the catalogs' ``vocab.knowledge_types``)
#: and a one-line explanation (``vocab.knowledge_explanations``).
TYPES = Vocabulary("vocab.knowledge_types",
                   ("not-assessed", "described", "experiences", "monitoring", "evaluation", "effect"))

EXPLANATIONS = Vocabulary("vocab.knowledge_explanations", TYPES)

DEFAULT = "not-assessed"


def schema(langs: tuple[str, ...] = LANGS) -> dict[str, Any]:
    """The JSON Schema fragment of the ``knowledge`` field (a source is needed unless not assessed),
    with the types' labels in ``langs``."""
    return {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": list(TYPES)},
            "source": {"type": "string", "minLength": 1},
        },
        "required": ["type"],
        "additionalProperties": False,
        "if": {"properties": {"type": {"not": {"const": DEFAULT}}}},
        "then": {"required": ["source"]},
        "x-labels": TYPES.table(langs),
    }


def of(facts: Mapping[str, object]) -> str:
    """The card's knowledge type (``not-assessed`` when the card does not state one)."""
    value = facts.get("knowledge")
    if isinstance(value, dict) and value.get("type") in TYPES:
        return str(value["type"])
    return DEFAULT


def label(key: str, lang: str) -> str:
    """The label of a knowledge type in ``lang``."""
    labels = TYPES.get(key)
    return labels.get(lang, key) if labels is not None else key


def findings(data: dict[str, object], lines: LineMap, rel: str) -> list[Finding]:
    """Problems the schema cannot see: the source must be one of the card's own sources."""
    value = data.get("knowledge")
    sources = data.get("sources")
    if not (isinstance(value, dict) and isinstance(value.get("source"), str) and isinstance(sources, list)):
        return []
    if value["source"] in sources:
        return []
    return [finding(rel, lines.line(["knowledge", "source"]), "card-schema", "knowledge-source-unknown",
                    value=value["source"], allowed=", ".join(map(str, sources)))]


