"""The editor's path: scaffold, fill, check, build; refusals; messages; GitHub config; freshness."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest

from handbook.content import schema
from handbook.tools.schema import contributing_text
from helpers import CARD, OTHER, ROOT, SLUG, SOURCE, cli, edit_line, fails_with, findings, line_of, mkdocs_build, run

FILL = {
    "<<kortin nimi suomeksi>>": "Uusi perhetyön malli",
    "<<card name in English>>": "A new family work model",
    "<<maakunta / region, esim. / e.g. satakunta>>": "satakunta",
    "<<ongoing (käynnissä) | pilot (kokeilu) | ended (päättynyt)>>": "pilot",
    "<<VVVV-KK-PP / YYYY-MM-DD: lähteen päiväys / the source's date>>": "2018-05-02",
    "<<children | young-people | families | professionals>>": "families",
    "<<työote / approach, esim. / e.g. relationship-based-work>>": "systemic-team-model",
    "<<lähteen avain / source key: make new-source>>": SOURCE,
    "<<rooli suomeksi, ei henkilön nimeä>>": "perhepalvelut",
    "<<role in English, not a person's name>>": "family services",
    "<<https://… organisaation verkko-osoite / the organisation's web address>>": "https://www.pori.fi/",
}


def fill_text(text: str, lang: str) -> str:
    """A scaffolded card text with every placeholder filled, citing the small handbook's :data:`SOURCE`."""
    text = re.sub(r"<<(Tiivistelmä|Summary)[^>]*>>",
                  f"Kortin tiivistelmä [@{SOURCE}]." if lang == "fi" else f"The card's summary [@{SOURCE}].", text)
    return re.sub(r"<<[^>]*>>", f"Tekstiä [@{SOURCE}]." if lang == "fi" else f"Text [@{SOURCE}].", text)


@pytest.mark.build
def test_scaffold_fill_and_build(small, tmp_path, capsys):
    status, _, err = cli(capsys, "new-card", "--slug", "pori-perhetyo", "--organisation", "Porin kaupunki",
                         "--municipality", "Pori", "--no-input", "--root", str(small), "--lang", "en")
    assert status == 0, err
    folder = small / "docs" / "cards" / "pori-perhetyo"
    assert sorted(p.name for p in folder.iterdir()) == ["card.yml", "index.en.md", "index.fi.md"]
    yml = folder / "card.yml"
    text = yml.read_text(encoding="utf-8")
    for placeholder, value in FILL.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    yml.write_text(text, encoding="utf-8")
    for lang in ("fi", "en"):
        page = folder / f"index.{lang}.md"
        page.write_text(fill_text(page.read_text(encoding="utf-8"), lang), encoding="utf-8")
    assert cli(capsys, "translated", str(folder / "index.en.md"), "--root", str(small))[0] == 0
    status, out, _ = cli(capsys, "check", "--root", str(small), "--lang", "en")
    assert status == 0, out
    out = tmp_path / "out"
    built = mkdocs_build(small, out)
    assert built.returncode == 0, built.stderr
    for prefix, name in (("", "Uusi perhetyön malli"), ("en/", "A new family work model")):
        assert name in (out / prefix / "cards" / "pori-perhetyo" / "index.html").read_text(encoding="utf-8")
        assert 'href="../cards/pori-perhetyo/"' in (out / prefix / "cards" / "index.html").read_text(encoding="utf-8")
    exported = json.loads((out / "cards.json").read_text(encoding="utf-8"))
    assert "pori-perhetyo" in [c["facts"]["id"] for c in exported["cards"]]


