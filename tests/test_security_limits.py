"""Limits that keep any input from hanging or crashing the engine: the findings of the second
independent attack (issue 26), each refused at ``file:line`` before the engine reads it, or made inert.
Each test failed before its limit was there."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.content import limits
from handbook.tools.check import check
from helpers import build_fails_with, line_of

PAGE_FI, PAGE_EN = "docs/raja.fi.md", "docs/raja.en.md"


def findings(project: Path, lang: str = "en") -> dict[tuple[str, str, int], str]:
    """``handbook check``'s findings: (file, code, line) → message in ``lang``."""
    return {(f.path, f.code, f.line): f.message(lang) for f in check(project)[1]}


def write_page(project: Path, text: str) -> Path:
    """A new Finnish page ``docs/raja.fi.md`` and a plain English one beside it."""
    (project / PAGE_EN).write_text("# Raja\n\nText.\n", encoding="utf-8")
    path = project / PAGE_FI
    path.write_text(text, encoding="utf-8")
    return path


# --- M38: brackets that never close -----------------------------------------------------------------

BRACKETS = ("this paragraph has so many brackets ([ ] or < >) that do not close, or that are nested in each other, "
            "that the site engine would take too long to read the page. Close each bracket, or write a bracket "
            "that is only text as \\[ or &lt;.")


@pytest.mark.build
def test_brackets_that_never_close_are_refused_before_the_engine_reads_them(small, tmp_path):
    """``[`` × 50,000 then ``](`` × 20,000 made the engine's Markdown scan for ever; now the page is refused
    at the paragraph's line, by the check and the build alike, and not rendered."""
    path = write_page(small, "# Raja\n\nTeksti.\n\n" + "[" * 50_000 + "](" * 20_000 + "\n")
    assert findings(small)[(PAGE_FI, "page-brackets", line_of(path, "[[["))] == BRACKETS
    assert findings(small, "fi")[(PAGE_FI, "page-brackets", 5)].startswith("tässä kappaleessa on niin paljon")
    build_fails_with(small, tmp_path / "out", f"{PAGE_FI}:5: this paragraph has so many brackets")


@pytest.mark.parametrize("text", [
    "[" * 2000,                               # unclosed links
    "[" * 600 + "a" * 5000,                   # a few unclosed in a long paragraph
    "[a][" * 1000,                            # reference links that never close
    "![" * 1000,                              # images
    "[" * 1000 + "]" * 1000,                  # nested in each other
    "[a](" * 1000,                            # addresses that never close
    "<http://" * 400 + "a" * 5000,            # autolinks
])
def test_costly_brackets(text):
    assert limits.scan_cost("x\n\n" + text + "\n")[0] > limits.MAX_SCAN
    assert limits.scan_cost("x\n\n" + text + "\n")[1] == 2


@pytest.mark.parametrize("text", [
    "[a](https://example.org/) " * 2000,      # many links, each closed
    "Teksti (ja sulkeet) " * 2000 + "[" + "a" * 10_000,   # one bracket that does not close
    "\\[" * 5000,                             # written as text
    "| [a](b) | [c](d) |\n" * 500,            # a long table of links
])
def test_brackets_that_people_write_are_cheap(text):
    assert limits.scan_cost(text)[0] < limits.MAX_SCAN / 4


def test_the_handbooks_own_pages_are_far_under_the_limit():
    from helpers import ROOT
    worst = max(limits.scan_cost(p.read_text(encoding="utf-8"))[0] for p in (ROOT / "docs").rglob("*.md"))
    assert worst < limits.MAX_SCAN / 20


# --- M39: raw HTML nested in itself -----------------------------------------------------------------

