"""The benchmark's budgets and exit status, on made-up figures (logic only: nothing is timed here)."""

from __future__ import annotations

import json

import pytest

from handbook.tools import bench, budget, cli


def _pair(hb_wall: float, stock_wall: float, hb_cpu: float, stock_cpu: float) -> dict:
    return {"handbook": {"wall_s": hb_wall, "cpu_s": hb_cpu}, "stock": {"wall_s": stock_wall, "cpu_s": stock_cpu},
            "wall_ratio": hb_wall / stock_wall, "cpu_ratio": hb_cpu / stock_cpu}


def _result(cpu_500: float = 9.0, wall_2000: float = 40.0, preview: float = 0.6) -> dict:
    """Two sizes and two engines that keep every budget, unless a figure is given that does not."""
    rows = []
    for cards, wall, cpu in ((500, 10.0, cpu_500), (2000, wall_2000, 40.0)):
        rows.append({"cards": cards, "card_page_kb": 40.0, "peak_mb": 500.0,
                     "engines": {"properdocs": _pair(wall, 10.5 * cards / 500, cpu, 10.0 * cards / 500),
                                 "mkdocs": _pair(wall, 10.5 * cards / 500, 9.0 * cards / 500, 10.0 * cards / 500)}})
    rows[1]["edit_to_preview_s"] = preview
    result = {"rows": rows, "growth_500_2000": {
        engine: {"wall": rows[1]["engines"][engine]["handbook"]["wall_s"] / rows[0]["engines"][engine]["handbook"]["wall_s"],
                 "cpu": 4.0, "site": 4.0}
        for engine in ("properdocs", "mkdocs")}}
    return result


def test_figures_within_every_budget_give_exit_status_0():
    found = budget.verdicts(_result())
    assert found and all(v.kept for v in found)
    assert budget.exit_status(found) == 0
    names = {v.budget for v in found}
    assert {"wall_ratio", "cpu_ratio", "growth", "edit_to_preview_s", "card_page_kb", "peak_mb"} <= names
    assert "every budget kept" in budget.summary(found)


def test_a_cpu_ratio_over_the_budget_is_missed_by_name_place_and_amount():
    found = budget.verdicts(_result(cpu_500=13.0))  # 13.0 / 10.0: 1.30 against at most 1.0
    misses = budget.missed(found)
    assert [(v.budget, v.where) for v in misses] == [("cpu_ratio", "500 cards, properdocs")]
    assert misses[0].miss == pytest.approx(0.3)
    text = budget.summary(found)
    assert "MISSED cpu_ratio at 500 cards, properdocs: 1.30 > 1.00 (missed by 0.30, 30 %)" in text
    assert "1 budget(s) missed: cpu_ratio at 500 cards, properdocs" in text
    assert budget.exit_status(found) == 1


def test_a_ratio_exactly_at_the_budget_keeps_it():
    result = _result(cpu_500=10.0)  # 10.0 / 10.0
    assert budget.exit_status(budget.verdicts(result)) == 0


def test_growth_and_edit_to_preview_are_budgets_too():
    misses = budget.missed(budget.verdicts(_result(wall_2000=45.0, preview=1.4)))
    assert {(v.budget, v.where) for v in misses} == {
        ("growth", "500 → 2000 cards, properdocs"), ("growth", "500 → 2000 cards, mkdocs"),
        ("edit_to_preview_s", "2000 cards"), ("wall_ratio", "2000 cards, properdocs"),
        ("wall_ratio", "2000 cards, mkdocs")}


def test_a_preview_that_never_shows_the_edit_misses_its_budget():
    result = _result()
    del result["rows"][1]["edit_to_preview_s"]
    result["rows"][1]["edit_to_preview_error"] = "the preview did not show the edit"
    (miss,) = budget.missed(budget.verdicts(result))
    assert (miss.budget, miss.where) == ("edit_to_preview_s", "2000 cards")
    assert "MISSED edit_to_preview_s at 2000 cards: inf > 1.00" in miss.text()


