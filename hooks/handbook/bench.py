"""``handbook bench``: the handbook against plain MkDocs on the same pages.

For each size it generates a synthetic handbook (:mod:`handbook.synth`) and
measures, each build in its own process: the handbook's full build; a plain
build of the same pages (the generated pages written out as files, no project
hooks, the same ``nav``); at one size a stock build with automatic navigation;
the check command; sizes of the built site. Results are printed as one table
and written as JSON.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT, synth

BUDGETS = {
    "overhead": 1.15,        # handbook / plain build
    "vs_stock": 2.0,         # stock auto-nav / handbook at the stock size
    "growth": 4.4,           # 500 -> 2000 cards
    "card_page_kb": 60,
    "peak_mb": 1024,
}


def _run_build(project: Path, site_dir: Path) -> dict:
    """One ``mkdocs build`` in a fresh process; its time, peak memory and phase timings."""
    code = (
        "import json, os, resource, sys, time, logging\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        "logging.getLogger('mkdocs').setLevel(logging.ERROR)\n"
        f"cfg = load_config({str(project / 'mkdocs.yml')!r}, site_dir={str(site_dir)!r})\n"
        "t = time.perf_counter(); build(cfg); t = time.perf_counter() - t\n"
        "try:\n    from handbook.build import TIMINGS\nexcept Exception:\n    TIMINGS = {}\n"
        "import sys as _s\n"
        "timings = dict(_s.modules['handbook.build'].TIMINGS) if 'handbook.build' in _s.modules else {}\n"
        "print(json.dumps({'seconds': t, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'timings': timings}))\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def plain_project(handbook_project: Path, out: Path, auto_nav: bool = False) -> Path:
    """The same pages as plain MkDocs files: generated pages written out, no hooks."""
    from mkdocs.config import load_config

    from . import build as hb_build, site as hb_site

    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(handbook_project / "docs", out / "docs")
    hb = hb_site.load(handbook_project)
    for lang in ("fi", "en"):
        for path, content in hb_build.generated_pages(hb, lang).items():
            target = out / "docs" / (path[:-3] + f".{lang}.md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    text = (handbook_project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text)
    if auto_nav:
        text = re.sub(r"\nnav:\n(?:  .*\n|    .*\n)+", "\n", text)
        text = re.sub(r"\nnot_in_nav: \|\n(?:  .*\n)+", "\n", text)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    for name in ("overrides",):
        if (handbook_project / name).exists():
            (out / name).symlink_to((handbook_project / name).resolve(), target_is_directory=True)
    del load_config
    return out


def _site_stats(site_dir: Path, prefix_card: str) -> dict:
    total, largest, card_page = 0, 0, 0
    for path in site_dir.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                largest = max(largest, size)
    card = site_dir / "cards" / prefix_card / "index.html"
    if card.exists():
        card_page = card.stat().st_size
    search = {p.relative_to(site_dir).as_posix(): p.stat().st_size for p in site_dir.rglob("search_index.json")}
    return {"site_mb": total / 2**20, "largest_html_kb": largest / 1024, "card_page_kb": card_page / 1024,
            "search_index_kb": {k: v / 1024 for k, v in search.items()}}


def _check_time(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "handbook.cli", "check", "--root", str(project)],
                   capture_output=True, text=True)
    return time.perf_counter() - start


def _best(project: Path, site_dir: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` builds (the machine's noise only ever adds time)."""
    runs = [_run_build(project, site_dir) for _ in range(max(1, repeat))]
    best = min(runs, key=lambda r: r["seconds"])
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    best["runs_s"] = [r["seconds"] for r in runs]
    return best