@pytest.mark.build
def test_raw_html_nested_too_deep_is_refused_not_crashed(small, tmp_path):
    """400 nested ``<div markdown="1">`` gave a RecursionError in the build."""
    path = write_page(small, "# Raja\n\n" + '<div markdown="1">\n\n' * 400 + "x\n\n" + "</div>\n\n" * 400)
    line = 2 * (limits.MAX_HTML_NESTING + 1) + 1
    assert path.read_text(encoding="utf-8").split("\n")[line - 1].startswith("<div")
    assert findings(small)[(PAGE_FI, "page-html-nesting", line)] == \
        "from this line on the HTML elements are nested too many levels deep (more than 12 elements inside each " \
        "other). Write the content with fewer nested elements."
    assert findings(small, "fi")[(PAGE_FI, "page-html-nesting", line)].startswith("tästä rivistä alkaen HTML")
    output = build_fails_with(small, tmp_path / "out", f"{PAGE_FI}:{line}: from this line on the HTML elements")
    assert "RecursionError" not in output


def test_raw_html_within_the_limit_passes():
    text = '<div markdown="1">\n\n' * limits.MAX_HTML_NESTING + "<br><img src=x>\n" + "</div>\n" * 30
    assert limits.html_depth(text) is None
    assert limits.html_depth("<p><p><p></p></p></p>" * 100) is None


# --- S24, G05, reserved folders: folders that are not the handbook's ---------------------------------

def plant_linked_card(small: Path, tmp_path: Path) -> Path:
    """A card folder ``docs/cards/etc-kortti`` that is a symbolic link to a folder outside the project,
    with a secret, a picture, a page and a card.yml in it."""
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0 SECRET-OUTSIDE\n", encoding="utf-8")
    (outside / "kuva.png").write_bytes(b"\x89PNG SECRET-OUTSIDE")
    (outside / "index.fi.md").write_text("# SECRET-OUTSIDE\n", encoding="utf-8")
    (outside / "index.en.md").write_text("# SECRET-OUTSIDE\n", encoding="utf-8")
    (small / "docs" / "cards" / "etc-kortti").symlink_to(outside, target_is_directory=True)
    return outside


@pytest.mark.build
def test_a_linked_folder_and_everything_in_it_stays_out_of_the_site(small, tmp_path):
    """A card folder linked to /etc was copied into site/ before the build failed; a folder named like a
    file the site writes (feed.xml) gave IsADirectoryError."""
    outside = plant_linked_card(small, tmp_path)
    (small / "docs" / "feed.xml").mkdir()
    (small / "docs" / "feed.xml" / "kuva.png").write_bytes(b"\x89PNG")
    (small / "docs" / "sitemap.xml.fi.md").write_text("# Kartta\n", encoding="utf-8")
    found = findings(small)
    assert found[("docs/cards/etc-kortti", "file-symlink", 1)] == \
        f"the file is a symbolic link ({outside}). The handbook reads and publishes only files kept in the " \
        "repository itself: replace the link with the file."
    dot = "would give the site a folder with a dot in its name, where the site may write a file of its own (such " \
          "as feed.xml or index.html). Use a name without dots (letters, digits, - and _)."
    assert found[("docs/feed.xml", "file-address-dot", 1)] == f"'feed.xml' {dot}"
    assert found[("docs/sitemap.xml.fi.md", "file-address-dot", 1)] == f"'sitemap.xml.fi.md' {dot}"
    assert findings(small, "fi")[("docs/feed.xml", "file-address-dot", 1)].startswith(
        "'feed.xml' tekisi sivustolle kansion, jonka nimessä on piste")
    out = tmp_path / "out"
    output = build_fails_with(small, out, "docs/cards/etc-kortti:1: the file is a symbolic link")
    assert "docs/feed.xml:1: 'feed.xml' would give the site a folder" in output
    assert not (out / "cards" / "etc-kortti").exists() and not (out / "feed.xml" / "kuva.png").exists()
    assert not any("SECRET-OUTSIDE" in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file())


