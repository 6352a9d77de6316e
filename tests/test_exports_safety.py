"""The open data is safe to open and the book shows only the site's own files (the security trial's
C14, D04, B12 and X01).

- No cell of ``cards.csv``, ``facts.csv`` or ``bibliography.csv`` is a formula when a spreadsheet opens
  it: a small handbook whose card, key figure and source hold formulas is built, each CSV file is
  converted with Gnumeric's ``ssconvert`` (Debian's ``gnumeric``) and the workbook is read with openpyxl.
- A raw-HTML address that leaves ``docs/`` is refused at ``file:line`` like a Markdown link.
- The PDF book resolves an image only to a file of the built site; anything else is left out and reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from helpers import (CARD, CHROMIUM, OTHER_CARD, OTHER_FIGURE, FIGURE, SLUG, build_fails_with, edit,
                     findings, line_of, mkdocs_build, need, write_small_site)
from handbook.publish import pdf
from handbook.publish.exports import FORMULA_STARTS, csv_cell, csv_text

SITE_URL = "http://127.0.0.1:8000/"

# --- what the security trial wrote into the sources ---------------------------------------------------

C14 = '=HYPERLINK("https://evil.example/C14","Klikkaa")'
CMD = "+cmd|' /C calc'!A0"
SUM = "@SUM(1+1)"
PARTNER = "-2+3+cmd|' /C calc'!A0"
D04 = '=HYPERLINK("https://evil.example/D04","x")'
B12 = '=HYPERLINK("https://evil.example/B12t","Avaa")'
#: a formula after spaces, after a tab, and a cell that starts with an apostrophe of its own
SPACED, TABBED, QUOTED = "  =1+1", "\t=2+2", "'Lainattu' perhetyö"
#: a negative number: no column is numeric, so it is neutralised as any other cell
NEGATIVE = "-3"
#: the raw HTML of X01: an image from the build machine, far above the repository
X01 = "../../../../../../../../../root/.rustup/favicon.png"


def plain(cell: str) -> str:
    """A cell's value as the open-data page tells a program to read it: one leading apostrophe removed."""
    return cell[1:] if cell.startswith("'") else cell


