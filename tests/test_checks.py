"""The content checks: one deliberate fault per rule, the real handbook clean, the online mode."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import socket
import threading
import time

import pytest

from handbook.content import handbook as hb_site
from handbook.tools.check import check
from handbook.checks import external, html as html_check
from helpers import ROOT, cli, edit, line_of

FAULTY = ROOT / "tests" / "fixtures" / "faulty"


@pytest.fixture(scope="module")
def faulty():
    return {(f.rule, f.path, f.line): f.message("en") for f in check(FAULTY)[1]}


LINKS, PRIVACY, SECTIONS = "docs/links.fi.md", "docs/privacy.fi.md", "docs/sections.en.md"
RULES = [
    ("link-page", LINKS, "puuttuvaan sivuun", "the link 'ei-ole.md' points to a page or file that does not exist."),
    ("link-anchor", LINKS, "puuttuvaan ankkuriin", "the link 'index.md#ei-ole-ankkuria' points to an anchor that "
                                                   "index.md does not have. Anchors on that page include: etusivu, osio."),
    ("link-language", LINKS, "englanninkieliseen", "the link 'index.en.md' goes to the other language's page although "
                                                   "this language (fi) has its own version. Link to 'index.md'."),
    ("link-outside-docs", LINKS, "ulkopuolelle", "the link '../README.md' points outside docs/"),
    ("image-alt", LINKS, "Kuva ilman", "the image 'img/kuva.png' has no alternative text."),
    ("link-empty-text", LINKS, "Linkki ilman tekstiä", "the link 'index.md' has no text."),
    ("url-insecure", LINKS, "Suojaamaton", "the address 'http://example.org/sivu' uses insecure http."),
    ("url-private-host", LINKS, "Paikallinen", "the address 'https://127.0.0.1/admin' points to a private or local "
                                               "host (127.0.0.1)"),
    ("url-tracking", LINKS, "Seurantaparametri", "has tracking parameters (utm_source). Remove them from the address."),
    ("privacy-hetu", PRIVACY, "Henkilötunnus", "the text contains a Finnish personal identity code (131052-308T)."),
    ("privacy-email", PRIVACY, "Sähköposti", "the text contains an e-mail address (matti.meikalainen@example.org)."),
    ("privacy-phone", PRIVACY, "Puhelin", "the text contains a phone number (040 123 4567)."),
    ("privacy-address", PRIVACY, "Esimerkkikatu", "the text has a street address next to a person's name "
                                                  "(Esimerkkikatu 5 B 12)."),
    ("html-element", PRIVACY, "<script>", "the content has <script>, which handbook pages do not allow."),
    ("html-element", PRIVACY, "<iframe", "the content has <iframe>, which handbook pages do not allow."),
    ("html-attribute", PRIVACY, "onclick", "the content has the attribute onclick= (<a>)"),
    ("html-attribute", PRIVACY, "style=", "the content has the attribute style= (<span>)"),
    ("translation-missing", "docs/only-fi.fi.md", "# Vain", "this page has no en version only-fi.en.md."),
    ("translation-sections", SECTIONS, "## First", "the translation has 1 ## sections, the original has 2 "
                                                   "(docs/sections.fi.md)."),
    ("translation-citations", SECTIONS, "@toinen2021", "the translation cites different sources than the original "
                                                       "(docs/sections.fi.md). Only in the translation: toinen2021. Only in the "
                                                       "original: kirja2020. Cite the same sources in both."),
    ("translation-figures", SECTIONS, "# Sections", "the translation quotes different figures than the original "
                                             "(docs/sections.fi.md). Only in the translation: –. Only in the "
                                             "original: luku."),
    ("translation-stale", "docs/index.en.md", "---", "the translation was made from an earlier version of the "
                                                     "Finnish text (0123abcd0000)"),
    ("allow", "checks-allow.yml", "- path: docs/links.fi.md", "an allow-list entry has no reason."),
]


@pytest.mark.parametrize("rule,path,locate,message", RULES, ids=[f"{r[0]}:{r[2][:12]}" for r in RULES])
def test_each_rule_finds_its_fault(faulty, rule, path, locate, message):
    line = line_of(FAULTY / path, locate)
    assert (rule, path, line) in faulty, sorted(k for k in faulty if k[1] == path)
    assert message in faulty[(rule, path, line)]


def test_no_false_positives_in_the_faulty_site(faulty):
    """Random digits, a year range and an allowed address are not flagged; each fault only once."""
    assert not [k for k in faulty if k[0] == "privacy-hetu" and "123456-1234" in faulty[k]]
    assert not [k for k in faulty if k[0] == "privacy-phone" and "1983" in faulty[k]]
    assert len(faulty) == len(RULES) + 1  # + the stale sections.en.md


def test_real_handbook_has_no_errors():
    """Errors fail the pull request's checks; warnings fail nowhere (not the build, not make check, not here)."""
    assert [f.text("en") for f in check(ROOT)[1] if f.severity == "error"] == []


