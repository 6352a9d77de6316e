"""``handbook bench`` (``make bench``): the handbook against stock Material on the same pages, with
budgets; it exits 1 when a budget is missed and prints which, and by how much
(:mod:`handbook.tools.budget`).

For each size it generates a synthetic handbook (:mod:`handbook.tools.synth`) and the same pages
as a plain project (the generated pages written out as files, no project hooks, the same ``nav``)
built by stock Material with its own search plugin. Each engine (ProperDocs, the engine of
``make build`` and ``make serve``, first; MkDocs second) builds both, each build in a fresh process,
interleaved (handbook, stock, handbook, stock, ...) so that the load of a shared machine falls on
both sides alike; the fastest of the repeats counts, for wall time and for CPU time each (the
machine's noise only ever adds time). CPU time is that of the build's process and of every process
it starts (the forked background work, Pagefind): the measuring process is their subreaper and waits
for all of them. Also measured: the edit-to-preview time of ``make serve``
(:mod:`handbook.tools.edit_preview`); with the extras, a stock build without any search index, a
stock build with automatic navigation, ``handbook check`` against lychee, one search query in
Chromium and the built site's sizes. Results are printed as tables and written as JSON.
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbook.tools import budget, edit_preview, synth

if TYPE_CHECKING:  # Playwright is imported only when the search is measured
    from playwright.sync_api import Browser

#: one measurement (a build's, a check's, a query's, a row of the results) as JSON data
Row = dict[str, Any]

#: the engines measured: the first is the main row (the engine of ``make build`` and ``make serve``)
ENGINES = ("properdocs", "mkdocs")

#: sizes up to this many cards run ``repeat`` builds of each kind, larger ones ``repeat_large``
REPEAT_UP_TO = 500
def _run_build(project: Path, site_dir: Path, engine: str = "properdocs") -> Row:
    """One build (``properdocs``, the engine of ``make build``, or ``mkdocs``) in a fresh process: its
    wall time from reading the configuration to the end of the build, the CPU seconds of the process
    and of every process it started (the process is their subreaper and waits for all of them, so
    that a background process left running still counts), peak memory and the handbook's phase timings."""
    code = (
        "import ctypes, json, os, resource, sys, time, logging\n"
        "if sys.platform == 'linux':  # PR_SET_CHILD_SUBREAPER: orphaned descendants are waited for here\n"
        "    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)\n"
        + ("import properdocs.replacement  # mkdocs.* imports become properdocs.*, as its command does\n"
           if engine == "properdocs" else "")
        + f"from {engine}.config import load_config\n"
        f"from {engine}.commands.build import build\n"
        f"logging.getLogger({engine!r}).setLevel(logging.ERROR)\n"
        "t = time.perf_counter()\n"
        f"cfg = load_config({str(project / 'mkdocs.yml')!r}, site_dir={str(site_dir)!r})\n"
        "build(cfg); t = time.perf_counter() - t\n"
        "while True:\n"
        "    try:\n"
        "        os.wait()\n"
        "    except ChildProcessError:\n"
        "        break\n"
        "path = os.environ.get('HANDBOOK_TIMINGS', '')\n"
        "timings = json.loads(open(path).read()) if path and os.path.exists(path) else {}\n"
        "ru = resource.getrusage(resource.RUSAGE_SELF); rc = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'seconds': t, 'peak_mb': ru.ru_maxrss / 1024, 'child_peak_mb': rc.ru_maxrss / 1024,"
        " 'cpu_s': ru.ru_utime + ru.ru_stime, 'children_cpu_s': rc.ru_utime + rc.ru_stime,"
        " 'timings': timings}))\n"
    )
    timings = site_dir.parent / f"{site_dir.name}-timings.json"  # the build writes its phases' seconds here
    timings.unlink(missing_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TIMINGS": str(timings)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{engine} build of {project} failed:\n{result.stderr[-3000:]}")
    measured: Row = json.loads(result.stdout.strip().splitlines()[-1])
    measured["total_cpu_s"] = measured["cpu_s"] + measured["children_cpu_s"]
    return measured

