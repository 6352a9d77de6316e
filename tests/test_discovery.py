"""Discovery: the kind of knowledge behind each card, related cards and the map of practices."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest

from helpers import BOOK, CARD, ROOT, SLUG, cli, fails_with, line_of, write_small_site
from handbook.content import cards as cardsmod
from handbook.content import knowledge, regions, related, vocab
from handbook.render import map as map_html, related as related_html
from handbook.tools import synth
from handbook.content.cards import load_card

CARDS = sorted(p.parent for p in (ROOT / "docs" / "cards").glob("*/card.yml"))


def copy_card(tmp_path: Path) -> Path:
    """The small handbook's card, in a copy of the small handbook written into ``tmp_path``."""
    return write_small_site(tmp_path) / CARD


def set_knowledge(yml: Path, block: str) -> None:
    lines = [line for line in yml.read_text(encoding="utf-8").split("\n")]
    start = next((n for n, line in enumerate(lines) if line.startswith("knowledge:")), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1
        del lines[start:end]
    yml.write_text("\n".join(lines).rstrip("\n") + "\n" + block, encoding="utf-8")


# --- 1. the kind of knowledge ---------------------------------------------------------------

def test_every_real_card_states_its_knowledge_from_its_own_sources():
    for folder in CARDS:
        card, problems = load_card(folder, ROOT)
        assert card is not None and not [p for p in problems if p.rule == "card-schema"], problems
        stated = card.facts.get("knowledge")
        assert stated and stated["type"] in knowledge.TYPES, folder
        assert stated["source"] in card.facts["sources"], folder


def test_unknown_knowledge_type_gives_file_line_and_allowed_values(tmp_path):
    folder = copy_card(tmp_path)
    yml = folder / "card.yml"
    set_knowledge(yml, "knowledge:\n  type: proven\n  source: x\n")
    card, problems = load_card(folder, tmp_path)
    assert card is None
    found = [p for p in problems if p.params and dict(p.params).get("field") == "knowledge.type"]
    assert len(found) == 1, problems
    rel = yml.relative_to(tmp_path).as_posix()
    assert found[0].location() == f"{rel}:{line_of(yml, 'type: proven')}"
    for lang, words in (("en", "Allowed values"), ("fi", "Sallitut arvot")):
        text = found[0].text(lang)
        assert words in text and "'proven'" in text
        for key in knowledge.TYPES:
            assert key in text


def test_knowledge_source_must_be_one_of_the_cards_sources(tmp_path):
    folder = copy_card(tmp_path)
    yml = folder / "card.yml"
    set_knowledge(yml, "knowledge:\n  type: described\n  source: somewhere-else\n")
    card, problems = load_card(folder, tmp_path)
    assert card is None
    found = [p for p in problems if p.code == "knowledge-source-unknown"]
    assert len(found) == 1, problems
    assert found[0].line == line_of(yml, "source: somewhere-else")
    assert "is not one of the card's sources" in found[0].text("en")
    assert "ei ole kortin lähde" in found[0].text("fi")


def test_a_type_other_than_not_assessed_needs_its_source(tmp_path):
    folder = copy_card(tmp_path)
    set_knowledge(folder / "card.yml", "knowledge:\n  type: evaluation\n")
    _, problems = load_card(folder, tmp_path)
    assert any(dict(p.params).get("field") == "knowledge.source" and p.code == "field-missing" for p in problems)
    set_knowledge(folder / "card.yml", "knowledge:\n  type: not-assessed\n")
    card, problems = load_card(folder, tmp_path)
    assert card is not None and knowledge.of(card.facts) == "not-assessed"


def test_a_card_without_the_field_is_not_assessed(tmp_path):
    folder = copy_card(tmp_path)
    set_knowledge(folder / "card.yml", "")
    card, problems = load_card(folder, tmp_path)
    assert card is not None, problems
    assert knowledge.of(card.facts) == "not-assessed"


def test_schema_file_is_up_to_date():
    from handbook.content import schema

    assert (ROOT / "schema" / "card.schema.json").read_text(encoding="utf-8") == schema.schema_json()
    assert "knowledge" in schema.card_schema()["properties"]


def test_the_build_fails_on_a_bad_knowledge_type(small):
    yml = small / CARD / "card.yml"
    set_knowledge(yml, "knowledge:\n  type: proven\n  source: x\n")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'type: proven')}: field 'knowledge.type'")


# --- 2. related cards -------------------------------------------------------------------------

