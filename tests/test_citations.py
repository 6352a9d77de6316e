"""Citations: the scanner, the rendering on the real build, exports, and every check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from handbook.content import handbook as hb_site
from handbook.content.citations import scan
from helpers import (BOOK, CARD, ROOT, SLUG, SOURCE, WEB, cite_in_both, edit, fails_with, findings, line_of,
                     mkdocs_build, own_bibliography, write_small_site)

#: one worker builds this module's shared site for all its tests (pytest -n, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("advised")


@pytest.mark.parametrize("text,expected", [
    ("See [@a].", [(("a",), False, [("", "")])]),
    ("See [@a, s. 12].", [(("a",), False, [("", "s. 12")])]),
    ("See [@a; @b, p. 3].", [(("a", "b"), False, [("", ""), ("", "p. 3")])]),
    ("[see @key, p. 3]", [(("key",), False, [("see", "p. 3")])]),
    ("@rousu2020 writes", [(("rousu2020",), True, [("", "")])]),
    ("code `[@a]` and ``@b``", []),
    ("mail a.b@example.fi now", []),
    ("https://example.org/@user and <https://x.org/@a>", []),
    ("an \\@escaped at", []),
    ("[@a](https://example.org) is a link", []),
    ("[email me at a@b.fi]", []),
    # a colon after a citation, inside a sentence; a link reference definition at the line's start is not one
    ("the roles [@a]: a list", [(("a",), False, [("", "")])]),
    ("[@a]: https://example.org", []),
])
def test_scanner(text, expected):
    found = [(c.keys, c.narrative, [(i.prefix, i.locator) for i in c.items]) for c in scan(text)]
    assert found == expected


def test_scanner_skips_code_blocks_and_keeps_line_numbers():
    text = "Intro [@a].\n\n```\n[@fenced]\n```\n\n    [@indented]\n\nEnd @b.\n"
    assert [(c.line, c.keys) for c in scan(text, first_line=10)] == [(10, ("a",)), (18, ("b",))]


def read(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix,heading", [("", "Lähteet"), ("en/", "Sources")])
def test_card_citations_render_with_popup_and_references(site, prefix, heading):
    """Each citation of a card's source is a link to its entry in the page's references; the page can be
    cited. The card and its source are the real handbook's first, whatever they are."""
    hb = hb_site.load(ROOT)
    card = hb.cards[0]
    lang = "en" if prefix else "fi"
    page = next(p for p in hb.pages if p.src == f"cards/{card.slug}/index.md" and p.lang == lang)
    keys = [key for citation in page.citations for key in citation.keys]
    facts = {f.id: f for f in hb.facts}
    keys += [facts[fact].source for fact, _ in page.facts_used if fact in facts]
    key = max(set(keys), key=keys.count)
    html = read(site / prefix / "cards" / card.slug / "index.html")
    assert "[@" not in html
    links = re.findall(rf'<a class="hb-cite" href="#(ref-{re.escape(key)})" aria-describedby="ref-{re.escape(key)}">', html)
    assert len(links) == keys.count(key)
    # the description of each citation is its entry in the page's references list
    assert len(re.findall(rf'<li id="ref-{re.escape(key)}">', html)) == 1
    assert f'<li id="ref-{key}">' in html[html.index(f">{heading}<"):]
    assert ("Viittaa tähän sivuun" if not prefix else "Cite this page") in html
    bibtex = re.search(r"<pre><code>(@misc\{handbook-.*?)</code></pre>", html, re.S).group(1)
    entry = parse_string(bibtex.replace("&quot;", '"'), "bibtex").entries[f"handbook-{card.slug}"]
    assert re.fullmatch(r"\d{4}", entry.fields["year"])


