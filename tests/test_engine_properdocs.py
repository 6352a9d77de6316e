"""Two engines, one site: ProperDocs builds the same handbook as MkDocs 1.6.1.

ProperDocs (the maintained continuation of MkDocs 1.x) is pinned in ``requirements.lock`` and shares
the venv with MkDocs: it redirects ``mkdocs.*`` imports only inside its own process, so Material,
mkdocs-static-i18n and the hooks run unchanged. The site it builds must equal MkDocs' byte for byte,
apart from the ``<meta name="generator">`` line that names the engine.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from helpers import ROOT

GENERATOR = re.compile(rb'^\s*<meta name="generator" content="[^"]*">\n', re.MULTILINE)


def properdocs_build(project: Path, site_dir: Path, *options: str) -> subprocess.CompletedProcess:
    """Run ``properdocs build --strict`` on ``project`` as ``make build`` does; never raises."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_LANG": "en"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir), *options],
        capture_output=True, text=True, env=env, cwd=project, timeout=600,
    )


def differences(one: Path, other: Path) -> list[str]:
    """Files that differ between two built sites, ignoring the generator line; files in one only."""
    ones = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    others = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    out = [f"only in {one.name}: {p}" for p in sorted(ones - others)]
    out += [f"only in {other.name}: {p}" for p in sorted(others - ones)]
    for rel in sorted(ones & others):
        a, b = (one / rel).read_bytes(), (other / rel).read_bytes()
        if a != b and rel.endswith((".html.gz", ".html.br")):  # a page's compressed copies: the page in them
            unpack = gzip.decompress if rel.endswith(".gz") else brotli.decompress
            a, b = unpack(a), unpack(b)
        if a != b and (not rel.endswith((".html", ".html.gz", ".html.br"))
                       or GENERATOR.sub(b"", a) != GENERATOR.sub(b"", b)):
            out.append(f"differs: {rel}")
    return out


def require_properdocs() -> None:
    """Skip where ProperDocs is not installed (an old venv), but never under CI."""
    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ProperDocs is not installed: run `make setup` (it is pinned in requirements.lock)")
        pytest.skip("ProperDocs is not installed: run `make setup`")


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    """The real handbook built with ProperDocs."""
    require_properdocs()
    out = tmp_path_factory.mktemp("properdocs") / "site"
    result = properdocs_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.build
def test_properdocs_builds_the_same_site(site, properdocs_site):
    assert differences(site, properdocs_site) == []
    page = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="generator" content="[^"]*ProperDocs', page), "not built by ProperDocs"


def test_the_comparison_sees_a_difference(tmp_path):
    """Only the generator line is ignored: a changed byte elsewhere, or a missing file, is reported."""
    one, other = tmp_path / "one", tmp_path / "other"
    for site_dir, engine in ((one, "mkdocs-1.6.1"), (other, "mkdocs-ProperDocs 1.6.7")):
        (site_dir / "en").mkdir(parents=True)
        (site_dir / "index.html").write_text(f'<head>\n  <meta name="generator" content="{engine}">\n</head>\n')
        (site_dir / "en" / "index.html").write_text("<p>Hello</p>\n")
    assert differences(one, other) == []
    (other / "en" / "index.html").write_text("<p>Hello!</p>\n")
    (other / "sitemap.xml").write_text("<urlset/>\n")
    assert differences(one, other) == ["only in other: sitemap.xml", "differs: en/index.html"]


@pytest.mark.build
def test_properdocs_fails_strictly_on_a_finding_not_on_a_dirty_build(small, tmp_path):
    """Under ProperDocs a finding still fails ``--strict``, with the handbook's ``file:line: message``.

    The build is ``--dirty``, as ``make serve``'s: the engine's dirty-build notice must not be a
    warning, or a strict dirty build would abort (the handbook lowers that one warning on whichever
    engine's logger is running, and hides it unless ``-v`` is given).
    """
    require_properdocs()
    project = small
    page = project / "docs" / "faq.en.md"
    lines = page.read_text(encoding="utf-8").rstrip("\n").split("\n")
    page.write_text("\n".join(lines) + "\n\nSee [the missing page](no-such-page.md).\n", encoding="utf-8")
    result = properdocs_build(project, tmp_path / "site", "--dirty")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"docs/faq.en.md:{len(lines) + 2}: the link 'no-such-page.md' points to a page or file that does not exist" \
        in result.stderr
    assert not re.search(r"^WARNING\s+-\s+A 'dirty' build", result.stderr, re.MULTILINE)