@pytest.mark.parametrize("lang,message", [
    ("en", "the placeholder <<card name in English>> has not been filled in. Replace it with the card's own text."),
    ("fi", "paikkamerkki <<card name in English>> on vielä täyttämättä. Korvaa se kortin omalla tiedolla."),
])
def test_placeholders_fail_with_a_message_naming_them(small, capsys, lang, message):
    assert cli(capsys, "new-card", "--slug", "uusi-kortti", "--no-input", "--root", str(small))[0] == 0
    yml = small / "docs" / "cards" / "uusi-kortti" / "card.yml"
    expected = f"docs/cards/uusi-kortti/card.yml:{line_of(yml, 'card name in English')}: {message}"
    fails_with(small, expected, lang=lang)
    output = "\n".join(f.text(lang) for f in findings(small))
    assert "is not allowed" not in output and "ei ole sallittu" not in output  # placeholders, not schema noise
    status, out, _ = cli(capsys, "check", "--root", str(small), "--lang", lang)
    assert status == 1 and expected.split(": ", 1)[1] in out
    assert "[html-in-text]" not in out, "a placeholder is reported once, as a placeholder"
    written = [line for p in yml.parent.iterdir() for line in p.read_text(encoding="utf-8").splitlines()
               if not line.startswith("#")]  # a comment's <<…>> is the scaffold's own explanation
    assert out.count("[placeholder]") == len(re.findall(r"<<[^<>\n]+>>", "\n".join(written)))


@pytest.mark.parametrize("lang,slug,message", [
    ("en", "Bad Slug", "the slug 'Bad Slug' is not valid: use lowercase letters a–z, digits and hyphens"),
    ("fi", "ääkkös-kortti", "tunnus 'ääkkös-kortti' ei kelpaa: käytä pieniä kirjaimia a–z"),
    ("en", SLUG, f"the card '{SLUG}' already exists"),
    ("fi", OTHER, f"kortti '{OTHER}' on jo olemassa"),
])
def test_scaffold_refuses_and_writes_nothing(small, capsys, lang, slug, message):
    before = sorted(p.relative_to(small) for p in (small / "docs").rglob("*"))
    status, _, err = cli(capsys, "new-card", "--slug", slug, "--no-input", "--root", str(small), "--lang", lang)
    assert status == 2
    assert message in err
    assert "Nothing was written." in err or "Mitään ei kirjoitettu." in err
    assert sorted(p.relative_to(small) for p in (small / "docs").rglob("*")) == before


