"""Fuzzing every entry point a contributor has: any YAML value for every front-matter key, card field and
data-file field, any text in a BibTeX field, any static file name and content, any bytes in a source.

The property, for each: ``handbook check`` and the strict build never end in a traceback, and either
the input is refused at a ``file:line`` of the file it went into, or the site built from it holds no
script, handler, off-site address or spreadsheet formula that the input brought in. Every input carries
the marker ``hbx`` so that what it brought in can be told from the handbook's own. The examples that
once failed are kept (``@example``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from handbook import safety
from handbook.tools.check import check
from helpers import CARD, mkdocs_build, write_small_site

pytestmark = pytest.mark.build

#: payloads that would be live if they got through: each names the marker
PAYLOADS = ['<script>hbx()</script>', '"><img src=x onerror=hbx()>', "javascript:hbx()", "https://evil.example/hbx",
            '=HYPERLINK("https://evil.example/hbx")', "+hbx|' /C calc'!A0", "@SUM(hbx)", "-2+hbx", "\thbx",
            "{{ hbx }}", "[hbx](javascript:hbx())", "x\" onmouseover=\"hbx()", "\u202ehbx", "&#106;avascript:hbx()",
            "</script><script>hbx()</script>", "{% raw %}hbx", "'; hbx(); '", "\\u003cscript\\u003ehbx()"]

texts = st.one_of(st.sampled_from(PAYLOADS),
                  st.builds(lambda a, p: a + p, st.text(max_size=20), st.sampled_from(PAYLOADS)))
scalars = st.one_of(texts, st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
#: any YAML value: scalars, lists and mappings of them, a few levels deep
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(texts | st.sampled_from(["fi", "en"]), inner,
                                                                      max_size=3)), max_leaves=12)

FRONT_KEYS = ["title", "description", "hide", "reviewed", "translated_from", "sourced", "template", "icon",
              "subtitle", "status", "author", "revision_date", "location", "search", "hbx"]
CARD_FIELDS = ["name", "organisations", "municipalities", "region", "status", "start", "reviewed", "approaches",
               "contact", "sources", "research_partners", "knowledge"]

FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
#: for the properties whose every example is a whole build beside its explicit examples: fewer drawn ones
FUZZ_BUILDS = settings(FUZZ, max_examples=4)


class _Live(HTMLParser):
    """What in a built page the marked input brought in and could run or send the reader elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "hbx" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in safety.URL_ATTRIBUTES and ("evil.example" in value or
                                                  (safety.scheme_of(value) not in ("", "http", "https", "mailto"))):
                self.found.append(f"<{tag} {name}={value!r}>")
        names = {name for name, _ in attrs}
        if tag in ("iframe", "object", "embed", "base") or (tag == "meta" and "refresh" in str(attrs)) \
                or (tag == "form" and "action" in names):
            self.found.append(f"<{tag} {attrs}>")


def live_in(site: Path) -> list[str]:
    """Everything the marked input made live in the built ``site``: scripts that are not the theme's,
    handlers and off-site or refused addresses, and formula cells of the CSV files."""
    out: list[str] = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8", errors="replace")
        out += [f"{page}: script {text[:40]!r}" for text in safety.unknown_scripts(html)]
        parser = _Live()
        parser.feed(html)
        out += [f"{page}: {what}" for what in parser.found]
    for table in site.rglob("*.csv"):
        for row in csv.reader(io.StringIO(table.read_text(encoding="utf-8"))):
            out += [f"{table}: {cell!r}" for cell in row
                    if "hbx" in cell and cell.lstrip()[:1] in ("=", "+", "-", "@", "\t", "\r")]
    return out


def judged(project: Path, out: Path, rel: str) -> None:
    """The property: no traceback from the check or the build; refused at a line of ``rel``, or inert."""
    _, found = check(project)  # raises on a traceback, which fails the example
    refused = [f for f in found if f.path == rel and f.severity == "error" and f.line >= 1]
    result = mkdocs_build(project, out)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    if result.returncode != 0:
        assert refused or f"{rel}:" in output, output[-3000:]
    if out.exists():
        assert live_in(out) == [], (rel, live_in(out)[:5])


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return write_small_site(tmp_path_factory.mktemp("fuzz") / "small")


def fresh(base: Path, name: str) -> tuple[Path, Path]:
    """A copy of the small handbook for one example, and where its site goes."""
    root = base.parent / name
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root, symlinks=True)
    return root, root / "site-out"


@FUZZ
@given(key=st.sampled_from(FRONT_KEYS), value=values)
@example(key="description", value=['"><script>hbx()</script>'])
@example(key="template", value="redirect.html")
@example(key="location", value=['x", hbx(), "'])
@example(key="subtitle", value=["<script>hbx()</script>"])
def test_any_front_matter_value(base, key, value):
    project, out = fresh(base, "front")
    page = project / "docs" / "faq.fi.md"
    text = page.read_text(encoding="utf-8")
    page.write_text("---\n" + yaml.safe_dump({key: value}, allow_unicode=True) + "---\n" + text, encoding="utf-8")
    judged(project, out, "docs/faq.fi.md")


@FUZZ
@given(field=st.sampled_from(CARD_FIELDS), value=values)
@example(field="name", value={"fi": "\u003ca href=https://evil.example/hbx class=md-button\u003ex", "en": "x"})
@example(field="name", value={"fi": '=HYPERLINK("https://evil.example/hbx","x")', "en": "x"})
def test_any_card_field_value(base, field, value):
    project, out = fresh(base, "card")
    yml = project / CARD / "card.yml"
    data = yaml.safe_load(yml.read_text(encoding="utf-8"))
    data[field] = value
    yml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    judged(project, out, f"{CARD}/card.yml")


