"""``handbook bench``: the handbook against plain MkDocs on the same pages.

For each size it generates a synthetic handbook (:mod:`handbook.tools.synth`) and
measures, each build in its own process: the handbook's full build; a plain
build of the same pages (the generated pages written out as files, no project
hooks, the same ``nav``) with stock Material's own search, as stock Material
builds, and once more without any search index; at one size a stock build with
automatic navigation; the check command; sizes of the built site. Results are
printed as one table and written as JSON.

The handbook's build uses the machine's second core for its checks and the
search index (see :mod:`handbook.engine.background`); the CPU seconds of the build and
of its child processes are recorded next to the wall-clock times.
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
from typing import TYPE_CHECKING, Any

from handbook.tools import synth

if TYPE_CHECKING:  # Playwright is imported only when the search is measured
    from playwright.sync_api import Browser

#: one measurement (a build's, a check's, a query's, a row of the results) as JSON data
Row = dict[str, Any]

BUDGETS = {
    "overhead": 1.15,        # handbook / plain build
    "vs_stock": 2.0,         # stock auto-nav / handbook at the stock size
    "growth": 4.4,           # 500 -> 2000 cards
    "card_page_kb": 60,
    "peak_mb": 1024,
    "sanitize_share": 0.05,  # issue 16: the sanitizer and the CSP at 2,000 cards
    "reuse_share": 0.05,     # issue 21: feeds, JSON-LD, histories, versions cited, absolute alternates
}


def _run_build(project: Path, site_dir: Path, engine: str = "mkdocs") -> Row:
    """One build (``mkdocs``, or ``properdocs``: the default engine of ``make build``) in a fresh
    process; its time, peak memory and phase timings."""
    code = (
        "import json, os, resource, sys, time, logging\n"
        + ("import properdocs.replacement  # mkdocs.* imports become properdocs.*, as its command does\n"
           if engine == "properdocs" else "")
        + f"from {engine}.config import load_config\n"
        f"from {engine}.commands.build import build\n"
        f"logging.getLogger({engine!r}).setLevel(logging.ERROR)\n"
        f"cfg = load_config({str(project / 'mkdocs.yml')!r}, site_dir={str(site_dir)!r})\n"
        "t = time.perf_counter(); build(cfg); t = time.perf_counter() - t\n"
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
        raise RuntimeError(f"build of {project} failed:\n{result.stderr[-3000:]}")
    measured: Row = json.loads(result.stdout.strip().splitlines()[-1])
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


def incremental_rebuild(project: Path) -> float:
    """Seconds for a second build in the same process after one card changed (what `make serve` does)."""
    code = (
        "import logging, sys, time\n"
        "sys.argv = ['mkdocs', 'serve', '--dirty']  # what `make serve` runs; mkdocs-static-i18n reads it\n"
        "from pathlib import Path\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        "logging.basicConfig(level=logging.WARNING)  # strict: a warning fails the rebuild, as in make serve\n"
        "def cfg():\n"
        f"    return load_config({str(project / 'mkdocs.yml')!r}, site_dir={str(project / 'site-serve')!r})\n"
        "build(cfg())\n"
        f"card = Path({str(project)!r}) / 'docs' / 'cards' / 'synth-card-00001' / 'index.fi.md'\n"
        "card.write_text(card.read_text(encoding='utf-8') + '\\nLisätty kappale.\\n', encoding='utf-8')\n"
        "t = time.perf_counter(); build(cfg(), dirty=True); print(time.perf_counter() - t)\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project, env=env)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return float(result.stdout.strip().splitlines()[-1])


def _fastest(runs: list[Row]) -> Row:
    """The fastest of several builds of one project (the machine's noise only ever adds time),
    with the highest peak memory of them all."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    best["child_peak_mb"] = max(r["child_peak_mb"] for r in runs)
    return best


def run(sizes: list[int], stock_at: list[int], out_json: Path, workdir: Path | None = None,
        repeat: int = 5, repeat_up_to: int = 500, incremental_at: tuple[int, ...] = (500,)) -> Row:
    """Run the benchmark and return (and write) the results.

    Builds of up to ``repeat_up_to`` cards run ``repeat`` times, alternating handbook and
    plain, and the fastest of each counts; larger builds run once.
    """
    work = Path(workdir or tempfile.mkdtemp(prefix="handbook-bench-"))
    rows = []
    for n in sizes:
        project = synth.generate(work / f"handbook-{n}", n, seed=1)
        with_history(project)
        plain = plain_project(project, work / f"plain-{n}")
        times = repeat if n <= repeat_up_to else 1
        hb_runs, plain_runs = [], []
        for _ in range(times):
            hb_runs.append(_run_build(project, project / "site"))
            plain_runs.append(_run_build(plain, plain / "site"))
        hb_run, plain_run = _fastest(hb_runs), _fastest(plain_runs)
        bare = plain_project(project, work / f"bare-{n}", search=False)
        bare_run = _run_build(bare, bare / "site")
        shutil.rmtree(bare, ignore_errors=True)
        stats = _site_stats(project / "site", "synth-card-00001")
        row = {
            "cards": n, "pages": len(list((project / "site").rglob("index.html"))),
            "handbook_s": hb_run["seconds"], "plain_s": plain_run["seconds"], "repeats": times,
            "handbook_runs_s": [r["seconds"] for r in hb_runs], "plain_runs_s": [r["seconds"] for r in plain_runs],
            "ratio": hb_run["seconds"] / plain_run["seconds"],
            "plain_no_search_s": bare_run["seconds"], "ratio_no_search": hb_run["seconds"] / bare_run["seconds"],
            "handbook_cpu_s": hb_run["cpu_s"], "handbook_children_cpu_s": hb_run["children_cpu_s"],
            "plain_cpu_s": plain_run["cpu_s"],
            "peak_mb": hb_run["peak_mb"], "child_peak_mb": hb_run["child_peak_mb"], "phases_s": hb_run["timings"],
            "citation_share": hb_run["timings"].get("citations", 0) / hb_run["seconds"],
            "search_share": hb_run["timings"].get("search", 0) / hb_run["seconds"],
            "sanitize_share": hb_run["timings"].get("sanitize", 0) / hb_run["seconds"],
            "reuse_share": hb_run["timings"].get("reuse", 0) / hb_run["seconds"],
            "reuse_background_s": hb_run["timings"].get("reuse_background", 0),
            **stats, **check_vs_lychee(project), **search_stats(project / "site"),
        }
        if n in incremental_at:
            row["incremental_s"] = incremental_rebuild(project)
        if n in stock_at:
            stock = plain_project(project, work / f"stock-{n}", auto_nav=True)
            stock_run = _run_build(stock, stock / "site")
            row["stock_auto_nav_s"] = stock_run["seconds"]
            row["speedup_vs_stock"] = stock_run["seconds"] / hb_run["seconds"]
            proper = _fastest([_run_build(project, project / "site-properdocs", "properdocs") for _ in range(times)])
            row["properdocs_s"] = proper["seconds"]
            row["properdocs_ratio"] = proper["seconds"] / hb_run["seconds"]
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


HEADER = (f"{'cards':>6} {'pages':>6} {'build s':>8} {'plain s':>8} {'ratio':>6} {'bare s':>7} {'ratio0':>6} "
          f"{'cpu s':>6} {'peak MB':>8} {'cite%':>6} "
          f"{'srch%':>6} {'site MB':>8} {'maxKB':>6} {'cardKB':>6} {'check s':>8} {'lychee':>7} {'idx fi/en KB':>13} "
          f"{'q KB':>6} {'q ms':>6} {'stock s':>8}")


def format_row(r: Row) -> str:
    """One row of the results table (:data:`HEADER`)."""
    idx = r.get("search_index_kb", {})
    index = f"{idx.get('fi', 0):.0f}/{idx.get('en', 0):.0f}"
    stock = f"{r['stock_auto_nav_s']:8.1f}" if "stock_auto_nav_s" in r else f"{'-':>8}"
    lychee = f"{r['lychee_s']:7.2f}" if "lychee_s" in r else f"{'-':>7}"
    query_kb = f"{r['query_kb']:6.0f}" if "query_kb" in r else f"{'-':>6}"
    query_ms = f"{r['results_ms']:6.0f}" if "results_ms" in r else f"{'-':>6}"
    cpu = r["handbook_cpu_s"] + r["handbook_children_cpu_s"]
    return (f"{r['cards']:>6} {r['pages']:>6} {r['handbook_s']:>8.1f} {r['plain_s']:>8.1f} {r['ratio']:>6.2f} "
            f"{r['plain_no_search_s']:>7.1f} {r['ratio_no_search']:>6.2f} {cpu:>6.1f} {r['peak_mb']:>8.0f} {100 * r['citation_share']:>6.1f} {100 * r['search_share']:>6.1f} "
            f"{r['site_mb']:>8.1f} {r['largest_html_kb']:>6.0f} {r['card_page_kb']:>6.1f} {r['check_s']:>8.2f} "
            f"{lychee} {index:>13} {query_kb} {query_ms} {stock}")


def report(result: Row) -> str:
    """The results table and each size's verdicts against :data:`BUDGETS`."""
    lines = [HEADER] + [format_row(r) for r in result["rows"]]
    b = result["budgets"]
    lines.append("")
    for r in result["rows"]:
        verdicts = [f"overhead {r['ratio']:.2f} against stock Material with its search (≤ {b['overhead']}; "
                    f"{r['ratio_no_search']:.2f} against a build with no search index)", f"card page {r['card_page_kb']:.0f} KB (≤ {b['card_page_kb']})",
                    f"peak {r['peak_mb']:.0f} MB (< {b['peak_mb']}; the largest background process "
                    f"{r['child_peak_mb']:.0f} MB, mostly shared with the build)"]
        if "speedup_vs_stock" in r:
            verdicts.append(f"{r['speedup_vs_stock']:.1f}× faster than stock auto-nav (≥ {b['vs_stock']})")
        if "check_vs_lychee" in r:
            verdicts.append(f"check {r['check_vs_lychee']:.2f}× lychee's time (≤ 2; findings {r['check_findings']}, "
                            f"lychee errors {r['lychee_errors']})")
        if "query_kb" in r:
            verdicts.append(f"one query fetches {r['query_kb']:.0f} KB (< 300) in {r['results_ms']:.0f} ms (< 300; "
                            f"median of {len(r.get('results_runs_ms', [0]))}), after {r['loader_kb']:.0f} KB on focus")
        verdicts.append(f"sanitizer and CSP {100 * r['sanitize_share']:.1f} % of the build "
                        f"(≤ {100 * b['sanitize_share']:.0f} %)")
        verdicts.append(f"feeds, JSON-LD, histories and alternates {100 * r['reuse_share']:.1f} % of the build "
                        f"(≤ {100 * b['reuse_share']:.0f} %), plus {r['reuse_background_s']:.2f} s on the second core")
        if "properdocs_s" in r:
            verdicts.append(f"the same build with ProperDocs (make build's engine) {r['properdocs_s']:.1f} s, "
                            f"{r['properdocs_ratio']:.2f}× MkDocs' time")
        if "incremental_s" in r:
            verdicts.append(f"rebuild after editing one card {r['incremental_s']:.1f} s (< 2)")
        lines.append(f"{r['cards']} cards: " + "; ".join(verdicts))
    if "growth_500_2000" in result:
        g = result["growth_500_2000"]
        lines.append(f"growth 500→2000 cards: build {g['build']:.2f}, site {g['site']:.2f} (linear 4.0, budget ≤ {b['growth']})")
    return "\n".join(lines)
