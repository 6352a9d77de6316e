"""Open-data exports and the published schema."""

from __future__ import annotations

import csv
import io
import json

from jsonschema import Draft202012Validator

from helpers import ROOT
from handbook.content import schema


def test_schema_file_is_generated_from_the_code():
    assert (ROOT / "schema" / "card.schema.json").read_text(encoding="utf-8") == schema.schema_json(), \
        "run `handbook schema` to regenerate schema/card.schema.json"
    Draft202012Validator.check_schema(schema.card_schema())


def test_cards_json_validates_against_schema(site):
    data = json.loads((site / "cards.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(json.loads((site / "schema" / "card.schema.json").read_text(encoding="utf-8")))
    slugs = sorted(p.name for p in (ROOT / "docs" / "cards").iterdir() if (p / "card.yml").exists())
    assert sorted(c["facts"]["id"] for c in data["cards"]) == slugs
    for card in data["cards"]:
        assert list(validator.iter_errors(card["facts"])) == []
        for lang in ("fi", "en"):
            assert card[lang]["name"] and card[lang]["summary"]
            assert "[@" not in card[lang]["summary"]
            assert (site / card[lang]["url"] / "index.html").exists()


def test_cards_csv_matches_json(site):
    data = json.loads((site / "cards.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site / "cards.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [c["facts"]["id"] for c in data["cards"]]
    for row, card in zip(rows, data["cards"], strict=True):
        assert row["approaches"].split("; ") == card["facts"]["approaches"]
        assert row["summary_en"] == card["en"]["summary"]


def test_open_data_page_links_downloads(site):
    for prefix, up in (("", "../"), ("en/", "../../")):
        html = (site / prefix / "open-data" / "index.html").read_text(encoding="utf-8")
        for name in ("cards.json", "cards.csv", "schema/card.schema.json"):
            assert f'href="{up}{name}"' in html
