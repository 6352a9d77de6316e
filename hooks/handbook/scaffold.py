"""``handbook new-card``: a new practice card with every field and section, ready to fill.

Values the editor has not given are placeholders ``<<…>>``; the checks refuse a
card while any placeholder is left and say which one to fill.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from . import schema, vocab
from .cards import SECTIONS
from .messages import MESSAGES, render

MESSAGES.update({
    "scaffold-slug": {
        "fi": "tunnus '{slug}' ei kelpaa: käytä pieniä kirjaimia a–z, numeroita ja yhdysviivoja, esim. pori-perhetyo. Mitään ei kirjoitettu.",
        "en": "the slug '{slug}' is not valid: use lowercase letters a–z, digits and hyphens, e.g. pori-family-work. Nothing was written.",
    },
    "scaffold-exists": {
        "fi": "kortti '{slug}' on jo olemassa ({path}). Valitse toinen tunnus tai muokkaa olemassa olevaa korttia. Mitään ei kirjoitettu.",
        "en": "the card '{slug}' already exists ({path}). Choose another slug or edit the existing card. Nothing was written.",
    },
    "scaffold-done": {
        "fi": "Kortti luotu: {path}. Täytä kaikki <<…>>-kohdat ja aja 'make check'.",
        "en": "Card created: {path}. Fill in every <<…>> and run 'make check'.",
    },
    "scaffold-ask-slug": {"fi": "Kortin tunnus (esim. pori-perhetyo): ", "en": "Card slug (e.g. pori-family-work): "},
    "scaffold-ask-org": {"fi": "Organisaatio: ", "en": "Organisation: "},
    "scaffold-ask-municipality": {"fi": "Kunta (tyhjä, jos lähde ei kerro): ",
                                  "en": "Municipality (empty if the source does not say): "},
})

SLUG = re.compile(schema.SLUG_PATTERN)
REGION_HINT = ", ".join(list(vocab.REGIONS)[:3]) + ", … (see the schema)"


class ScaffoldError(Exception):
    """A refusal, with the editor's message."""


def _yaml_text(value: str) -> str:
    """A YAML double-quoted string (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def card_yml(slug: str, organisation: str | None, municipality: str | None, today: dt.date) -> str:
    org = _yaml_text(organisation) if organisation else '"<<organisaatio / organisation>>"'
    municipalities = f"[{_yaml_text(municipality)}]" if municipality else "[]"
    return f"""# yaml-language-server: $schema=../../../schema/card.schema.json
# A practice card's facts, written once. Replace every <<…>> (see "How to add a card").
id: {slug}
name:
  fi: "<<kortin nimi suomeksi>>"
  en: "<<card name in English>>"
organisations: [{org}]
municipalities: {municipalities}
region: "<<maakunta / region: {REGION_HINT}>>"
status: "<<ongoing | pilot | ended>>"
status_as_of: "<<YYYY-MM-DD: the date of the source that states the status>>"
# start: 2018-01          # only when a source states it (YYYY or YYYY-MM)
# recognitions: [awarded]
target_groups: ["<<children | young-people | families | professionals>>"]
approaches: ["<<one or more approaches, see the schema>>"]
# research_partners: []
sources: ["<<bibliography key, e.g. eksote2018lastensuojelu>>"]
reviewed: {today.isoformat()}
contact:
  organisation: {org}
  role:
    fi: "<<rooli suomeksi, ei henkilön nimeä>>"
    en: "<<role in English, not a person's name>>"
  url: "<<https://organisation web address>>"
"""


def card_text(lang: str) -> str:
    summary = {"fi": "<<Tiivistelmä: yksi kappale siitä, mikä käytäntö on ja mitä sillä saavutettiin [@lähdeavain].>>",
               "en": "<<Summary: one paragraph on what the practice is and what it achieved [@source-key].>>"}[lang]
    hints = {
        "fi": ["<<Mihin tarpeeseen käytäntö vastaa ja mitä sillä tavoitellaan? Merkitse lähde [@lähdeavain].>>",
               "<<Miten käytäntö toimii: kuka tekee, mitä ja miten? [@lähdeavain]>>",
               "<<Mitä tuloksia lähde kertoo? Luvut täsmälleen kuten lähteessä. [@lähdeavain]>>"],
        "en": ["<<What need does the practice answer and what does it aim at? Cite the source [@source-key].>>",
               "<<How does the practice work: who does what, and how? [@source-key]>>",
               "<<What results does the source report? Figures exactly as the source states them. [@source-key]>>"],
    }[lang]
    parts = [summary]
    for title, hint in zip(SECTIONS[lang][:3], hints, strict=True):
        parts.append(f"## {title}\n\n{hint}")
    parts.append(f"## {SECTIONS[lang][3]}\n")
    return "\n\n".join(parts)


def new_card(docs: Path, slug: str, organisation: str | None = None, municipality: str | None = None,
             lang: str = "en", today: dt.date | None = None) -> Path:
    """Write ``docs/cards/<slug>/`` or raise :class:`ScaffoldError` (writing nothing)."""
    if not SLUG.match(slug or ""):
        raise ScaffoldError(render("scaffold-slug", {"slug": slug}, lang))
    folder = docs / "cards" / slug
    if folder.exists():
        raise ScaffoldError(render("scaffold-exists", {"slug": slug, "path": str(folder)}, lang))
    files = {
        "card.yml": card_yml(slug, organisation, municipality, today or dt.date.today()),
        "index.fi.md": card_text("fi"),
        "index.en.md": card_text("en"),
    }
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
