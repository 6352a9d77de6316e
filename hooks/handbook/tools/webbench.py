"""``make bench-web``: Lighthouse's mobile performance and the first view's weight of five kinds of page.

The built site is served by :class:`PrecompressedHandler` on 127.0.0.1, as static hosts serve it: a
file's ``.br`` (or ``.gz``) copy when the browser accepts it (:mod:`handbook.publish.compress`
writes them). Lighthouse 12 (npm, pinned in ``package-lock.json``) audits each page in the system's
Chromium with its mobile preset (``lighthouse_perf.mjs``), three times (the run with the median
score counts: one run varies with the machine's load). For each page it prints the performance
score, the main timings and the weight of the first view: the page, its style sheets and scripts,
as transferred (compressed, with headers) and as the browser has them (uncompressed). This is a
measurement, not a test: it depends on the machine.

    python -m handbook.tools.webbench site [--runs 3] [--json bench-results/web.json] [--page NAME=/path/ …]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

#: the project (where ``node_modules`` is)
ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("lighthouse_perf.mjs")
#: Lighthouse's resource types that make a page's first view
FIRST_VIEW = ("Document", "Stylesheet", "Script")
#: the budget of a card's first view, in bytes (issue 28)
BUDGET = {"transfer": 50_000, "size": 180_000}
#: the goal for each page's performance score
GOAL = 0.95
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host with precompressed files does: ``x.br`` or ``x.gz`` for ``x``
    when the request accepts that encoding, with ``x``'s media type, ``Content-Encoding`` and ``Vary``."""

    #: the encodings, in the order they are preferred, and their files' endings
    ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

    def send_head(self):  # type: ignore[no-untyped-def]  # the base class's signature is untyped
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the folder's address
            path = path / "index.html"
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, ending in self.ENCODINGS:
            packed = path.with_name(path.name + ending)
            if encoding in accepted and path.is_file() and packed.is_file():
                handle = packed.open("rb")
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(packed.stat().st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return handle
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  # the base class's name
        """Quiet: the benchmark prints its own table."""


def serve(site_dir: Path) -> http.server.ThreadingHTTPServer:
    """A server of ``site_dir`` on 127.0.0.1 at a free port, running in a thread (call ``shutdown()``)."""
    handler = functools.partial(PrecompressedHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _first(folder: Path, skip: tuple[str, ...] = ()) -> str | None:
    """The first sub-folder of ``folder`` (by name) with an ``index.html``, not in ``skip``."""
    if not folder.is_dir():
        return None
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in skip):
        if (sub / "index.html").is_file():
            return sub.name
    return None


def default_pages(site_dir: Path) -> dict[str, str]:
    """The five kinds of page: the home page, the first card, the first research summary, the card
    index and the glossary (site-relative paths)."""
    pages = {"home": "/", "card index": "/cards/", "glossary": "/glossary/"}
    card = _first(site_dir / "cards", ("compare",))
    summary = _first(site_dir / "research")
    if card:
        pages["card"] = f"/cards/{card}/"
    if summary:
        pages["research summary"] = f"/research/{summary}/"
    order = ("home", "card", "research summary", "card index", "glossary")
    return {name: pages[name] for name in order if name in pages}


def first_view(requests: list[dict[str, Any]]) -> dict[str, int]:
    """The weight of a page's first view: its documents, style sheets and scripts, transferred and
    uncompressed, in bytes."""
    view = [r for r in requests if r.get("type") in FIRST_VIEW]
    return {"transfer": sum(int(r.get("transfer") or 0) for r in view),
            "size": sum(int(r.get("size") or 0) for r in view), "requests": len(view)}


def run(site_dir: Path, pages: dict[str, str], runs: int = 3) -> dict[str, Any]:
    """Serve ``site_dir``, audit ``pages`` with Lighthouse ``runs`` times each and return the median
    run's results by page name."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "lighthouse").is_dir():
        raise SystemExit("bench-web needs Node.js and Lighthouse: npm ci")
    if not CHROMIUM.exists():
        raise SystemExit(f"bench-web needs Chromium at {CHROMIUM} (or CHROMIUM=…)")
    server = serve(site_dir)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = {name: base + path for name, path in pages.items()}
        done = subprocess.run([node, str(SCRIPT), str(CHROMIUM), str(runs), *urls.values()], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"Lighthouse failed:\n{done.stderr[-2000:]}")
        audits = json.loads(done.stdout)
    finally:
        server.shutdown()
    out: dict[str, Any] = {}
    for name, url in urls.items():
        audit = audits[url]
        out[name] = {"path": pages[name], "score": audit["score"], "scores": audit["scores"],
                     "metrics": audit["metrics"], "shifts": audit["shifts"],
                     "first_view": first_view(audit["requests"]), "error": audit["runtimeError"],
                     "lighthouse": audit["version"]}
    return out


def report(results: dict[str, Any]) -> str:
    """The results as a Markdown table, with the budget and the goal."""
    lines = ["| page | path | performance (runs) | FCP | LCP | TBT | CLS | first view transferred | uncompressed |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in results.items():
        m, view = r["metrics"], r["first_view"]
        score = "error" if r["score"] is None else f"{round(r['score'] * 100)}"
        score += " (" + ", ".join("–" if s is None else str(round(s * 100)) for s in r["scores"]) + ")"
        lines.append(f"| {name} | `{r['path']}` | {score} | {m['first-contentful-paint'] / 1000:.1f} s | "
                     f"{m['largest-contentful-paint'] / 1000:.1f} s | {m['total-blocking-time']:.0f} ms | "
                     f"{m['cumulative-layout-shift']:.3f} | {view['transfer'] / 1000:.1f} kB | {view['size'] / 1000:.1f} kB |")
    card = results.get("card")
    if card:
        view = card["first_view"]
        ok = view["transfer"] <= BUDGET["transfer"] and view["size"] <= BUDGET["size"]
        lines.append(f"\ncard budget ({BUDGET['transfer'] // 1000} kB transferred, {BUDGET['size'] // 1000} kB "
                     f"uncompressed): {'met' if ok else 'NOT met'}")
    low = [name for name, r in results.items() if r["score"] is None or r["score"] < GOAL]
    lines.append(f"performance goal ({round(GOAL * 100)}): " + (f"below on {', '.join(low)}" if low else "met on every page"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m handbook.tools.webbench SITE``."""
    parser = argparse.ArgumentParser(prog="python -m handbook.tools.webbench", description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built site (make build writes site/)")
    parser.add_argument("--json", type=Path, default=Path("bench-results/web.json"))
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median counts")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=/PATH/",
                        help="audit these pages instead of the five default ones")
    args = parser.parse_args(argv)
    pages = dict(p.split("=", 1) for p in args.page) if args.page else default_pages(args.site)
    results = run(args.site, pages, args.runs)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    print(f"\nresults: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
