"""What the search index is given for a page (handbook.search.document), without a browser."""

from __future__ import annotations

import re

import pytest

from handbook import search

EXPANDER = search.Expander()
SECTIONS = {"cards": {"fi": "Käytännöt", "en": "Practices"}}


def test_labels_and_values_do_not_run_together():
    html = '<h1>Kortti</h1><p>Tiivistelmä.</p><aside class="hb-facts"><dl><dt>Organisaatio</dt><dd>Porin kaupunki</dd></dl></aside>'
    doc = search.document(html, "cards/x/", "fi", {}, None, SECTIONS)
    text = re.sub(r"<[^>]+>", "", doc)
    assert "OrganisaatioPorin" not in text and "Organisaatio Porin" in re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not EXPANDER.available, reason="Voikko (libvoikko1, voikko-fi) is not installed")
def test_base_forms_are_indexed_after_the_text_even_when_a_hidden_definition_has_them():
    html = ('<h1>Toimittajille</h1><p>Kodin ulkopuoliset sijoitukset vähenivät.</p>'
            '<div class="hb-term-defs" hidden data-pagefind-ignore><span id="hb-def-x">sijoitus: määritelmä</span></div>')
    doc = search.document(html, "journalists/", "fi", {}, EXPANDER, SECTIONS)
    terms = re.search(rf'<p id="{search.TERMS_ID}" hidden>(.*?)</p></article>', doc)
    assert terms, "the base forms are not the last element of the indexed text"
    assert "sijoitus" in terms.group(1).split()
    assert all(re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", w) for w in terms.group(1).split()), terms.group(1)


def test_english_pages_get_no_finnish_base_forms():
    doc = search.document("<p>placements</p>", "en/x/", "en", {}, EXPANDER, SECTIONS)
    assert search.TERMS_ID not in doc