def test_is_refused_covers_a_folders_files():
    from handbook.checks.files import is_refused

    refused = frozenset({"docs/cards/x", "docs/a.png"})
    assert is_refused("docs/cards/x/passwd", refused) and is_refused("docs/a.png", refused)
    assert not is_refused("docs/cards/xy/passwd", refused) and not is_refused("docs/cards/index.fi.md", refused)


@pytest.mark.parametrize("folder", ["templates", "en", "pagefind"])
def test_pages_in_the_sites_own_folders_are_refused(small, folder):
    """The engine leaves docs/templates/ out, en/ is the English pages' root and pagefind/ the search
    index's: pages put there were lost without a word."""
    (small / "docs" / folder).mkdir()
    (small / "docs" / folder / "sivu.fi.md").write_text("# Sivu\n", encoding="utf-8")
    (small / "docs" / folder / "sivu.en.md").write_text("# Page\n", encoding="utf-8")
    found = findings(small)
    assert found[(f"docs/{folder}", "file-reserved", 1)] == \
        f"the folder {folder}/ belongs to the site itself (pagefind/, templates/, en/: the engine's templates, the " \
        "search index, the other languages' pages): what is in it would be left out or written over. Put the " \
        "files in another folder."
    assert findings(small, "fi")[(f"docs/{folder}", "file-reserved", 1)].startswith(f"kansio {folder}/ kuuluu")
    assert not [key for key in found if key[0].startswith(f"docs/{folder}/")]  # told once, at the folder
    from handbook.content.handbook import load
    assert not [page.rel for page in load(small).pages if page.rel.startswith(f"docs/{folder}/")]


# --- L25: a server that answers a byte at a time --------------------------------------------------

class Drip:
    """A server on 127.0.0.1 that answers every request with a status line and then one byte of a
    header every 50 ms, for ever (until it is closed): each read gets its byte well within any
    timeout. With ``tls``, it speaks https first."""

    def __init__(self, tls=None) -> None:
        import socket
        import threading

        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/slow"
        self.allow = f"127.0.0.1:{self.port}"
        self.tls, self.closed, self.requests = tls, threading.Event(), 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        import threading

        while not self.closed.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn) -> None:
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            conn.recv(4096)
            self.requests += 1
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not self.closed.wait(0.05):
                conn.sendall(b"a")
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.closed.set()
        self.listener.close()