def with_history(project: Path) -> None:
    """Make ``project`` a git repository with two commits (every card, then every other card
    changed), so that the build's page histories, feeds and versions cited have work to do."""
    git = ["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.invalid",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Synthetic handbook"], cwd=project, check=True)
    for i, text in enumerate(sorted((project / "docs" / "cards").glob("synth-card-*/index.fi.md"))):
        if i % 2 == 0:
            text.write_text(text.read_text(encoding="utf-8") + "\nTarkennettu kappale.\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-a", "-m", "Every other card revised"], cwd=project, check=True)


def plain_project(handbook_project: Path, out: Path, auto_nav: bool = False, search: bool = True) -> Path:
    """The same pages as plain MkDocs files: generated pages written out, no hooks.

    ``search``: stock Material's search plugin, as stock Material builds (the handbook
    replaces it with Pagefind); without it the plain build makes no search index at all.
    """
    from handbook.render import generated
    from handbook.content import handbook as hb_site

    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(handbook_project / "docs", out / "docs")
    hb = hb_site.load(handbook_project)
    for lang in hb.langs:
        for path, content in generated.generated_pages(hb, lang).items():
            target = out / "docs" / (path[:-3] + f".{lang}.md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    text = (handbook_project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text)
    if search:
        text = text.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1)
        text = text.replace("reconfigure_search: false", "reconfigure_search: true")
    if auto_nav:
        text = re.sub(r"\nnav:\n(?:  .*\n|    .*\n)+", "\n", text)
        text = re.sub(r"\nnot_in_nav: \|\n(?:  .*\n)+", "\n", text)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    for name in ("overrides",):
        if (handbook_project / name).exists():
            (out / name).symlink_to((handbook_project / name).resolve(), target_is_directory=True)
    return out


def _site_stats(site_dir: Path, prefix_card: str) -> Row:
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
    return {"site_mb": total / 2**20, "largest_html_kb": largest / 1024, "card_page_kb": card_page / 1024}


_MEASURE = ("import resource, subprocess, sys, time, json\n"
            "t = time.perf_counter()\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': r.returncode, 'out': r.stdout,"
            " 'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n")


def measure(cmd: list[str], cwd: Path) -> Row:
    """Wall time, exit status, output tail and peak memory of one command (in its own process)."""
    result = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, cwd=cwd)
    measured: Row = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


PLANTED = '<p><a href="../synth-card-missing/">broken</a> <a href="#no-such-anchor">anchor</a></p>'


def plant_faults(site_dir: Path) -> None:
    """Two link faults in one built page (a missing page, a missing anchor) for both checkers to find."""
    page = site_dir / "cards" / "synth-card-00002" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", PLANTED + "</article>", 1), encoding="utf-8")


def check_vs_lychee(project: Path) -> Row:
    """The full offline check (sources and built site) against lychee on the same built site,
    with two planted faults that both should find."""
    plant_faults(project / "site")
    ours = measure([sys.executable, "-m", "handbook.tools.cli", "check", "--root", str(project), "--site",
                    str(project / "site"), "--format", "json"], project)
    found = json.loads(ours["out"] or "[]")
    links = [f for f in found if f["rule"].startswith(("html-", "link-"))]
    row = {"check_s": ours["seconds"], "check_peak_mb": ours["peak_mb"], "check_findings": len(links),
           "check_all_findings": len(found)}
    lychee = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if Path(lychee).exists():
        res = measure([lychee, "--offline", "--include-fragments", "--index-files", "index.html", "--root-dir",
                       str(project / "site"), "--no-progress", "--format", "compact",
                       str(project / "site") + "/**/*.html"], project)
        errors = re.search(r"(\d+) Errors?", res["out"])
        row.update(lychee_s=res["seconds"], lychee_peak_mb=res["peak_mb"],
                   lychee_errors=int(errors.group(1)) if errors else (0 if res["rc"] == 0 else -1),
                   check_vs_lychee=ours["seconds"] / res["seconds"])
    return row


