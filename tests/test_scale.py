"""Card pages do not grow with the number of cards (the navigation lists sections only)."""

from __future__ import annotations

import pytest

from conftest import mkdocs_build
from handbook import site as hb_site, synth


@pytest.mark.slow
def test_card_page_size_does_not_grow_with_card_count(tmp_path):
    sizes = {}
    for count in (10, 150):
        project = synth.generate(tmp_path / f"p{count}", count, seed=7)
        assert [f for f in hb_site.load(project).findings if f.severity == "error"] == []
        result = mkdocs_build(project, project / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        for lang, prefix in (("fi", ""), ("en", "en")):
            html = (project / "site" / prefix / "cards" / "synth-card-00003" / "index.html").read_text("utf-8")
            article = html[html.index("<article"):html.index("</article>")]
            sizes[count, lang] = (len(html.encode()), len(html.encode()) - len(article.encode()))
    for lang in ("fi", "en"):
        (_, small_chrome), (large, large_chrome) = sizes[10, lang], sizes[150, lang]
        # everything around the card's own text (navigation, header, footer) is the same size
        assert abs(large_chrome - small_chrome) <= 64, sizes
        assert large < 60_000, sizes


def test_synth_refuses_the_real_docs(tmp_path):
    from conftest import ROOT
    with pytest.raises(ValueError):
        synth.generate(ROOT / "docs" / "synthetic", 1)
