"""The safety rules (:mod:`handbook.safety`) and the built site's guarantees.

The hostile corpus is in ``test_security_corpus.py``, the online check's guard in
``test_security_external.py``, the browser under the policy in ``test_security_browser.py``
and the workflows in ``test_security_workflows.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook import safety
from handbook.findings import finding
from helpers import ROOT, cli, edit, fails_with, line_of


def test_escape_covers_text_and_quoted_attributes():
    assert safety.escape('<b class="x">Tom & Jerry\'s</b>') == "&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/b&gt;"
    assert safety.escape(2018) == "2018"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)", "java%73cript:alert(1)", "%6a%61%76%61script:alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "DATA:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd",
    "tel:+358401234567", "ftp://example.org/", "mailto:matti.meikalainen@example.org",
])
def test_refused_urls(url):
    problem = safety.url_problem(url)
    assert problem is not None and problem[0] == "error", (url, problem)


@pytest.mark.parametrize("url", ["https://thl.fi/", "../glossary/", "#ref-x", "cards/x/", "/handbook/",
                                 "//example.org/x", "mailto:kirjaamo@example.fi", "mailto:info@example.org"])
def test_allowed_urls(url):
    assert safety.url_problem(url) is None


def test_http_is_a_warning():
    assert safety.url_problem("http://example.org/") == ("warning", "http")


def test_sanitizer_removes_what_is_active_and_keeps_what_pages_need():
    dirty = ('<p id="a" class="b" data-x="1" aria-label="c" hidden>t</p><a href="javascript:alert(1)" onclick="x">l</a>'
             '<img src="data:image/png;base64,AA" alt="i" onerror="x"><object data="x"></object><svg><script>1</script>'
             '</svg><table><thead><tr><th style="text-align: center; color: red">h</th></tr></thead></table>'
             '<form action="https://evil.example/"><input name="q" formaction="x"></form>')
    clean = safety.clean(dirty)
    assert safety.active_content(clean) == []
    assert '<p id="a" class="b" data-x="1" aria-label="c" hidden="">t</p>' in clean
    assert 'style="text-align:center"' in clean and "red" not in clean
    assert "<a>l</a>" in clean and 'alt="i"' in clean and "<object" not in clean and "script" not in clean
    assert "<form" not in clean and "<input" not in clean


def test_removed_elements_are_named():
    before = "<p>a</p><object data=x></object><math><mi>x</mi></math>"
    assert safety.removed_elements(before, safety.clean(before)) == ["<math>", "<mi>", "<object>"]
    assert safety.removed_elements("<p>a</p><!-- note -->", safety.clean("<p>a</p><!-- note -->")) == []


def test_active_content_finds_each_kind():
    page = ('<script>alert(1)</script><a onmouseover="x">a</a><a href=" JAVA&#x53;CRIPT:x">b</a>'
            '<meta http-equiv="Refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">'
            '<form action="https://evil.example/"></form><embed src="x"><iframe srcdoc="x"></iframe>'
            '<div style="background:url(javascript:x)"></div>')
    assert len(safety.active_content(page)) == 9
    assert safety.active_content("<script>ok()</script>", {"ok()"}) == []


def test_messages_say_what_to_write_instead_in_both_languages():
    url = finding("docs/x.fi.md", 3, "url-scheme", "url-scheme", url="javascript:alert(1)", scheme="javascript")
    assert "https://" in url.message("en") and "suhteellisella polulla" in url.message("fi")
    element = finding("docs/x.fi.md", 3, "html-element", "html-element", what="<object>")
    assert "Markdown" in element.message("en") and "Markdownina" in element.message("fi")
    assert url.text("en").startswith("docs/x.fi.md:3: ")


def test_the_allow_list_fits_the_handbooks_own_pages(site):
    """The sanitizer removes nothing from the real handbook, and every page carries the policy with
    hashes of exactly the inline scripts it has (nothing inline is allowed otherwise)."""
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy, page
        scripts = policy.group(1).split("script-src", 1)[1].split(";", 1)[0].split()
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert "object-src 'none'" in policy.group(1) and "base-uri 'self'" in policy.group(1)
        inline = safety.inline_scripts(html)
        assert sorted({safety.script_hash(s) for s in inline}) == sorted(s for s in scripts if s.startswith("'sha256-"))
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        assert safety.active_content(html, set(s.strip() for s in inline) | _theme_scripts(html)) == [], page


def _theme_scripts(html: str) -> set[str]:
    return set(re.findall(r'<script src="([^"]+)"', html))


def test_only_the_themes_own_inline_scripts_get_a_hash():
    """The policy allows the theme's own inline scripts (a fixed set) and no other, wherever in the page
    it is: in the content, or outside it where the theme wrote something from a page's metadata."""
    theme = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&' \
            '(target.checked=target.name.startsWith("__tabbed_"))'
    scope = '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),' \
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),' \
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
    html = f'<head><meta charset="utf-8"><script>{theme}</script><script>{scope}</script>' \
           '<meta name="description" content=""><script>evil()</script></head><body><article><script>evil2()</script>' \
           "</article></body>"
    policy = safety.policy(html)
    assert safety.script_hash(theme) in policy and safety.script_hash(scope) in policy
    assert safety.script_hash("evil()") not in policy and safety.script_hash("evil2()") not in policy
    assert safety.unknown_scripts(html) == ["evil()", "evil2()"]
    # the way to the site root is the only part of a theme script that may vary, and only as a path
    assert safety.theme_script(scope.replace('"../.."', '"."'))
    assert safety.theme_script(scope.replace('"../.."', '"/kasikirja/"'))  # the 404 page of a public site
    assert not safety.theme_script(scope.replace('"../.."', '"x",alert(1),"'))


def test_a_raw_html_element_outside_the_allow_list_fails_the_build(small):
    """Refused at its line (``tests/test_reporting.py`` builds it: the build fails and the page is without it)."""
    page = small / "docs" / "faq.fi.md"
    edit(page, "Katso [avainluvut](facts.md).", 'Katso [avainluvut](facts.md).\n\n<object data="x.swf"></object>')
    line = line_of(page, "<object")
    fails_with(small, f"docs/faq.fi.md:{line}: sisällössä on <object>, jota käsikirjan sivuilla ei sallita", lang="fi")
    assert "<object" not in safety.clean('<p>Katso.</p>\n<object data="x.swf"></object>')


def test_handbook_check_fails_on_a_refused_url(small, capsys):
    page = small / "docs" / "faq.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n[Open](vbscript:msgbox(1))\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    status, out, _ = cli(capsys, "check", "--root", str(small), "--lang", "en")
    assert status == 1
    assert f"docs/faq.en.md:{line}: error [url-scheme] the address 'vbscript:msgbox(1)' (vbscript:) is not allowed" \
        in out


def test_security_md_names_a_role_not_a_person():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "frame-ancestors" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "a role to contact, not a person's address"


def test_sanitizer_cost_is_small_per_page(site):
    """A guard against an accidental slowdown (the measured figure is in SECURITY.md): the average
    card page's content is cleaned in well under the build's time per page."""
    import time

    content = [re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', p.read_text(encoding="utf-8"),
                         re.S) for p in Path(site, "cards").glob("*/index.html")]
    texts = [m.group(1) for m in content if m]
    assert texts
    start = time.perf_counter()
    for _ in range(20):
        for text in texts:
            safety.clean(text)
    per_page = (time.perf_counter() - start) / (20 * len(texts))
    assert per_page < 0.02, per_page
