"""A third language is a catalog and configuration: no Python is edited.

The fixture (``tests/fixtures/swedish/``) is a small handbook in Finnish, English and Swedish. Swedish
is added as a translator adds it: ``sv.yml`` beside the package's catalogs (in a copy of the package)
and the language in ``mkdocs.yml``. The site is built with the copy and checked for Swedish pages,
Swedish labels, a Swedish card index, feed, sitemap, search index and export columns.
"""

from __future__ import annotations

import csv
import filecmp
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "swedish"
pytestmark = pytest.mark.build


def _python_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def swedish(tmp_path_factory) -> Path:
    """The fixture handbook built with Swedish added to a copy of the package; its ``site/``."""
    project = tmp_path_factory.mktemp("swedish") / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("sv.yml", "README.md"))
    shutil.copytree(ROOT / "hooks", project / "hooks",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copy2(FIXTURE / "sv.yml", project / "hooks" / "handbook" / "locales" / "sv.yml")
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_LANG": "en"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, env=env, cwd=project, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return project / "site"


def test_the_copy_of_the_package_differs_only_by_the_catalog(swedish):
    """No Python was edited: every module of the copy is the package's own."""
    copy = swedish.parent / "hooks" / "handbook"
    names = _python_files(ROOT / "hooks" / "handbook")
    assert names == _python_files(copy)
    _, mismatch, errors = filecmp.cmpfiles(ROOT / "hooks" / "handbook", copy, names, shallow=False)
    assert mismatch == [] and errors == []
    assert not (ROOT / "hooks" / "handbook" / "locales" / "sv.yml").exists()


def test_swedish_pages_have_swedish_language_and_labels(swedish):
    home = (swedish / "sv" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in home
    assert "En handbok på tre språk" in home
    card = (swedish / "sv" / "cards" / "testikortti" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in card and "Relationsbaserat familjearbete i Teststad" in card
    for label in ("Kortets fakta", "Kommuner", "Landskap", "Pågående", "Relationsbaserat arbete", "Barn",
                  "Satakunda", "handledare för familjearbete"):
        assert label in card, label
    assert "Enligt nyheten" in card and 'class="hb-cite"' in card  # the text, its citations resolved


def test_a_label_missing_from_the_catalog_falls_back_to_english(swedish):
    card = (swedish / "sv" / "cards" / "testikortti" / "index.html").read_text(encoding="utf-8")
    assert "Target group" in card  # not in sv.yml: the English label


def test_the_other_languages_are_as_before(swedish):
    fi = (swedish / "cards" / "testikortti" / "index.html").read_text(encoding="utf-8")
    en = (swedish / "en" / "cards" / "testikortti" / "index.html").read_text(encoding="utf-8")
    assert "Kortin tiedot" in fi and "Käynnissä" in fi and '<html lang="fi"' in fi
    assert "Card facts" in en and "Ongoing" in en and '<html lang="en"' in en


def test_swedish_generated_pages_feed_sitemap_and_search(swedish):
    index = (swedish / "sv" / "cards" / "index.html").read_text(encoding="utf-8")
    assert "Praxiskort" in index and "Relationsbaserat familjearbete i Teststad" in index
    assert 'href="../cards/testikortti/"' in index or 'href="testikortti/"' in index
    assert (swedish / "sv" / "bibliography" / "index.html").exists()
    assert "Källförteckning" in (swedish / "sv" / "bibliography" / "index.html").read_text(encoding="utf-8")
    feed = (swedish / "sv" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="sv"' in feed and "Relationsbaserat familjearbete i Teststad" in feed
    sitemap = (swedish / "sv" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/sv/cards/testikortti/" in sitemap and 'hreflang="sv"' in sitemap
    entry = json.loads((swedish / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {"fi", "en", "sv"} <= set(entry["languages"])


def test_the_exports_have_a_column_per_language(swedish):
    rows = list(csv.DictReader(io.StringIO((swedish / "cards.csv").read_text(encoding="utf-8"))))
    assert rows[0]["name_sv"] == "Relationsbaserat familjearbete i Teststad"
    assert rows[0]["name_fi"] == "Suhdeperustainen perhetyö Testikaupungissa"
    cards = json.loads((swedish / "cards.json").read_text(encoding="utf-8"))
    assert cards["cards"][0]["sv"]["url"] == "sv/cards/testikortti/"
