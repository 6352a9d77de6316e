"""How the build shares its work: the background job, the per-language search bundles,
serial and parallel builds, and what a `make serve` rebuild keeps between builds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CARD, OTHER, OTHER_CARD, ROOT, mkdocs_build, own_bibliography, search_records

from handbook.engine import background


def _fail() -> None:
    raise ValueError("no such card: x")


@pytest.mark.parametrize("serial", ["0", "1"])
def test_background_job_returns_value_or_error(monkeypatch, serial):
    monkeypatch.setenv("HANDBOOK_SERIAL", serial)
    assert background.parallel() is (serial == "0" and sys.platform == "linux")
    assert background.Job(lambda: {"findings": [1, 2], "text": "ä"}).result() == {"findings": [1, 2], "text": "ä"}
    if serial == "1":
        with pytest.raises(ValueError, match="no such card"):
            background.Job(_fail)
    else:
        job = background.Job(_fail)
        with pytest.raises(RuntimeError, match=r"(?s)background job failed.*ValueError: no such card: x"):
            job.result()


@pytest.mark.skipif(not background.parallel(), reason="jobs run in the build process here")
def test_background_jobs_yield_to_the_build():
    """The checks and the search index run at the lowest priority; the page reader, which the
    build waits for at once, at the build's own."""
    mine = os.nice(0)
    assert background.Job(lambda: os.nice(0)).result() == min(19, mine + background.NICE) == 19
    assert background.Job(lambda: os.nice(0), soon=True).result() == mine


def test_search_bundle_has_every_language(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "fi"]
    for lang, info in entry["languages"].items():
        pages = [p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("pagefind/")
                 and f'<html lang="{lang}"' in p.read_text(encoding="utf-8")]
        assert info["page_count"] == len(pages) > 30
        assert (site / "pagefind" / f"pagefind.{info['hash']}.pf_meta").exists()
        assert (site / "pagefind" / f"wasm.{info['wasm']}.pagefind").exists()
    assert not [p.name for p in site.iterdir() if p.name.startswith(".pagefind")]


def _outputs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


@pytest.mark.build
def test_serial_and_parallel_builds_agree(small, tmp_path):
    project = small
    page = project / "docs" / "faq.fi.md"
    clean = page.read_text(encoding="utf-8")
    page.write_text(clean + "\nKysy lisää: etunimi.sukunimi@example.fi ja [kortti](cards/ei-ole/index.md).\n",
                    encoding="utf-8")
    outputs = []
    for serial in ("0", "1"):
        result = mkdocs_build(project, tmp_path / f"bad-{serial}", HANDBOOK_SERIAL=serial)
        assert result.returncode != 0
        lines = sorted(line.split("-  ", 1)[-1] for line in result.stderr.splitlines() if "docs/faq.fi.md:" in line)
        assert any("privacy-email" in line or "e-mail" in line for line in lines), lines
        assert any("cards/ei-ole/index.md" in line for line in lines), lines
        outputs.append(lines)
    assert outputs[0] == outputs[1]
    page.write_text(clean, encoding="utf-8")
    sites = []
    for serial in ("0", "1"):
        result = mkdocs_build(project, tmp_path / f"site-{serial}", HANDBOOK_SERIAL=serial)
        assert result.returncode == 0, result.stderr
        sites.append(_outputs(tmp_path / f"site-{serial}"))
    assert sites[0].keys() == sites[1].keys()
    different = [name for name in sites[0] if sites[0][name] != sites[1][name]]
    assert different == []
    cards = json.loads(sites[0]["cards.json"])
    assert len(cards["cards"]) == len(list((project / "docs" / "cards").glob("*/card.yml")))