def hostile(dest: Path) -> Path:
    """The small handbook with the trial's formulas in a card, a key figure and a source."""
    project = write_small_site(dest)
    card = project / CARD / "card.yml"
    edit(card, "  fi: Testilän systeeminen tiimimalli", f"  fi: '{C14}'")
    edit(card, "municipalities: [Pori]", f'municipalities: ["{CMD}", "{SUM}"]')
    edit(card, "target_groups:", f'research_partners: ["{PARTNER}"]\ntarget_groups:')
    edit(card, "    fi: sosiaali- ja perhepalvelut", f'    fi: "{SPACED}"')
    edit(card, "    en: social and family services", '    en: "\\t=2+2"')
    edit(project / OTHER_CARD / "card.yml", "  en: Relationship-based family work in Esimerkkilä", f'  en: "{QUOTED}"')
    facts = project / "docs" / "data" / "facts.yml"
    edit(facts, f'  - id: {FIGURE}\n    value: "69"', f"  - id: {FIGURE}\n    value: '{D04}'")
    edit(facts, 'quote: "Kyselyyn saatiin 69 vastausta."', f'quote: "{SUM}"')
    edit(facts, f'  - id: {OTHER_FIGURE}\n    value: "7"', f'  - id: {OTHER_FIGURE}\n    value: "{NEGATIVE}"')
    edit(project / "bibliography" / "sources.bib", "title        = {Perusturvalautakunta kokeilee tiimimallia}",
         f"title        = {{{B12}}}")
    return project


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The hostile small handbook, built with ``mkdocs build --strict``: its site folder."""
    base = tmp_path_factory.mktemp("exports")
    project = hostile(base / "project")
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


#: file → (column, the value the sources hold, the cell written)
EXPECTED = {
    "cards.csv": [("name_fi", C14, "'" + C14), ("municipalities", f"{CMD}; {SUM}", f"'{CMD}; {SUM}"),
                  ("research_partners", PARTNER, "'" + PARTNER), ("contact_role_fi", SPACED, "'" + SPACED),
                  ("contact_role_en", TABBED, "'" + TABBED), ("name_en", QUOTED, "'" + QUOTED)],
    "facts.csv": [("value_fi", D04, "'" + D04), ("value_en", D04, "'" + D04), ("quote", SUM, "'" + SUM),
                  ("value_en", NEGATIVE, "'" + NEGATIVE)],
    "bibliography.csv": [("title", B12, "'" + B12)],
}


@pytest.mark.build
@pytest.mark.xdist_group("exports")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_formula_is_written_with_an_apostrophe(exported, name):
    rows = rows_of(exported / name)
    header = rows[0]
    for column, _, cell in EXPECTED[name]:
        cells = [row[header.index(column)] for row in rows[1:]]
        assert cell in cells, (column, cells)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("\t", "\r", "\n")) and not cell.lstrip().startswith(FORMULA_STARTS), cell


# --- the spreadsheet ------------------------------------------------------------------------------

def spreadsheet(csv_file: Path, out_dir: Path) -> list[list]:
    """``csv_file`` as a spreadsheet opens it: converted to xlsx by Gnumeric's ``ssconvert``, read with
    openpyxl; its rows of cells."""
    import openpyxl

    ssconvert = shutil.which("ssconvert")
    need(ssconvert is not None, "no ssconvert (Debian's gnumeric package): the CSV files are opened in a spreadsheet")
    assert ssconvert is not None
    xlsx = out_dir / (csv_file.stem + ".xlsx")
    subprocess.run([ssconvert, "--import-type=Gnumeric_stf:stf_csvtab", str(csv_file), str(xlsx)], check=True,
                   capture_output=True, timeout=120)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Workbook contains no default style": Gnumeric writes none
        sheet = openpyxl.load_workbook(xlsx).active
    return [list(row) for row in sheet.iter_rows()]


@pytest.mark.build
@pytest.mark.xdist_group("exports")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_spreadsheet_shows_every_cell_as_written_and_runs_no_formula(exported, name, tmp_path):
    rows = rows_of(exported / name)
    sheet = spreadsheet(exported / name, tmp_path)
    assert len(sheet) == len(rows)
    assert [cell.value for cell in sheet[0]] == rows[0]  # the file was read with its own columns
    shown: dict[str, str] = {}
    for row, cells in zip(rows, sheet, strict=True):
        assert len(cells) == len(row), row
        for text, cell in zip(row, cells, strict=True):
            assert cell.data_type != "f", (text, cell.value)
            if cell.data_type == "s":  # text as written (numbers and dates the spreadsheet reads as such)
                assert cell.value == plain(text), (text, cell.value)
            shown[text] = cell.value
    for _, value, cell in EXPECTED[name]:
        assert shown[cell] == value


@pytest.mark.build
@pytest.mark.xdist_group("exports")
def test_the_spreadsheet_would_run_the_formulas_as_the_sources_hold_them(exported, tmp_path):
    """The test above can fail: the same cells written without the apostrophes are formulas in it."""
    raw = tmp_path / "raw.csv"
    with raw.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([plain(c) for c in row] for row in rows_of(exported / "cards.csv"))
    formulas = [cell.value for row in spreadsheet(raw, tmp_path) for cell in row if cell.data_type == "f"]
    assert C14 in formulas, formulas


# --- the rule itself --------------------------------------------------------------------------------

@given(st.text())
def test_a_cell_never_starts_a_formula_and_its_value_comes_back(text):
    cell = csv_cell(text)
    assert not cell.startswith(("\t", "\r", "\n", *FORMULA_STARTS))
    assert not cell.lstrip().startswith(FORMULA_STARTS)
    assert plain(cell) == text


@given(st.lists(st.lists(st.text(), max_size=4), max_size=4))
def test_a_file_reads_back_as_its_cells(rows):
    """One row a row and one cell a cell, whatever the text holds (commas, quotes, line breaks, carriage returns)."""
    parsed = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    assert parsed == [[csv_cell(text) for text in row] for row in rows]


@given(st.lists(st.lists(st.text().filter(lambda text: "\r" not in text), max_size=4), max_size=4))
def test_a_file_is_the_csv_module_s_as_before(rows):
    """Without a carriage return, the bytes are what ``csv.writer`` wrote before (only the cells changed)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([csv_cell(text) for text in row] for row in rows)
    assert csv_text(rows) == out.getvalue()