@pytest.mark.parametrize("prefix,terms", [
    ("", ["Rousu, S. (toim.) (2020a).", "Rousu, S. ja Lanne-Eriksson, M. (toim.)", "Teoksessa Rousu, S. (toim.),",
          "(s. 52–78)", "(2021c, 5. maaliskuuta)", "(s.a.)"]),
    ("en/", ["Rousu, S. (ed.) (2020a).", "Rousu, S. and Lanne-Eriksson, M. (eds.)", "In Rousu, S. (ed.),",
             "(pp. 52–78)", "(2021c, March 5)", "(n.d.)", "[Power and trust for clients and client workers]"]),
])
def test_bibliography_page_is_localized(site, prefix, terms):
    html = read(site / prefix / "bibliography" / "index.html")
    for term in terms:
        assert term in html, term
    ids = re.findall(r'<li id="(ref-[^"]+)">', html)
    assert len(ids) == len(set(ids)) == len(hb_site.load(ROOT).bib.entries)
    names = [re.sub(r"<[^>]+>", "", m).casefold() for m in re.findall(r'<li id="ref-[^"]+">(.*?)[ (]', html)]
    assert names == sorted(names)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&amp;", "&")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_citation_label_matches_its_reference(site, prefix):
    """Issue 14 item 8: "Rousu 2021c" in the text is traceable to "Rousu, S. (2021c, …)" in the list it points to."""
    pages = [p for p in (site / prefix).rglob("index.html") if prefix or not p.relative_to(site).parts[0] == "en"]
    checked = 0
    for page in pages:
        html = read(page)
        items = dict(re.findall(r'<li id="(ref-[^"]+)">(.*?)</li>', html, re.S))
        for target, label in re.findall(r'<a class="hb-cite" href="#(ref-[^"]+)"[^>]*>(.*?)</a>', html):
            label = _text(label)
            year = re.search(r"\(?([^\s(),]+)\)?$", label)[1]       # 2021c, s.a., n.d.
            names = re.sub(r",? \(?[^\s(),]+\)?$", "", label)          # Rousu, Harju ja Horuz, Rousu ym.
            assert target in items, f"{page}: {label} points to #{target}, which is not on the page"
            reference = _text(items[target])
            first = re.split(r" (?:ja|and|ym\.|et al\.)( |$)", names)[0]
            assert reference.startswith(first) or reference.startswith(f"”{first}") or reference.startswith(f"“{first}") \
                or f"[{first}]" in reference, (page, label, reference[:80])
            assert f"({year}" in reference or f"({year})" in reference, (page, label, reference[:80])
            checked += 1
    assert checked


@pytest.mark.parametrize("prefix,base", [("", "../"), ("en/", "../../")])
def test_bibliography_backlinks_point_to_citing_pages(site, prefix, base):
    html = read(site / prefix / "bibliography" / "index.html")
    item = re.search(r'<li id="ref-eksote2018lastensuojelu">(.*?)</li>', html, re.S).group(1)
    target = f"{prefix}cards/eksote-systeeminen-lastensuojelu/"
    assert f'href="{base}{target}"' in item
    assert (site / target / "index.html").exists()


def test_exports_parse_back(site):
    keys = set(hb_site.load(ROOT).bib.entries)
    parsed = parse_string(read(site / "bibliography.bib"), "bibtex")
    assert set(parsed.entries) == keys
    csl = json.loads(read(site / "bibliography.json"))
    assert {item["id"] for item in csl} == keys
    by_id = {item["id"]: item for item in csl}
    assert by_id["rousu2020yhdessa"]["type"] == "book"
    assert by_id["rousu2020yhdessa"]["editor"] == [{"family": "Rousu", "given": "Sirkka"}]
    assert by_id["eksote2018lastensuojelu"]["issued"] == {"date-parts": [[2018, 10, 25]]}
    assert by_id["eksote2018lastensuojelu"]["author"] == [{"literal": "Etelä-Karjalan sosiaali- ja terveyspiiri"}]
    assert by_id["ihamaki2018asiakaslahtoisyys"]["page"] == "52–78"
    for item in csl:
        assert item["title"] and item["type"]


# --- the checks: one bad input each, on the small handbook --------------------------------------

