"""Follow, cite and reuse: feeds, JSON-LD, the data package, each page's history and search-engine links.

Expectations come from the content (card folders, card.yml, research pages), never from
today's numbers; a page's history is tested in a temporary git repository built for it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml

from helpers import PUBLIC, REPO, ROOT, SLUG, frictionless, mkdocs_build, page_kinds, write_small_site
from handbook.content import schema, vocab
from handbook.publish import feeds, jsonld, seo
from handbook.content import history as historymod
from handbook.render import history as history_html
from handbook.content.history import Commit

PREFIX = {"fi": "", "en": "en/"}


def cards() -> dict[str, dict]:
    """slug → card.yml, read straight from the content."""
    return {p.name: yaml.safe_load((p / "card.yml").read_text(encoding="utf-8"))
            for p in sorted((ROOT / "docs" / "cards").iterdir()) if (p / "card.yml").exists()}


def summaries(lang: str) -> list[str]:
    """Site URLs of the research summaries in ``lang``."""
    return [f"{PREFIX[lang]}research/{p.name.split('.')[0]}/"
            for p in sorted((ROOT / "docs" / "research").glob(f"*.{lang}.md")) if not p.name.startswith("index.")]


def expected_urls(lang: str) -> set[str]:
    return {f"{PREFIX[lang]}cards/{slug}/" for slug in cards()} | set(summaries(lang))


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def parse_feed(site: Path, lang: str):
    parsed = feedparser.parse((site / PREFIX[lang] / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


# 1. Feeds ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_feed_lists_every_card_and_summary_with_links_that_exist(site, lang):
    parsed = parse_feed(site, lang)
    assert parsed.feed.language == lang
    urls = set()
    for entry in parsed.entries:
        assert entry.id.startswith("urn:uuid:") and entry.title and entry.summary and entry.title_detail.language == lang
        assert entry.published_parsed and entry.updated_parsed and entry.published_parsed <= entry.updated_parsed
        link = entry.link  # relative to the feed (the language root) without a public SITE_URL
        assert not urlsplit(link).scheme
        url = PREFIX[lang] + link
        assert page_file(site, url).exists(), url
        urls.add(url)
    assert urls == expected_urls(lang)
    updated = [e.updated_parsed for e in parsed.entries]
    assert updated == sorted(updated, reverse=True), "newest first"


def test_feed_ids_and_dates_are_the_same_in_another_build(site, public_site):
    for lang in ("fi", "en"):
        local, public = parse_feed(site, lang), parse_feed(public_site, lang)
        assert {e.id: e.updated for e in local.entries} == {e.id: e.updated for e in public.entries}
        assert local.feed.id == public.feed.id and local.feed.updated == public.feed.updated
        assert len({e.id for e in local.entries}) == len(local.entries)
    assert not {e.id for e in parse_feed(site, "fi").entries} & {e.id for e in parse_feed(site, "en").entries}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_public_feed_links_are_absolute(public_site, lang):
    parsed = parse_feed(public_site, lang)
    for entry in parsed.entries:
        assert entry.link.startswith(PUBLIC)
        assert page_file(public_site, entry.link[len(PUBLIC):]).exists()
    assert parsed.feed.links[0].href == PUBLIC + PREFIX[lang] + "feed.xml"


def test_every_page_links_its_languages_feed(site):
    pages = [p for p in site.rglob("index.html") if "assets" not in p.parts]
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([a-z]+)"', html).group(1)
        match = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        assert match, path
        url = path.parent.relative_to(site).as_posix() + "/"
        target = urljoin("/" + ("" if url == "./" else url), match.group(1)).lstrip("/")
        assert target == PREFIX[lang] + "feed.xml", path


def test_feed_escapes_what_editors_write():
    item = feeds.Item("card", "en", "en/cards/x/", 'A & B </title><script>x</script>', "1 < 2 & \"q\"", [],
                      categories=[("t&t", 'L"<>')])
    parsed = feedparser.parse(feeds.feed([item], "en", "Site & <name>", "").encode())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == 'A & B </title><script>x</script>'
    assert parsed.feed.title == "Site & <name>"
    item.title = "vertical\x0btab\x00"  # not allowed in XML at all: left out
    parsed = feedparser.parse(feeds.feed([item], "en", "Site", "").encode())
    assert not parsed.bozo and parsed.entries[0].title == "verticaltab"


# 2. JSON-LD -------------------------------------------------------------------------------------
def extract(site: Path, url: str) -> list[dict]:
    import extruct

    html = page_file(site, url).read_text(encoding="utf-8")
    return extruct.extract(html, base_url=PUBLIC + url, syntaxes=["json-ld"], uniform=False)["json-ld"]


def resolve(page_url: str, ref: str) -> str:
    """A (possibly relative) JSON-LD address → site URL."""
    return urljoin("/" + page_url, ref).lstrip("/")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_card_has_its_article(site, lang):
    bib = bib_entries()
    for slug, card in cards().items():
        url = f"{PREFIX[lang]}cards/{slug}/"
        [data] = extract(site, url)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["name"] == card["name"][lang] and data["description"] and data["inLanguage"] == lang
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])
        for role in ("author", "publisher"):
            assert data[role]["@type"] == "Organization" and data[role]["name"]
        assert data["license"].startswith("https://creativecommons.org/licenses/by/4.0")
        places = {p["name"] for p in data["spatialCoverage"]}
        assert set(card["municipalities"]) | {vocab.REGIONS[card["region"]][lang]} == places
        assert [a["termCode"] for a in data["about"]] == card["approaches"]
        for term in data["about"]:
            assert page_file(site, resolve(url, term["url"])).exists()
        cited = {c["name"] for c in data["citation"]}
        for key in card["sources"]:
            assert bib[key]["title"] in cited
        for work in data["citation"]:
            entry = next(e for e in bib.values() if e["title"] == work["name"])
            if "doi" in entry:
                assert work["identifier"]["value"] == entry["doi"] and work["url"].startswith("https://")
            elif "url" in entry:
                assert work["url"] == entry["url"]
        other = "en" if lang == "fi" else "fi"
        link = data["workTranslation"][0] if lang == "fi" else data["translationOfWork"]
        assert resolve(url, link["url"]) == f"{PREFIX[other]}cards/{slug}/" and link["inLanguage"] == other


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_research_summary_has_its_article(site, lang):
    for url in summaries(lang):
        [data] = extract(site, url)
        assert data["@type"] == "Article" and data["name"] and data["description"] and data["inLanguage"] == lang
        assert data["dateModified"] and data["citation"]
        assert all(w.get("name") for w in data["citation"])
        other = data.get("workTranslation", [None])[0] if lang == "fi" else data.get("translationOfWork")
        if other is not None:
            assert page_file(site, resolve(url, other["url"])).exists()


def test_public_jsonld_addresses_are_absolute(public_site):
    slug = next(iter(cards()))
    [data] = extract(public_site, f"en/cards/{slug}/")
    assert data["url"] == f"{PUBLIC}en/cards/{slug}/"
    assert data["translationOfWork"]["url"] == f"{PUBLIC}cards/{slug}/"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_key_figures_page_describes_the_dataset(site, lang):
    url = f"{PREFIX[lang]}facts/"
    [data] = extract(site, url)
    assert data["@type"] == "Dataset" and data["name"] and len(data["description"]) >= 50
    assert data["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    files = {resolve(url, d["contentUrl"]): d["encodingFormat"] for d in data["distribution"]}
    assert files == {"facts.json": "application/json", "facts.csv": "text/csv"}
    assert all((site / name).exists() for name in files)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_open_data_page_describes_every_download(site, lang):
    url = f"{PREFIX[lang]}open-data/"
    [data] = extract(site, url)
    assert data["@type"] == "Dataset" and data["name"] and len(data["description"]) >= 50
    files = [resolve(url, d["contentUrl"]) for d in data["distribution"]]
    assert {"datapackage.json", "cards.csv", "facts.csv", "bibliography.csv"} <= set(files)
    assert all((site / name).exists() for name in files)


def test_jsonld_cannot_close_its_script_element():
    tricky = "</script><script>alert(1)</script> & <!-- \u2028"
    element = jsonld.script({"name": tricky})
    body = element[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == tricky


def bib_entries() -> dict[str, dict]:
    """key → title/doi/url, from the bibliography export the build makes (CSL-JSON)."""
    from handbook.content import bib as bibmod

    out = {}
    for key, entry in bibmod.load(ROOT).entries.items():
        f = entry.fields
        out[key] = {"title": bibmod.plain(f.get("title", ""))}
        if "doi" in f:
            out[key]["doi"] = f["doi"]
        if "url" in f:
            out[key]["url"] = f["url"]
    return out


# 3. Data package --------------------------------------------------------------------------------
def test_data_package_validates(site):
    report = frictionless(site / "datapackage.json")
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    names = {task["name"] for task in report["tasks"]}
    assert names == {"cards", "facts", "bibliography"}


def test_table_schema_comes_from_the_card_schema(site):
    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "cards" for f in r["schema"]["fields"]}
    card = schema.card_schema()
    header = (site / "cards.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(fields) == header
    for name, prop in card["properties"].items():
        if "enum" in prop:
            assert fields[name]["constraints"]["enum"] == prop["enum"]
        if prop.get("type") == "array" and "enum" in prop["items"]:
            for value in prop["items"]["enum"]:
                assert re.fullmatch(fields[name]["constraints"]["pattern"], value)
        if name in card["required"] and name in fields and prop.get("minItems", 1) >= 1:
            assert fields[name]["constraints"]["required"] is True, name
    assert fields["status_as_of"]["type"] == "date"


def test_data_package_rejects_a_value_outside_the_vocabulary(site, tmp_path):
    for name in ("datapackage.json", "cards.csv", "facts.csv", "bibliography.csv"):
        shutil.copy2(site / name, tmp_path / name)
    rows = (tmp_path / "cards.csv").read_text(encoding="utf-8").splitlines()
    status = next(iter(vocab.STATUS))
    rows[1] = rows[1].replace(f",{status},", ",not-a-status,", 1) if f",{status}," in rows[1] else \
        re.sub(r",(" + "|".join(vocab.STATUS) + "),", ",not-a-status,", rows[1], count=1)
    rows[2] = re.sub(r",(" + "|".join(vocab.APPROACHES) + r")(;|,)", r",not-an-approach\2", rows[2], count=1)
    (tmp_path / "cards.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = frictionless(tmp_path / "datapackage.json")
    assert not report["valid"]
    errors = [e for task in report["tasks"] for e in task["errors"]]
    assert {e["fieldName"] for e in errors} == {"status", "approaches"}
    assert {e["type"] for e in errors} == {"constraint-error"}


@pytest.mark.parametrize("page", ["open-data/index.html", "en/open-data/index.html"])
def test_open_data_page_explains_the_data_package(site, page):
    html = (site / page).read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)+datapackage\.json"', html)
    text = re.sub(r"<[^>]+>", "", html)
    assert "Frictionless" in text and "frictionless validate datapackage.json" in text
    assert re.search(r'href="(\.\./)+(en/)?feed\.xml"', html)


# 4. Each page's history -------------------------------------------------------------------------
def git(project: Path, *args: str, date: str | None = None) -> str:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    import os

    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                             "-c", "commit.gpgsign=false", *args], cwd=project, capture_output=True, text=True,
                            env={**os.environ, **env}, check=True)
    return result.stdout.strip()


@pytest.mark.build
def test_history_lists_the_pages_commits(tmp_path):
    import extruct

    project = write_small_site(tmp_path / "project")
    slug = SLUG
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "First version of everything", date="2025-01-02T10:00:00+00:00")
    first = git(project, "rev-parse", "HEAD")
    text = project / "docs" / "cards" / slug / "index.fi.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nLisätty virke <em>tekstiin</em>.\n", encoding="utf-8")
    git(project, "commit", "-qa", "-m", "Card text: a sentence <added> & checked",  # readers' notes as trailers
        "-m", "Muutos: Korttiin lisätty virke <em>\nChange: A sentence added", date="2025-03-04T10:00:00+00:00")
    earlier = git(project, "rev-parse", "HEAD")
    text.write_text(text.read_text(encoding="utf-8") + "\nToinen virke.\n", encoding="utf-8")
    git(project, "commit", "-qa", "-m", "Card text: another sentence",  # the same second; notes not at the end
        "-m", "Muutos: Toinen virke", "-m", "Reviewed by the editors.", date="2025-03-04T10:00:00+00:00")
    second = git(project, "rev-parse", "HEAD")
    result = mkdocs_build(project, tmp_path / "out", REPO_URL=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    fi = (tmp_path / "out" / "cards" / slug / "index.html").read_text(encoding="utf-8")
    history = re.search(r'<details class="hb-history" id="hb-history".*?</details>', fi, re.S).group(0)
    items = re.findall(r'<li><time datetime="([\d-]+)">[^<]+</time> – (.*?) · <a href="([^"]+)">', history)
    assert items == [("2025-03-04", "Toinen virke", f"{REPO}/tree/{second}/docs/cards/{slug}"),
                     ("2025-03-04", "Korttiin lisätty virke &lt;em&gt;", f"{REPO}/tree/{earlier}/docs/cards/{slug}"),
                     ("2025-01-02", "Sivu lisättiin.", f"{REPO}/tree/{first}/docs/cards/{slug}")], \
        "the Finnish note, else what the commit did to the page (never the developers' subject)"
    assert "First version" not in history
    cite = re.search(r'<details class="hb-cite-page".*?</details>', fi, re.S).group(0)
    assert '<time datetime="2025-03-04">' in cite and f"{REPO}/tree/{second}/docs/cards/{slug}" in cite
    assert f"version = {{{second[:12]}}}" in cite
    en = (tmp_path / "out" / "en" / "cards" / slug / "index.html").read_text(encoding="utf-8")
    en_items = re.findall(r'<li><time datetime="([\d-]+)">', re.search(r'class="hb-history".*?</details>', en, re.S).group(0))
    assert en_items == ["2025-01-02"], "the Finnish text's change is not the English page's"
    card_yml = project / "docs" / "cards" / slug / "card.yml"
    card_yml.write_text(card_yml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(project, "commit", "-qa", "-m", "card.yml: blank line", "-m", "Change: Layout of the facts",
        date="2025-04-05T10:00:00+00:00")
    for blank in range(2):  # two changes of the same kind on one day read as one line with a count
        card_yml.write_text(card_yml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        git(project, "commit", "-qa", "-m", f"card.yml: blank line {blank}", date=f"2025-05-01T1{blank}:00:00+00:00")
    paths = [f"docs/cards/{slug}/index.fi.md", f"docs/cards/{slug}/card.yml"]
    section = history_html.history_section(historymod.file_commits(project), "fi", "", paths)
    assert re.findall(r"</time> – ([^<]+)</li>", section) == [
        "Kortin tietoja muutettiin (2 kertaa).", "Kortin tietoja muutettiin.", "Toinen virke",
        "Korttiin lisätty virke &lt;em&gt;", "Sivu lisättiin."]
    assert "(6 muutosta)" in section, "the count is of commits"
    english = history_html.history_section(historymod.file_commits(project), "en", "", paths)
    assert re.findall(r"</time> – ([^<]+)</li>", english) == [
        "Card facts changed (2 times).", "Layout of the facts", "Text changed.", "A sentence added", "Page added."]
    parsed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link == f"cards/{slug}/")
    assert entry.published.startswith("2025-01-02") and entry.updated.startswith("2025-03-04")
    assert parsed.entries[0] is entry, "the changed card comes first"
    [data] = extruct.extract(fi, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert (data["datePublished"], data["dateModified"]) == ("2025-01-02", "2025-03-04")


def git_shas(*paths: str) -> list[str]:
    out = subprocess.run(["git", "log", "--no-merges", "--format=%H", "--", *paths], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_card_and_summary_lists_its_git_commits(public_site, lang):
    pages = {f"{PREFIX[lang]}cards/{slug}/": [f"docs/cards/{slug}/index.{lang}.md", f"docs/cards/{slug}/card.yml"]
             for slug in cards()}
    pages.update({url: [f"docs/research/{url.rstrip('/').split('/')[-1]}.{lang}.md"] for url in summaries(lang)})
    for url, paths in pages.items():
        html = page_file(public_site, url).read_text(encoding="utf-8")
        section = re.search(r'<details class="hb-history" id="hb-history".*?</details>', html, re.S)
        expected = git_shas(*paths)
        if not expected:  # not committed yet
            continue
        links = re.findall(rf'href="{re.escape(REPO)}/(?:tree|blob)/([0-9a-f]{{40}})/', section.group(0))
        # every commit is counted; one line may stand for several of one kind on one day (its newest
        # commit linked); the order and the grouping are tested in a repository built for them
        assert f"({len(expected)} " in section.group(0), url
        assert set(links) <= set(expected) and links[0] == expected[0] and expected[-1] in links, url
        lines = list(zip(re.findall(r'<li><time datetime="([\d-]+)">', section.group(0)),
                         re.findall(r"</time> – ([^<]*)", section.group(0)), strict=True))
        assert len(links) == len(lines) and all(a != b for a, b in zip(lines, lines[1:], strict=False)), url  # no line repeated


@pytest.mark.build
def test_history_without_git_is_empty_but_the_page_builds(small, tmp_path):
    result = mkdocs_build(small, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    slug = SLUG
    html = (tmp_path / "out" / "cards" / slug / "index.html").read_text(encoding="utf-8")
    assert "hb-history" not in html
    parsed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link == f"cards/{slug}/")
    reviewed = yaml.safe_load((small / "docs" / "cards" / slug / "card.yml").read_text(encoding="utf-8"))["reviewed"]
    assert entry.updated.startswith(str(reviewed))


def test_history_section_escapes_and_links():
    import datetime as dt

    commit = Commit("a" * 40, dt.datetime(2025, 5, 6, tzinfo=dt.timezone.utc), notes=(("en", "<b>x</b> & y"),))

    html = history_html.history_section({"docs/research/x.en.md": [commit]}, "en", "", ["docs/research/x.en.md"])
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html and "<a " not in html
    html = history_html.history_section({"docs/research/x.fi.md": [commit]}, "fi", REPO + "/", ["docs/research/x.fi.md"])
    assert f'href="{REPO}/blob/{"a" * 40}/docs/research/x.fi.md"' in html and "6.5.2025" in html


# 5. Search engines ------------------------------------------------------------------------------
def pages_of(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html") if "assets" not in p.parts and "pagefind" not in p.parts]


def test_seo_conditions_on_every_page(public_site):
    alternates: dict[str, dict[str, str]] = {}
    for path in pages_of(public_site):
        html = path.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        url = PUBLIC + ("" if path.parent == public_site else path.parent.relative_to(public_site).as_posix() + "/")
        assert re.search(r'<html lang="(fi|en)"', html), path
        assert re.search(r"<title>[^<]+</title>", head), path
        assert re.search(r'<meta name="description" content="[^"]+">', head), path
        assert re.findall(r'<link rel="canonical" href="([^"]+)">', head) == [url], path
        assert not re.search(r'<meta name="robots" content="[^"]*noindex', head)
        links = dict((lang, href) for href, lang in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z-]+)">', head))
        assert set(links) == {"fi", "en"}, path
        assert all(h.startswith(PUBLIC) for h in links.values()), path
        assert urljoin(url, "") in links.values(), "a page lists itself among its alternates"
        alternates[url] = links
        for href in re.findall(r'<a [^>]*href="([^"]*)"', html):
            assert not href.lower().startswith("javascript:"), path
    for url, links in alternates.items():  # reciprocal: each alternate points back
        for href in links.values():
            assert alternates[href] == links, (url, href)


#: Lighthouse's link-text audit: link texts that say nothing about the target (its English list)
VAGUE = {"click here", "click this", "go", "here", "information", "learn more", "more", "more info",
         "more information", "right here", "read more", "see more", "start", "this", "this page"}


def test_link_texts_and_robots(public_site):
    for path in pages_of(public_site / "en"):
        html = path.read_text(encoding="utf-8")
        for text in re.findall(r"<a [^>]*href=[^>]*>(.*?)</a>", html, re.S):
            assert re.sub(r"<[^>]+>|\s+", " ", text).strip().lower() not in VAGUE, path
    robots = (public_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[:2] == ["User-agent: *", "Allow: /"] and f"Sitemap: {PUBLIC}sitemap.xml" in robots
    assert (public_site / "sitemap.xml").exists()


def test_local_build_keeps_relative_alternates(site):
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang=', html):
        assert not urlsplit(href).scheme


def test_production_needs_a_public_site_url():
    assert seo.missing_site_url("http://127.0.0.1:8000/", {}) is None, "a local build is not production"
    assert "SITE_URL" in seo.missing_site_url("http://127.0.0.1:8000/", {"HANDBOOK_PRODUCTION": "1"})
    pages = {"GITHUB_WORKFLOW_REF": "o/r/.github/workflows/pages.yml@refs/heads/main"}
    assert seo.missing_site_url("", pages) and seo.missing_site_url(None, pages)
    assert seo.missing_site_url(PUBLIC, {"HANDBOOK_PRODUCTION": "1"}) is None
    assert seo.public_base("http://localhost:8000") == "" and seo.public_base(PUBLIC[:-1]) == PUBLIC


@pytest.mark.build
def test_production_build_without_site_url_fails_strict(small, tmp_path):
    result = mkdocs_build(small, tmp_path / "out", HANDBOOK_PRODUCTION="1")
    assert result.returncode != 0
    assert "SITE_URL is not set to the public address" in result.stderr


#: where Lighthouse lives (``npm ci``; package.json pins it) and the script that runs its SEO audit
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse"
CHROMIUM = Path(os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"))
@pytest.fixture(scope="session")
def public_server(public_site):
    """The production build served at its public path on 127.0.0.1; ``robots.txt`` also at the
    host's root, where crawlers look for it. Anything else is a 404."""
    import http.server
    import threading

    prefix = urlsplit(PUBLIC).path

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            if path == "/robots.txt":
                return str(public_site / "robots.txt")
            if not path.startswith(prefix):
                return str(public_site / "no-such-file")
            return super().translate_path("/" + path[len(prefix):])

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Handler(*a, directory=str(public_site)))
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()


