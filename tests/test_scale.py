"""Scale: card pages do not grow with the number of cards, and the benchmark's generator and
the benchmark itself keep working (they are not run at full size here)."""

from __future__ import annotations

import json

import pytest

from helpers import ROOT, mkdocs_build
from handbook.tools.check import check
from handbook.tools import synth


@pytest.mark.build
def test_card_page_size_does_not_grow_with_card_count(tmp_path):
    sizes = {}
    for count in (10, 150):
        project = synth.generate(tmp_path / f"p{count}", count, seed=7)
        assert [f for f in check(project)[1] if f.severity == "error"] == []
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
    with pytest.raises(ValueError):
        synth.generate(ROOT / "docs" / "synthetic", 1)


def _files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and "site" not in p.relative_to(root).parts}


@pytest.mark.build
def test_synthetic_handbook_builds_strictly_and_passes_the_checks(tmp_path):
    """The benchmark's generator: 50 cards, deterministic for a seed, strict build and `handbook check` clean."""
    import subprocess
    import sys

    project = synth.generate(tmp_path / "a", 50, seed=3)
    again = synth.generate(tmp_path / "b", 50, seed=3)
    assert _files(project) == _files(again)
    assert _files(project) != _files(synth.generate(tmp_path / "c", 50, seed=4))
    cards = sorted((project / "docs" / "cards").glob("synth-card-*"))
    assert len(cards) == 50
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    check = subprocess.run([sys.executable, "-m", "handbook.tools.cli", "check", "--root", str(project), "--site",
                            str(project / "site"), "--format", "json"], capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr
    assert [f for f in json.loads(check.stdout) if f["severity"] == "error"] == []


@pytest.mark.build
def test_benchmark_runs_on_a_small_handbook(tmp_path):
    """`make bench` end to end on 12 cards with both engines, so that the benchmark cannot rot: every
    figure the budgets read is there, and the report has a verdict on each."""
    from handbook.tools import bench, budget

    out = tmp_path / "bench.json"
    result = bench.run([12], out_json=out, workdir=tmp_path / "work", repeat=1, stock_at=[12], preview_at=[12])
    row = result["rows"][0]
    assert set(row["engines"]) == {"properdocs", "mkdocs"}
    for engine in row["engines"].values():
        for side in ("handbook", "stock"):
            assert engine[side]["wall_s"] > 0 and engine[side]["cpu_s"] > 0
        assert engine["handbook"]["background_cpu_s"] > 0  # the forked background work is counted
        assert engine["wall_ratio"] > 0 and engine["cpu_ratio"] > 0
    for key in ("stock_no_search_s", "peak_mb", "site_mb", "card_page_kb", "check_s", "search_index_kb",
                "stock_auto_nav_s", "edit_to_preview_s"):
        assert key in row, key
    assert row["card_page_kb"] < 60 and row["edit_to_preview_s"] > 0
    assert sorted(row["search_index_kb"]) == ["en", "fi"]
    assert row["check_findings"] == 2  # the two planted link faults
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["rows"][0]["cards"] == 12 and saved["verdicts"]
    text = bench.report(result)
    assert "wall_ratio at 12 cards, properdocs" in text and "cpu_ratio at 12 cards, mkdocs" in text
    assert {v.budget for v in budget.verdicts(result)} >= {"wall_ratio", "cpu_ratio", "edit_to_preview_s"}