def test_make_new_card_passes_its_variables(small):
    project = small
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        (project / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(["make", "-s", "new-card", "SLUG=make-kortti", "ORG=Testikunta", "MUNICIPALITY=Testilä",
                             "SOURCE=testi2024lahde", f"BIN={os.path.dirname(sys.executable)}", "STAMP="], cwd=project,
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = project / "docs" / "cards" / "make-kortti"
    text = (folder / "card.yml").read_text(encoding="utf-8")
    assert 'organisations: ["Testikunta"]' in text and 'municipalities: ["Testilä"]' in text
    assert "sources: [testi2024lahde]" in text
    for lang in ("fi", "en"):  # every citation hint cites the source given, none the placeholder key
        cited = re.findall(r"\[@([^\]]+)\]", (folder / f"index.{lang}.md").read_text(encoding="utf-8"))
        assert cited and set(cited) == {"testi2024lahde"}


def test_workflows_and_issue_form_validate():
    tool = [sys.executable, "-m", "check_jsonschema"]
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 3  # ci, links, pages, and any added since (early-warning)
    for schema_name, files in (("vendor.github-workflows", workflows),
                               ("vendor.github-issue-forms", [str(ROOT / ".github/ISSUE_TEMPLATE/new-card.yml")])):
        result = subprocess.run([*tool, "--builtin-schema", schema_name, *files], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "make test" in ci and "--format github" in ci and "upload-artifact" in ci
    links = (ROOT / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8")
    assert "schedule:" in links and "--online" in links and "gh issue edit" in links


def test_workflow_validation_can_fail(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    steps: []\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(bad)], capture_output=True, text=True)
    assert result.returncode != 0


@pytest.mark.parametrize("prefix,lang", [("", "fi"), ("en/", "en")])
def test_contribution_page_lists_exactly_the_schema_fields(site, prefix, lang):
    html = (site / prefix / "contributing" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r"<tr>\s*<td><code>([a-z_]+)</code></td>", html)
    assert listed == list(schema.FIELD_NAMES)
    assert list(schema.card_schema()["properties"]) == listed


def test_contributing_md_table_is_generated():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert contributing_text(text) == text, "run `handbook schema` to regenerate CONTRIBUTING.md"


@pytest.mark.build
def test_review_due_is_shown_and_listed(small, tmp_path):
    old = (dt.date.today() - dt.timedelta(days=3 * 365)).isoformat()
    edit_line(small / CARD / "card.yml", "reviewed:", f"reviewed: {old}")
    result = mkdocs_build(small, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    card = (tmp_path / "out" / "cards" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Tarkistus erääntynyt" in card
    maintenance = (tmp_path / "out" / "en" / "maintenance" / "index.html").read_text(encoding="utf-8")
    assert "Testilä&#x27;s systemic team model" in maintenance or "Testilä's systemic team model" in maintenance
    fresh = (tmp_path / "out" / "cards" / OTHER / "index.html").read_text("utf-8")
    assert "Tarkistus erääntynyt" not in fresh


def test_last_changed_and_changelog_come_from_git(site):
    card = (site / "en" / "cards" / "eksote-systeeminen-lastensuojelu" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'Page last changed: <time datetime="\d{4}-\d{2}-\d{2}">\d+ [A-Z][a-z]+ \d{4}</time>', card)
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Lisätty: <a href=\"../cards/eksote-systeeminen-lastensuojelu/\">" in changelog


def _make(project, *args):
    """Run one of the Makefile's targets in ``project`` as an editor would (with this test run's Python)."""
    return subprocess.run(["make", "-s", *args, f"BIN={os.path.dirname(sys.executable)}", "STAMP="], cwd=project,
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
                          env={**os.environ, "HANDBOOK_LANG": "en"})


def full_copy(dest):
    """A full copy of the project (bibliography too), as an editor's clone."""
    import shutil

    for name in ("docs", "bibliography", "hooks", "schema", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "Makefile", "pyproject.toml", "requirements.lock"):
        (dest / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    return dest


@pytest.mark.build
def test_new_card_with_new_source_passes_check_and_build(small, tmp_path):
    """An editor's correct new card, citing a new source, added with the real commands (make's targets) to a
    copy of the small handbook: `handbook check` and the strict build pass, and the card and source appear."""
    project = small
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        (project / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    from handbook.content import bib

    key = next(k for k in (f"esimerkkila2024perhetyo{n or ''}" for n in range(100)) if k not in bib.load(project).entries)
    slug = next(s for s in (f"esimerkkila-perhetyo{n and f'-{n}' or ''}" for n in range(100))
                if not (project / "docs" / "cards" / s).exists())
    source = _make(project, "new-source", "TYPE=web", f"KEY={key}",
                   "TITLE=Perhetyön uusi malli Esimerkkilässä", "ORG=Esimerkkilän kaupunki", "DATE=2024-03-15",
                   "URL=https://www.esimerkkila.fi/perhetyo", "TITLETRANSLATION=A new model of family work in Esimerkkilä",
                   "NOTE=Julkaisija on päätelty osoitteesta", "NOTETRANSLATION=The publisher is inferred from the address")
    assert source.returncode == 0, source.stdout + source.stderr
    assert key in (project / "bibliography" / "sources.bib").read_text(encoding="utf-8")
    card = _make(project, "new-card", f"SLUG={slug}", "ORG=Esimerkkilän kaupunki",
                 "MUNICIPALITY=Esimerkkilä")
    assert card.returncode == 0, card.stdout + card.stderr
    folder = project / "docs" / "cards" / slug
    yml = folder / "card.yml"
    text = yml.read_text(encoding="utf-8")
    for placeholder, value in FILL.items():
        text = text.replace(placeholder, value)
    yml.write_text(text.replace(SOURCE, key).replace("https://www.pori.fi/", "https://www.esimerkkila.fi/"),
                   encoding="utf-8")
    for lang in ("fi", "en"):
        page = folder / f"index.{lang}.md"
        page.write_text(fill_text(page.read_text(encoding="utf-8"), lang).replace(SOURCE, key), encoding="utf-8")
    assert _make(project, "translated", f"FILE={folder / 'index.en.md'}").returncode == 0
    check = run("check", "--root", str(project))
    assert check.returncode == 0, check.stdout
    assert "Errors: 0, warnings: 0." in check.stdout
    out = tmp_path / "out"
    built = mkdocs_build(project, out)
    assert built.returncode == 0, built.stderr
    assert "Uusi perhetyön malli" in (out / "cards" / slug / "index.html").read_text("utf-8")
    bibliography = (out / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert f'id="ref-{key}"' in bibliography and "Julkaisija on päätelty osoitteesta." in bibliography
    english = (out / "en" / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "[A new model of family work in Esimerkkilä]" in english
    assert "The publisher is inferred from the address." in english
    names = [re.sub(r"<[^>]+>", "", m).casefold()
             for m in re.findall(r'<li id="ref-[^"]+">(.*?)[ (]', bibliography)]
    assert names == sorted(names)
    exported = json.loads((out / "cards.json").read_text(encoding="utf-8"))
    assert len(exported["cards"]) == len(list((project / "docs" / "cards").glob("*/card.yml")))


GUIDES = ("docs/contributing.fi.md", "docs/contributing.en.md", "CONTRIBUTING.md", "README.md")
#: Commands the guides show that this test does not run, each with the reason.
NOT_RUN = {
    "make setup": "installs the tools into .venv; this test runs the targets with the tools already installed",
    "make serve": "a server that runs until stopped; tests/test_build_work.py serves and edits the site",
    "make test": "the whole suite, which this test is part of",
    "HANDBOOK_SOURCES=../shared/sources .venv/bin/python -m pytest tests/test_sources.py":
        "tests/test_sources.py, which is part of the suite this test is in",
}


def guide_commands(rel: str) -> list[str]:
    """Every command in the code blocks of a guide, in order (comments after # dropped): each line of a
    ```sh block, and each line of a ```text block that starts with a command (the site shows commands as
    plain text, without colours that would fail the contrast check)."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    out = []
    for lang, block in re.findall(r"^[ \t]*```(sh|text)\n(.*?)^[ \t]*```", text, re.S | re.M):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and (lang == "sh" or command.startswith("make ")):
                out.append(command)
    return out


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_in_the_guides_works(tmp_path, guide):
    """Runs, in order in a copy of the project, each command a guide shows, as an editor would;
    after `make new-card` the test fills in the card (the editor's step 4) with the guide's source."""
    import shlex

    commands = guide_commands(guide)
    assert commands, guide
    project = full_copy(tmp_path / "project")
    key = None
    for command in commands:
        if command in NOT_RUN:
            continue
        words = shlex.split(command)
        assert words[0] == "make", f"{guide}: an editor's command is a make target (or say in NOT_RUN why not): {command}"
        if words[1] == "check" and key is None:
            continue  # a check on its own (README) runs on the unchanged copy below
        result = _make(project, *words[1:])
        assert result.returncode == 0, f"{guide}: {command}\n{result.stdout}{result.stderr}"
        assert "Traceback" not in result.stderr
        if words[1] == "check" and "LANG=fi" in words:
            assert "Virheitä: 0" in result.stdout  # the messages in Finnish (the environment says English)
        values = dict(w.split("=", 1) for w in words[2:] if "=" in w)
        if words[1] == "new-source" and key is None:
            key = values["KEY"]
        if words[1] == "new-card":
            folder = project / "docs" / "cards" / values["SLUG"]
            yml = folder / "card.yml"
            text = yml.read_text(encoding="utf-8")
            for placeholder, value in FILL.items():
                text = text.replace(placeholder, value)
            yml.write_text(text.replace(SOURCE, key), encoding="utf-8")
            for lang in ("fi", "en"):
                page = folder / f"index.{lang}.md"
                page.write_text(fill_text(page.read_text(encoding="utf-8"), lang).replace(SOURCE, key), encoding="utf-8")
    check = _make(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_guide_commands_are_found():
    """The extraction above sees the commands (a guide without code blocks would pass silently)."""
    found = guide_commands("docs/contributing.en.md")
    assert "make check LANG=en" in found and any(c.startswith("make new-source TYPE=article") for c in found)
    assert {command for command in NOT_RUN if command.startswith("make ")} <= set(found)


@pytest.mark.parametrize("args,lang,message", [
    (["--type", "blog"], "en", "the source type 'blog' is not valid. Write TYPE=web (a web page), TYPE=report or "
     "TYPE=article."),
    (["--type", "web", "--org", "Porin kaupunki"], "fi", "lähteeltä puuttuu TITLE. Lisää se komentoon, esimerkiksi "
     'TYPE=web TITLE="…" ORG="Porin kaupunki"'),
    (["--type", "web", "--title", "Uutinen"], "en", "the source needs AUTHOR / ORG."),
    (["--type", "web", "--title", "Uutinen", "--org", "Pori"], "en", "the source needs URL."),
    (["--type", "article", "--title", "T", "--author", "Virtanen, Liisa", "--date", "2022"], "fi",
     "lähteeltä puuttuu JOURNAL."),
    (["--type", "report", "--title", "T", "--org", "THL"], "en", "the source needs DATE."),
    (["--type", "report", "--title", "T", "--org", "THL", "--date", "15.3.2024"], "fi",
     "päivämäärä '15.3.2024' ei kelpaa: kirjoita vuosi (2024) tai päivä muodossa VVVV-KK-PP (2024-03-15)."),
    (["--type", "web", "--title", "T", "--org", "Pori", "--url", "www.pori.fi"], "en",
     "the address 'www.pori.fi' is not valid: write the whole web address, starting with https://."),
    (["--type", "web", "--title", "T", "--org", "Pori", "--url", "https://www.pori.fi/", "--key", "Pori 2024"], "en",
     "the source key 'Pori 2024' is not valid: use lowercase letters a–z, digits and hyphens"),
    (["--type", "web", "--title", "T", "--org", "Pori", "--url", "https://www.pori.fi/", "--key", SOURCE], "fi",
     f"lähteen avain '{SOURCE}' on jo käytössä (bibliography/sources.bib:"),
])
def test_new_source_refuses_and_writes_nothing(small, capsys, args, lang, message):
    before = (small / "bibliography" / "sources.bib").read_text(encoding="utf-8")
    status, _, err = cli(capsys, "new-source", *args, "--root", str(small), "--lang", lang)
    assert status == 2
    assert message in err
    assert ("Nothing was written." if lang == "en" else "Mitään ei kirjoitettu.") in err
    assert (small / "bibliography" / "sources.bib").read_text(encoding="utf-8") == before


def test_new_source_writes_each_kind_as_the_guides_show():
    """The entries the guides show are what make new-source writes (but the access date)."""
    from handbook.tools.scaffold import source_entry

    guide = (ROOT / "docs" / "contributing.en.md").read_text(encoding="utf-8")
    commands = [c for c in guide_commands("docs/contributing.en.md") if c.startswith("make new-source")][1:]
    import shlex

    for command in commands:
        values = dict(w.split("=", 1) for w in shlex.split(command)[2:])
        entry = source_entry({"web": "web", "report": "report", "article": "article"}[values["TYPE"]], values["KEY"],
                             values["TITLE"], values.get("AUTHOR"), values.get("ORG"), values.get("DATE"),
                             values.get("URL"), journal=values.get("JOURNAL"), volume=values.get("VOLUME"),
                             number=values.get("NUMBER"), pages=values.get("PAGES"), today=dt.date(2024, 6, 1),
                             titletranslation=values.get("TITLETRANSLATION"), note=values.get("NOTE"),
                             notetranslation=values.get("NOTETRANSLATION"))
        assert entry.strip() in guide, entry
