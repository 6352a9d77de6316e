"""``make serve``'s preview: what breaks the build is shown in the browser, and builds print
only what an editor needs.

MkDocs' development server stalls every request while the last rebuild failed ("the server will
appear stuck"). ``make serve`` builds without ``--strict`` and :func:`on_serve` makes the server
answer every page with an error page that lists the build's problems (``file:line: message``)
for as long as the last build had any; the page reloads itself when a save fixes them. Every page
reloads after a rebuild: the engine's reload script is served as a file (:data:`RELOAD_SCRIPT`), which
the pages' Content-Security-Policy allows, instead of inline, which it blocks. A build
that crashes is shown the same way. :class:`Quiet` hides MkDocs' and the language plugin's
routine notices ("not included in the nav", "dirty build") unless ``-v`` is given.
"""

from __future__ import annotations

import html
import logging
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any
from pathlib import Path

from handbook.findings import default_lang
from handbook.i18n import message

log = logging.getLogger("mkdocs.plugins.handbook.preview")


#: Routine notices an editor does not need (shown with ``make serve`` / ``mkdocs build -v``).
NOISE = (
    "The following pages exist in the docs directory, but are not included in the",
    "A 'dirty' build is being performed",
    "search index",
    "Cleaning site directory",
    "The directory contains stale files",
)


def engine_log() -> logging.Logger:
    """The engine's top logger: ``properdocs`` when ProperDocs runs (its ``mkdocs`` logger sends its records
    there), else ``mkdocs``. Found by its handlers, so that only the adapter imports the engine."""
    properdocs = logging.getLogger("properdocs")
    return properdocs if properdocs.handlers else logging.getLogger("mkdocs")


class Quiet(logging.Filter):
    """Drops routine INFO notices from the terminal, unless the engine runs with ``-v``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or engine_log().level <= logging.DEBUG:
            return True
        if ".plugins.mkdocs_static_i18n" in record.name:
            return False
        return not record.getMessage().startswith(NOISE)


class Problems(logging.Handler):
    """Collects the warnings and errors of the build under way; :meth:`publish` shows them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.current: list[str] = []
        self.shown: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # the server's own log ("GET … code 500") and the notice every dirty build gives are not problems
        if ".livereload" not in record.name and not message.startswith(NOISE[1]):
            self.current.append(message)

    def start(self) -> None:
        self.current = []

    def publish(self) -> None:
        self.shown = list(self.current)


def on_startup(command: str, problems: Problems) -> None:
    """Quiet the terminal (every command); while serving, collect each build's problems in ``problems``."""
    for handler in engine_log().handlers:
        if (handler.get_name() or "").endswith("StreamHandler") and not any(isinstance(f, Quiet) for f in handler.filters):
            handler.addFilter(Quiet())
    if command == "serve":
        logger = engine_log()
        if problems not in logger.handlers:
            logger.addHandler(problems)
        problems.start()


def error_page(lines: Iterable[str], lang: str) -> str:
    """The page shown instead of the site while the last build had problems (every line escaped)."""
    def item(line: str) -> str:
        where, sep, message = line.partition(": ")
        if sep and ":" in where and " " not in where:  # file:line: message
            return f"<li><code>{html.escape(where)}</code><br>{html.escape(message)}</li>"
        return f"<li>{html.escape(line)}</li>"

    items = "\n".join(item(line) for line in lines)
    title = html.escape(message("preview-title", {}, lang))
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "li{margin:.5rem 0}code{white-space:pre-wrap;word-break:break-word}</style></head>\n"
            f'<body><main><h1>{title}</h1><p>{html.escape(message("preview-intro", {}, lang))}</p>\n'
            f'<ol class="hb-preview-problems">\n{items}\n</ol></main></body></html>\n')


#: Folders outside ``docs/`` (or excluded from it) whose changes ``make serve`` rebuilds for.
WATCHED = ("bibliography", "docs/data")


#: where ``make serve`` serves the engine's reload script (an inline script would need the CSP to allow it)
RELOAD_SCRIPT = "/__livereload.js"


def reload_tag(content: bytes, epoch: int) -> bytes:
    """``content`` (a served page) with the engine's reload script as a script file of the site's own
    origin, which the pages' Content-Security-Policy (``script-src 'self'``) allows; the engine
    would write it inline, which the policy blocks. (The development server's own method, replaced.)"""
    at = content.rfind(b"</body>")
    at = len(content) if at == -1 else at
    tag = f'<script src="{RELOAD_SCRIPT}?epoch={int(epoch)}&amp;request={time.time_ns() // 1_000_000}"></script>'
    return content[:at] + tag.encode("ascii") + content[at:]


def on_serve(server: Any, config: Any, problems: Problems) -> Any:
    """Show the last build's ``problems`` in the browser instead of a stalled request; watch the
    bibliography and the data files too (those that exist: a synthetic site may have neither).
    ``server`` and ``config`` are the engine's development server and configuration."""
    problems.publish()  # the first build ran before the server existed
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    for name in WATCHED:
        if (root / name).is_dir() and str(root / name) not in config.watch:
            config.watch.append(str(root / name))
    build = server.builder

    def guarded() -> None:
        problems.start()
        try:
            build()
        except Exception as exc:  # noqa: BLE001 - a crash is shown to the editor, not raised into the server
            log.error(message("preview-crash", {"problem": str(exc) or type(exc).__name__}, default_lang()))
        problems.publish()

    server.builder = guarded
    serve = server.serve_request
    template = getattr(sys.modules.get(type(server).__module__), "_SCRIPT_TEMPLATE", None)
    if template is not None:  # the reload script as a file of the site's origin: the pages' CSP allows it
        server._inject_js_into_html = reload_tag

    def serve_request(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == RELOAD_SCRIPT and template is not None:
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            epoch, request = (int(query.get(key, ["0"])[0]) if query.get(key, ["0"])[0].isdigit() else 0
                              for key in ("epoch", "request"))
            script = template.substitute(epoch=epoch, request_id=request).encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/javascript; charset=utf-8"),
                                      ("Content-Length", str(len(script))), ("Cache-Control", "no-store")])
            return [script]
        if problems.shown and not path.startswith("/livereload/") and (path.endswith(("/", ".html"))):
            page = error_page(problems.shown, default_lang()).encode("utf-8")
            page = server._inject_js_into_html(page, server._visible_epoch)  # reloads when a build succeeds
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(page)))])
            return [page]
        return serve(environ, start_response)

    server.set_app(serve_request)
    return server
