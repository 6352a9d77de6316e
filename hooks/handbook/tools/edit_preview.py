"""The benchmark's edit-to-preview time: ``make serve`` on a project, one card's text saved, the
served page polled over HTTP until it shows the change.

The server is the engine's own ``serve`` with the options ``make serve`` gives it
(``--no-strict --dirty``, the project's live reload). Each edit appends a new sentence to one
card's Finnish text; the time counts from the save until the page, fetched from the server, has
the sentence, and (reported beside it) until the server has told the browsers to reload, the end of
the rebuild. The card gets its text back at the end.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

#: the server's notice at the end of every rebuild (the browsers reload then)
RELOADED = "Reloading browsers"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - our own server on 127.0.0.1
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def _letters(number: int) -> str:
    """``number`` written in the letters a to j (a word the content checks take as plain text)."""
    return "".join("abcdefghij"[int(d)] for d in str(number))


def engine_command(engine: str) -> list[str]:
    """The engine's command line (``properdocs`` or ``mkdocs``), from this interpreter's environment."""
    beside = Path(sys.executable).parent / engine
    return [str(beside)] if beside.exists() else [sys.executable, "-m", engine]


def edit_to_preview(project: Path, engine: str = "properdocs", edits: int = 3, card: str = "synth-card-00001",
                    start_timeout: float = 3600, edit_timeout: float = 120) -> dict[str, Any]:
    """Serve ``project`` and time ``edits`` saves of one card; returns the seconds of each (``runs_s``)
    and their median (``seconds``), and the seconds until the server's reload notice (``reload_s``)."""
    port = _free_port()
    log_file = tempfile.NamedTemporaryFile(prefix="handbook-serve-", suffix=".log", delete=False)  # noqa: SIM115
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [*engine_command(engine), "serve", "-f", "mkdocs.yml", "--no-strict", "--dirty", "--dev-addr",
         f"127.0.0.1:{port}"], cwd=project, stdout=log_file, stderr=subprocess.STDOUT, env=env)
    log_path = Path(log_file.name)
    url = f"http://127.0.0.1:{port}/cards/{card}/"
    source = project / "docs" / "cards" / card / "index.fi.md"
    original = source.read_text(encoding="utf-8")

    def reloads() -> int:
        return log_path.read_text(encoding="utf-8", errors="replace").count(RELOADED)

    try:
        deadline = time.monotonic() + start_timeout
        while _fetch(url)[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{engine} serve did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        time.sleep(2)  # the file watcher is running (it starts before the server answers); let it settle
        shown, reloaded = [], []
        for _ in range(edits):
            marker = f"Esikatselun mittaus {_letters(time.time_ns())}."  # no digits: the citation check would object
            before = reloads()
            saved = time.perf_counter()
            source.write_text(original + f"\n{marker}\n", encoding="utf-8")
            deadline = time.monotonic() + edit_timeout
            seen = 0.0
            while not seen or reloads() == before:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"the preview did not show the edit:\n{log_path.read_text(errors='replace')[-3000:]}")
                if not seen and marker in _fetch(url)[1]:
                    seen = time.perf_counter() - saved
                time.sleep(0.02)
            shown.append(seen)
            reloaded.append(time.perf_counter() - saved)
            time.sleep(1)
        return {"seconds": statistics.median(shown), "runs_s": shown, "reload_s": statistics.median(reloaded),
                "reload_runs_s": reloaded, "engine": engine}
    finally:
        source.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log_file.close()
        log_path.unlink(missing_ok=True)
