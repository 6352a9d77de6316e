"""The online link check stays on the public internet.

Local servers on 127.0.0.1 and 127.0.0.2, started by these tests, play the content's hosts:
the checker must not request them unless the test explicitly allows one, nor follow a
redirect from an allowed one to an address that is not public.
"""

from __future__ import annotations

import http.server
import threading

import pytest

from handbook.checks import external
from handbook.content.links import Link


def _serve(address: str, routes: dict[str, tuple[int, dict]]):
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _route(self):
            hits.append(self.path)
            code, headers = routes.get(self.path, (404, {}))
            self.send_response(code)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD = _route

    httpd = http.server.ThreadingHTTPServer((address, 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd, f"http://{address}:{httpd.server_address[1]}", hits


@pytest.fixture
def servers():
    inner, inner_url, inner_hits = _serve("127.0.0.2", {"/secret": (200, {})})
    outer, outer_url, outer_hits = _serve("127.0.0.1", {
        "/ok": (200, {}),
        "/to-inner": (302, {"Location": f"{inner_url}/secret"}),
        "/to-metadata": (301, {"Location": "http://169.254.169.254/latest/meta-data/"}),
        "/to-file": (302, {"Location": "file:///etc/passwd"}),
    })
    yield outer_url, outer_hits, inner_url, inner_hits
    outer.shutdown()
    inner.shutdown()


def checker(tmp_path, allow=frozenset()):
    return external.LinkChecker(tmp_path / "cache.json", timeout=2, retries=0, interval=0, allow=allow)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "100.100.100.200", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254",
                                     "::ffff:127.0.0.1", "::ffff:169.254.169.254", "224.0.0.1", "240.0.0.1"])
def test_addresses_off_the_public_internet(address):
    assert not external.public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"])
def test_public_addresses(address):
    assert external.public(address)


def test_a_local_address_in_content_is_never_requested(servers, tmp_path):
    outer_url, outer_hits, inner_url, inner_hits = servers
    results = checker(tmp_path).check([f"{outer_url}/ok", f"{inner_url}/secret"])
    assert {r.state for r in results.values()} == {"blocked"}
    assert outer_hits == [] and inner_hits == []


def test_a_host_name_that_resolves_to_a_local_address_is_not_requested(servers, tmp_path):
    outer_url, outer_hits, _, _ = servers
    url = outer_url.replace("127.0.0.1", "localhost")
    assert checker(tmp_path).check([url + "/ok"])[url + "/ok"].state == "blocked"
    assert outer_hits == []


def test_the_allowed_test_server_is_requested(servers, tmp_path):
    outer_url, outer_hits, _, _ = servers
    result = checker(tmp_path, allow={"127.0.0.1"}).check([f"{outer_url}/ok"])[f"{outer_url}/ok"]
    assert result.state == "ok" and outer_hits == ["/ok"]


@pytest.mark.parametrize("path", ["/to-inner", "/to-metadata"])
def test_redirects_to_addresses_off_the_public_internet_are_not_followed(servers, tmp_path, path):
    outer_url, outer_hits, _, inner_hits = servers
    result = checker(tmp_path, allow={"127.0.0.1"}).check([outer_url + path])[outer_url + path]
    assert result.state == "blocked", result
    assert outer_hits == [path]  # the allowed first hop only
    assert inner_hits == []


def test_a_redirect_to_a_file_is_not_followed(servers, tmp_path):
    """Only http and https are opened: urllib's file: and ftp: handlers are not there."""
    outer_url, _, _, _ = servers
    result = checker(tmp_path, allow={"127.0.0.1"}).check([outer_url + "/to-file"])[outer_url + "/to-file"]
    assert result.status == "302" and result.final_url == "file:///etc/passwd"  # stopped at the redirect


def test_check_online_reports_a_blocked_link_at_its_line(servers, tmp_path):
    """The content's link to a local server is a finding at the line that has it, and nothing is requested."""
    outer_url, outer_hits, _, _ = servers

    class Page:
        rel, links = "docs/x.fi.md", [Link(kind="link", target=f"{outer_url}/ok", text="ok", line=7, image=False)]

    class Bib:
        entries: dict = {}

    class Handbook:
        root, pages, bib, cards = tmp_path, [Page()], Bib(), []

    found = external.check_online(Handbook(), cache_path=tmp_path / "c.json", timeout=2)
    assert [(f.path, f.line, f.rule) for f in found] == [("docs/x.fi.md", 7, "url-private-host")]
    assert "private or local host" in found[0].message("en") and outer_hits == []