def test_the_checks_find_what_the_build_fails_on(small):
    """The background checks' findings (``tests/test_reporting.py`` builds them as failures)."""
    page = small / "docs" / "faq.fi.md"
    edit(page, "Katso [avainluvut](facts.md).", "Katso [avainluvut](avainluvut.md). Soita 040 123 4567.")
    line = line_of(page, "avainluvut.md")
    texts = [f.text("en") for f in check(small)[1] if f.severity == "error"]
    for expected in (f"docs/faq.fi.md:{line}: the link 'avainluvut.md' points to a page or file that does not exist.",
                     f"docs/faq.fi.md:{line}: the text contains a phone number (040 123 4567)."):
        assert any(text.startswith(expected) for text in texts), texts


def test_cli_formats_and_exit_codes(capsys):
    status, text, _ = cli(capsys, "check", "--root", str(FAULTY), "--lang", "en")
    assert status == 1
    assert "docs/links.fi.md\n  docs/links.fi.md:3: error [link-page]" in text
    gh = cli(capsys, "check", "--root", str(FAULTY), "--format", "github", "--lang", "en")[1].splitlines()
    assert f"::error file={LINKS},line=3,title=link-page::the link 'ei-ole.md' points to a page" in gh[
        [i for i, l in enumerate(gh) if "link-page" in l][0]]
    data = json.loads(cli(capsys, "check", "--root", str(FAULTY), "--format", "json", "--lang", "en")[1])
    assert {"path": LINKS, "line": 3, "rule": "link-page", "severity": "error"}.items() <= data[
        [i for i, f in enumerate(data) if f["rule"] == "link-page"][0]].items()
    assert cli(capsys, "check", "--root", str(ROOT))[0] == 0


def test_stamping_a_translation_clears_stale(tmp_path, capsys, monkeypatch):
    copy = shutil.copytree(FAULTY, tmp_path / "faulty")
    monkeypatch.chdir(copy)
    assert cli(capsys, "translated", "docs/index.en.md")[0] == 0
    rules = {(f.rule, f.path) for f in check(copy)[1]}
    assert ("translation-stale", "docs/index.en.md") not in rules
    assert ("translation-stale", "docs/sections.en.md") in rules
    status, out, _ = cli(capsys, "translated", "docs/sections.en.md", "--lang", "fi")
    assert status == 0 and out.startswith("docs/sections.en.md: käännös merkitty ajan tasalle")
    status, _, err = cli(capsys, "translated", "docs/sections.fi.md", "--lang", "fi")
    assert status == 2 and err.startswith("docs/sections.fi.md ei ole käännös: anna")


def test_translation_status_page_lists_stale_pages(small):
    from handbook.render.generated import generated_pages

    edit(small / "docs" / "faq.fi.md", "## Onko käsikirja virallinen ohje?", "## Onko tämä käsikirja virallinen ohje?")
    hb, found = check(small)
    stale = [(f.severity, f.text("en")) for f in found if f.path == "docs/faq.en.md"]
    assert [severity for severity, _ in stale] == ["warning"], stale  # stale is a warning, not a failure
    assert stale[0][1].startswith("docs/faq.en.md:1: the translation was made from an earlier version")
    page = generated_pages(hb, "en")["translations.md"]
    assert "Frequently asked questions" in page and "out of date" in page


