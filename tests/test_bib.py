"""The bibliography reader and the reference style, without a build: BibLaTeX dates, names, LaTeX,
references without empty parts, findings with their lines and severities, and never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import re
from html import unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from handbook.content import bib as bibmod
from handbook.content.latex import to_html, to_text
from handbook.publish.bibliography import csl_item
from handbook.render.references import Formatter
from handbook.render.style import format_html

TODAY = dt.date(2026, 6, 1)


def read(text: str, **kw) -> bibmod.Bibliography:
    return bibmod.parse_text(text, "bibliography/t.bib", today=TODAY, **kw)


def html(text: str, lang: str = "en") -> str:
    b = read(text)
    key = next(iter(b.entries))
    return format_html(b.ref(key), lang, b.labels[key])


def codes(b: bibmod.Bibliography) -> list[tuple[int, str, str]]:
    return [(f.line, f.code, f.severity) for f in b.findings]


# --- dates ---------------------------------------------------------------------
@pytest.mark.parametrize("value,start,end,circa", [
    ("2012", (2012,), None, False),
    ("2012-05", (2012, 5), None, False),
    ("2012-05-07", (2012, 5, 7), None, False),
    ("1984/1986", (1984,), (1986,), False),
    ("1984-03/1986-11-02", (1984, 3), (1986, 11, 2), False),
    ("1988/..", (1988,), (), False),
    ("1988/", (1988,), (), False),
    ("1850~", (1850,), None, True),
    ("1850?", (1850,), None, True),
    ("1850%", (1850,), None, True),
    ("2004-04-05T14:34:00", (2004, 4, 5), None, False),
])
def test_biblatex_dates(value, start, end, circa):
    date = bibmod.parse_date(value)
    assert (date.start, date.end, "circa" in date.csl()) == (start, end, circa)


@pytest.mark.parametrize("value", ["2012-13", "2012-02-30", "tomorrow", "1986/1984", "1/2/3", "", "../1988"])
def test_invalid_dates_are_none(value):
    assert bibmod.parse_date(value) is None


def test_date_range_renders_and_bad_date_is_a_finding_at_its_field():
    assert "(1984–1986)" in html("@book{b, author={A, B}, title={T}, date={1984/1986}}")
    assert "(1988–)" in html("@book{b, author={A, B}, title={T}, date={1988/..}}")
    assert "(ca. 1850)" in html("@book{b, author={A, B}, title={T}, date={1850~}}")
    assert "(n. 1850)" in html("@book{b, author={A, B}, title={T}, date={1850~}}", "fi")
    b = read("\n@book{b, author={A, B}, title={T},\n  date={1984-13}}\n@book{c, author={A, B}, title={T}, year={2012}}")
    assert [(f.line, f.code) for f in b.findings if f.severity == "error"] == [(3, "bib-date")]  # the date = line
    assert "YYYY-MM-DD" in b.findings[0].message("en")


def test_original_date():
    out = html("@book{b, author={Freud, S.}, title={T}, date={1989}, origdate={1920}}", "fi")
    assert out.endswith("(1989). <em>T</em>. (Alkuperäisteos julkaistu 1920)")


def test_year_alone_in_date_is_valid():
    b = read("@book{b, author={Pedregosa, F.}, title={Scikit-learn}, date={2012}}")
    assert [f for f in b.findings if f.severity == "error"] == []
    assert b.labels["b"].year == "2012"


# --- names -----------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("Imming, Melanie,", ("Imming", "Melanie", "", "")),
    ("Ford, Jr., Henry", ("Ford", "Henry", "", "Jr.")),
    ("van der Ploeg, Jan-Lucas", ("Ploeg", "Jan-Lucas", "van der", "")),
    ("Ploeg, Jan-Lucas van der", ("Ploeg", "Jan-Lucas", "van der", "")),
    ("Jan-Lucas van der Ploeg", ("Ploeg", "Jan-Lucas", "van der", "")),
    ("family=Ploeg, given=Jan-Lucas, prefix=van der, useprefix=false", ("Ploeg", "Jan-Lucas", "van der", "")),
])
def test_names_keep_every_part(text, expected):
    name = bibmod.parse_name(text)
    assert (name.family, name.given, name.particle, name.suffix) == expected


def test_names_in_references():
    out = html("@book{b, author={Ford, Jr., Henry and van der Ploeg, Jan-Lucas and {World Health Organization}"
               " and others}, title={T}, year={2020}}")
    assert out.startswith("Ford, H., Jr., van der Ploeg, J.-L., World Health Organization et al. (2020).")


# --- LaTeX ---------------------------------------------------------------------
@pytest.mark.parametrize("latex,text", [
    (r"G\ifmmode \acute o\else ó\fi mez-P\ifmmode \acute e\else é\fi rez", "Gómez-Pérez"),
    (r"Science $\vert $ AAAS", "Science | AAAS"),
    (r"\textquotedblleft Nerd of Trust\textquotedblright", "“Nerd of Trust”"),
    ("visible--invisible a---b", "visible–invisible a—b"),
    (r"{\"o} \"{o} {\"{o}} {\'\i} \c{c} {\o} {\ss} \& \% \S", "ö ö ö í ç ø ß & % §"),
    (r"\'\i\ss\o", "íßø"),
    (r"\v{S}koda \k{a} \H{o} \r{a} \u{a} \={a} \.{z} {\aa} {\AE} \L", "Škoda ą ő å ă ā ż å Æ Ł"),
    (r"$\alpha$-test H$_2$O x$^2$ $\ge$ $\times$", "α-test H₂O x² ≥ ×"),
    (r"\textendash\ \textemdash\ \ldots", "– — …"),
    ("{DNA} {\\relax Th}e {Case}", "DNA The Case"),
    ("a~b", "a\u00a0b"),
    (r"\unknownmacro{arg} text", "arg text"),
    ("{unclosed", "unclosed"),
    (r"\href{https://x.org}{link} \url{https://y.org}", "link https://y.org"),
])
def test_latex_to_text(latex, text):
    assert to_text(latex) == text


def test_latex_to_html_is_escaped_and_marks_emphasis_and_quotes():
    assert to_html(r"\emph{Nature} \textbf{b} \textit{i} \textsc{sc}") == \
        '<em>Nature</em> <strong>b</strong> <i>i</i> <span class="hb-smallcaps">sc</span>'
    assert to_html(r"\mkbibquote{Nerd}", "fi") == "”Nerd”"
    assert to_html(r"\mkbibquote{Nerd}", "en") == "“Nerd”"
    assert to_html("<script>alert(1)</script> & \\emph{<b>}") == \
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <em>&lt;b&gt;</em>"
    assert to_html(r"H$_2$O") == "H<sub>2</sub>O"


# --- references without empty parts ---------------------------------------------------
EMPTY = re.compile(r"In \.|Teoksessa \.|, ,|\(\)|\[\]|\.\.|,\.|\. \.|: \.|\s[.,]")


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("entry", [
    "@inproceedings{a, author={Hare, Elena}, title={Writing Alt Text}, publisher={Urban Institute}, year={2022}}",
    "@inbook{a, author={Korenman, S. G.}, title={Teaching}, year={2006}}",
    "@article{a, author={Rubin, D. B.}, title={Inference?}, year={1976}}",
    "@article{a, author={Rubin, D. B.}, title={Inference}, journal={Biometrika}, pages={581-592}}",
    "@thesis{a, author={Rousu, S.}, title={Väitös.}, date={2007}}",
    "@misc{a, title={}, year={}}",
    "@misc{a}",
    "@online{a, author={{Porin kaupunki}}, url={https://pori.fi}, urldate={2024-02}}",
    "@incollection{a, author={A, B}, title={T}, editor={E, F}, pages={1--2}, year={2019}}",
    "@report{a, author={A, B}, title={T: }, subtitle={}, number={3}, institution={THL}, year={2019}}",
])
def test_no_empty_parts(entry, lang):
    out = re.sub(r"<[^>]+>", "", html(entry, lang))
    assert out and not EMPTY.search(out), out


REAL = sorted((Path(__file__).parent / "fixtures" / "bib").glob("*.bib"))
LATEX_LEFT = re.compile(r"\\[A-Za-z]+|\\.|\$|[{}]|(?<!-)--(?!-)|``|''")


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_reference_lists_hold_no_latex(path):
    """Every entry of a real-world file renders, in both languages, without LaTeX or empty parts."""
    b = bibmod.parse_text(path.read_text(encoding="utf-8"), f"bibliography/{path.name}", today=TODAY)
    formatter = Formatter(b)
    page = "\n".join(formatter.reference_list(list(b.entries), lang, "../") for lang in ("fi", "en"))
    items = re.findall(r"<li [^>]*>(.*?) <a class=\"hb-ref-bib\"", page)
    assert len(items) == 2 * len(b.entries)
    for item in items:
        shown = unescape(re.sub(r"<[^>]+>", "", item))
        assert not LATEX_LEFT.search(shown), shown
        assert not EMPTY.search(shown), shown


# --- findings: severity and lines ------------------------------------------------------------
def test_errors_and_warnings_by_severity():
    b = read("@article{a, author={A, B}, title={T}, journal={J}, year={2020}, url={http://x.org}}\n"
             "@weird{b, title={T}, year={2020}, colour={red}}\n"
             "@article{c, author={A, B}, title={T}, year={2020}}\n")
    assert codes(b) == [(1, "bib-url-http", "warning"), (2, "bib-type-unknown", "warning"),
                        (2, "bib-field-unknown", "warning"), (3, "bib-field-missing", "error"),
                        (3, "bib-doi-missing", "warning")]
    assert "colour" in b.findings[2].message("en")
    strict = read("@article{a, author={A, B}, title={T}, journal={J}, year={2020}, url={http://x.org}}", advice="error")
    assert codes(strict) == [(1, "bib-url-http", "error")]


def test_duplicate_keys_and_recovery_after_a_broken_entry():
    text = ("@book{a, author={A, B}, title={One}, year={2020}}\n\n"
            "@book{b, author={A, B},\n  title={Two},\n  year={2020}\n\n"
            "@book{c, author={A, B}, title={Three}, year={2020}}\n"
            "@book{a, author={A, B}, title={Again}, year={2020}}\n")
    b = read(text)
    assert codes(b) == [(5, "bib-unclosed", "error"), (8, "bib-duplicate", "error")]
    assert set(b.entries) == {"a", "b", "c"} and b.entries["b"].fields["title"] == "Two"
    assert b.broken == {"b"}
    assert "Add } after this line" in b.findings[0].message("en")
    assert "loppusulje" in b.findings[0].message("fi") and "expected" not in b.findings[0].message("fi")


def test_string_macros_crossref_and_xdata():
    b = read("@string{mit = {The MIT Press}}\n"
             "@xdata{pub, publisher = mit, location={Cambridge, MA}}\n"
             "@book{parent, editor={Hess, Charlotte and Ostrom, Elinor}, title={Understanding Knowledge as a Commons},"
             " subtitle={From Theory to Practice}, date={2006}, xdata={pub}}\n"
             "@incollection{child, author={Ostrom, Elinor}, title={A Framework}, pages={41--81}, crossref={parent}}\n")
    child = b.ref("child")
    assert child.get("booktitle") == "Understanding Knowledge as a Commons"
    assert child.get("publisher") == "The MIT Press" and child.date.year == 2006
    item = csl_item(child)
    assert item["container-title"] == "Understanding Knowledge as a Commons: From Theory to Practice"
    assert item["publisher-place"] == "Cambridge, MA" and item["page"] == "41–81"
    assert [e["family"] for e in item["editor"]] == ["Hess", "Ostrom"]
    assert "In Hess, C. and Ostrom, E. (eds.), <em>Understanding Knowledge as a Commons: From Theory to Practice</em>" \
        " (pp. 41–81)." in format_html(child, "en", b.labels["child"])


@pytest.mark.parametrize("kind,eprint,url", [
    ("arXiv", "1906.02243", "https://arxiv.org/abs/1906.02243"),
    ("jstor", "2095521", "https://www.jstor.org/stable/2095521"),
    ("hdl", "10138/123", "https://hdl.handle.net/10138/123"),
    ("pubmed", "27225130", "https://www.ncbi.nlm.nih.gov/pubmed/27225130"),
])
def test_eprints_become_urls(kind, eprint, url):
    b = read(f"@online{{a, author={{A, B}}, title={{T}}, date={{2019}}, eprint={{{eprint}}}, eprinttype={{{kind}}}}}")
    assert csl_item(b.ref("a"))["URL"] == url
    assert f'href="{url}"' in format_html(b.ref("a"), "en")
    assert [f.code for f in b.findings] == []


def test_editortype_translator_and_set():
    b = read("@collection{c, editor={Rousu, Sirkka}, editortype={compiler}, title={Kooste}, date={2019}}\n"
             "@book{t, author={Munro, Eileen}, translator={Virtanen, Aino}, title={Review}, date={2011}}\n"
             "@set{s, entryset={c,t}}\n")
    formatter = Formatter(b)
    assert formatter.html("c", "fi").startswith("Rousu, S. (koonnut) (2019).")
    assert formatter.html("c", "en").startswith("Rousu, S. (comp.) (2019).")
    assert "<em>Review</em> (Suom. Virtanen, A.)." in formatter.html("t", "fi")
    assert formatter.html("s", "en") == formatter.html("c", "en") + "; " + formatter.html("t", "en")


def test_langid_marks_the_title_language():
    b = read("@book{b, author={Munro, Eileen}, title={Review}, date={2011}, langid={english}}")
    assert '<em><span lang="en">Review</span></em>' in format_html(b.ref("b"), "fi")
    assert "<em>Review</em>" in format_html(b.ref("b"), "en")
    assert csl_item(b.ref("b"))["language"] == "en"


def test_bibtex_aliases_are_read_as_biblatex():
    b = read("@phdthesis{t, author={Rousu, Sirkka}, title={T}, school={Tampereen yliopisto}, year={2007}}\n"
             "@techreport{r, author={A, B}, title={R}, institution={THL}, year={2019}, number={5}}\n"
             "@conference{c, author={A, B}, title={P}, booktitle={Proc.}, year={2019}, address={Turku}}\n")
    assert (b.ref("t").type, b.ref("t").kind, b.ref("r").type, b.ref("c").type) == \
        ("thesis", "phdthesis", "report", "inproceedings")
    assert "[Väitöskirja, Tampereen yliopisto]" in format_html(b.ref("t"), "fi")
    assert csl_item(b.ref("c"))["publisher-place"] == "Turku"
    assert b.findings == []


# --- never a traceback ---------------------------------------------------------------------------
FIELD_NAMES = ["author", "editor", "translator", "title", "subtitle", "titleaddon", "journal", "journaltitle",
               "booktitle", "maintitle", "date", "year", "month", "urldate", "eventdate", "origdate", "pages",
               "volume", "number", "issue", "publisher", "location", "address", "institution", "school", "url", "doi",
               "eprint", "eprinttype", "crossref", "xdata", "isbn", "langid", "edition", "type", "note", "weird"]
TYPES = ["article", "book", "inbook", "incollection", "inproceedings", "online", "report", "thesis", "phdthesis",
         "misc", "collection", "set", "techreport", "www", "nonsense"]
LATEX_BITS = ["\\'", '\\"{o}', "{\\o}", "\\emph{", "}", "{", "$", "$\\alpha$", "_", "^", "~", "--", "\\ifmmode",
              "\\else", "\\fi", "\\", "\\textbf{x}", "\\mkbibquote{q}", " and ", "others", ",", "/", "..", "?", "%",
              "#", "@", "=", "\"", "2020", "-", "12", "Ä", "<b>", "&"]
value = st.lists(st.one_of(st.sampled_from(LATEX_BITS), st.text(max_size=6)), max_size=8).map("".join)
entry = st.tuples(st.sampled_from(TYPES), st.lists(st.tuples(st.sampled_from(FIELD_NAMES), value), max_size=8))


def entry_text(index: int, kind: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{val}}}" for name, val in fields)
    return f"@{kind}{{k{index},\n{body}\n}}\n"


def assert_all_accounted_for(text: str, b: bibmod.Bibliography) -> None:
    """Every entry start in the text is a rendered reference or has a finding; nothing raised."""
    lines = {f.line for f in b.findings}
    for key in b.entries:
        ref = b.ref(key)
        for lang in ("fi", "en"):
            out = format_html(ref, lang, b.labels[key])
            assert out.strip()
            assert not re.search(r"<(?!/?(em|i|strong|sub|sup|a|span)\b)", out), out
        csl_item(ref)
    for line in text.split("\n"):
        match = re.match(r"@(\w+)\{(k\d+),", line)
        if match and match[2] not in b.entries:
            assert lines, (line, b.findings)
    for f in b.findings:
        assert 1 <= f.line <= text.count("\n") + 1
        assert f.message("fi") and f.message("en")


@settings(max_examples=int(os.environ.get("BIB_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry, min_size=1, max_size=4))
def test_generated_entries_render_or_are_findings(entries):
    text = "".join(entry_text(i, kind, fields) for i, (kind, fields) in enumerate(entries))
    assert_all_accounted_for(text, read(text))


@settings(max_examples=int(os.environ.get("BIB_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry, min_size=1, max_size=3), st.data())
def test_mutated_entries_render_or_are_findings(entries, data):
    text = "".join(entry_text(i, kind, fields) for i, (kind, fields) in enumerate(entries))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        how = data.draw(st.sampled_from(["delete", "insert", "cut"]))
        if how == "delete":
            text = text[:at] + text[at + 1:]
        elif how == "insert":
            text = text[:at] + data.draw(st.sampled_from(["{", "}", ",", "@", "=", "\"", "\\", "\n", "#"])) + text[at:]
        else:
            text = text[:at]
    assert_all_accounted_for(text, read(text))


def test_files_with_a_byte_order_mark_or_another_encoding(tmp_path):
    folder = tmp_path / "bibliography"
    folder.mkdir()
    (folder / "bom.bib").write_text("\ufeff@book{a, author={A, B}, title={T}, year={2020}}\n", encoding="utf-8")
    (folder / "latin.bib").write_bytes("@book{b, author={Mäki, A.}, title={T}, year={2020}}\n".encode("latin-1"))
    b = bibmod.load(tmp_path, today=TODAY)
    assert list(b.entries) == ["a"]
    assert [(f.path, f.line, f.code) for f in b.findings] == [("bibliography/latin.bib", 1, "bib-encoding")]