@pytest.fixture(scope="module")
def advised(tmp_path_factory):
    """The small handbook with a web page accessed on a date, an entry that nothing cites and one with an
    http:// address (both warnings by default), built: (its project, the build, the site)."""
    project = write_small_site(tmp_path_factory.mktemp("advised") / "project")
    with open(own_bibliography(project) / "extra.bib", "a", encoding="utf-8") as out:
        out.write("@online{web2021,\n  author = {Duffy, Simon},\n  title = {Verkkosivu},\n  year = {2021},\n"
                  "  url = {https://example.org/page},\n  urldate = {2021-02-01},\n"
                  "  note = {Vuosi on päätelty tekstistä},\n  notetranslation = {The year is inferred from the text}\n}\n\n"
                  "@misc{lukematon,\n  title = {Kukaan ei viittaa}\n}\n\n"
                  "@online{sivu,\n  author = {{THL}},\n  title = {Sivu},\n  date = {2024},\n"
                  "  url = {http://example.org/sivu}\n}\n")
    for lang in ("fi", "en"):
        edit(project / CARD / f"index.{lang}.md", f"[@{SOURCE}].", f"[@{SOURCE}; @web2021; @sivu].")
    result = mkdocs_build(project, project.parent / "site")
    return project, result, project.parent / "site"


@pytest.mark.build
def test_accessed_date_is_localized(advised):
    _, result, out = advised
    assert result.returncode == 0, result.stderr
    fi = read(out / "cards" / SLUG / "index.html")
    en = read(out / "en" / "cards" / SLUG / "index.html")
    assert "Haettu 1.2.2021" in fi and "Accessed 1 February 2021" in en


@pytest.mark.build
def test_the_bibliography_shows_each_editors_note_in_the_readers_language(advised):
    """``note`` (Finnish) and ``notetranslation`` (English) say what the editors inferred: the bibliography
    page shows them under the entry; an entry with a Finnish note only shows it, marked as Finnish."""
    project, _, out = advised
    fi = read(out / "bibliography" / "index.html")
    en = read(out / "en" / "bibliography" / "index.html")
    assert 'Toimituksen huomautus: <span lang="fi">Vuosi on päätelty tekstistä.</span>' in fi
    assert "Editors' note: <span lang=\"en\">The year is inferred from the text.</span>" in en.replace("&#39;", "'")


def test_a_note_without_its_translation_is_shown_as_finnish(small):
    from handbook.content.bib import load
    from handbook.render.references import Formatter

    with open(own_bibliography(small) / "extra.bib", "a", encoding="utf-8") as out:
        out.write("@misc{huom,\n  author = {{THL}},\n  title = {Sivu},\n  year = {2024},\n  note = {Vuosi on päätelty}\n}\n")
    formatter = Formatter(load(small))
    assert formatter.note("huom", "en") == ("Vuosi on päätelty.", "fi")
    assert formatter.note("huom", "fi") == ("Vuosi on päätelty.", "fi")
    assert formatter.note(SOURCE, "fi") is None


@pytest.mark.build
def test_bibliography_advice_warns_in_the_build_without_failing_it(advised):
    """Nothing citing an entry, and an http:// address, are warnings by default: shown, and the build passes
    (``tests/test_reporting.py`` builds them as errors, as mkdocs.yml can ask)."""
    project, result, _ = advised
    assert result.returncode == 0, result.stderr
    extra = project / "bibliography" / "extra.bib"
    assert f"bibliography/extra.bib:{line_of(extra, '@misc{lukematon')}: nothing cites the entry 'lukematon'." \
        in result.stderr
    assert (f"bibliography/extra.bib:{line_of(extra, 'http://example.org/sivu')}: entry 'sivu' has an http:// address "
            "(http://example.org/sivu).") in result.stderr