def synth_cards(tmp_path: Path, n: int, seed: int = 3) -> list[cardsmod.Card]:
    """``n`` generated cards (handbook synth's card files), loaded as the build loads them."""
    root = tmp_path / "synth"
    keys = [f"k{i}" for i in range(n * 2)]
    out = []
    for i in range(n):
        folder = root / "docs" / "cards" / f"synth-card-{i:05d}"
        folder.mkdir(parents=True)
        for name, content in synth.card_files(i, random.Random(seed * 1000 + i), keys, n).items():
            (folder / name).write_text(content, encoding="utf-8")
        card, problems = load_card(folder, root)
        assert card is not None, problems
        out.append(card)
    return out


def brute_force(cards, limit):
    out = {}
    for card in cards:
        scored = []
        for other in cards:
            shared = len(set(card.facts["approaches"]) & set(other.facts["approaches"]))
            if other is not card and shared:
                scored.append((-shared, other.facts["region"] != card.facts["region"], other.slug))
        scored.sort()
        if scored:
            out[card.slug] = [s[2] for s in scored[:limit]]
    return out


def test_related_cards_share_the_most_approaches_region_breaks_ties(tmp_path):
    cards = synth_cards(tmp_path, 40)
    found = related.related(cards, limit=4)
    expected = brute_force(cards, 4)
    assert {slug: [c.slug for c, _, _ in items] for slug, items in found.items()} == expected
    by_slug = {c.slug: c for c in cards}
    for slug, items in found.items():
        for other, shared, same in items:
            assert shared == len(set(by_slug[slug].facts["approaches"]) & set(other.facts["approaches"]))
            assert same == (other.facts["region"] == by_slug[slug].facts["region"])


def test_no_related_cards_when_nothing_is_shared(tmp_path):
    cards = synth_cards(tmp_path, 2)
    cards[0].facts["approaches"] = [next(iter(vocab.APPROACHES))]
    cards[1].facts["approaches"] = [list(vocab.APPROACHES)[1]]
    assert related.related(cards) == {}
    assert related_html.related_html([], "fi", "../../") == ""


def test_related_work_is_bounded_per_card(tmp_path):
    """Every card shares one approach: each card still looks at a bounded number of others."""
    cards = synth_cards(tmp_path, 30)
    for card in cards:
        card.facts["approaches"] = ["relationship-based-work"]
    found = related.related(cards, limit=3, per_approach=6)
    assert all(len(items) == 3 for items in found.values())
    assert set(found) == {c.slug for c in cards}


# --- 3. the map -------------------------------------------------------------------------------

def test_every_region_has_a_place_on_the_map():
    for key in vocab.REGIONS:
        assert key == "uusimaa" or key in regions.COUNTIES, key
    places = [(row, col) for _, row, col in regions.COUNTIES.values()]
    assert len(places) == len(set(places))


def test_uusimaa_cards_go_to_their_county(tmp_path):
    cards = synth_cards(tmp_path, 1)
    card = cards[0]
    card.facts["region"] = "uusimaa"
    for municipality, county in (("Mäntsälä", "keski-uusimaa"), ("Helsinki", "helsinki"), ("Espoo", "lansi-uusimaa"),
                                 ("Nowhere", regions.UUSIMAA_UNKNOWN)):
        card.facts["municipalities"] = [municipality]
        assert regions.county_of(card) == county


def test_map_page_counts_and_links_every_area_with_cards():
    loaded = [load_card(folder, ROOT)[0] for folder in CARDS]
    groups = regions.by_county(loaded)
    for lang in ("fi", "en"):
        page = map_html.map_page(loaded, lang)
        for key, found in groups.items():
            if found:
                assert page.count(f'href="../regions/{key}/"') == 2  # the tile and the table row
                assert f'<span class="hb-map__count">{len(found)}</span>' in page or key == regions.UUSIMAA_UNKNOWN
            else:
                assert f'href="../regions/{key}/"' not in page
        assert "style=" not in page and "<script" not in page


# --- the built site ---------------------------------------------------------------------------

