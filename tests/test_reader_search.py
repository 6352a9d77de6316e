"""What the search index is given for a page (handbook.publish.search.document), without a browser."""

from __future__ import annotations

import re

import pytest

from handbook.publish import search

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
    terms = re.search(rf'<p id="{search.TERMS_ID}" hidden[^>]*>(.*?)</p></article>', doc)
    assert terms, "the base forms are not the last element of the indexed text"
    assert "sijoitus" in terms.group(1).split()
    assert all(re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", w) for w in terms.group(1).split()), terms.group(1)


def test_english_pages_get_no_finnish_base_forms():
    doc = search.document("<p>placements</p>", "en/x/", "en", {}, EXPANDER, SECTIONS)
    assert search.TERMS_ID not in doc


def _before(doc: str, element_id: str) -> str:
    """The indexed text before the element ``element_id`` (all of it if there is none)."""
    at = doc.find(f'id="{element_id}"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", doc if at == -1 else doc[:at]))


CARD = ('<h1>Kortti</h1><p>Tiivistelmä käytännöstä, joka kertoo lukijalle mitä kunnassa tehtiin ja miksi '
        'se kannatti tehdä juuri niin.</p>'
        '<aside class="hb-facts" aria-label="Kortin tiedot"><p class="hb-facts__title">Kortin tiedot</p>'
        '<dl><dt>Organisaatio</dt><dd>Porin kaupunki</dd></dl></aside>'
        '<h2>Ratkaisu</h2><p>Työ tehtiin tiimissä.</p>'
        '<table><thead><tr><th>Arvo</th></tr></thead><tbody><tr><td><code>monitoring</code></td></tr></tbody></table>'
        '<div class="highlight"><pre><code>knowledge: evaluation</code></pre></div>'
        '<p>Lisää tekstiä lopuksi.</p>'
        '<ul class="hb-references"><li id="ref-x">Kunta (2020). Otsikko. Uutinen. <a>lähdeluettelossa</a></li></ul>')


def test_fact_box_tables_code_and_references_are_indexed_after_the_running_text():
    doc = search.document(CARD, "cards/x/", "fi", {}, None, SECTIONS)
    shown = _before(doc, search.APART_ID)
    assert search.APART_ID in doc
    for text in ("Tiivistelmä käytännöstä", "Työ tehtiin tiimissä", "Lisää tekstiä lopuksi"):
        assert text in shown, text
    for text in ("Kortin tiedot", "Porin kaupunki", "monitoring", "evaluation", "Uutinen", "lähdeluettelossa"):
        assert text not in shown, f"{text!r} is where excerpts come from"
        assert text in re.sub(r"<[^>]+>", " ", doc), f"{text!r} is no longer indexed"
    # the running text keeps its order; what is apart comes before the base forms
    assert shown.index("Tiivistelmä") < shown.index("Ratkaisu") < shown.index("Lisää")


def test_a_page_that_is_only_a_table_keeps_the_table_as_its_text():
    html = ('<h1>Kortit</h1><p>Kaikki kortit.</p><table><tbody><tr><td>Porin tiimimalli</td><td>Pori</td></tr>'
            '</tbody></table>')
    doc = search.document(html, "cards/", "fi", {}, None, SECTIONS)
    assert search.APART_ID not in doc and "Porin tiimimalli" in _before(doc, search.TERMS_ID)


@pytest.mark.skipif(not EXPANDER.available, reason="Voikko (libvoikko1, voikko-fi) is not installed")
def test_a_base_form_page_gets_the_inflected_forms_other_pages_use():
    """Pagefind stems *sijoitus* and *sijoituksessa* differently; a page with only the base form is given
    the forms used elsewhere (checked for every Finnish glossary term word that Voikko knows)."""
    import yaml

    from handbook import ROOT

    terms = yaml.safe_load((ROOT / "docs" / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    checked = 0
    for term in terms:
        for word in term["term"]["fi"].split():
            inflected = [w for w in (word + "ssa", word + "n", word[:-1] + "ksessa", word[:-1] + "ksia",
                                     word[:-2] + "sessa", word[:-1] + "lla", word + "ssä")
                         if word in EXPANDER.bases(w)]
            if not inflected:
                continue
            other = f"<p>{' '.join(inflected)}</p>"
            forms = search.inflected_forms([other, f"<p>{word}</p>"], EXPANDER)
            doc = search.document(f"<h1>Sanasto</h1><p>{word}</p>", "glossary/", "fi", {}, EXPANDER, SECTIONS, forms)
            terms_text = re.search(rf'<p id="{search.TERMS_ID}" hidden[^>]*>(.*?)</p>', doc)
            assert terms_text and set(inflected) <= set(terms_text.group(1).split()), (word, inflected, doc)
            checked += 1
    assert checked, "no glossary word has an inflected form Voikko knows"


def _weights(doc: str) -> dict[str, str]:
    """The Pagefind weight of each element that has one: ``tag[first words]`` → weight."""
    return {f"{m.group(1)}[{m.group(3)[:12].strip()}]": m.group(2)
            for m in re.finditer(r'<(\w+)\b[^>]*data-pagefind-weight="([\d.]+)"[^>]*>([^<]*)', doc)}


PAGE = ('<p class="hb-print-source">Käsikirja · osoite</p><h1>Otsikko</h1><p class="hb-reviewed" data-pagefind-ignore>'
        'Tarkistettu</p><p>Johdanto, joka kertoo sivun asian.</p><h2>Väliotsikko</h2><p>Leipätekstiä, jossa on '
        'tarpeeksi sanoja juoksevaksi tekstiksi asti.</p><table><tbody><tr><td>Taulukko</td></tr></tbody></table>')


def test_a_practice_page_weighs_its_title_and_lead_most_and_its_text_more_than_a_plain_page():
    doc = search.document(PAGE, "cards/x/", "fi", {}, None, SECTIONS, kind=search.PRACTICE)
    weights, want = _weights(doc), search.WEIGHTS[search.PRACTICE]
    assert weights["h1[Otsikko]"] == f"{want['title']:g}"
    assert weights["p[Johdanto, jo]"] == f"{want['lead']:g}", "the lead is the first paragraph the index keeps"
    assert weights["h2[Väliotsikko]"] == f"{want['heading']:g}"
    assert f'<div data-pagefind-weight="{want["text"]:g}">' in doc
    assert "p[Käsikirja ·]" not in weights and "p[Tarkistettu]" not in weights
    assert want["title"] > 7 and want["text"] > 1  # Pagefind's own weights: 7 for a title, 1 for text


def test_an_overview_page_weighs_less_than_any_page_even_its_title_and_lists():
    doc = search.document(PAGE, "approaches/x/", "fi", {}, None, SECTIONS, kind=search.OVERVIEW)
    weights, want = _weights(doc), search.WEIGHTS[search.OVERVIEW]
    assert weights["h1[Otsikko]"] == f"{want['title']:g}" and weights["h2[Väliotsikko]"] == f"{want['heading']:g}"
    assert f'<div id="{search.APART_ID}" data-pagefind-weight="{want["text"]:g}">' in doc, "the table weighs as the text"
    assert max(want.values()) < 7 and want["text"] < 1
    plain = search.document(PAGE, "faq/", "fi", {}, None, SECTIONS)
    assert "data-pagefind-weight" not in plain, "a plain page keeps Pagefind's own weights"


@pytest.mark.skipif(not EXPANDER.available, reason="Voikko (libvoikko1, voikko-fi) is not installed")
def test_words_the_index_ignores_give_no_base_forms():
    """A list of other pages' names (``data-pagefind-ignore``) finds the page neither as written nor through
    the base forms added for Finnish."""
    html = ('<h1>Alue</h1><p>Kortit tällä alueella.</p>'
            '<ul data-pagefind-ignore><li><a href="x/">Sijoitukset vähenivät</a></li></ul>')
    doc = search.document(html, "regions/x/", "fi", {}, EXPANDER, SECTIONS, kind=search.OVERVIEW)
    terms = re.search(rf'<p id="{search.TERMS_ID}"[^>]*>(.*?)</p>', doc)
    assert not terms or "sijoitus" not in terms.group(1).split(), terms.group(1)


def test_pages_are_ranked_by_their_kind():
    from handbook.engine.pipeline import PageWork, search_kind

    def kind(src: str, generated: bool = False, card: object = None) -> str:
        return search_kind(PageWork(src=src, url="", lang="fi", base="", title="", meta={}, generated=generated,
                                    card=card))  # type: ignore[arg-type]

    assert kind("cards/x/index.fi.md", card=object()) == search.PRACTICE
    assert kind("research/x.en.md") == search.PRACTICE
    assert kind("research/index.fi.md") == search.OVERVIEW and kind("index.en.md") == search.OVERVIEW
    assert kind("approaches/x.fi.md", generated=True) == search.OVERVIEW
    assert kind("glossary.fi.md", generated=True) == search.OVERVIEW
    assert kind("faq.fi.md") == search.PAGE and kind("journalists.en.md") == search.PAGE