# --- raw HTML that leaves docs/ -----------------------------------------------------------------------

OUTSIDE_EN = "the link '{target}' points outside docs/, which is not published. Link inside the site or use a web address."
OUTSIDE_FI = ("linkki '{target}' osoittaa docs/-kansion ulkopuolelle, eikä sitä julkaista sivustolla. Linkitä sivuston "
              "sisällä tai käytä verkko-osoitetta.")


def test_raw_html_that_leaves_docs_is_refused_at_its_line(small):
    page = small / CARD / "index.fi.md"
    edit(page, "## Ratkaisu\n", f'## Ratkaisu\n\n<img src="{X01}" alt="x">\n\n'
                                'Lue <a href="..\\..\\..\\salaisuus.txt">tämä</a> ja katso\n'
                                '<img src="%2e%2e/%2e%2e/%2e%2e/kuva.png" alt="kuva"> tai <a href="../../faq/">kysymykset</a>.\n')
    english = small / CARD / "index.en.md"
    edit(english, "## Solution\n", '## Solution\n\n<img src="../../../assets/logo.svg" alt="logo">\n')  # en/cards/x/: inside
    texts = {lang: [f.text(lang) for f in findings(small) if f.code == "link-outside-docs"] for lang in ("en", "fi")}
    rel = f"{CARD}/index.fi.md"
    first, second = line_of(page, X01), line_of(page, "salaisuus.txt")
    expected = [(first, X01), (second, "..\\..\\..\\salaisuus.txt"), (second + 1, "%2e%2e/%2e%2e/%2e%2e/kuva.png")]
    assert sorted(texts["en"]) == sorted(f"{rel}:{line}: {OUTSIDE_EN.format(target=target)}" for line, target in expected)
    assert sorted(texts["fi"]) == sorted(f"{rel}:{line}: {OUTSIDE_FI.format(target=target)}" for line, target in expected)


@pytest.mark.build
def test_the_build_stops_on_the_trial_s_image(small, tmp_path):
    page = small / CARD / "index.fi.md"
    edit(page, "## Ratkaisu\n", f'## Ratkaisu\n\n<img src="{X01}" alt="x">\n')
    build_fails_with(small, tmp_path / "site", f"{CARD}/index.fi.md:{line_of(page, X01)}: "
                                               + OUTSIDE_EN.format(target=X01))


# --- the book -----------------------------------------------------------------------------------------

def png(path: Path, width: int, height: int) -> Path:
    """A red PNG image of ``width`` × ``height`` pixels at ``path``."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))
    return path


LEFT_OUT_EN = ("the book leaves out the file '{src}' of this page, which is outside the built site: the book shows only "
               "the site's own files.")
LEFT_OUT_FI = ("kirjasta jätetään pois tämän sivun tiedosto '{src}', joka on rakennetun sivuston ulkopuolella: kirjassa "
               "näytetään vain sivuston omia tiedostoja.")


@pytest.fixture
def planted(exported, tmp_path, monkeypatch) -> tuple[Path, Path, list[str], str]:
    """A copy of the built site whose card page shows an image of the site and X01's images from outside it
    (an image beside the site, reached by ``..``, by a ``file:`` address and through a symbolic link):
    the site, the file outside, the addresses from outside, and the card page's line that holds them."""
    monkeypatch.chdir(tmp_path)
    site = Path(shutil.copytree(exported, tmp_path / "site"))
    outside = png(tmp_path / "outside.png", 7, 11)
    png(site / "assets" / "inside.png", 3, 5)
    (site / "assets" / "link.png").symlink_to(outside)
    page = site / "cards" / SLUG / "index.html"
    up = "../" * len(page.parent.parts)  # from the page's folder to the file system's root, and past it
    bad = [f"{up}{outside.as_posix().lstrip('/')}", outside.as_uri(), "../../assets/link.png", f"{up}{up}etc/hostname"]
    images = " ".join(f'<img alt="x" src="{src}">' for src in bad)
    text = page.read_text(encoding="utf-8")
    assert '<h2 id="ratkaisu"' in text
    page.write_text(text.replace('<h2 id="ratkaisu"', f'<p><img alt="in" src="../../assets/inside.png"> {images}</p>\n'
                                 '<h2 id="ratkaisu"', 1), encoding="utf-8")
    return site, outside, bad, line_of(page, 'alt="in"')