def test_built_card_pages_show_knowledge_region_link_and_related(site):
    loaded = [load_card(folder, ROOT)[0] for folder in CARDS]
    links = related.related(loaded)
    for card in loaded:
        for lang, prefix in (("fi", ""), ("en", "en/")):
            html = (site / prefix / "cards" / card.slug / "index.html").read_text(encoding="utf-8")
            kind = knowledge.of(card.facts)
            assert f'hb-knowledge--{kind}">{knowledge.label(kind, lang)}<' in html
            assert f'href="../../methods/#{kind}"' in html
            assert f'href="../../regions/{regions.county_of(card)}/"' in html
            for other, _, _ in links.get(card.slug, []):
                assert f'href="../../cards/{other.slug}/"' in html
            assert ('class="hb-related"' in html) == bool(links.get(card.slug))
    for lang, prefix in (("fi", ""), ("en", "en/")):
        methods = (site / prefix / "methods" / "index.html").read_text(encoding="utf-8")
        for key in knowledge.TYPES:
            assert f'id="{key}"' in methods
        assert (site / prefix / "map" / "index.html").exists()
        for key, found in regions.by_county(loaded).items():
            page = site / prefix / "regions" / key / "index.html"
            assert page.exists() == bool(found), key
            for card in found:
                assert card.name(lang) in page.read_text(encoding="utf-8")


def test_a_cards_region_reads_the_same_on_its_page_and_in_the_card_index(site):
    """The fact box, the card index and the map name a card's area alike: an Uusimaa card is
    "Uusimaa; hyvinvointialue Keski-Uusimaa" wherever the map counts it under Keski-Uusimaa."""
    from handbook.safety import escape

    loaded = [load_card(folder, ROOT)[0] for folder in CARDS]
    for lang, prefix in (("fi", ""), ("en", "en/")):
        index = (site / prefix / "cards" / "index.html").read_text(encoding="utf-8")
        for card in loaded:
            text = escape(regions.region_text(card, lang))
            row = re.search(rf'<tr [^>]*>(?:(?!</tr>).)*href="[^"]*cards/{card.slug}/"(?:(?!</tr>).)*</tr>', index, re.S)
            shown = re.sub(r'<a class="hb-term"[^>]*>(.*?)</a>', r"\1", row.group(0)) if row else ""  # a term's link
            assert f">{text}</td>" in shown, (card.slug, text)
            page = (site / prefix / "cards" / card.slug / "index.html").read_text(encoding="utf-8")
            assert f'regions/{regions.county_of(card)}/">{text}</a>' in page
            if regions.county_of(card) != card.facts["region"]:
                assert regions.county_label(regions.county_of(card), lang) in text


def test_exports_carry_the_knowledge_type(site):
    data = json.loads((site / "cards.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site / "cards.csv").read_text(encoding="utf-8"))))
    loaded = {folder.name: load_card(folder, ROOT)[0] for folder in CARDS}
    for record in data["cards"]:
        assert record["knowledge"] == knowledge.of(loaded[record["facts"]["id"]].facts)
    for row in rows:
        assert row["knowledge_type"] == knowledge.of(loaded[row["id"]].facts)
    index = (site / "cards" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<select name="knowledge">', index)
    for card in loaded.values():
        assert f'data-knowledge="{knowledge.of(card.facts)}"' in index


def test_handbook_check_reports_a_knowledge_source_that_is_not_the_cards(small, capsys):
    yml = small / CARD / "card.yml"
    set_knowledge(yml, f"knowledge:\n  type: monitoring\n  source: {BOOK}\n")
    for lang, words in (("en", "is not one of the card's sources"), ("fi", "ei ole kortin lähde")):
        status, out, err = cli(capsys, "check", "--root", str(small), "--lang", lang)
        assert status == 1, out + err
        assert f"docs/cards/{SLUG}/card.yml:{line_of(yml, f'source: {BOOK}')}: " in out
        assert words in out


@pytest.mark.parametrize("region,municipalities,fi,en", [
    ("uusimaa", ["Mäntsälä"], "Uusimaa; hyvinvointialue Keski-Uusimaa", "Uusimaa; wellbeing services county Central Uusimaa"),
    ("uusimaa", ["Helsinki"], "Uusimaa; Helsinki", "Uusimaa; City of Helsinki"),
    ("uusimaa", [], "Uusimaa", "Uusimaa"),
    ("satakunta", ["Pori"], "Satakunta", "Satakunta"),
])
def test_a_region_names_its_wellbeing_services_county_as_one(region, municipalities, fi, en):
    """The fact box's region says what the area in it is: a wellbeing services county is not a region."""
    from types import SimpleNamespace

    card = SimpleNamespace(facts={"region": region, "municipalities": municipalities})
    assert (regions.region_text(card, "fi"), regions.region_text(card, "en")) == (fi, en)