def test_unknown_key_with_suggestion(small):
    md = small / CARD / "index.fi.md"
    edit(md, f"[@{SOURCE}].", f"[@{SOURCE[:-1]}].")
    fails_with(small, f"{CARD}/index.fi.md:{line_of(md, f'@{SOURCE[:-1]}]')}: unknown citation key "
                      f"'@{SOURCE[:-1]}' – did you mean '@{SOURCE}'? Fix the key or add the entry to bibliography/.")


def test_unknown_key_without_suggestion_in_finnish(small):
    md = small / CARD / "index.en.md"
    edit(md, "the worker changes", "the worker changes (@nobodyknows)")
    fails_with(small, f"{CARD}/index.en.md:{line_of(md, '@nobodyknows')}: tuntematon lähteen avain '@nobodyknows'. "
                      "Lisää lähde bibliography/-kansioon tai korjaa avain; jos @ ei ole viittaus, kirjoita \\@.",
               lang="fi")


def test_unknown_key_in_card_sources(small):
    yml = small / CARD / "card.yml"
    edit(yml, f"sources: [{SOURCE}]", f"sources: [{SOURCE}, esimerkkila2017]")
    fails_with(small, f"{CARD}/card.yml:{line_of(yml, 'sources:')}: unknown citation key '@esimerkkila2017' – "
                      f"did you mean '@{WEB}'?")


@pytest.mark.parametrize("lang,message", [
    ("en", f"the entry '{WEB}' is not closed: the closing }} after its last field is missing."),
    ("fi", f"lähde '{WEB}' ei pääty: sen viimeisen kentän jälkeen puuttuu loppusulje }}."),
])
def test_malformed_bibtex_is_reported_once_where_it_goes_wrong(small, lang, message):
    """Issue 15 item 3: one missing brace is one finding, at the line of the slip, in the editor's language;
    the other entries of the file are still read, so nothing cascades into the cards that cite them."""
    bib = own_bibliography(small) / "sources.bib"
    edit(bib, "  year         = {2017},\n  date         = {2017-09-18}\n}",
         "  year         = {2017},\n  date         = {2017-09-18}\n")
    slip = line_of(bib, "date         = {2017-09-18}")
    texts = fails_with(small, f"bibliography/sources.bib:{slip}: {message}", lang=lang)
    assert len(texts) == 1, texts
    assert "syntax error" not in texts[0] and "expected" not in texts[0]


def test_broken_field_value_and_undefined_macro(small):
    folder = own_bibliography(small)
    (folder / "more.bib").write_text(
        "@book{kirja1,\n  author = {Virtanen, A.},\n  title = {Kirja,\n  year = {2020}\n}\n\n"
        "@book{kirja2,\n  author = {Virtanen, A.},\n  title = {Toinen},\n  year = vuosi\n}\n", encoding="utf-8")
    texts = fails_with(small, "bibliography/more.bib:3: the value of the field title of the entry 'kirja1' is not closed")
    assert any(t.startswith("bibliography/more.bib:10: the value vuosi of the entry 'kirja2' is not a defined "
                            "abbreviation") for t in texts), texts


def test_duplicate_key_across_files(small):
    folder = own_bibliography(small)
    (folder / "more.bib").write_text(f"@misc{{{BOOK},\n  title = {{Toinen}}\n}}\n", encoding="utf-8")
    other = line_of(folder / "sources.bib", f"@book{{{BOOK}")
    fails_with(small, f"bibliography/sources.bib:{other}: the source key '{BOOK}' is already used "
                      "(bibliography/more.bib:1). Give this entry its own key or remove the duplicate.")


def test_missing_required_field(small):
    folder = own_bibliography(small)
    (folder / "more.bib").write_text("\n@article{lehti2020,\n  author = {Virtanen, A.},\n  title = {Artikkeli},\n"
                                     "  year = {2020}\n}\n", encoding="utf-8")
    fails_with(small, "bibliography/more.bib:2: entry 'lehti2020' (@article) has no journaltitle (journal) field. "
                      "Required for this type: author, title, journaltitle, date.")


