"""The files at the site root beside the pages: the open data, the bibliography, the feeds, ``robots.txt``.

:data:`OPEN_DATA` is the one list of the downloads (with their media types); :func:`paths` names
every file this module writes, so that the engine can announce them before they exist and the link
check can accept links to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from handbook.content.handbook import Handbook
from handbook.content.schema import schema_json
from handbook.i18n import root
from handbook.publish import bibliography, datapackage, exports, feeds, seo

#: every download described on the open-data page, with its media type
OPEN_DATA: dict[str, str] = {
    "datapackage.json": "application/json", "cards.json": "application/json", "cards.csv": "text/csv",
    "facts.json": "application/json", "facts.csv": "text/csv", "bibliography.csv": "text/csv",
    "bibliography.bib": "application/x-bibtex", "bibliography.json": "application/vnd.citationstyles.csl+json",
    "schema/card.schema.json": "application/schema+json",
}
#: the key figures' downloads (described on the key figures page)
FACTS = ("facts.json", "facts.csv")


def paths(langs: tuple[str, ...]) -> tuple[str, ...]:
    """Every file of this module at the site root: the downloads, ``robots.txt`` and each language's feed."""
    return (*OPEN_DATA, "robots.txt", *(root(lang) + "feed.xml" for lang in langs))


def tables(hb: Handbook, today: dt.date) -> dict[str, str]:
    """The language-neutral downloads made from the content: cards, figures, bibliography, schema."""
    return {
        "cards.json": exports.cards_json(hb.cards, today.isoformat(), hb.langs),
        "cards.csv": exports.cards_csv(hb.cards, hb.langs),
        "schema/card.schema.json": schema_json(hb.langs),
        "bibliography.bib": bibliography.bibtex_export(hb.bib),
        "bibliography.json": bibliography.csl_json(hb.bib),
        "facts.json": exports.facts_json(hb.facts, hb.langs),
        "facts.csv": exports.facts_csv(hb.facts, hb.langs),
    }


def described(hb: Handbook, made: dict[str, str], site_names: dict[str, str], public: str) -> dict[str, str]:
    """The files that describe or announce ``made`` (:func:`tables`): the data package, the feeds
    and ``robots.txt`` (``public``: the site's public address, or "")."""
    out = datapackage.files(hb.bib, made)
    out.update(feeds.feeds(hb, hb.commits, site_names, public))
    out["robots.txt"] = seo.robots_txt(public)
    return out


def write(site_dir: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` (site path → text or bytes) into the site."""
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