def test_a_floor_is_missed_when_the_figure_is_below_it():
    result = _result()
    result["rows"][0]["vs_stock"] = 1.5  # stock auto-nav only 1.5 times the handbook's time, against at least 2
    (miss,) = budget.missed(budget.verdicts(result))
    assert miss.budget == "vs_stock" and miss.miss == pytest.approx(0.5)
    assert "1.50 < 2.00" in miss.text()


def test_a_figure_not_measured_has_no_verdict():
    result = {"rows": [{"cards": 100, "engines": {"properdocs": _pair(5.0, 5.0, 5.0, 5.0)}}]}
    assert {v.budget for v in budget.verdicts(result)} == {"wall_ratio", "cpu_ratio"}


def test_make_bench_exits_1_and_names_the_budget_missed(monkeypatch, tmp_path, capsys):
    """The command's exit status and report, with the measurement replaced by made-up figures."""
    made_up = _result(cpu_500=13.0)
    for row in made_up["rows"]:
        row.update(pages=10, repeats=5, site_mb=1.0, sanitize_share=0.01, reuse_share=0.01, load=[1.0, 1.0],
                   child_peak_mb=10.0)
        for p in row["engines"].values():
            for side in ("handbook", "stock"):
                p[side].update(build_cpu_s=p[side]["cpu_s"], background_cpu_s=0.0)
    made_up["rows"][1].update(edit_to_preview_runs_s=[0.6, 0.6, 0.7], edit_to_reload_s=0.8)
    seen = {}

    def run(sizes, out_json, workdir=None, **options):
        seen.update(sizes=sizes, **options)
        out_json.write_text(json.dumps(made_up), encoding="utf-8")
        return made_up

    monkeypatch.setattr(bench, "run", run)
    status = cli.main(["bench", "--sizes", "500,2000", "--repeat", "2", "--json", str(tmp_path / "b.json")])
    out = capsys.readouterr().out
    assert status == 1
    assert "MISSED cpu_ratio at 500 cards, properdocs: 1.30 > 1.00" in out
    assert seen["sizes"] == [500, 2000] and seen["repeat"] == 2 and seen["engines"] == ["properdocs", "mkdocs"]
    made_up["rows"][0]["engines"]["properdocs"]["cpu_ratio"] = 0.9
    assert cli.main(["bench", "--sizes", "500,2000", "--json", str(tmp_path / "b.json")]) == 0
    assert "every budget kept" in capsys.readouterr().out


def test_an_unknown_engine_cannot_run():
    assert cli.main(["bench", "--engines", "sphinx"]) == 2


def test_repeats_per_size():
    assert bench.repeats(100, 5, None) == 5 and bench.repeats(500, 5, None) == 5
    assert bench.repeats(2000, 5, None) == 3 and bench.repeats(2000, 2, None) == 2
    assert bench.repeats(2000, 5, 4) == 4


def test_the_fastest_run_counts_for_wall_and_cpu_each():
    runs = [{"seconds": 10.0, "total_cpu_s": 14.0, "cpu_s": 9.0, "children_cpu_s": 5.0, "peak_mb": 300.0,
             "child_peak_mb": 50.0, "timings": {"search": 1.0}},
            {"seconds": 12.0, "total_cpu_s": 13.0, "cpu_s": 8.5, "children_cpu_s": 4.5, "peak_mb": 320.0,
             "child_peak_mb": 40.0, "timings": {"search": 2.0}}]
    best = bench.fastest(runs)
    assert (best["wall_s"], best["cpu_s"], best["peak_mb"], best["timings"]) == (10.0, 13.0, 320.0, {"search": 1.0})
    p = bench.pair(runs, [{**r, "seconds": r["seconds"] / 2, "total_cpu_s": 6.5} for r in runs])
    assert p["wall_ratio"] == pytest.approx(2.0) and p["cpu_ratio"] == pytest.approx(2.0)