def test_implausible_year(small):
    folder = own_bibliography(small)
    (folder / "more.bib").write_text("@book{kirja,\n  author = {Virtanen, A.},\n  title = {Kirja},\n"
                                     "  publisher = {K},\n  year = {20200}\n}\n", encoding="utf-8")
    fails_with(small, "bibliography/more.bib:5: entry 'kirja' has the year '20200', which is not a plausible year")


def test_url_not_http(small):
    folder = own_bibliography(small)
    (folder / "more.bib").write_text("@misc{sivu,\n  title = {Sivu},\n  url = {www.example.org}\n}\n",
                                     encoding="utf-8")
    fails_with(small, "bibliography/more.bib:3: entry 'sivu' has the URL 'www.example.org', which does not start "
                      "with http:// or https://.")


def test_uncited_entries_warn_by_default_and_fail_on_request(small):
    folder = own_bibliography(small)
    (folder / "more.bib").write_text("@misc{lukematon,\n  title = {Kukaan ei viittaa}\n}\n", encoding="utf-8")
    expected = "bibliography/more.bib:1: nothing cites the entry 'lukematon'."
    assert [f.severity for f in findings(small) if expected in f.text("en")] == ["warning"]
    fails_with(small, expected, uncited="error")


def test_real_bibliography_is_all_cited():
    hb = hb_site.load(ROOT)
    assert [f.text("en") for f in hb.findings if f.rule == "bib-uncited"] == []


def test_style_advice_warns_by_default_and_fails_on_request(small):
    """An http:// address is advice: it does not fail --strict unless extra.handbook.bib_advice asks."""
    folder = own_bibliography(small)
    (folder / "more.bib").write_text("@online{sivu,\n  author = {{THL}},\n  title = {Sivu},\n  date = {2024},\n"
                                     "  url = {http://example.org/sivu}\n}\n", encoding="utf-8")
    cite_in_both(small, "sivu")
    expected = "bibliography/more.bib:5: entry 'sivu' has an http:// address (http://example.org/sivu)."  # the url line
    assert [f.severity for f in findings(small) if expected in f.text("en")] == ["warning"]
    fails_with(small, expected, bib_advice="error")


@pytest.mark.build
def test_real_world_bibliography_with_every_key_cited(small, tmp_path):
    """The Turing Way's bibliography in a copy of the small handbook, every key cited on a card: no crash, its real
    faults reported at file:line, and the card's reference list (in both languages) holds no LaTeX."""
    folder = own_bibliography(small)
    real = Path(__file__).parent / "fixtures" / "bib" / "turing-references.bib"
    (folder / "turing.bib").write_text(read(real), encoding="utf-8")
    keys = list(parse_string(read(real), "bibtex").entries)
    cites = "\n\n".join("Lähteitä [" + "; ".join(f"@{k}" for k in keys[i:i + 25]) + "]." for i in range(0, len(keys), 25))
    for lang in ("fi", "en"):
        path = small / CARD / f"index.{lang}.md"
        head, rest = read(path).split("\n## ", 1)
        heading, body = rest.split("\n", 1)  # the citations go into the first section
        path.write_text(f"{head}\n## {heading}\n\n{cites}\n{body}", encoding="utf-8")
    result = mkdocs_build(small, tmp_path / "out")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    problems = [line for line in output.splitlines() if line.startswith("WARNING")]
    assert problems and all(re.match(r"WARNING -  bibliography/turing\.bib:\d+: ", line) for line in problems), problems
    for prefix in ("", "en/"):
        html = read(tmp_path / "out" / prefix / "cards" / SLUG / "index.html")
        items = re.findall(r'<li id="ref-[^"]+">(.*?)</li>', html, re.S)
        assert len(items) >= len(keys)
        for item in items:
            shown = re.sub(r"<[^>]+>", "", item).replace("&amp;", "&")
            assert not re.search(r"\\[A-Za-z]+|\$|[{}]|(?<!-)--(?!-)|In \.|Teoksessa \.|\(\)|, ,", shown), shown
