"""The site's weight on the wire: precompressed copies, the trimmed theme and the deferred theme script.

- every text file of a built site has a ``.gz`` and a ``.br`` copy that decompress to it
  (:mod:`handbook.publish.compress`), and the benchmark's server sends them as static hosts do;
- the theme's style sheets keep the rules the pages can match and lose the others
  (:mod:`handbook.publish.assets`), and every page links the one trimmed file;
- on a phone the theme's script waits for the reader's first touch, and the dark-mode switch works
  before it and after it (the browser tests of search, pop-ups, filters, language switch and print in
  ``test_browser.py`` and ``test_reader.py`` run on the trimmed site too).
"""

from __future__ import annotations

import gzip
import os
import urllib.request

import brotli
import pytest

from helpers import mkdocs_build
from handbook.publish import assets, compress
from handbook.tools import webbench


# --- compression ------------------------------------------------------------------------------------

def test_each_text_file_gets_copies_that_decompress_to_it(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    files = {"index.html": "<p>Lastensuojelu – ä ö</p>" * 50, "a/style.css": "p{color:red}", "a/b/x.js": "1;",
             "data.json": "{}", "feed.xml": "<feed/>", "logo.svg": "<svg/>"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    assert compress.compress_site(tmp_path) == 2 * len(files)
    for name, text in files.items():
        assert gzip.decompress((tmp_path / (name + ".gz")).read_bytes()).decode("utf-8") == text
        assert brotli.decompress((tmp_path / (name + ".br")).read_bytes()).decode("utf-8") == text
    assert not (tmp_path / "photo.png.gz").exists() and not (tmp_path / "photo.png.br").exists()
    assert compress.compress_site(tmp_path) == 0  # unchanged files keep their copies
    (tmp_path / "a" / "style.css").write_text("p{color:blue}", encoding="utf-8")
    stamp = (tmp_path / "a" / "style.css.br").stat().st_mtime_ns + 1_000_000
    os.utime(tmp_path / "a" / "style.css", ns=(stamp, stamp))
    assert compress.compress_site(tmp_path) == 2
    assert brotli.decompress((tmp_path / "a" / "style.css.br").read_bytes()) == b"p{color:blue}"


@pytest.mark.build
def test_a_built_site_has_both_copies_of_every_text_file_and_one_trimmed_theme(small, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(small, site)
    assert result.returncode == 0, result.stdout + result.stderr
    texts = list(compress.text_files(site))
    assert any(p.suffix == ".html" for p in texts) and any(p.suffix == ".css" for p in texts)
    missing, wrong = [], []
    for path in texts:
        data = path.read_bytes()
        for ending, unpack in ((".gz", gzip.decompress), (".br", brotli.decompress)):
            copy = path.with_name(path.name + ending)
            if not copy.exists():
                missing.append(copy.relative_to(site).as_posix())
            elif unpack(copy.read_bytes()) != data:
                wrong.append(copy.relative_to(site).as_posix())
    assert missing == [] and wrong == []
    themes = [p.name for p in (site / "assets" / "stylesheets").glob("theme.*.css")]
    assert len(themes) == 1
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<head>" not in html and "<head " not in html:
            continue
        assert f"assets/stylesheets/{themes[0]}" in html, page
        assert "main." not in "".join(l for l in html.splitlines() if "stylesheet" in l), page
        assert "bundle." not in "".join(l for l in html.splitlines() if "<script src" in l and "data-bundle" not in l), page


def test_the_benchmark_server_sends_the_copy_the_browser_accepts(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "index.html").write_text("<p>kortit</p>" * 40, encoding="utf-8")
    (tmp_path / "plain.css").write_text("p{}", encoding="utf-8")
    compress.compress_site(tmp_path)
    (tmp_path / "plain.css.gz").unlink()
    (tmp_path / "plain.css.br").unlink()
    server = webbench.serve(tmp_path)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def get(path: str, accept: str) -> tuple[dict[str, str], bytes]:
            request = urllib.request.Request(base + path, headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(request) as response:  # noqa: S310  # the test's own server
                return dict(response.headers), response.read()

        headers, body = get("/cards/", "gzip, deflate, br")
        assert headers["Content-Encoding"] == "br" and headers["Content-Type"].startswith("text/html")
        assert brotli.decompress(body) == (tmp_path / "cards" / "index.html").read_bytes()
        headers, body = get("/cards/", "gzip")
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body).startswith(b"<p>kortit")
        headers, body = get("/cards/", "identity")
        assert "Content-Encoding" not in headers and body.startswith(b"<p>kortit")
        headers, body = get("/plain.css", "br")  # no copy: the file itself
        assert "Content-Encoding" not in headers and body == b"p{}"
    finally:
        server.shutdown()


def test_the_first_view_counts_pages_style_sheets_and_scripts():
    requests = [{"type": "Document", "transfer": 10, "size": 40}, {"type": "Stylesheet", "transfer": 5, "size": 20},
                {"type": "Script", "transfer": 3, "size": 9}, {"type": "Image", "transfer": 100, "size": 100},
                {"type": "Fetch", "transfer": 7, "size": 7}]
    assert webbench.first_view(requests) == {"transfer": 18, "size": 69, "requests": 3}


# --- trimming the theme's style sheets ----------------------------------------------------------------

def names(html: str, script: str = "") -> assets.Names:
    return assets.site_names([html], [script] if script else [])


PAGE = ('<html class="no-js"><body dir="ltr" data-md-color-scheme="default">'
        '<nav class="md-nav md-nav--primary"><a class="md-nav__link" id="top" href="#">x</a></nav>'
        '<input data-md-toggle="drawer" type="checkbox"></body></html>')


@pytest.mark.parametrize(("selector", "kept"), [
    (".md-nav__link", True),
    (".md-nav--primary .md-nav__link:hover", True),
    (".md-annotation__index", False),  # a feature the site does not use
    (".md-typeset .tabbed-set>input:checked", False),
    ("[dir=rtl] .md-nav__link", False),  # no page is written right to left
    ("[dir=ltr] .md-nav__link", True),
    ("[data-md-color-scheme=slate]", False),
    ("[data-md-color-scheme=default]", True),
    ("[data-md-toggle=drawer]:checked~.md-nav", True),
    ("[data-md-toggle=search]:checked~.md-nav", False),
    ("[data-md-state=lock] .md-nav", True),  # set by the theme's script on any page
    ("#top", True), ("#elsewhere", False),
    (".md-nav:not(.md-annotation)", True),  # what :not() names need not be there
    (":is(.md-annotation,.md-nav) a", True),
    ("html", True), ("*", True), (":root", True),
    (".md-tooltip2--active", True),  # added by the theme's script (tooltips)
    (".md-nav__link--active", True),
    (".hb-sort", False),
])
def test_a_selector_is_kept_when_the_site_can_match_it(selector, kept):
    assert assets.may_match(selector, names(PAGE)) is kept


def test_a_class_that_a_script_of_the_site_adds_is_kept():
    assert not assets.may_match(".hb-cite-pop--above", names(PAGE))
    assert assets.may_match(".hb-cite-pop--above", names(PAGE, 'pop.classList.add("hb-cite-pop--above");'))


def test_purge_keeps_matching_rules_and_at_rules_and_drops_the_rest():
    css = ('@charset "UTF-8";:root{--md-used:1px;--md-unused:2px;--md-chain:var(--md-used)}'
           '.md-nav{margin:var(--md-used)}.md-annotation{color:red}'
           '.md-nav__link,.md-annotation__index{content:"a,b{}"}'
           '@media screen and (max-width:76em){.md-annotation{top:0}.md-nav{top:1px}}'
           '@media print{.md-annotation{display:none}}'
           '@keyframes spin{0%{opacity:0}to{opacity:1}}/* a comment */'
           '@supports (display:grid){[dir=rtl] .md-nav{left:0}}')
    out = assets.unused_properties(assets.purge(css, names(PAGE)), [])
    assert out == ('@charset "UTF-8";:root{--md-used:1px}.md-nav{margin:var(--md-used)}'
                   '.md-nav__link{content:"a,b{}"}@media screen and (max-width:76em){.md-nav{top:1px}}'
                   '@keyframes spin{0%{opacity:0}to{opacity:1}}')


def test_a_property_used_elsewhere_stays():
    css = ":root{--md-a:1px;--md-b:2px}"
    assert assets.unused_properties(css, [".hb{margin:var(--md-b)}"]) == ":root{--md-b:2px}"


def test_relink_puts_one_trimmed_sheet_in_place_of_the_two_and_the_loader_in_place_of_the_script():
    page = ('<head><link rel="stylesheet" href="../assets/stylesheets/main.57a0d79d.min.css">\n'
            '      <link rel="stylesheet" href="../assets/stylesheets/palette.fb2fffe2.min.css">\n'
            '<link rel="stylesheet" href="../assets/stylesheets/handbook.css"></head><body>'
            '<header class="md-header">…</header><main>…</main>'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="../assets/javascripts/handbook.js"></script></body>')
    out = assets.relink(page, "theme.0123abcd.css")
    assert out == ('<head><link rel="stylesheet" href="../assets/stylesheets/theme.0123abcd.css">\n'
                   '<link rel="stylesheet" href="../assets/stylesheets/handbook.css"></head><body>'
                   '<header class="md-header">…</header>'
                   '<script src="../assets/javascripts/theme-loader.js" '
                   'data-bundle="../assets/javascripts/bundle.a5f9d56c.min.js"></script><main>…</main>'
                   '<script src="../assets/javascripts/handbook.js"></script></body>')
    assert assets.relink(out, "theme.0123abcd.css") == out
    headless = page.replace('<header class="md-header">…</header>', "")
    assert assets.relink(headless, "t.css").count('<script src="../assets/javascripts/theme-loader.js"') == 1


# --- the theme's script on a phone --------------------------------------------------------------------

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _bundle_requested(requests: list[str]) -> bool:
    return any("/assets/javascripts/bundle." in url for url in requests)


def test_on_a_phone_the_theme_script_waits_for_the_first_touch_and_dark_mode_works_before_it(browser, server, site):
    from helpers import Visit

    card = next(p.parent.name for p in sorted((site / "cards").glob("*/index.html")) if p.parent.name != "compare")
    visit = Visit(browser, server, **PHONE)
    try:
        page = visit.go(f"/cards/{card}/")
        assert not _bundle_requested(visit.requests)
        assert page.evaluate("document.documentElement.classList.contains('js')")  # the search box shows
        assert page.locator(".md-search").is_visible() or page.locator("label[for=__search]").first.is_visible()
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        switch = page.locator("[data-md-component=palette] label:not([hidden])")
        assert switch.count() == 1 and switch.is_visible()
        switch.tap()
        page.wait_for_function("() => !!window.document$")  # the first touch loaded the theme's script
        assert _bundle_requested(visit.requests)
        other = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert other != scheme
        page.locator("[data-md-component=palette] label:not([hidden])").tap()  # the theme's script has it now
        page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === {scheme!r}")
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        assert visit.errors == []
    finally:
        visit.close()


def test_on_a_wide_screen_the_theme_script_loads_at_once(browser, server):
    from helpers import Visit

    visit = Visit(browser, server, viewport={"width": 1280, "height": 800})
    try:
        page = visit.go("/")
        page.wait_for_function("() => !!window.document$")
        assert _bundle_requested(visit.requests)
        assert visit.errors == []
    finally:
        visit.close()