@pytest.mark.build
@pytest.mark.xdist_group("exports")
def test_the_book_resolves_images_only_inside_the_site(planted):
    site, _, bad, line = planted
    left_out = []
    html, _ = pdf.book_html(site, "fi", SITE_URL, "Käsikirja", dt.date(2026, 12, 1), report=left_out.append)
    uris = re.findall(r'src="(file:[^"]*)"', html)
    assert uris == [(site / "assets" / "inside.png").resolve().as_uri()]
    inside = site.resolve().as_uri() + "/"
    assert not [uri for uri in re.findall(r"file:[^\"'\s<>]*", html) if not uri.startswith(inside)]
    page = f"site/cards/{SLUG}/index.html"
    assert [f.text("en") for f in left_out] == [f"{page}:{line}: {LEFT_OUT_EN.format(src=src)}" for src in bad]
    assert [f.text("fi") for f in left_out] == [f"{page}:{line}: {LEFT_OUT_FI.format(src=src)}" for src in bad]


def pdf_images(path: Path) -> list[tuple[int, int]]:
    """The width and height of every image in the PDF at ``path`` (on its pages and in their forms)."""
    from pypdf import PdfReader

    found: list[tuple[int, int]] = []

    def walk(resources) -> None:
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in (xobjects.get_object().values() if xobjects is not None else []):
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append((int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    for page in PdfReader(str(path)).pages:
        walk(page.get("/Resources"))
    return found


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.xdist_group("exports")
def test_the_printed_book_holds_the_site_s_image_and_no_other(planted, tmp_path):
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: the books are printed with it")
    site, _, bad, _ = planted
    left_out = []
    written = pdf.write_pdfs(site, SITE_URL, {"fi": "Käsikirja"}, out_dir=tmp_path / "book", report=left_out.append)
    assert pdf_images(written["fi"]) == [(3, 5)]  # the site's own image; not the 7 × 11 one from outside
    assert [f.params for f in left_out] == [(("src", src),) for src in bad]  # reported once, not per print


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.xdist_group("exports")
def test_printing_the_book_makes_no_request_to_the_network(exported, tmp_path):
    """A page whose images, poster and style sheet are addresses on this machine's network (a server that
    the test starts on 127.0.0.1): the book leaves them out, and the printing browser asks for none of them."""
    import http.server
    import threading

    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: the books are printed with it")
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the server's name for it)
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png(tmp_path / "p.png", 2, 2).read_bytes())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        site = Path(shutil.copytree(exported, tmp_path / "site"))
        page = site / "cards" / SLUG / "index.html"
        planted = (f'<p><img alt="a" src="{base}/img.png"> <img alt="b" src="{base.upper()}/IMG2.png"> '
                   f'<video poster="{base}/poster.png"></video></p><link rel="stylesheet" href="{base}/s.css">'
                   f'<div style="background-image: url({base}/bg.png)">x</div>\n')
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace('<h2 id="ratkaisu"', planted + '<h2 id="ratkaisu"', 1), encoding="utf-8")
        left_out = []
        written = pdf.write_pdfs(site, SITE_URL, {"fi": "Käsikirja"}, out_dir=tmp_path / "book",
                                 report=left_out.append)
        assert written["fi"].stat().st_size > 0
        assert asked == []
        assert {dict(f.params)["src"] for f in left_out} >= {f"{base}/img.png", f"{base.upper()}/IMG2.png"}
    finally:
        server.shutdown()