def search_stats(site_dir: Path, query: str = "lastensuojelussa") -> Row:
    """Index size per language; bytes fetched and time to results for one query (needs Chromium)."""
    sizes: dict[str, int] = {}
    for path in (site_dir / "pagefind").rglob("*"):
        if path.is_file():
            match = re.search(r"(?:^|[._])(fi|en)[._]", path.name)
            if match:
                sizes[match.group(1)] = sizes.get(match.group(1), 0) + path.stat().st_size
    out: Row = {"search_index_kb": {k: v / 1024 for k, v in sorted(sizes.items())}}
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return out
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-dev-shm-usage"])
            runs = [_one_query(browser, base + "/", query) for _ in range(QUERY_RUNS)]
            browser.close()
        middle = sorted(runs, key=lambda r: r["results_ms"])[len(runs) // 2]
        out.update(middle, results_runs_ms=[r["results_ms"] for r in runs])
    finally:
        httpd.shutdown()
    return out


#: fresh browser sessions per query measurement (the median counts)
QUERY_RUNS = 3


def _one_query(browser: Browser, url: str, query: str) -> Row:
    """Bytes Pagefind loads when the search box gets focus, then the bytes fetched and the time until
    the first results show for ``query``, in a fresh browser session (empty cache)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    fetched = []
    page.on("response", lambda r: fetched.append(r) if "/pagefind/" in r.url else None)
    page.keyboard.press("/")
    page.focus("#hb-search-input")
    page.wait_for_timeout(500)  # Pagefind loads on focus: pagefind.js, its worker, metadata and WebAssembly
    page.wait_for_load_state("networkidle")
    loader = sum(len(r.body()) for r in fetched)
    fetched.clear()
    start = time.perf_counter()
    page.fill("#hb-search-input", query)
    page.locator("#hb-search-results li").first.wait_for(timeout=30000)  # no string eval: the pages' CSP refuses it
    elapsed = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    out = {"query_kb": sum(len(r.body()) for r in fetched) / 1024, "loader_kb": loader / 1024,
           "results_ms": elapsed * 1000 - 80}  # minus the input debounce
    context.close()
    return out


def fastest(runs: list[Row]) -> Row:
    """The fastest of several builds of one project, for wall time and for CPU time each (the
    machine's noise only ever adds time), with every run's figures and the highest peak memory;
    the phase timings are the fastest wall-time run's."""
    quickest = min(runs, key=lambda r: r["seconds"])
    return {"wall_s": quickest["seconds"], "cpu_s": min(r["total_cpu_s"] for r in runs),
            "runs_wall_s": [r["seconds"] for r in runs], "runs_cpu_s": [r["total_cpu_s"] for r in runs],
            "build_cpu_s": min(r["cpu_s"] for r in runs), "background_cpu_s": min(r["children_cpu_s"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "child_peak_mb": max(r["child_peak_mb"] for r in runs),
            "timings": quickest["timings"]}


def pair(handbook_runs: list[Row], stock_runs: list[Row]) -> Row:
    """One engine's figures at one size: the fastest handbook and stock builds and their ratios."""
    hb, stock = fastest(handbook_runs), fastest(stock_runs)
    return {"handbook": hb, "stock": stock, "wall_ratio": hb["wall_s"] / stock["wall_s"],
            "cpu_ratio": hb["cpu_s"] / stock["cpu_s"]}


def repeats(cards: int, repeat: int, repeat_large: int | None) -> int:
    """Builds of each kind at ``cards``: ``repeat`` up to :data:`REPEAT_UP_TO` cards, else ``repeat_large``
    (by default 3, or ``repeat`` when that is fewer)."""
    if cards <= REPEAT_UP_TO:
        return repeat
    return repeat_large if repeat_large is not None else min(3, repeat)


def _load() -> float:
    """The machine's load over the last minute (how busy it was)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def run(sizes: Sequence[int], out_json: Path, workdir: Path | None = None, repeat: int = 5,
        repeat_large: int | None = None, engines: Sequence[str] = ENGINES, stock_at: Sequence[int] = (500,),
        preview_at: Sequence[int] = (2000,), extras: bool = True,
        progress: Callable[[str], None] = lambda line: print(line, flush=True)) -> Row:
    """Run the benchmark; return (and write to ``out_json``) the results, each size's row as it is
    measured passed to ``progress`` (:func:`format_row`). :func:`handbook.tools.budget.verdicts` reads them."""
    work = Path(workdir or tempfile.mkdtemp(prefix="handbook-bench-"))
    rows = []
    for n in sizes:
        load_before = _load()
        project = synth.generate(work / f"handbook-{n}", n, seed=1)
        with_history(project)
        plain = plain_project(project, work / f"plain-{n}")
        times = repeats(n, repeat, repeat_large)
        runs: dict[str, tuple[list[Row], list[Row]]] = {engine: ([], []) for engine in engines}
        for _ in range(times):  # interleaved: handbook, stock, handbook, stock, ... for every engine in turn
            for engine in engines:
                runs[engine][0].append(_run_build(project, _site(project, engine, engines), engine))
                runs[engine][1].append(_run_build(plain, _site(plain, engine, engines), engine))
        row: Row = {"cards": n, "pages": len(list((project / "site").rglob("index.html"))), "repeats": times,
                    "engines": {engine: pair(*runs[engine]) for engine in engines}}
        main = row["engines"][engines[0]]["handbook"]
        row.update(_site_stats(project / "site", "synth-card-00001"))
        row.update(peak_mb=main["peak_mb"], child_peak_mb=main["child_peak_mb"], phases_s=main["timings"],
                   sanitize_share=main["timings"].get("sanitize", 0) / main["wall_s"],
                   reuse_share=main["timings"].get("reuse", 0) / main["wall_s"],
                   reuse_background_s=main["timings"].get("reuse_background", 0))
        if extras:
            bare = plain_project(project, work / f"bare-{n}", search=False)
            row["stock_no_search_s"] = _run_build(bare, bare / "site", engines[0])["seconds"]
            row["ratio_no_search"] = main["wall_s"] / row["stock_no_search_s"]
            shutil.rmtree(bare, ignore_errors=True)
            row.update(check_vs_lychee(project))
            found = search_stats(project / "site")
            row.update(found)
            if "results_ms" in found:
                row["query_ms"] = found["results_ms"]
            if n in stock_at:
                stock = plain_project(project, work / f"stock-{n}", auto_nav=True)
                row["stock_auto_nav_s"] = _run_build(stock, stock / "site", engines[0])["seconds"]
                row["vs_stock"] = row["stock_auto_nav_s"] / main["wall_s"]
                shutil.rmtree(stock, ignore_errors=True)
        if n in preview_at:
            try:
                preview = edit_preview.edit_to_preview(project, engines[0])
            except RuntimeError as error:  # the server did not start or never showed the edit: a missed budget
                row["edit_to_preview_error"] = str(error)[-2000:]
            else:
                row.update(edit_to_preview_s=preview["seconds"], edit_to_preview_runs_s=preview["runs_s"],
                           edit_to_reload_s=preview["reload_s"], edit_to_reload_runs_s=preview["reload_runs_s"])
        row["load"] = [load_before, _load()]
        rows.append(row)
        shutil.rmtree(plain, ignore_errors=True)
        progress(format_row(row))
        result = results(rows, engines, complete=n == sizes[-1])
        out_json.parent.mkdir(parents=True, exist_ok=True)  # after every size: a long run that stops keeps its sizes
        out_json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return results(rows, engines)


def results(rows: list[Row], engines: Sequence[str], complete: bool = True) -> Row:
    """The results of the sizes in ``rows``: the date, the machine, the growth from 500 to 2,000 cards
    and the verdicts (:func:`handbook.tools.budget.verdicts`); ``complete`` is false while sizes remain."""
    result: Row = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": {"cpus": os.cpu_count()},
                   "engines": list(engines), "complete": complete, "rows": rows, "budgets": budget.BUDGETS}
    by = {r["cards"]: r for r in rows}
    if 500 in by and 2000 in by:
        result["growth_500_2000"] = {
            engine: {"wall": by[2000]["engines"][engine]["handbook"]["wall_s"] / by[500]["engines"][engine]["handbook"]["wall_s"],
                     "cpu": by[2000]["engines"][engine]["handbook"]["cpu_s"] / by[500]["engines"][engine]["handbook"]["cpu_s"],
                     "site": by[2000]["site_mb"] / by[500]["site_mb"]}
            for engine in engines}
    result["verdicts"] = [dict(v.__dict__, kept=v.kept, miss=v.miss) for v in budget.verdicts(result)]
    return result


def _site(project: Path, engine: str, engines: Sequence[str]) -> Path:
    """Where ``engine`` builds ``project``: ``site/`` for the main engine (the extras read it), else ``site-<engine>/``."""
    return project / ("site" if engine == engines[0] else f"site-{engine}")


HEADER = (f"{'cards':>6} {'pages':>6} {'engine':<11} {'handbook s':>10} {'stock s':>8} {'wall ratio':>10} "
          f"{'handbook CPU s':>14} {'stock CPU s':>11} {'CPU ratio':>9} {'runs':>4} {'load':>10}")


def format_row(r: Row) -> str:
    """A size's lines of the results table (:data:`HEADER`): one per engine, then the other figures."""
    lines = []
    for engine, p in r["engines"].items():
        hb, stock = p["handbook"], p["stock"]
        lines.append(f"{r['cards']:>6} {r['pages']:>6} {engine:<11} {hb['wall_s']:>10.1f} {stock['wall_s']:>8.1f} "
                     f"{p['wall_ratio']:>10.2f} {hb['cpu_s']:>14.1f} {stock['cpu_s']:>11.1f} {p['cpu_ratio']:>9.2f} "
                     f"{r['repeats']:>4} {r['load'][0]:>4.1f}-{r['load'][1]:<4.1f}")
    main = next(iter(r["engines"].values()))["handbook"]
    extra = [f"handbook CPU {main['build_cpu_s']:.1f} s in the build + {main['background_cpu_s']:.1f} s in background processes",
             f"peak {r['peak_mb']:.0f} MB", f"site {r['site_mb']:.0f} MB", f"card page {r['card_page_kb']:.0f} KB",
             f"sanitizer {100 * r['sanitize_share']:.1f} %", f"reuse {100 * r['reuse_share']:.1f} %"]
    if "stock_no_search_s" in r:
        extra.append(f"stock without search {r['stock_no_search_s']:.1f} s (ratio {r['ratio_no_search']:.2f})")
    if "stock_auto_nav_s" in r:
        extra.append(f"stock auto-nav {r['stock_auto_nav_s']:.1f} s ({r['vs_stock']:.1f}× the handbook's time)")
    if "check_s" in r:
        extra.append(f"handbook check {r['check_s']:.1f} s" + (f", lychee {r['lychee_s']:.1f} s" if "lychee_s" in r else ""))
    if "query_kb" in r:
        extra.append(f"one query {r['query_kb']:.0f} KB in {r['results_ms']:.0f} ms after {r['loader_kb']:.0f} KB on focus")
    if "edit_to_preview_error" in r:
        extra.append("edit to preview: the preview never showed the edit (see edit_to_preview_error in the JSON)")
    if "edit_to_preview_s" in r:
        extra.append(f"edit to preview {r['edit_to_preview_s']:.2f} s (runs {', '.join(f'{s:.2f}' for s in r['edit_to_preview_runs_s'])}; "
                     f"the reload notice after {r['edit_to_reload_s']:.2f} s)")
    lines.append(f"{'':>6} {r['cards']} cards: " + "; ".join(extra))
    return "\n".join(lines)


def report(result: Row) -> str:
    """The results table, the growth and every budget's verdict (:mod:`handbook.tools.budget`)."""
    lines = [HEADER] + [format_row(r) for r in result["rows"]]
    for engine, g in result.get("growth_500_2000", {}).items():
        lines.append(f"growth 500→2000 cards, {engine}: wall {g['wall']:.2f}, CPU {g['cpu']:.2f}, site {g['site']:.2f} "
                     "(linear 4.0)")
    lines.append("")
    lines.append(budget.summary(budget.verdicts(result, result.get("budgets"))))
    return "\n".join(lines)