def run(sizes: list[int], stock_at: list[int], out_json: Path, workdir: Path | None = None,
        repeat: int = 3, repeat_up_to: int = 500) -> dict:
    """Run the benchmark and return (and write) the results.

    Builds of up to ``repeat_up_to`` cards run ``repeat`` times, alternating handbook and
    plain, and the fastest of each counts; larger builds run once.
    """
    work = Path(workdir or tempfile.mkdtemp(prefix="handbook-bench-"))
    rows = []
    for n in sizes:
        project = synth.generate(work / f"handbook-{n}", n, seed=1)
        plain = plain_project(project, work / f"plain-{n}")
        times = repeat if n <= repeat_up_to else 1
        hb_runs, plain_runs = [], []
        for _ in range(times):
            hb_runs.append(_best(project, project / "site", 1))
            plain_runs.append(_best(plain, plain / "site", 1))
        hb_run = min(hb_runs, key=lambda r: r["seconds"])
        hb_run["peak_mb"] = max(r["peak_mb"] for r in hb_runs)
        plain_run = min(plain_runs, key=lambda r: r["seconds"])
        stats = _site_stats(project / "site", "synth-card-00001")
        row = {
            "cards": n, "pages": len(list((project / "site").rglob("index.html"))),
            "handbook_s": hb_run["seconds"], "plain_s": plain_run["seconds"], "repeats": times,
            "handbook_runs_s": [r["seconds"] for r in hb_runs], "plain_runs_s": [r["seconds"] for r in plain_runs],
            "ratio": hb_run["seconds"] / plain_run["seconds"],
            "peak_mb": hb_run["peak_mb"], "phases_s": hb_run["timings"],
            "citation_share": hb_run["timings"].get("citations", 0) / hb_run["seconds"],
            "check_s": _check_time(project), **stats,
        }
        if n in stock_at:
            stock = plain_project(project, work / f"stock-{n}", auto_nav=True)
            stock_run = _best(stock, stock / "site", 1)
            row["stock_auto_nav_s"] = stock_run["seconds"]
            row["speedup_vs_stock"] = stock_run["seconds"] / hb_run["seconds"]
            shutil.rmtree(stock, ignore_errors=True)
        rows.append(row)
        shutil.rmtree(plain, ignore_errors=True)
        print(format_row(row), flush=True)
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": {"cpus": os.cpu_count()},
              "rows": rows, "budgets": BUDGETS}
    by = {r["cards"]: r for r in rows}
    if 500 in by and 2000 in by:
        result["growth_500_2000"] = {"build": by[2000]["handbook_s"] / by[500]["handbook_s"],
                                     "site": by[2000]["site_mb"] / by[500]["site_mb"]}
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


HEADER = (f"{'cards':>6} {'pages':>6} {'handbook s':>10} {'plain s':>8} {'ratio':>6} {'peak MB':>8} "
          f"{'cite %':>6} {'check s':>8} {'site MB':>8} {'max KB':>7} {'card KB':>7} {'search KB':>9} {'stock s':>8}")


def format_row(r: dict) -> str:
    search = sum(r["search_index_kb"].values())
    stock = f"{r['stock_auto_nav_s']:8.1f}" if "stock_auto_nav_s" in r else f"{'-':>8}"
    return (f"{r['cards']:>6} {r['pages']:>6} {r['handbook_s']:>10.1f} {r['plain_s']:>8.1f} {r['ratio']:>6.2f} "
            f"{r['peak_mb']:>8.0f} {100 * r['citation_share']:>6.1f} {r['check_s']:>8.2f} {r['site_mb']:>8.1f} "
            f"{r['largest_html_kb']:>7.0f} {r['card_page_kb']:>7.1f} {search:>9.0f} {stock}")


def report(result: dict) -> str:
    lines = [HEADER] + [format_row(r) for r in result["rows"]]
    b = result["budgets"]
    lines.append("")
    for r in result["rows"]:
        verdicts = [f"overhead {r['ratio']:.2f} (≤ {b['overhead']})", f"card page {r['card_page_kb']:.0f} KB (≤ {b['card_page_kb']})",
                    f"peak {r['peak_mb']:.0f} MB (< {b['peak_mb']})"]
        if "speedup_vs_stock" in r:
            verdicts.append(f"{r['speedup_vs_stock']:.1f}× faster than stock auto-nav (≥ {b['vs_stock']})")
        lines.append(f"{r['cards']} cards: " + "; ".join(verdicts))
    if "growth_500_2000" in result:
        g = result["growth_500_2000"]
        lines.append(f"growth 500→2000 cards: build {g['build']:.2f}, site {g['site']:.2f} (linear 4.0, budget ≤ {b['growth']})")
    return "\n".join(lines)