@FUZZ
@given(name=st.sampled_from(["facts.yml", "glossary.yml"]), field=st.sampled_from(
    ["id", "value", "unit", "measures", "quote", "locator", "refers_to", "term", "definition", "explanation", "match",
     "source"]), value=values)
@example(name="facts.yml", field="value", value='=HYPERLINK("https://evil.example/hbx","x")')
def test_any_data_file_value(base, name, field, value):
    project, out = fresh(base, "data")
    path = project / "docs" / "data" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = next(v for v in data.values() if isinstance(v, list))
    items[0][field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    judged(project, out, f"docs/data/{name}")


@FUZZ
@given(field=st.sampled_from(["title", "author", "url", "note", "howpublished", "date", "doi", "publisher"]),
       value=texts.map(lambda text: text.replace("{", "(").replace("}", ")")))
@example(field="title", value='=HYPERLINK("https://evil.example/hbx","Avaa")')
def test_any_bibtex_field_value(base, field, value):
    project, out = fresh(base, "bib")
    bib = project / "bibliography" / "sources.bib"
    text = bib.read_text(encoding="utf-8")
    at = text.index("\n", text.index("@"))
    bib.write_text(text[:at + 1] + f"  {field} = {{{value}}},\n" + text[at + 1:], encoding="utf-8")
    judged(project, out, "bibliography/sources.bib")


@FUZZ
@given(name=st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=20)
       | st.sampled_from(["help.html", "x.svg", "x.js", "x.css", "bundle.a5f9d56c.min.js", "x.mjs", "x.xml", ".x"]),
       content=st.sampled_from([b"<script>hbx()</script>", b'<svg xmlns="http://www.w3.org/2000/svg" onload="hbx()"/>',
                                b"hbx()", b"\x89PNG hbx", b"\xff\xfe hbx"]))
@example(name="bundle.a5f9d56c.min.js", content=b"hbx()")
def test_any_static_file(base, name, content):
    if name in (".", ".."):
        return
    project, out = fresh(base, "static")
    folder = project / "docs" / "assets"
    target = folder / "javascripts" / name if name.startswith("bundle.") else folder / name
    try:
        target.write_bytes(content)
    except OSError:
        return  # a name the file system does not take
    judged(project, out, target.relative_to(project).as_posix())
    if out.exists():
        published = out / target.relative_to(project / "docs")
        assert not (published.exists() and b"hbx" in published.read_bytes() and content != b"\x89PNG hbx"), published


@FUZZ
@given(data=st.binary(max_size=300) | st.sampled_from([b"\xff\xfe", b"---\n" + b"[" * 5000, b"a: &a [*a]"]))
@example(data=b"\x00")
def test_any_bytes_in_a_source(base, data):
    project, out = fresh(base, "bytes")
    (project / CARD / "card.yml").write_bytes(data)
    _, found = check(project)
    assert any(f.path == f"{CARD}/card.yml" for f in found)
    result = mkdocs_build(project, out)
    assert "Traceback" not in result.stdout + result.stderr


#: pieces of Markdown that the engine reads slowly or deeply when there are many of them
PIECES = ["[", "](", "![", "[a]", "(", ")", "<", ">", "<http://", '<div markdown="1">\n', "</div>\n", "> ", "- ",
          "\n", "\n\n", "x ", "{: data-hbx=1 }", "*", "`", "\\["]


@FUZZ_BUILDS
@given(parts=st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([1, 7, 300, 5000, 40_000])), max_size=5))
@example(parts=[("[", 50_000), ("](", 20_000)])
@example(parts=[('<div markdown="1">\n\n', 400)])
@example(parts=[("[", 600), ("x ", 3000)])
def test_any_markdown_in_a_page(base, parts):
    """Runs of brackets, raw HTML and nesting in a page: refused at a line of it, or built (the build ends;
    the engine's Markdown is never handed what it would scan for ever or recurse into)."""
    project, out = fresh(base, "markdown")
    page = project / "docs" / "faq.fi.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "".join(piece * count for piece, count in parts) + "\n",
                    encoding="utf-8")
    judged(project, out, "docs/faq.fi.md")


@FUZZ_BUILDS
@given(folder=st.sampled_from(["feed.xml", "en", "templates", "pagefind", "index.html", "sitemap.xml", "robots.txt",
                               "cards/compare", "cards/hbx", "assets/javascripts", "data", "404.html"])
       | st.text(st.sampled_from("ab.-_"), min_size=1, max_size=6),
       linked=st.booleans())
@example(folder="cards/hbx", linked=True)
@example(folder="feed.xml", linked=False)
def test_any_folder_in_docs(base, folder, linked):
    """A folder of any name, or a symbolic link to a folder outside the project, with a picture and a page
    in it: refused at the folder, or built; nothing from outside the project is published."""
    if folder.strip(".") == "":
        return
    project, out = fresh(base, "folder")
    outside = project.parent / "outside-hbx"
    shutil.rmtree(outside, ignore_errors=True)
    outside.mkdir()
    (outside / "kuva.png").write_bytes(b"\x89PNG SECRET-hbx")
    (outside / "sivu.fi.md").write_text("# SECRET-hbx\n", encoding="utf-8")
    target = project / "docs" / folder
    if linked:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        target.symlink_to(outside, target_is_directory=True)
    else:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(outside / "kuva.png", target / "kuva.png")
    judged(project, out, f"docs/{folder}")
    if out.exists() and linked:
        assert not [p for p in out.rglob("*") if p.is_file() and b"SECRET-hbx" in p.read_bytes()]
