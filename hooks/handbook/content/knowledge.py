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


from handbook.findings import Finding, finding

Label = dict[str, str]

#: The knowledge types, weakest claim first. Each has a label and a one-line explanation.
TYPES: dict[str, Label] = {
    "not-assessed": {"fi": "Ei arvioitu", "en": "Not assessed"},
    "described": {"fi": "Organisaation kuvaus", "en": "Described by the organisation"},
    "experiences": {"fi": "Kerättyjä kokemuksia", "en": "Experiences collected"},
    "monitoring": {"fi": "Seurantatietoa", "en": "Monitoring data"},
    "evaluation": {"fi": "Ulkopuolinen arviointi", "en": "Independent evaluation"},
    "effect": {"fi": "Tutkimusnäyttöä vaikutuksesta", "en": "Research evidence of effect"},
}

EXPLANATIONS: dict[str, Label] = {
    "not-assessed": {
        "fi": "Lähteet eivät kerro käytännön tuloksista mitään, mihin voisi nojata.",
        "en": "The sources report no results that one could rely on.",
    },
    "described": {
        "fi": "Tulokset ovat käytäntöä toteuttavan organisaation oma kuvaus; niitä ei ole mitattu eikä arvioitu.",
        "en": "The results are the running organisation's own account; they have not been measured or evaluated.",
    },
    "experiences": {
        "fi": "Tulokset perustuvat asiakkailta tai työntekijöiltä kerättyyn palautteeseen, eivät vaikutusten mittaamiseen.",
        "en": "The results rest on feedback collected from clients or staff, not on a measurement of effects.",
    },
    "monitoring": {
        "fi": "Tulokset perustuvat säännöllisesti kerättyyn seurantatietoon (esim. asiakasmäärät, sijoitukset, kustannukset).",
        "en": "The results rest on routinely collected monitoring data (e.g. caseloads, placements, costs).",
    },
    "evaluation": {
        "fi": "Käytäntöä toteuttavasta organisaatiosta riippumaton taho on arvioinut käytännön ja julkaissut arvionsa.",
        "en": "A body independent of the running organisation has evaluated the practice and published its assessment.",
    },
    "effect": {
        "fi": "Julkaistu tutkimus, jossa on vertailuasetelma, osoittaa käytännöllä olevan vaikutusta.",
        "en": "Published research with a comparison design shows that the practice has an effect.",
    },
}

DEFAULT = "not-assessed"


def schema() -> dict:
    """The JSON Schema fragment of the ``knowledge`` field (a source is needed unless not assessed)."""
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
        "x-labels": TYPES,
    }


def of(facts: dict) -> str:
    """The card's knowledge type (``not-assessed`` when the card does not state one)."""
    value = facts.get("knowledge")
    if isinstance(value, dict) and value.get("type") in TYPES:
        return value["type"]
    return DEFAULT


def label(key: str, lang: str) -> str:
    """The label of a knowledge type in ``lang``."""
    return TYPES.get(key, {}).get(lang, key)


def findings(data: dict, lines, rel: str) -> list[Finding]:
    """Problems the schema cannot see: the source must be one of the card's own sources."""
    value = data.get("knowledge")
    sources = data.get("sources")
    if not (isinstance(value, dict) and isinstance(value.get("source"), str) and isinstance(sources, list)):
        return []
    if value["source"] in sources:
        return []
    return [finding(rel, lines.line(["knowledge", "source"]), "card-schema", "knowledge-source-unknown",
                    value=value["source"], allowed=", ".join(map(str, sources)))]


