"""The small handbook the tests break (``helpers.write_small_site``) is itself valid: nothing to find, a strict build.

Every test that breaks it expects its one fault to be the only thing wrong; these two tests say why
that holds.
"""

from __future__ import annotations

import pytest

from helpers import CARD, OTHER_CARD, RESEARCH, findings, mkdocs_build
from handbook.content import handbook as hb_site


def test_the_small_handbook_has_no_findings(small):
    assert [f.text("en") for f in findings(small)] == []
    hb = hb_site.load(small)
    assert sorted(c.folder.relative_to(small).as_posix() for c in hb.cards) == sorted([CARD, OTHER_CARD])
    assert {p.rel for p in hb.pages} >= {f"{RESEARCH}.fi.md", f"{RESEARCH}.en.md", "docs/faq.fi.md", "docs/faq.en.md"}
    assert hb.facts and hb.terms and len(hb.bib.entries) == 4


@pytest.mark.build
def test_the_small_handbook_builds_strictly_without_a_warning(small, tmp_path):
    result = mkdocs_build(small, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == []
    for prefix in ("", "en/"):
        for folder in (CARD, OTHER_CARD, RESEARCH):
            assert (tmp_path / "site" / prefix / folder.removeprefix("docs/") / "index.html").exists(), (prefix, folder)
