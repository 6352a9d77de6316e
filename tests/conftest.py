"""Shared fixtures: the real handbook built once per session, copies of it and of the small handbook
to break, a browser, and the source documents.

Markers (``pyproject.toml``): ``build`` marks a test that runs a full site build (itself, or through a
session build such as ``site``); ``browser`` one that needs Chromium. A test that uses one of the
build or browser fixtures below gets its marker here; a test that builds by itself is marked where
it is written. ``make test`` runs everything. The quick loop while working on the code:

    .venv/bin/python -m pytest -m "not build and not browser"     # in-process tests only, about a minute
    .venv/bin/python -m pytest tests/test_card_errors.py -k status  # one module, one test

``make test`` spreads the run over two processes (``pytest -n 2 --dist loadgroup``; ``make test JOBS=0``
runs it in one). The session builds of the real handbook (``site``, ``public_site``) are made once
per run all the same: the first process to need one builds it, the other waits for it and reads the
same folder (:func:`shared_build`). A module whose tests share a build of their own (``hostile``,
``book``, ``broken``, …) is one ``xdist_group``, so that one process builds it for all of them.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from helpers import CHROMIUM, PUBLIC, REPO, ROOT, Visit, copy_project, mkdocs_build, need, write_small_site

#: fixtures that build a site in full (the real handbook, a copy of it, or of the small handbook): a test
#: using one is marked ``build``
BUILD_FIXTURES = {"site", "public_site", "properdocs_site", "book", "hostile", "server", "public_server",
                  "broken", "named", "advised"}
#: fixtures that drive Chromium: a test using one is marked ``browser``
BROWSER_FIXTURES = {"browser", "visit", "screen", "csp_visit"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by the fixtures it uses (see the module docstring), then run the browser tests
    first, the other builds next and the in-process tests last: the long ones start early and the
    short ones fill the end, when the run is spread over processes. The order within each kind is
    the files' order, so the tests that share a module's fixture stay together."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: 0 if item.get_closest_marker("browser") else 1 if item.get_closest_marker("build") else 2)


# --- builds shared by the whole run -----------------------------------------------------------------

def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Path:
    """The folder that ``build(folder)`` filled, made once for the whole run.

    Under pytest-xdist every process is a session of its own; they share the parent of their
    temporary folders, so the first one to ask builds there (holding a lock), and the others wait
    and reuse it. ``build`` returns the completed process; a failed build fails every test that asks.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = shared / f"shared-{name}.json"
            if not done.exists():
                result = build(out)
                done.write_text(json.dumps({"returncode": result.returncode, "output": result.stdout + result.stderr}),
                                encoding="utf-8")
            record = json.loads(done.read_text(encoding="utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert record["returncode"] == 0, record["output"]
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real handbook, built once with ``mkdocs build --strict``."""
    return shared_build(tmp_path_factory, "site", lambda out: mkdocs_build(ROOT, out))


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """The real handbook built for publishing, once: a public SITE_URL and a repository address."""
    return shared_build(tmp_path_factory, "public-site", lambda out: mkdocs_build(ROOT, out, SITE_URL=PUBLIC, REPO_URL=REPO))


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the real project to change (tests that need the real content's scale or pages)."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def small(tmp_path) -> Path:
    """A new copy of the small handbook (:func:`helpers.write_small_site`) to change."""
    return write_small_site(tmp_path / "small")


#: why the tests that read the source documents were skipped (one reason for all of them)
NO_SOURCES = "needs the source documents: HANDBOOK_SOURCES is not set (.ci/run sets it to ../shared/sources)"


@pytest.fixture(scope="session")
def sources() -> Path:
    """The source documents (``HANDBOOK_SOURCES``). Without it the test is skipped; a wrong path fails."""
    value = os.environ.get("HANDBOOK_SOURCES", "").strip()
    if not value:
        pytest.skip(NO_SOURCES)
    path = Path(value).expanduser()
    if not path.is_dir() or not any(path.glob("*.txt")):
        pytest.fail(f"HANDBOOK_SOURCES={value}: no source documents (*.txt) there. Fix the path or unset it.")
    return path


# --- the browser --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def server(site):
    """The session build of the real handbook, served on a free port of 127.0.0.1."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a module's tests (each test opens contexts of its own). Not one for the
    whole run: Playwright's synchronous API runs one at a time in a process, and the PDF books and the
    benchmark start their own."""
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def visit(browser, server):
    """A fresh browser context on the session site; it fails the test on a page error or a foreign request."""
    v = Visit(browser, server)
    yield v
    assert v.foreign() == [], v.foreign()
    assert v.errors == [], v.errors
    v.close()


def _skipped_for_sources(reports: list) -> list:
    return [r for r in reports if isinstance(r.longrepr, tuple) and r.longrepr[2].endswith(NO_SOURCES)]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """Say once, in one line, which tests were skipped for want of the source documents, and why.

    Runs around pytest's own summary: those skips are left out of its per-reason list
    (``-ra``) and put back before the final counts.
    """
    skipped = terminalreporter.stats.get("skipped", [])
    ours = _skipped_for_sources(skipped)
    if ours:
        names = ", ".join(sorted({r.nodeid.split("[")[0] for r in ours}))
        terminalreporter.write_line(f"{len(ours)} skipped, {NO_SOURCES}: {names}", yellow=True)
        terminalreporter.stats["skipped"] = [r for r in skipped if r not in ours]
    try:
        return (yield)
    finally:
        if ours:
            terminalreporter.stats["skipped"] = skipped