def within(seconds: float, work):
    """``work()``'s result; fails if it has not returned after ``seconds`` (a hang, not a slow machine:
    the deadline under test is a hundred times shorter)."""
    import threading

    out: list = []
    worker = threading.Thread(target=lambda: out.append(work()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, f"still waiting after {seconds} s"
    return out[0]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_server_that_answers_a_byte_at_a_time_cannot_hold_the_link_check(scheme):
    """``handbook check --online`` waited for ever on such a server: the timeout bounded each read, not the
    request. Each link now has a deadline in all (its redirects and retries included)."""
    import ssl

    import trustme

    from handbook.checks.external import LinkChecker

    ca = trustme.CA()
    server_context = client_context = None
    if scheme == "https":
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(server_context)
        client_context = ssl.create_default_context()
        ca.configure_trust(client_context)
    drip = Drip(server_context)
    try:
        checker = LinkChecker(timeout=0.5, total=1, retries=2, backoff=0.01, allow=[drip.allow], tls=client_context)
        result = within(60, lambda: checker.check_one(drip.url))
    finally:
        drip.close()
    assert (result.state, result.status) == ("unsure", "timeout")
    assert drip.requests >= 1


# --- weak doors ----------------------------------------------------------------------------------

def test_abbreviations_that_grow_with_each_level_are_refused_at_their_entry(small):
    """500 bytes of @string made of @string expanded to 16.8 MB."""
    bomb = '@string{a0 = "xxxxxxxxxxxxxxxx"}\n' + "".join(
        f"@string{{a{i} = a{i - 1} # a{i - 1} # a{i - 1} # a{i - 1}}}\n" for i in range(1, 13)) + "@misc{k, title = a12}\n"
    assert len(bomb) < 600
    path = small / "bibliography" / "pommi.bib"
    path.write_text(bomb, encoding="utf-8")
    found = findings(small)
    assert found[("bibliography/pommi.bib", "bib-macro-large", line_of(path, "@string{a8 "))] == \
        "from this entry on, the file's @string abbreviations expand to more than 1000000 characters (an " \
        "abbreviation made of abbreviations grows with each level). Write the text out in the fields instead."
    assert findings(small, "fi")[("bibliography/pommi.bib", "bib-macro-large", 9)].startswith(
        "tästä merkinnästä alkaen tiedoston @string-lyhenteet")


def test_abbreviations_within_the_limit_are_read():
    from handbook.content import bib

    text = '@string{org = "Testilän perusturva"}\n' + "".join(
        f"@misc{{k{i}, author = org, title = org # {{ raportti}}, month = jan, year = 2020}}\n" for i in range(500))
    read = bib.parse_text(text)
    assert len(read.entries) == 500 and not [f for f in read.findings if f.code == "bib-macro-large"]


HIDDEN_ESCAPE = "this line writes, with an escape (such as \\u202e or \\x01), an invisible character or a control " \
                "character that hides text or changes its order (a reader would see something other than the file " \
                "says). Remove it."


@pytest.mark.parametrize("escape", ["\\u202e", "\\u2066", "\\u200b", "\\x01", "\\e", "\\U0000202E"])
def test_hidden_characters_written_as_yaml_escapes_are_refused_at_their_line(small, escape):
    """A title "\\u202e…" put a direction override into the page, past the line check (the line itself
    holds only ASCII)."""
    from helpers import CARD

    write_page(small, f'---\ntitle: "Raja {escape}live"\n---\n# Raja\n')
    yml = small / CARD / "card.yml"
    text = yml.read_text(encoding="utf-8")  # the card's Finnish name, double-quoted with the escape first
    start = text.index("\nname:\n  fi: ") + len("\nname:\n  fi: ")
    end = text.index("\n", start)
    yml.write_text(text[:start] + '"' + escape + text[start:end].replace('"', "") + '"' + text[end:], encoding="utf-8")
    found = findings(small)
    assert found[(PAGE_FI, "yaml-escaped-hidden", 2)] == HIDDEN_ESCAPE
    assert found[(f"{CARD}/card.yml", "yaml-escaped-hidden", line_of(yml, escape))] == HIDDEN_ESCAPE
    assert findings(small, "fi")[(PAGE_FI, "yaml-escaped-hidden", 2)].startswith("tällä rivillä kirjoitetaan")


def test_escapes_of_ordinary_characters_pass():
    from handbook.content import yamlmap

    assert yamlmap.load('a: "Tab\\tand \\u00e4 and \\"quotes\\""\nb: \'\\u202e is text here\'\n')[0] == \
        {"a": 'Tab\tand ä and "quotes"', "b": "\\u202e is text here"}


@pytest.mark.parametrize("attrs,what", [
    ('{: data-md-component="palette" }', "data-md-component= ({: … })"),
    ("{: #ok .ok data-x=1 }", "data-x= ({: … })"),
    ('{: onclick="alert(1)" }', "onclick= ({: … })"),
])
def test_attribute_lists_inside_raw_html_are_checked_too(small, attrs, what):
    """md_in_html renders a block's Markdown, its attribute lists included: a data-* attribute (which the
    theme's scripts read, data-md-*) went through."""
    path = write_page(small, f'# Raja\n\n<div markdown="1">\nTeksti\n{attrs}\n</div>\n')  # one HTML block
    found = findings(small)
    assert found[(PAGE_FI, "html-attribute", line_of(path, attrs))] == \
        f"the content has the attribute {what}, which handbook pages do not allow (allowed are e.g. id, class, " \
        "title, lang). Remove it: the look comes from the handbook's styles, and pages run no code."


def test_allowed_attribute_lists_inside_raw_html_pass(small):
    write_page(small, '# Raja\n\n<div markdown="1">\nTeksti\n{: #kohta .huom lang=en }\n</div>\n')
    assert not [key for key in findings(small) if key[0] == PAGE_FI and key[1] == "html-attribute"]


def test_a_symbolic_link_among_the_data_files_is_reported(small, tmp_path):
    """docs/data/ is left out of the site, but a link there was not reported at all."""
    secret = tmp_path / "secret.yml"
    secret.write_text("a: SECRET-OUTSIDE\n", encoding="utf-8")
    (small / "docs" / "data" / "muut.yml").symlink_to(secret)
    (small / "docs" / "data" / "lisa.yml").write_text("a: b\n", encoding="utf-8")
    found = findings(small)
    assert found[("docs/data/muut.yml", "file-symlink", 1)].startswith(f"the file is a symbolic link ({secret}).")
    assert not [key for key in found if key[0] == "docs/data/lisa.yml"]


@pytest.mark.parametrize("rule,link", [("link-outside-docs", "../../README.md"), ("link-page", "puuttuu.md")])
def test_the_allow_list_cannot_allow_a_link_the_engine_refuses(small, rule, link):
    """An allowed link to a file outside docs/ passed ``handbook check`` while the build failed on it."""
    from handbook.checks import allow

    path = write_page(small, f"# Raja\n\n[Ohje]({link})\n")
    (small / allow.ALLOW_FILE).write_text(
        f"allow:\n  - path: {PAGE_FI}\n    rule: {rule}\n    reason: the guide\n", encoding="utf-8")
    found = findings(small)
    assert found[(allow.ALLOW_FILE, "allow-engine-rule", 2)] == \
        f"the rule {rule} cannot be allowed: the site engine refuses such a link itself, so the build would fail " \
        "all the same. Fix the link and remove this entry."
    assert (PAGE_FI, rule, line_of(path, "[Ohje]")) in found


@pytest.mark.parametrize("value", ["h", "https://", "example.org", "ftp://example.org/", "https://user@evil.test/"])
def test_an_allowed_url_must_be_a_whole_address(small, value):
    """``url: "h"`` skipped every link of the online check (a prefix of every address)."""
    from handbook.checks import allow

    (small / allow.ALLOW_FILE).write_text(f'allow:\n  - reason: the partner\'s site\n    url: "{value}"\n',
                                          encoding="utf-8")
    assert findings(small)[(allow.ALLOW_FILE, "allow-url", 3)] == \
        f"the address {value} is not a whole web address: an entry's url must start with http:// or https:// and a " \
        "host name (e.g. https://example.org/reports), and it allows that address and the ones under it."
    assert findings(small, "fi")[(allow.ALLOW_FILE, "allow-url", 3)].startswith(f"osoite {value} ei ole kokonainen")


@pytest.mark.parametrize("url,allowed", [
    ("https://example.org/reports", True),
    ("https://example.org/reports/2024.pdf", True),
    ("https://example.org/reports?page=2", True),
    ("HTTPS://EXAMPLE.ORG/reports/a", True),
    ("https://example.org/reports-old", False),
    ("https://example.org.evil.test/reports", False),
    ("http://example.org/reports", False),
    ("https://example.org/", False),
    ("https://partner.test/any/page", True),
    ("https://partner.testing/", False),
])
def test_an_allowed_url_covers_the_addresses_under_it_at_a_path_boundary(url, allowed):
    from handbook.checks.allow import url_allowed, url_prefix

    prefixes = [url_prefix("https://Example.org/reports"), url_prefix("https://partner.test")]
    assert url_allowed(url, prefixes) is allowed


def test_links_with_an_upper_case_scheme_are_checked_as_web_addresses(small):
    """``HTTP://…`` was not among the addresses of the online check, nor warned of as http."""
    from handbook.checks.links import external_urls
    from handbook.content.handbook import load

    path = write_page(small, "# Raja\n\n[Sivu](HTTP://example.org/sivu) ja [toinen](Https://example.org/b).\n")
    urls = {url for url, rel, _ in external_urls(load(small)) if rel == PAGE_FI}
    assert urls == {"HTTP://example.org/sivu", "Https://example.org/b"}
    assert (PAGE_FI, "url-insecure", line_of(path, "[Sivu]")) in findings(small)


# --- the right line -------------------------------------------------------------------------------

def test_a_yaml_merge_key_is_refused_at_its_line(small):
    """``<<:`` put keys into a mapping that then had no line of their own."""
    write_page(small, "---\ntitle: Raja\ndescription: {<<: {a: 1}}\n---\n# Raja\n")
    found = findings(small)
    assert found[(PAGE_FI, "yaml-merge", 3)] == \
        "this line merges keys from elsewhere into the mapping (<<:). Write the fields out in full."
    assert findings(small, "fi")[(PAGE_FI, "yaml-merge", 3)].startswith("tällä rivillä kenttiin yhdistetään")


def test_a_front_matter_key_written_twice_is_told_at_the_one_that_counts(small):
    """A second ``title:`` (the one the engine takes) was told at the first one's line, or not at all."""
    path = write_page(small, "---\ntitle: Raja\ndescription: Hyvä\ntitle: <b>Raja</b>\n---\n# Raja\n")
    found = findings(small)
    assert found[(PAGE_FI, "field-twice", 4)] == \
        "field 'title' is written twice (also on line 2); only the later one would count. Remove one."
    assert (PAGE_FI, "html-in-text", line_of(path, "<b>")) in found


def test_a_facts_unknown_source_is_told_at_its_source_line(small):
    facts = small / "docs" / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("    source: ")
    facts.write_text(text[:start] + "    source: eiole-lahde" + text[text.index("\n", start):], encoding="utf-8")
    found = findings(small)
    assert [key for key in found if key[0] == "docs/data/facts.yml" and key[1] == "cite-unknown"] == \
        [("docs/data/facts.yml", "cite-unknown", line_of(facts, "source: eiole-lahde"))]


XLINK = 'xmlns="http://www.w3.org/2000/svg" xmlns:xl="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize("svg,what", [
    # the xlink namespace under another prefix
    (f'<svg {XLINK}><use xl:href="https://evil.example/x.svg#a"/></svg>', "xlink:href= (<use>)"),
    (f'<svg {XLINK}><image xl:href="data:image/png;base64,AAAA"/></svg>', "<image>"),
    # the SVG namespace under another prefix, and an element of another namespace
    ('<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>', "<script>"),
    ('<svg><h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script></svg>',
     "<{http://www.w3.org/1999/xhtml}script>"),
    # a prefix that is not declared at all
    ('<svg><use xl:href="https://evil.example/x.svg#a"/></svg>', "XML"),
])
def test_svg_names_are_judged_by_namespace_not_by_prefix(svg, what):
    from handbook.checks.files import svg_problems

    assert what in [found for _, found in svg_problems(svg)]


def test_a_svg_that_links_inside_itself_under_any_prefix_passes():
    from handbook.checks.files import svg_problems

    assert svg_problems(f'<svg {XLINK}><defs><path id="a" d="M0 0"/></defs><use xl:href="#a"/></svg>') == []


def test_a_renamed_xlink_prefix_in_a_picture_is_refused_at_its_line(small):
    path = small / "docs" / "assets" / "kuvio.svg"
    path.write_text(f'<svg {XLINK}>\n<path d="M0 0"/>\n<use xl:href="https://evil.example/x.svg#a"/>\n</svg>\n',
                    encoding="utf-8")
    assert findings(small)[("docs/assets/kuvio.svg", "file-svg", 3)] == \
        "the SVG picture has xlink:href= (<use>), which the handbook does not publish (it could run code or load " \
        "something in a reader's browser). Remove it or save the picture as PNG."