@pytest.mark.browser
def test_lighthouse_seo_scores_100_on_every_kind_of_page(public_site, public_server):
    """Lighthouse's SEO audit, as search engines are told to read the site, at the address it was
    built for (Chromium maps the public host onto the local server; nothing leaves the machine). Its
    image-alt audit is axe-core's rule, which the accessibility test runs on every page."""
    missing = [why for ok, why in ((CHROMIUM.exists(), f"no Chromium at {CHROMIUM}"),
                                   (shutil.which("node") is not None, "no Node.js"),
                                   (LIGHTHOUSE.exists(), "no Lighthouse: npm ci")) if not ok]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("; ".join(missing) + " (required under CI=true)")
        pytest.skip("; ".join(missing))
    host = urlsplit(PUBLIC).hostname
    urls = [PUBLIC + url for url in page_kinds(public_site)]
    slug = next(iter(cards()))
    assert PUBLIC + f"cards/{slug}/" in urls and PUBLIC + f"en/cards/{slug}/" in urls, "a card page is a kind"
    runs = [subprocess.Popen(["node", str(ROOT / "tests" / "lighthouse_seo.mjs"), str(CHROMIUM),
                              f"MAP {host} 127.0.0.1:{public_server}", *urls[half::2]],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for half in (0, 1)]  # two browsers at once: one per core
    results = {}
    for run in runs:
        out, err = run.communicate(timeout=900)
        assert run.returncode == 0, err[-3000:]
        results.update(json.loads(out))
    assert set(results) == set(urls)
    for url, result in results.items():
        assert result["runtimeError"] is None and result["finalUrl"] == url, (url, result)
    failing = {url: [(a["id"], a["explanation"] or a["details"][:300]) for a in r["failing"]]
               for url, r in results.items() if r["score"] != 1}
    assert failing == {}, json.dumps(failing, indent=1, ensure_ascii=False)


# Escaping, for any text an editor may write ---------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402

XML_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")


@settings(max_examples=100, deadline=None)
@given(title=st.text(alphabet=XML_CHARS, min_size=1, max_size=40), summary=st.text(alphabet=XML_CHARS, max_size=80))
def test_any_title_survives_the_feed(title, summary):
    """Read with a strict XML parser (feedparser repairs what looks like mis-encoded text, e.g. 'Â¡')."""
    from xml.etree import ElementTree

    item = feeds.Item("summary", "fi", "research/x/", title, summary, [])
    root = ElementTree.fromstring(feeds.feed([item], "fi", "Käsikirja", "").encode())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.find("a:entry/a:title", ns).text == title
    assert (root.find("a:entry/a:summary", ns).text or "") == summary


@settings(max_examples=100, deadline=None)
@given(value=st.text())
def test_any_text_stays_inside_its_json_ld_element(value):
    element = jsonld.script({"name": value, "description": [value, {"x": value}]})
    body = element[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == value


def test_an_export_column_missing_from_the_schema_is_an_error():
    from handbook.publish import datapackage

    with pytest.raises(ValueError, match="'nonexistent'"):
        datapackage.table_schema(["id", "nonexistent"], schema.card_schema(), {})


def test_cite_this_page_gives_the_public_address_or_none(site, public_site):
    """A citation names the page's public address; a local build has none to give (not 127.0.0.1)."""
    slug = next(iter(cards()))
    for lang in ("fi", "en"):
        url = f"{PREFIX[lang]}cards/{slug}/"
        public = re.search(r'<details class="hb-cite-page".*?</details>', page_file(public_site, url).read_text(
            encoding="utf-8"), re.S).group(0)
        assert f"url = {{{PUBLIC}{url}}}" in public and f'href="{PUBLIC}{url}"' in public
        local = re.search(r'<details class="hb-cite-page".*?</details>', page_file(site, url).read_text(
            encoding="utf-8"), re.S).group(0)
        assert "url = " not in local and "127.0.0.1" not in local