@pytest.mark.build
def test_serve_rebuild_shows_edits(small, tmp_path):
    """Two builds in one process, as `make serve` does: what is kept between them must not hide an edit."""
    project = small
    own_bibliography(project)
    site = tmp_path / "site"
    script = (
        "import sys\n"
        "sys.argv = ['mkdocs', 'serve', '--dirty']\n"
        "import logging\n"
        "logging.basicConfig(level=logging.WARNING, format='%(levelname)s %(message)s')\n"
        "from pathlib import Path\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        f"project, site = Path({str(project)!r}), Path({str(site)!r})\n"
        "def config():\n"
        "    return load_config(str(project / 'mkdocs.yml'), site_dir=str(site))\n"
        "build(config())\n"
        f"card = project / {OTHER_CARD!r}\n"
        "text = card / 'index.fi.md'\n"
        "text.write_text(text.read_text(encoding='utf-8') + '\\nTämä kappale lisättiin kesken palvelun.\\n',"
        " encoding='utf-8')\n"
        "yml = card / 'card.yml'\n"
        "yml.write_text(yml.read_text(encoding='utf-8').replace('fi: Esimerkkilän suhdeperustainen perhetyö',"
        " 'fi: Esimerkkilän suhdeperustainen perhetyö Mäntsälässä'), encoding='utf-8')\n"
        "bib = project / 'bibliography' / 'sources.bib'\n"
        "bib.write_text(bib.read_text(encoding='utf-8').replace('{Luottamus lastensuojelussa}',"
        " '{Luottamus lastensuojelussa todella}'), encoding='utf-8')\n"
        "build(config(), dirty=True)\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=project, env=env,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    card_page = (site / "cards" / OTHER / "index.html").read_text(encoding="utf-8")
    assert "Tämä kappale lisättiin kesken palvelun." in card_page
    assert "Esimerkkilän suhdeperustainen perhetyö Mäntsälässä" in card_page
    index = (site / "cards" / "index.html").read_text(encoding="utf-8")
    assert "Esimerkkilän suhdeperustainen perhetyö Mäntsälässä" in index
    bibliography = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "Luottamus lastensuojelussa todella" in bibliography
    exported = json.loads((site / "cards.json").read_text(encoding="utf-8"))
    names = [c["facts"]["name"]["fi"] for c in exported["cards"]]
    assert "Esimerkkilän suhdeperustainen perhetyö Mäntsälässä" in names


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the preview's error page comes with status 500
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _serve(project: Path, **env: str) -> tuple[subprocess.Popen, int]:
    """`make serve`'s command on ``project``, on a free port of 127.0.0.1."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    recipe = re.search(r" serve ([^\n]*)--dev-addr", (ROOT / "Makefile").read_text(encoding="utf-8")).group(1)
    flags = [flag for flag in recipe.split() if flag.startswith("--")]  # --no-strict --dirty, as make serve
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *flags, "--dev-addr",
                               f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=project, env=environ)
    return server, port


def _wait_for(url: str, server: subprocess.Popen, done, seconds: float = 120) -> tuple[int, str]:
    """GET ``url`` until ``done(status, html)``; every request answers within 5 s (none hangs)."""
    import time

    deadline = time.monotonic() + seconds
    status, html = _get(url)
    while not done(status, html) and time.monotonic() < deadline and server.poll() is None:
        time.sleep(0.5)
        status, html = _get(url)
    return status, html


@pytest.mark.build
def test_make_serve_serves_and_rebuilds(small):
    """`make serve`'s command serves the site and shows an edited card."""
    project = small
    server, port = _serve(project)
    url = f"http://127.0.0.1:{port}/cards/{OTHER}/"
    try:
        status, html = _wait_for(url, server, lambda status, html: status == 200)
        assert status == 200, server.stdout.read() if server.poll() is not None else "no answer"
        assert "Mäntsälä" in html
        card = project / OTHER_CARD / "index.fi.md"
        card.write_text(card.read_text(encoding="utf-8") + "\nPalvelimen uudelleenrakennus näkyy.\n", encoding="utf-8")
        status, html = _wait_for(url, server, lambda status, html: "Palvelimen uudelleenrakennus näkyy." in html)
        assert "Palvelimen uudelleenrakennus näkyy." in html
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.build
def test_preview_shows_build_problems_in_the_browser(small):
    """A broken card does not stall `make serve`: every page answers with the problems, in the editor's
    language, and the site comes back when the card is fixed; a slip made while serving shows the same way."""
    project = small
    own_bibliography(project)  # a copy the test may edit
    card = project / CARD
    yml = card / "card.yml"
    good = yml.read_text(encoding="utf-8")
    yml.write_text(re.sub(r"(?m)^status: .*$", "status: käynnissä", good), encoding="utf-8")
    server, port = _serve(project, HANDBOOK_LANG="fi")
    url = f"http://127.0.0.1:{port}/cards/{OTHER}/"
    try:
        status, html = _wait_for(url, server, lambda status, html: status != 0)
        assert status == 500, html or server.stdout.read()
        assert "Esikatselussa on virheitä" in html
        assert f"{CARD}/card.yml:" in html
        assert "kirjoitetaan card.yml-tiedostoon muodossa ongoing" in html
        assert "/__livereload.js?epoch=" in html  # it reloads itself (a script file: the CSP allows it)
        yml.write_text(good, encoding="utf-8")
        status, html = _wait_for(url, server, lambda status, html: status == 200)
        assert status == 200 and "Mäntsälä" in html
        page = card / "index.fi.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("## Ratkaisu", "## Ratkasu", 1), encoding="utf-8")
        status, html = _wait_for(url, server, lambda status, html: status == 500)
        assert status == 500 and "tarkoititko &#x27;## Ratkaisu&#x27;?" in html
        page.write_text(text, encoding="utf-8")
        status, html = _wait_for(url, server, lambda status, html: status == 200)
        assert status == 200 and "Mäntsälä" in html
        bib = project / "bibliography" / "sources.bib"  # the bibliography is watched too
        title = re.search(r"(?m)^  title\s*= \{([^{}]+)\}", bib.read_text(encoding="utf-8")).group(1)
        bib.write_text(bib.read_text(encoding="utf-8").replace(title, title + " (muokattu)", 1), encoding="utf-8")
        status, html = _wait_for(f"http://127.0.0.1:{port}/bibliography/", server,
                                 lambda status, html: "(muokattu)" in html)
        assert "(muokattu)" in html
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "not included in the" not in output and "mkdocs_static_i18n" not in output  # no routine noise
    assert "Serving on" in output


def test_search_indexes_the_text_not_the_helpers(site):
    """Glossary pop-up texts, cite-this-page and "last changed" are not searched as page text."""
    from handbook.content import glossary
    from handbook.i18n import t

    root = Path(__file__).resolve().parents[1]
    terms, _ = glossary.load(root / "docs" / "data" / "glossary.yml", root)
    records = search_records(site, "fi")
    card = records["/cards/mantsala-suhdeperustainen-lastensuojelu/"]
    html = (site / "cards" / "mantsala-suhdeperustainen-lastensuojelu" / "index.html").read_text(encoding="utf-8")
    used = [term for term in terms if f'aria-describedby="hb-def-{term.id}"' in html]
    assert used
    for term in used:
        assert term.definition["fi"][:40] not in card["content"]
    assert t("cite_page", "fi") not in card["content"]
    assert "Mäntsälä" in card["content"]


def test_search_sections_come_from_the_navigation(site):
    """Each result's section is its section in mkdocs.yml's nav, in the page's language."""
    fi, en = search_records(site, "fi"), search_records(site, "en")
    assert fi["/cards/pori-systeeminen-tiimimalli/"]["meta"]["section"] == "Käytännöt"
    assert en["/en/cards/pori-systeeminen-tiimimalli/"]["meta"]["section"] == "Practices"
    assert fi["/accessibility/"]["meta"]["section"] == "Tietoa"
    assert en["/en/accessibility/"]["meta"]["section"] == "About"
    assert en["/en/facts/"]["meta"]["section"] == "For the media"
    assert fi["/"]["meta"]["section"] == "Etusivu"


@pytest.mark.build
def test_builds_without_voikko(small, tmp_path):
    """On a machine without the Voikko library the site builds strictly, with a notice."""
    missing = tmp_path / "no-voikko"
    missing.mkdir()
    (missing / "libvoikko.py").write_text('raise ImportError("libvoikko is not installed here")\n', encoding="utf-8")
    result = mkdocs_build(small, tmp_path / "site", PYTHONPATH=str(missing))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Voikko is not installed" in result.stderr
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").exists()


@pytest.mark.build
def test_the_preview_follows_every_save(project, browser):
    """`make serve` on the real handbook: a card open in Chromium shows an edit without the editor pressing
    reload, and the page's Content-Security-Policy lets the reload script run (no violation)."""
    import time

    server, port = _serve(project)
    slug = sorted(p.name for p in (project / "docs" / "cards").iterdir() if (p / "card.yml").is_file())[0]
    url = f"http://127.0.0.1:{port}/cards/{slug}/"
    context = browser.new_context()
    try:
        status, _ = _wait_for(url, server, lambda status, html: status == 200)
        assert status == 200, server.stdout.read() if server.poll() is not None else "no answer"
        page = context.new_page()
        page.add_init_script("window.__violations = [];"
                             "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
                             "e.violatedDirective + ' ' + e.blockedURI));")
        page.goto(url)
        page.wait_for_load_state("load")
        marker = "Esikatselu päivittyy tallennettaessa."
        card = project / "docs" / "cards" / slug / "index.fi.md"
        saved = time.monotonic()
        card.write_text(card.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        page.get_by_text(marker).wait_for(timeout=60_000)  # the page as it is, never reloaded by the test
        print(f"edit to preview: {time.monotonic() - saved:.2f} s")  # the benchmark's figure, not a limit here
        assert page.locator("html").evaluate("() => window.__violations") == []
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)
