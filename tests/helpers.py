"""What the test modules share: the real project's folder, builds as a user runs them, the
``handbook`` command, small edits of a copy, and a small handbook of the tests' own.

The small handbook (:func:`write_small_site`) is a complete, valid project of two cards, two plain
pages, one research summary, two figures, two glossary terms and a four-entry bibliography, all
written here: a test that breaks it depends on these files, never on today's content. ``load()``,
``check()`` and ``mkdocs build --strict`` accept it as it is (``tests/test_small_site.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"))
#: axe-core (``npm ci``), injected into pages to find WCAG violations
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: the public address of the production build (conftest's ``public_site``): a host reserved for tests (RFC 2606),
#: which the Lighthouse test maps onto its local server; a project site under a path, as on GitHub Pages
PUBLIC = "http://handbook.test/kasikirja/"
REPO = "https://github.com/example/handbook"
#: the folders a copy of the project links to instead of copying (a test never edits them)
LINKED = ("hooks", "schema", "overrides")
#: copied, not linked: the handbook reads no source file through a symbolic link
COPIED = ("bibliography",)


# --- builds and commands ------------------------------------------------------------------------

def mkdocs_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on ``project`` as a user would; never raises."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_LANG": "en", **env}
    if "GITHUB_ACTIONS" not in env:
        environ.pop("GITHUB_ACTIONS", None)  # annotations only where a test asks for them
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=environ, cwd=project, timeout=600,
    )


def build_fails_with(project: Path, site_dir: Path, expected: str, **env: str) -> str:
    """Build ``project`` into ``site_dir``: it must fail, print ``expected`` and no traceback. Its output."""
    result = mkdocs_build(project, site_dir, **env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert expected in output, output
    assert "Traceback" not in output
    return output


def run(*args: str, cwd: Path = ROOT, lang: str = "en") -> subprocess.CompletedProcess:
    """The ``handbook`` command in a process of its own, as an editor runs it, with messages in ``lang``."""
    return subprocess.run([sys.executable, "-m", "handbook.tools.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "HANDBOOK_LANG": lang}, timeout=300)


def copy_project(dest: Path) -> Path:
    """A copy of the real project whose ``docs/`` and ``mkdocs.yml`` a test may change."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if (ROOT / "checks-allow.yml").exists():  # the allow-list goes with the content it answers
        shutil.copy2(ROOT / "checks-allow.yml", dest / "checks-allow.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    for name in COPIED:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    return dest


# --- editing a copy -----------------------------------------------------------------------------

def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_line(path: Path, start: str, new: str) -> None:
    """Replace the first line that starts with ``start`` (e.g. a field, whatever its value) by ``new``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith(start))
    lines[number] = new + "\n" if new else ""
    path.write_text("".join(lines), encoding="utf-8")


def own_bibliography(project: Path) -> Path:
    """Replace a linked ``bibliography/`` by a copy the test may break; its folder."""
    folder = project / "bibliography"
    if folder.is_symlink():
        target = folder.resolve()
        folder.unlink()
        shutil.copytree(target, folder)
    return folder


# --- the small handbook -------------------------------------------------------------------------

#: the small handbook's cards: the one most tests break, and a second one (links, related cards)
SLUG = "testila-tiimimalli"
OTHER = "esimerkkila-kotikaynnit"
CARD = f"docs/cards/{SLUG}"
OTHER_CARD = f"docs/cards/{OTHER}"
#: the first words of the card's summary in each language
SUMMARY_FI = "Testilän perusturva on kokeillut"
SUMMARY_EN = "Since January 2018, Testilä's social services"
#: the research summary, the figure it quotes, and the second figure
RESEARCH = "docs/research/tutkimus"
FIGURE, OTHER_FIGURE = "kyselyn-vastaukset", "haastatellut-kunnat"
#: the keys of the small bibliography: the card's source, a dated web page, a book (the summary's), an article
SOURCE, WEB, BOOK, ARTICLE = "testila2018uutinen", "esimerkkila2017kortti", "virtanen2020kirja", "korhonen2021artikkeli"

MKDOCS_YML = """\
site_name: Pieni käsikirja
site_description: Testien oma pieni käsikirja.
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
repo_url: !ENV [REPO_URL, ""]
edit_uri: ""
copyright: Sisältö CC BY 4.0
docs_dir: docs
use_directory_urls: true
strict: true
validation:
  omitted_files: info
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
  nav:
    omitted_files: info
    not_found: warn
    absolute_links: info
not_in_nav: |
  /cards/*/
theme:
  name: material
  language: fi
  custom_dir: overrides
  font: false
  favicon: assets/favicon.svg
  logo: assets/logo.svg
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.indexes
    - content.tooltips
extra_css:
  - assets/stylesheets/handbook.css
  - assets/stylesheets/discovery.css
extra_javascript:
  - assets/javascripts/handbook.js
  - assets/javascripts/handbook-search.js
  - assets/javascripts/discovery.js
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
      permalink_title: Linkki tähän osioon
  - pymdownx.details
  - pymdownx.superfences
hooks:
  - hooks/handbook_hooks.py
plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      reconfigure_search: false
      languages:
        - locale: fi
          name: Suomi
          default: true
          build: true
        - locale: en
          name: English
          build: true
          site_name: The small handbook
          site_description: The tests' own small handbook.
          copyright: Content CC BY 4.0
          nav_translations:
            Etusivu: Home
            Käytännöt: Practices
            Tutkimus: Research
            Tietoa: About
exclude_docs: |
  cards/*/card.yml
  data/*.yml
nav:
  - Etusivu: index.md
  - Käytännöt:
      - cards/index.md
  - Tutkimus:
      - research/tutkimus.md
  - Tietoa:
      - faq.md
      - bibliography.md
extra:
  generator: false
  handbook:
    uncited: warning
    bib_advice: warning
    search: !ENV [HANDBOOK_SEARCH, true]
    pdf: false
    check_built_site: false
"""

CARD_YML = f"""\
id: {SLUG}
name:
  fi: Testilän systeeminen tiimimalli
  en: Testilä's systemic team model
organisations:
  - {{fi: "Testilän kaupunki, perusturva", en: "City of Testilä, social services"}}
municipalities: [Pori]
region: satakunta
status: pilot
status_as_of: 2018-05-02
start: 2018-01
target_groups: [children, families]
approaches:
  - systemic-team-model
  - multiprofessional-teamwork
sources: [{SOURCE}]
knowledge:
  type: not-assessed
  source: {SOURCE}
reviewed: 2026-11-23
contact:
  organisation: {{fi: "Testilän kaupunki, perusturva", en: "City of Testilä, social services"}}
  role:
    fi: sosiaali- ja perhepalvelut
    en: social and family services
  url: https://www.example.org/testila/
"""

CARD_FI = f"""\
{SUMMARY_FI} avohuollon lastensuojelussa tammikuusta 2018 alkaen systeemistä tiimimallia, jossa eri \
rooleissa toimivat työntekijät tekevät työtä yhdessä [@{SOURCE}].

## Tarve ja tavoitteet

Työntekijät kertoivat, että kiire ohjaa heidän työtään. Nuorten mukaan luottamus ei ehdi syntyä, kun \
työntekijä vaihtuu [@{SOURCE}].

## Ratkaisu

Tiimimallissa työntekijät työskentelevät yhdessä asiakkaan hyväksi, eikä kukaan jää yksin vaikeiden \
asioiden kanssa [@{SOURCE}].

## Tulokset

Uutinen ei kerro kokeilun tuloksia. Siinä todetaan, että asiakkaan ja sosiaalityöntekijän välinen \
luottamus nousi esiin kaikissa puheenvuoroissa [@{SOURCE}].

## Lähteet
"""

CARD_EN = f"""\
{SUMMARY_EN} have piloted a systemic team model in open-care child protection, where workers in \
different roles work together [@{SOURCE}].

## Need and goals

Workers said that haste steers their work. The young people said that trust has no time to grow when \
the worker changes [@{SOURCE}].

## Solution

In the team model, workers work together for the client, and no one is left alone with difficult \
matters [@{SOURCE}].

## Results

The news item does not report results of the pilot. It notes that trust between client and social \
worker came up in every talk [@{SOURCE}].

## Sources
"""

OTHER_YML = f"""\
id: {OTHER}
name:
  fi: Esimerkkilän suhdeperustainen perhetyö
  en: Relationship-based family work in Esimerkkilä
organisations:
  - Esimerkkilän kunta
municipalities: [Mäntsälä]
region: uusimaa
status: ongoing
status_as_of: 2017-09-18
start: 2016
target_groups: [families]
approaches:
  - relationship-based-work
  - multiprofessional-teamwork
sources: [{WEB}]
knowledge:
  type: described
  source: {WEB}
reviewed: 2026-11-23
contact:
  organisation: Esimerkkilän kunta
  role: {{fi: perhetyö, en: family work}}
  url: https://www.example.org/esimerkkila/
"""

OTHER_FI = f"""\
Esimerkkilän perhetyössä työntekijä ja perhe rakentavat luottamusta kotikäynneillä [@{WEB}].

## Tarve ja tavoitteet

Perheet toivoivat, että sama työntekijä pysyy [@{WEB}].

## Ratkaisu

Työntekijällä on vähemmän perheitä, joten kotikäynneille jää aikaa [@{WEB}].

## Tulokset

Kortin mukaan perheet kokivat tulleensa kuulluiksi [@{WEB}].

## Lähteet
"""

OTHER_EN = f"""\
In Esimerkkilä's family work, the worker and the family build trust on home visits [@{WEB}].

## Need and goals

Families hoped that the same worker would stay [@{WEB}].

## Solution

Each worker has fewer families, so there is time for home visits [@{WEB}].

## Results

According to the card, the families felt heard [@{WEB}].

## Sources
"""

HOME_FI = """\
---
description: Testien oma pieni käsikirja.
---

# Pieni käsikirja

Tämä käsikirja on testejä varten. Katso [kortit](cards/index.md), [tutkimus](research/tutkimus.md) ja \
[lähdeluettelo](bibliography.md).
"""

HOME_EN = """\
---
description: The tests' own small handbook.
---

# The small handbook

This handbook is for the tests. See the [cards](cards/index.md), the [research](research/tutkimus.md) and \
the [bibliography](bibliography.md).
"""

FAQ_FI = f"""\
---
description: Usein kysyttyä pienestä käsikirjasta.
---

# Usein kysyttyä

## Mitä lastensuojelu on?

Lastensuojelu tukee lasta ja perhettä. Kyselyyn vastasi {{{{fact:{FIGURE}}}}} [@{BOOK}]. Katso [avainluvut](facts.md).

## Onko käsikirja virallinen ohje?

Ei. Käsikirja kokoaa hyviä käytäntöjä, mutta se ei korvaa viranomaisten ohjeita.
"""

FAQ_EN = f"""\
---
description: Frequently asked questions about the small handbook.
---

# Frequently asked questions

## What is child protection?

Child protection supports the child and the family. The survey had {{{{fact:{FIGURE}}}}} [@{BOOK}]. See the \
[key figures](facts.md).

## Is the handbook an official guideline?

No. The handbook brings together good practices, but it does not replace the authorities' guidelines.
"""

RESEARCH_FI = f"""\
---
description: Tutkimus siitä, mikä auttaa suhdeperustaista työtä onnistumaan.
reviewed: 2026-11-23
---

# Suhdeperustaisen työn edellytykset

Kirjan mukaan luottamus syntyy, kun työntekijällä on aikaa [@{BOOK}].

## Tutkimuksen aineisto

Kyselyyn saatiin {{{{fact:{FIGURE}}}}}, ja haastatteluja tehtiin {{{{fact:{OTHER_FIGURE}}}}} [@{BOOK}; @{ARTICLE}].

## Mitä tämä tarkoittaa käytännössä?

Avohuollon työntekijän asiakasmäärää kannattaa rajata [@{ARTICLE}].
"""

RESEARCH_EN = f"""\
---
description: A study of what helps relationship-based work succeed.
reviewed: 2026-11-23
---

# What relationship-based work needs

According to the book, trust grows when the worker has time [@{BOOK}].

## The study's data

The survey had {{{{fact:{FIGURE}}}}}, and the interviews covered {{{{fact:{OTHER_FIGURE}}}}} [@{BOOK}; @{ARTICLE}].

## What this means for practice

It pays to limit an open-care worker's caseload [@{ARTICLE}].
"""

FACTS_YML = f"""\
facts:
  - id: {FIGURE}
    value: "69"
    unit: {{fi: vastausta, en: responses}}
    measures:
      fi: Kyselyn vastaukset kirjan mukaan
      en: Responses to the survey, as the book reports them
    source: {BOOK}
    locator: {{fi: luku 2, en: chapter 2}}
    refers_to: {{fi: kevät 2020, en: spring 2020}}
    quote: "Kyselyyn saatiin 69 vastausta."

  - id: {OTHER_FIGURE}
    value: "7"
    unit: {{fi: kuntaa, en: municipalities}}
    measures:
      fi: Kunnat, joiden johtoa haastateltiin
      en: Municipalities whose managers were interviewed
    source: {ARTICLE}
    locator: {{fi: menetelmät, en: methods}}
    refers_to: {{fi: syksy 2020, en: autumn 2020}}
    quote: "Haastattelimme seitsemän kunnan johtoa."
"""

GLOSSARY_YML = f"""\
terms:
  - id: lastensuojelu
    term: {{fi: lastensuojelu, en: child protection}}
    match: {{fi: [lastensuojelu], en: [child protection]}}
    explanation:
      fi: Palvelut ja toimet, joilla turvataan lapsen kasvua ja kehitystä.
      en: The services and measures that safeguard a child's growth and development.

  - id: avohuolto
    term: {{fi: avohuolto, en: open care}}
    match: {{fi: [avohuol], en: [open care, open-care]}}
    source: {BOOK}
    definition:
      fi: Lastensuojelun tuki, jota annetaan lapsen asuessa kotonaan.
      en: Child protection support given while the child lives at home.

  - id: sijoitus
    term: {{fi: sijoitus, en: placement}}
    match: {{fi: [sijoitu, sijoituks], en: [placement]}}
    explanation:
      fi: Lapsen asuminen muualla kuin omassa kodissaan lastensuojelun päätöksellä.
      en: A child living somewhere other than at home by a child protection decision.
"""

SOURCES_BIB = f"""\
% The small handbook's sources.

@misc{{{SOURCE},
  author       = {{{{Testilän kaupunki}}}},
  title        = {{Perusturvalautakunta kokeilee tiimimallia}},
  howpublished = {{Uutinen}},
  year         = {{2018}}
}}

@misc{{{WEB},
  author       = {{{{Esimerkkilän kunta}}}},
  title        = {{Suhdeperustainen perhetyö}},
  howpublished = {{Hyvän käytännön kortti}},
  year         = {{2017}},
  date         = {{2017-09-18}}
}}

@book{{{BOOK},
  author       = {{Virtanen, Anna}},
  title        = {{Luottamus lastensuojelussa}},
  publisher    = {{Kustantamo}},
  date         = {{2020}}
}}

@article{{{ARTICLE},
  author       = {{Korhonen, Kalle and Nieminen, Liisa}},
  title        = {{Asiakasmäärät avohuollossa}},
  journaltitle = {{Sosiaalityön lehti}},
  volume       = {{12}},
  number       = {{3}},
  pages        = {{5--17}},
  date         = {{2021-03-05}},
  doi          = {{10.1234/example.2021.3}}
}}
"""

#: path in the small handbook → its text (the English pages are stamped as translated when written)
FILES = {
    "mkdocs.yml": MKDOCS_YML,
    f"{CARD}/card.yml": CARD_YML,
    f"{CARD}/index.fi.md": CARD_FI,
    f"{CARD}/index.en.md": CARD_EN,
    f"{OTHER_CARD}/card.yml": OTHER_YML,
    f"{OTHER_CARD}/index.fi.md": OTHER_FI,
    f"{OTHER_CARD}/index.en.md": OTHER_EN,
    "docs/index.fi.md": HOME_FI,
    "docs/index.en.md": HOME_EN,
    "docs/faq.fi.md": FAQ_FI,
    "docs/faq.en.md": FAQ_EN,
    f"{RESEARCH}.fi.md": RESEARCH_FI,
    f"{RESEARCH}.en.md": RESEARCH_EN,
    "docs/data/facts.yml": FACTS_YML,
    "docs/data/glossary.yml": GLOSSARY_YML,
    "bibliography/sources.bib": SOURCES_BIB,
}


def write_small_site(dest: Path) -> Path:
    """Write the small handbook into ``dest`` (a new folder): a project of its own that ``check()``
    finds clean and ``mkdocs build --strict`` builds. Its code, theme and schema are the real
    project's (linked); its content and ``mkdocs.yml`` are :data:`FILES`."""
    from handbook.tools.translated import stamp

    dest.mkdir(parents=True, exist_ok=True)
    for rel, text in FILES.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name in ("hooks", "schema", "overrides"):
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets",  # not linked: see COPIED
                    ignore=shutil.ignore_patterns("screenshots"), copy_function=os.link)
    for rel in FILES:
        if rel.endswith(".en.md"):
            stamp(dest / rel, dest / "docs")
    return dest


def cite_in_both(project: Path, extra: str) -> None:
    """Add ``@extra`` to the first citation of the small handbook's card, in both languages."""
    for lang in ("fi", "en"):
        edit(project / CARD / f"index.{lang}.md", f"[@{SOURCE}]", f"[@{SOURCE}; @{extra}]")


# --- findings in-process ------------------------------------------------------------------------

def findings(project: Path, **options: str) -> list:
    """Every finding of ``handbook check`` on ``project`` (:func:`handbook.tools.check.check`), in this
    process: what the build reports through the same path (``tests/test_reporting.py`` builds that path)."""
    from handbook.tools.check import check

    return check(project, **options)[1]


def failing(project: Path, lang: str = "en", **options: str) -> list[str]:
    """``file:line: message`` in ``lang`` of each finding that fails ``mkdocs build --strict`` (an error)."""
    return [f.text(lang) for f in findings(project, **options) if f.severity == "error"]


def fails_with(project: Path, expected: str, lang: str = "en", **options: str) -> list[str]:
    """``project`` has an error whose ``file:line: message`` in ``lang`` contains ``expected``: the build
    would fail with it. All the error texts."""
    texts = failing(project, lang, **options)
    assert any(expected in text for text in texts), texts
    return texts


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """``handbook ARGS`` in this process (:func:`handbook.tools.cli.main`, as the command runs it): its
    exit status, standard output and standard error. ``capsys`` is the test's pytest fixture."""
    from handbook.tools.cli import main

    capsys.readouterr()
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def frictionless(path: Path) -> dict:
    """``frictionless validate --json`` as a user runs it (offline) on the data package at ``path``."""
    import json

    exe = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(exe), "validate", "--json", path.name], cwd=path.parent, capture_output=True,
                            text=True, timeout=300)
    return json.loads(result.stdout)


# --- the browser ----------------------------------------------------------------------------------

def need(condition: bool, why: str) -> None:
    """Skip a test that lacks a tool, with ``why``; under ``CI=true`` fail instead."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (required under CI=true)")
        pytest.skip(why)


class Visit:
    """A browser page that records every request and console error."""

    def __init__(self, browser, server, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.server = server
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.watch(self.page)

    def watch(self, page) -> None:
        """Record ``page``'s requests and errors too (another tab of this context)."""
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def go(self, path: str, page=None):
        """Open ``path`` of the server in ``page`` (default: this visit's page) and wait until the network is quiet."""
        page = page or self.page
        page.goto(self.server + "/" + path.lstrip("/"))
        page.wait_for_load_state("networkidle")
        return page

    def foreign(self) -> list[str]:
        """The requests that went anywhere but the test's own server."""
        return [u for u in self.requests if not u.startswith(self.server) and not u.startswith(("data:", "blob:"))]

    def close(self) -> None:
        """Close the browser context (and so its pages)."""
        self.context.close()


def built_pages(site: Path) -> list[str]:
    """The URL path of every page of a built site (search and asset folders aside)."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in ("pagefind", "assets", "search"):
            continue
        out.append("/" if rel == "." else f"/{rel}/")
    return out



#: the WCAG levels the accessibility tests hold every page to
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page) -> list[str]:
    """axe-core's WCAG violations on ``page`` as it is now (its context must bypass the pages' CSP):
    ``rule: first three elements`` each."""
    start_axe(page)
    return axe_result(page)


def search(page, query: str) -> list[str]:
    """Type ``query`` into the search box after "/" and return the paths of the first five results."""
    import re

    page.keyboard.press("/")
    page.fill("#hb-search-input", query)
    # a locator wait: wait_for_function evaluates a string, which the pages' CSP (no 'unsafe-eval') refuses
    page.locator("#hb-search-meta").filter(has_text=re.compile(r"\d|Ei |No ")).wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all("#hb-search-results a", "els => els.map(e => new URL(e.href).pathname)")
    return hrefs[:5]


def in_tabs(visit: Visit, paths: list[str], start, finish=None, tabs: int = 4, wait_until: str = "networkidle") -> list:
    """Open ``paths`` in ``tabs`` tabs of ``visit``'s context at a time, so that one page's loading and
    quiet wait overlap the others'. For each page, once it is loaded (``wait_until``): ``start(tab, path)``,
    in all the tabs of a round, then ``finish(tab, path)`` in each (work begun in ``start`` runs in the
    pages meanwhile). The tabs' requests and errors are recorded by ``visit``. ``finish``'s (else
    ``start``'s) results, in the order of ``paths``."""
    pages = [visit.page] + [visit.context.new_page() for _ in range(tabs - 1)]
    for tab in pages[1:]:
        visit.watch(tab)
    out = []
    try:
        for at in range(0, len(paths), tabs):
            round_ = list(zip(pages, paths[at:at + tabs], strict=False))
            for tab, path in round_:
                tab.goto(visit.server + path, wait_until="commit")
            started = []
            for tab, path in round_:
                tab.wait_for_load_state(wait_until)
                started.append(start(tab, path))
            out += [finish(tab, path) for tab, path in round_] if finish else started
    finally:
        for tab in pages[1:]:
            tab.close()
    return out


#: the WCAG rules of axe-core whose result depends on the colours, which a colour scheme changes: the
#: others read the document's structure, which is the same in the light and the dark scheme
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_rules(scheme: str) -> dict:
    """What axe-core runs in ``scheme``: every WCAG 2.1 A/AA rule in the light scheme (the default), and
    in the dark one the rules that read colours (:data:`COLOUR_RULES`)."""
    if scheme == "dark":
        return {"type": "rule", "values": COLOUR_RULES}
    return {"type": "tag", "values": WCAG}


def start_axe(page, scheme: str = "light") -> None:
    """Begin axe-core's check of ``page`` in ``scheme`` (:func:`axe_rules`; the page's context must bypass
    the pages' CSP); :func:`axe_result` waits for it."""
    page.add_script_tag(path=str(AXE))
    page.evaluate("""(only) => { window.__axe = axe.run(document, {runOnly: only}).then(r =>
        r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))); }""",
                  axe_rules(scheme))


def axe_result(page) -> list[str]:
    """The violations found by :func:`start_axe`: ``rule: first three elements`` each."""
    return page.evaluate("() => window.__axe")


#: each language's path prefix in the built site
KIND_PREFIX = {"fi": "", "en": "en/"}
#: built-site folders that are not pages of their own kind
NOT_PAGES = {"assets", "pagefind", "schema", "en"}


def page_kinds(site: Path) -> list[str]:
    """One page of every kind, in both languages, derived from the built site and docs/: each
    language's home page, every page the build makes (card index, glossary, map, …), the first
    page inside each section (a card, a research summary, an approach, an area), and one of the
    pages written as Markdown at the top of docs/ (they share one template)."""
    urls = []
    for lang, root in (("fi", site), ("en", site / "en")):
        urls.append(KIND_PREFIX[lang])
        written = False
        for section in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in NOT_PAGES):
            inner = sorted(p for p in section.iterdir() if (p / "index.html").exists())
            plain = (ROOT / "docs" / f"{section.name}.{lang}.md").exists() and not inner
            if (section / "index.html").exists() and not (plain and written):
                urls.append(f"{KIND_PREFIX[lang]}{section.name}/")
                written = written or plain
            written_inner = [p for p in inner if (ROOT / "docs" / section.name / p.name).is_dir()
                             or (ROOT / "docs" / section.name / f"{p.name}.{lang}.md").exists()]
            made_inner = [p for p in inner if p not in written_inner]
            for first in (written_inner[:1] + made_inner[:1]):  # e.g. a card, and the comparison page
                urls.append(f"{KIND_PREFIX[lang]}{section.name}/{first.name}/")
    return urls


def search_records(site: Path, lang: str) -> dict[str, dict]:
    """Pagefind's record of each indexed page of ``lang`` (its fragments are gzipped JSON), by URL."""
    import gzip

    out = {}
    for path in (site / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        out[record["url"]] = record
    return out


def real_cards_by_status() -> dict[str, list]:
    """The real handbook's cards by status (tests of the built handbook count them, never assume them)."""
    from handbook.content import handbook as hb_site

    out: dict[str, list] = {}
    for card in hb_site.load(ROOT).cards:
        out.setdefault(card.facts["status"], []).append(card)
    return out