def test_built_html_check_finds_a_broken_generated_link(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    assert html_check.check(copy, hb_site.page_sources(hb_site.load(ROOT))) == []
    shutil.rmtree(copy / "approaches" / "family-therapy")
    hb = hb_site.load(ROOT)
    found = html_check.check(copy, hb_site.page_sources(hb))
    card = next(f"docs/cards/{c.slug}/index.fi.md" for c in hb.cards if "family-therapy" in c.facts["approaches"])
    assert any(f.rule == "html-link" and f.path == card and "../../approaches/family-therapy/" in f.message("en")
               for f in found), [f.text("en") for f in found]


# --- online mode, against a server this test starts on 127.0.0.1 ----------------

class _Handler(http.server.BaseHTTPRequestHandler):
    counts: dict[str, int] = {}

    def log_message(self, *args):
        pass

    def _reply(self, code, headers=None, body=b"ok"):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def _route(self):
        path = self.path
        _Handler.counts[path] = _Handler.counts.get(path, 0) + 1
        n = _Handler.counts[path]
        if path == "/ok":
            return self._reply(200)
        if path == "/redirect1":
            return self._reply(301, {"Location": "/redirect2"})
        if path == "/redirect2":
            return self._reply(302, {"Location": "/ok"})
        if path == "/missing":
            return self._reply(404)
        if path == "/gone":
            return self._reply(410)
        if path == "/busy":  # 429 with Retry-After once, then fine
            return self._reply(429, {"Retry-After": "1"}) if n == 1 else self._reply(200)
        if path == "/always-busy":
            return self._reply(429, {"Retry-After": "0"})
        if path == "/busy-unreadable":  # a Retry-After that is neither seconds nor a date
            return self._reply(503, {"Retry-After": "soon"})
        if path == "/slow":
            time.sleep(2)
            return self._reply(200)
        if path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            return None
        if path == "/nohead":
            return self._reply(405) if self.command == "HEAD" else self._reply(200)
        if path == "/forbidden":
            return self._reply(403)
        return self._reply(404)

    do_GET = do_HEAD = _route


#: the test server's address: the online check requests only public addresses unless told otherwise
LOCAL = frozenset({"127.0.0.1"})


@pytest.fixture
def server():
    _Handler.counts = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_online_checker_classifies_each_case(server, tmp_path):
    checker = external.LinkChecker(tmp_path / "cache.json", timeout=1, retries=1, backoff=0.1, interval=0.01,
                                   allow=LOCAL)
    urls = [f"{server}/{p}" for p in ("ok", "redirect1", "missing", "gone", "busy", "always-busy", "slow",
                                      "reset", "nohead", "forbidden")]
    start = time.monotonic()
    results = checker.check(urls)
    state = {u.rsplit("/", 1)[1]: r.state for u, r in results.items()}
    assert state == {"ok": "ok", "redirect1": "ok", "missing": "dead", "gone": "dead", "busy": "ok",
                     "always-busy": "unsure", "slow": "unsure", "reset": "unsure", "nohead": "ok",
                     "forbidden": "unsure"}
    assert results[f"{server}/redirect1"].final_url.endswith("/ok")
    assert _Handler.counts["/busy"] == 2 and time.monotonic() - start >= 1  # waited for Retry-After
    assert results[f"{server}/missing"].status == "404" and results[f"{server}/slow"].status == "timeout"
    sent = dict(_Handler.counts)
    again = external.LinkChecker(tmp_path / "cache.json", timeout=1, allow=LOCAL).check(urls)
    assert _Handler.counts == sent, "a second run within the cache period sent requests"
    assert {u: r.state for u, r in again.items()} == {u: r.state for u, r in results.items()}
    expired = external.LinkChecker(tmp_path / "cache.json", max_age_days=0, timeout=1, retries=0, allow=LOCAL)
    expired.check([f"{server}/ok"])
    assert _Handler.counts["/ok"] == sent["/ok"] + 1


def test_a_retry_after_that_is_no_date_is_waited_out_with_backoff(server, tmp_path):
    """A busy server whose Retry-After is neither seconds nor a date: its link is unsure, after the
    retries (the check used to stop with a ValueError)."""
    checker = external.LinkChecker(tmp_path / "cache.json", timeout=1, retries=1, backoff=0.1, interval=0.01,
                                   allow=LOCAL)
    result = checker.check([f"{server}/busy-unreadable"])[f"{server}/busy-unreadable"]
    assert (result.state, result.status) == ("unsure", "503")
    assert _Handler.counts["/busy-unreadable"] == 2


def test_online_cli_fails_only_on_dead_links(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(external.TEST_ALLOW_ENV, server.removeprefix("http://"))  # the test's own server only
    project = shutil.copytree(FAULTY, tmp_path / "p")
    for name in ("links", "privacy", "only-fi", "sections"):
        for path in (project / "docs").glob(f"{name}.*.md"):
            path.unlink()
    (project / "checks-allow.yml").write_text(
        "allow:\n"
        "  - {path: docs/index.fi.md, rule: url-insecure, reason: The test server speaks http.}\n"
        "  - {path: docs/index.fi.md, rule: url-private-host, reason: The test server is on 127.0.0.1.}\n"
        "  - {url: 'https://example.org/ignored', reason: Known to block link checkers.}\n", encoding="utf-8")
    index = project / "docs" / "index.fi.md"
    edit(index, "Tekstiä.", f"[Toimii]({server}/ok), [kiireinen]({server}/always-busy), [ohitettu](https://example.org/ignored), "
                            f"[poissa]({server}/gone).")
    cache = tmp_path / "links.json"
    status, out, _ = cli(capsys, "check", "--root", str(project), "--online", "--cache", str(cache), "--timeout", "1",
                         "--lang", "en")
    assert status == 1, out
    assert f"docs/index.fi.md:7: error [url-dead] the address '{server}/gone' is dead (410)." in out
    assert f"warning [url-unsure] the address '{server}/always-busy' could not be checked for sure (429)" in out
    assert "example.org" not in json.loads(cache.read_text()).__repr__()
    edit(index, f", [poissa]({server}/gone).", ".")
    status, out, _ = cli(capsys, "check", "--root", str(project), "--online", "--cache", str(cache), "--timeout", "1",
                         "--lang", "en")
    assert status == 0, out  # unsure alone does not fail


def test_a_mistyped_key_is_reported_once_where_it_is_written(small):
    """A typo in the Finnish text's citation key is reported at its line, with a guess; the
    English text, which cites the right key, gets no 'different sources' finding for it."""
    text = next(p for p in sorted((small / "docs" / "cards").glob("*/index.fi.md")) if "[@" in p.read_text(encoding="utf-8"))
    source = text.read_text(encoding="utf-8")
    at = source.index("[@") + 2
    key = re.match(r"[\w:-]+", source[at:]).group(0)
    text.write_text(source[:at] + key + "x" + source[at + len(key):], encoding="utf-8")
    found = check(small)[1]
    rel = text.relative_to(small).as_posix()
    assert [(f.rule, f.path, f.line) for f in found if f.rule == "cite-unknown"] == [
        ("cite-unknown", rel, line_of(text, key + "x"))]
    assert f"did you mean '@{key}'" in next(f for f in found if f.rule == "cite-unknown").message("en")
    assert [f.text("en") for f in found if f.rule == "translation-citations"] == []


@pytest.mark.parametrize("written", ["../{typo}/index.md", "/cards/{slug}/", "/cards/{slug}"])
def test_a_link_to_a_missing_card_suggests_the_card_meant(small, written):
    """A mistyped card, a site address or a folder link: the message names the file to link to."""
    first, other = sorted(p.name for p in (small / "docs" / "cards").iterdir() if (p / "card.yml").exists())[:2]
    target = written.format(typo=other[:-1] + "x", slug=other)
    text = small / "docs" / "cards" / first / "index.fi.md"
    text.write_text(text.read_text(encoding="utf-8") + f"\nKatso myös [toinen kortti]({target}).\n", encoding="utf-8")
    [found] = [f for f in check(small)[1] if f.rule == "link-page"]
    assert (found.path, found.line) == (text.relative_to(small).as_posix(), line_of(text, "toinen kortti"))
    assert found.message("en") == (f"the link '{target}' points to a page or file that does not exist. Did you mean "
                                   f"'../{other}/index.md'? Link to the page's Markdown file; the path is relative "
                                   "to this file's folder.")
    assert f"Tarkoititko '../{other}/index.md'?" in found.message("fi")


def test_translation_status_names_a_page_written_only_in_a_third_language(tmp_path):
    """In a handbook of three languages, a page that exists only in a language other than the
    default is listed as missing in the others, under its own title (the status page failed on it)."""
    from handbook.checks import translations

    docs = tmp_path / "docs"
    docs.mkdir()
    for lang in ("fi", "en", "sv"):
        (docs / f"index.{lang}.md").write_text(f"# Home {lang}\n", encoding="utf-8")
    (docs / "only.en.md").write_text("# Only in English\n", encoding="utf-8")
    hb = hb_site.load(tmp_path, langs=("fi", "en", "sv"))
    rows = {(row["src"], row["lang"]): row for row in translations.status(hb)}
    assert rows[("only.md", "sv")]["state"] == "missing"
    assert rows[("only.md", "sv")]["title"] == "Only in English"
    assert rows[("only.md", "en")]["state"] == "ok"


def test_a_stale_translation_names_the_changed_finnish_paragraphs(small):
    """The message shows what changed in the original, found in git's history, not only a hash."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=small, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    original = small / "docs" / "faq.fi.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nAivan uusi kappale, jota käännös ei vielä kerro.\n",
                        encoding="utf-8")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "second")
    found = [f for f in check(small)[1] if f.code == "translation-stale" and f.path == "docs/faq.en.md"]
    assert len(found) == 1
    message = found[0].message("en")
    assert "Changed or new paragraphs: «Aivan uusi kappale, jota käännös ei vielä kerro.»" in message
    assert "(every change: git diff " in message and "-- docs/faq.fi.md)" in message


def test_a_stale_translation_without_history_says_why_it_cannot_show_the_change(small):
    """A copy with no git history: the message says that the changed paragraphs are not known, and why."""
    original = small / "docs" / "faq.fi.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nUusi kappale.\n", encoding="utf-8")
    found = [f for f in check(small)[1] if f.code == "translation-stale" and f.path == "docs/faq.en.md"]
    assert len(found) == 1
    assert "Changed or new paragraphs: not known, as the earlier version is not in git's history (every change: " \
        "git log -p -- docs/faq.fi.md)" in found[0].message("en")
    assert "Muuttuneet tai uudet kappaleet: ei tiedossa, koska aiempi versio ei ole gitin historiassa" in \
        found[0].message("fi")
