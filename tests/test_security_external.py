"""The online link check works, on http and https, and stays on the public internet.

Every server here is one the test starts on 127.0.0.1 (or 127.0.0.2, to play a private host):
plain http, and https with a certificate from a throwaway CA that only these tests trust
(``trustme``, handed in as an ``ssl.SSLContext`` or, for the ``handbook`` command in its own
process, as ``SSL_CERT_FILE``). The checker may request a server only when the test allows its
exact ``address:port``; names such as ``handbook.test`` come from the test's own resolver, and no
test asks the real DNS or the internet anything.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import trustme
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from handbook.checks import addresses, external, fetch, linkcache
from handbook.checks.linkcache import Result
from handbook.content.handbook import load
from handbook.content.links import Link
from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "links.yml"
#: the review's S16 file: a committed cache that marks a metadata address and a local server ok, checked in 2100
S16 = {
    "http://169.254.169.254/latest/meta-data/": {"url": "http://169.254.169.254/latest/meta-data/", "state": "ok",
                                                 "status": "200", "checked_at": 4102444800.0, "final_url": ""},
    "http://127.0.0.1:18081/s01": {"url": "http://127.0.0.1:18081/s01", "state": "ok", "status": "200",
                                   "checked_at": 4102444800.0, "final_url": ""},
}


# --- the tests' own servers ---------------------------------------------------------------------

class Server:
    """An http or https server on ``address`` (port chosen by the system) that answers ``routes``
    (path → status and headers; anything else is 404) and records each request's path and the
    TLS server name (SNI) each client sent."""

    def __init__(self, address: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, tuple[int, dict[str, str]]] = {}
        self.hits: list[str] = []
        self.names: list[str | None] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _route(self):
                server.hits.append(self.path)
                code, headers = server.routes.get(self.path, (404, {}))
                self.send_response(code)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD = _route

        if tls is not None:
            tls.sni_callback = lambda sock, name, context: self.names.append(name)
        self.httpd = http.server.ThreadingHTTPServer((address, 0), Handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.url = f"{'https' if tls else 'http'}://{address}:{self.port}"
        self.allow = f"{address}:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def server_tls(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    """A server context whose certificate (from ``ca``) is valid for ``names``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context


def resolver(names: dict[str, str]):
    """A host lookup that knows ``names`` and IP literals off the public internet, and nothing else:
    a public address is never handed out, so no test can reach the internet through it."""
    def resolve(host: str, port: int):
        address = names.get(host.lower(), host)
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        if addresses.public(address):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if ip.version == 4:
            return [(socket.AF_INET, (address, port))]
        return [(socket.AF_INET6, (address, port, 0, 0))]
    return resolve


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def trusting(ca):
    """A client context that trusts the test's CA only."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


@pytest.fixture(scope="module")
def web(ca):
    """inner (127.0.0.2, a private host), plain (http), tls (https, a certificate for 127.0.0.1 and
    handbook.test) and wrong (https, a certificate for another name), with their routes."""
    inner = Server("127.0.0.2")
    plain = Server()
    tls = Server(tls=server_tls(ca, "127.0.0.1", "handbook.test"))
    wrong = Server(tls=server_tls(ca, "other.test"))
    inner.routes["/secret"] = (200, {})
    for server in (plain, tls, wrong):
        server.routes.update({
            "/ok": (200, {}),
            "/to-inner": (302, {"Location": f"{inner.url}/secret"}),
            "/to-metadata": (301, {"Location": "http://169.254.169.254/latest/meta-data/"}),
            "/to-file": (302, {"Location": "file:///etc/passwd"}),
            "/to-data": (307, {"Location": "data:text/html,hi"}),
            "/to-http": (302, {"Location": f"{plain.url}/ok"}),
            "/to-https": (301, {"Location": f"{tls.url}/ok"}),
            "/to-gone": (308, {"Location": "/gone"}),
            "/loop": (302, {"Location": "/loop"}),
        })
    yield {"inner": inner, "plain": plain, "tls": tls, "wrong": wrong}
    for server in (inner, plain, tls, wrong):
        server.close()


@pytest.fixture
def fresh_hits(web):
    for server in web.values():
        server.hits.clear()
        server.names.clear()
    return web


def checker(web, trusting, cache=None, names=None, **kwargs):
    """A checker that may reach the plain, tls and wrong servers (not inner), trusting the test's CA."""
    allow = [web[n].allow for n in ("plain", "tls", "wrong")]
    return external.LinkChecker(cache, timeout=2, retries=0, interval=0, allow=allow, tls=trusting,
                                resolve=resolver(names or {}), **kwargs)


def project(root: Path, lines: list[str]) -> Path:
    """A small handbook at ``root`` whose Finnish front page has ``lines`` (after its heading and a
    blank line: the first is on line 3), with the offline link policy's findings on its test
    servers allowed (they speak http and live on 127.0.0.1)."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.fi.md").write_text("# Etusivu\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (root / "docs" / "index.en.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    (root / "checks-allow.yml").write_text(
        "allow:\n"
        "  - {path: docs/index.fi.md, rule: url-insecure, reason: The test servers speak http.}\n"
        "  - {path: docs/index.fi.md, rule: url-private-host, reason: The test servers are on 127.0.0.1.}\n",
        encoding="utf-8")
    return root


def texts(found, lang):
    return sorted(f.text(lang) for f in found)


# --- the address policy ------------------------------------------------------------------------

REFUSED_V4 = ["127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.170.2",
              "100.64.0.1", "100.100.100.200", "0.0.0.0", "0.1.2.3", "224.0.0.1", "233.252.0.1", "240.0.0.1",
              "255.255.255.255", "192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "192.0.0.9",
              "192.88.99.1"]

REFUSED_V6 = [
    "::", "::1", "fe80::1", "fe80::1%lo", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1", "ff0e::1",
    "100::1", "2001:db8::1", "3fff::1",
    # IPv4-mapped and -translated
    "::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
    "::ffff:0:7f00:1", "::ffff:0:a9fe:a9fe",
    # IPv4-compatible (the review's S09)
    "::7f00:1", "::a9fe:a9fe", "::127.0.0.1", "::10.0.0.1", "::192.168.0.1", "::0.0.0.0",
    # NAT64, the well-known prefix and the local-use one
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.1.2.3", "64:ff9b::0.0.0.0", "64:ff9b::6464:c8c8",
    "64:ff9b:1::a9fe:a9fe", "64:ff9b:1::808:808", "64:ff9b:1:7f00:0:100::",
    # 6to4
    "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:a00:1::", "2002:c0a8:101::1", "2002::1",
    # Teredo: the client (inverted in the last 32 bits) and the server
    "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:4136:e378:8000:63bf:5601:5656", "2001:0:7f00:1::",
    "2001:0:a9fe:a9fe:0:0:808:808",
    # ISATAP interface identifiers in a public prefix
    "2606:4700::5efe:7f00:1", "2606:4700::200:5efe:a9fe:a9fe",
]


@pytest.mark.parametrize("address", REFUSED_V4 + REFUSED_V6)
def test_addresses_off_the_public_internet_are_refused(address):
    assert not addresses.public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700::6810:84e5",
                                     "2a00:1450:4001:82b::200e",
                                     "64:ff9b::808:808",  # NAT64 of a public address (an IPv6-only network)
                                     "2002:808:808::1"])  # 6to4 of a public address
def test_public_addresses(address):
    assert addresses.public(address)


@pytest.mark.parametrize("text", ["", "localhost", "127.0.0.1:80", "[::1]", "0x7f000001", "::g"])
def test_what_is_no_address_is_not_public(text):
    assert not addresses.public(text)


#: every IPv4 address the policy refuses: those Python does not call global, and the special ranges
REFUSED_IPV4 = st.one_of(
    st.builds(lambda first, rest: ipaddress.IPv4Address(first << 24 | rest),
              st.sampled_from([0, 10, 100, 127, 169, 172, 192, 198, 203, *range(224, 256)]),
              st.integers(0, 2**24 - 1)).filter(lambda a: not a.is_global),
    st.sampled_from(addresses.REFUSED_V4).flatmap(
        lambda net: st.integers(int(net.network_address), int(net.broadcast_address)).map(ipaddress.IPv4Address)),
)


def embeddings(v4: ipaddress.IPv4Address, draw) -> dict[str, ipaddress.IPv6Address]:
    """Every IPv6 form that maps to or embeds ``v4``, the free bits of each drawn at random."""
    a = int(v4)

    def bits(n: int) -> int:
        return draw(st.integers(0, 2**n - 1))

    return {
        "mapped": ipaddress.IPv6Address(0xFFFF << 32 | a),
        "translated": ipaddress.IPv6Address(0xFFFF << 48 | a),
        "compatible": ipaddress.IPv6Address(a),
        "nat64": ipaddress.IPv6Address(0x64FF9B << 96 | a),
        # RFC 6052's /48 layout: 16 bits of the IPv4 address, the u octet, the other 16 bits, a suffix
        "nat64-local": ipaddress.IPv6Address(0x64FF9B0001 << 80 | (a >> 16) << 64 | (a & 0xFFFF) << 40 | bits(40)),
        "6to4": ipaddress.IPv6Address(0x2002 << 112 | a << 80 | bits(80)),
        "teredo-client": ipaddress.IPv6Address(0x20010000 << 96 | bits(64) << 32 | (~a & 0xFFFFFFFF)),
        "teredo-server": ipaddress.IPv6Address(0x20010000 << 96 | a << 64 | bits(64)),
        "isatap": ipaddress.IPv6Address(bits(64) << 64 | draw(st.sampled_from([0x5EFE, 0x02005EFE])) << 32 | a),
    }


@settings(max_examples=400, deadline=None)
@given(v4=REFUSED_IPV4, data=st.data())
def test_every_ipv6_embedding_of_a_refused_ipv4_address_is_refused(v4, data):
    assert not addresses.public(str(v4))
    for form, v6 in embeddings(v4, data.draw).items():
        assert not addresses.public(str(v6)), (form, str(v6), str(v4))
        if form not in ("nat64-local", "teredo-server"):
            assert v4 in addresses.embedded_ipv4(v6), form


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address))
def test_the_nat64_form_of_an_ipv4_address_is_judged_as_that_address(v4):
    """On an IPv6-only network a DNS64 resolver answers 64:ff9b::a.b.c.d for every IPv4-only site:
    those are requested exactly when the IPv4 address would be."""
    assert addresses.public(str(ipaddress.IPv6Address(0x64FF9B << 96 | int(v4)))) == addresses.public(str(v4))


# --- the guard: what is never requested -----------------------------------------------------------

def test_a_local_address_in_content_is_never_requested(fresh_hits, tmp_path):
    web = fresh_hits
    urls = [f"{web['plain'].url}/ok", f"{web['inner'].url}/secret", "http://[::1]:9/", "http://[::7f00:1]:9/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/"]
    results = external.LinkChecker(tmp_path / "c.json", timeout=2, retries=0, interval=0).check(urls)
    assert {u: r.state for u, r in results.items()} == {u: "blocked" for u in urls}
    assert web["plain"].hits == [] and web["inner"].hits == []


def test_a_host_name_that_resolves_to_a_local_address_is_not_requested(fresh_hits):
    web = fresh_hits
    url = web["plain"].url.replace("127.0.0.1", "localhost") + "/ok"
    result = external.LinkChecker(timeout=2, retries=0, interval=0).check([url])[url]
    assert result.state == "blocked" and web["plain"].hits == []


def test_only_the_allowed_address_and_port_is_requested(fresh_hits, trusting):
    """Allowing a test server's address:port lets in that server only, not another port of the same address."""
    web = fresh_hits
    only_plain = external.LinkChecker(timeout=2, retries=0, interval=0, allow=[web["plain"].allow], tls=trusting)
    results = only_plain.check([f"{web['plain'].url}/ok", f"{web['tls'].url}/ok"])
    assert [r.state for r in results.values()] == ["ok", "blocked"]
    assert web["plain"].hits == ["/ok"] and web["tls"].hits == []


def test_every_address_a_name_resolves_to_is_checked(fresh_hits, trusting):
    web = fresh_hits
    url = f"http://twofaced.test:{web['plain'].port}/ok"
    two = {"twofaced.test": "127.0.0.1"}

    def both(host, port):
        return [*resolver(two)(host, port), (socket.AF_INET, ("10.0.0.1", port))]

    result = external.LinkChecker(timeout=2, retries=0, interval=0, allow=[web["plain"].allow], tls=trusting,
                                  resolve=both).check([url])[url]
    assert (result.state, result.status) == ("blocked", "twofaced.test: 10.0.0.1") and web["plain"].hits == []


def test_the_connection_goes_to_the_checked_address_no_second_lookup(fresh_hits, trusting):
    """DNS rebinding: a name that answers an allowed address first and a private one after. The one
    lookup is checked and connected to; nothing asks again."""
    web = fresh_hits
    answers = ["127.0.0.1", "127.0.0.2", "127.0.0.2"]
    asked: list[str] = []

    def rebinding(host, port):
        asked.append(host)
        return [(socket.AF_INET, (answers[len(asked) - 1], port))]

    for scheme, server in (("http", web["plain"]), ("https", web["tls"])):
        asked.clear()
        url = f"{scheme}://handbook.test:{server.port}/ok"
        result = external.LinkChecker(timeout=2, retries=0, interval=0, allow=[server.allow], tls=trusting,
                                      resolve=rebinding).check([url])[url]
        assert result.state == "ok" and asked == ["handbook.test"], (scheme, result)
    assert web["inner"].hits == []


@pytest.mark.parametrize("name", ["plain", "tls"])
@pytest.mark.parametrize("path", ["/to-inner", "/to-metadata"])
def test_redirects_to_addresses_off_the_public_internet_are_not_followed(fresh_hits, trusting, name, path):
    web = fresh_hits
    url = web[name].url + path
    result = checker(web, trusting).check([url])[url]
    assert result.state == "blocked", result
    assert web[name].hits == [path] and web["inner"].hits == []  # the allowed first hop only
    found = external.result_finding(result, "docs/x.fi.md", 4)
    target = web["inner"].url + "/secret" if path == "/to-inner" else "http://169.254.169.254/latest/meta-data/"
    assert result.final_url == target
    host = "127.0.0.2" if path == "/to-inner" else "169.254.169.254"
    assert found.text("en") == (f"docs/x.fi.md:4: the address '{url}' redirects to a private or local host ({host}) "
                                "that readers cannot reach. Fix or remove the link.")
    assert found.text("fi") == (f"docs/x.fi.md:4: osoite '{url}' ohjaa yksityiseen tai paikalliseen palvelimeen "
                                f"({host}), joka ei näy lukijoille. Korjaa tai poista linkki.")


@pytest.mark.parametrize("name", ["plain", "tls"])
@pytest.mark.parametrize("path, scheme, target", [("/to-file", "file", "file:///etc/passwd"),
                                                  ("/to-data", "data", "data:text/html,hi")])
def test_a_redirect_to_another_scheme_is_refused_as_a_finding(fresh_hits, trusting, name, path, scheme, target):
    """The review's S13: a redirect to file: used to pass as ok (302)."""
    web = fresh_hits
    url = web[name].url + path
    result = checker(web, trusting).check([url])[url]
    assert (result.state, result.status, result.final_url) == ("redirect", scheme, target)
    found = external.result_finding(result, "docs/x.fi.md", 9)
    assert found.severity == "error"
    assert found.text("en") == (f"docs/x.fi.md:9: the address '{url}' redirects to '{target}' ({scheme}:), "
                                "which is not a web address. Fix or remove the link.")
    assert found.text("fi") == (f"docs/x.fi.md:9: osoite '{url}' ohjaa osoitteeseen '{target}' ({scheme}:), "
                                "joka ei ole verkko-osoite. Korjaa tai poista linkki.")


# --- https --------------------------------------------------------------------------------------

def test_https_links_are_checked(fresh_hits, trusting):
    """The review's S14: every https link used to stop the check with a TypeError."""
    web = fresh_hits
    tls, plain = web["tls"], web["plain"]
    urls = {name: tls.url + path for name, path in (("ok", "/ok"), ("dead", "/gone"), ("to-http", "/to-http"),
                                                    ("to-https", "/to-https"), ("to-gone", "/to-gone"),
                                                    ("loop", "/loop"))}
    results = checker(web, trusting).check(list(urls.values()))
    got = {name: (results[url].state, results[url].status) for name, url in urls.items()}
    assert got == {"ok": ("ok", "200"), "dead": ("dead", "404"), "to-http": ("ok", "200"),
                   "to-https": ("ok", "200"), "to-gone": ("dead", "404"), "loop": ("unsure", "too many redirects")}
    assert results[urls["to-http"]].final_url == f"{plain.url}/ok" and "/ok" in plain.hits
    assert results[urls["to-https"]].final_url == f"{tls.url}/ok"
    assert results[urls["to-gone"]].final_url == f"{tls.url}/gone"
    found = external.result_finding(results[urls["dead"]], "docs/x.fi.md", 5)
    assert found.text("en") == f"docs/x.fi.md:5: the address '{tls.url}/gone' is dead (404). Fix or remove the link."


def test_https_sends_the_host_name_and_verifies_it(fresh_hits, trusting):
    """SNI carries the link's host name, and the certificate must be valid for it: the tls server's
    certificate names handbook.test, not elsewhere.test (both resolve to it here)."""
    web = fresh_hits
    names = {"handbook.test": "127.0.0.1", "elsewhere.test": "127.0.0.1"}
    good, bad = (f"https://{host}:{web['tls'].port}/ok" for host in names)
    results = checker(web, trusting, names=names).check([good, bad])
    assert results[good].state == "ok" and results[bad].state == "tls", results
    assert "handbook.test" in web["tls"].names and "elsewhere.test" in web["tls"].names
    assert web["tls"].hits == ["/ok"]  # nothing was asked over the unverified connection


def test_a_certificate_for_another_name_is_reported_not_ok(fresh_hits, trusting):
    web = fresh_hits
    url = web["wrong"].url + "/ok"
    result = checker(web, trusting).check([url])[url]
    assert result.state == "tls" and "127.0.0.1" in result.status, result
    assert web["wrong"].hits == []
    found = external.result_finding(result, "docs/x.fi.md", 6)
    assert found.severity == "warning"
    assert found.text("en") == (f"docs/x.fi.md:6: the certificate of the address '{url}' could not be verified "
                                f"({result.status}). Check it in a browser; if the browser warns too, link to an "
                                "address that works.")
    assert found.text("fi") == (f"docs/x.fi.md:6: osoitteen '{url}' varmennetta ei voitu todentaa ({result.status}). "
                                "Tarkista osoite selaimella; jos selainkin varoittaa, linkitä toimivaan osoitteeseen.")


def test_the_throwaway_ca_is_trusted_only_where_the_test_hands_it_in(fresh_hits):
    """Without the test's context the system's trust store is used, and it does not know the test's CA."""
    web = fresh_hits
    url = web["tls"].url + "/ok"
    result = external.LinkChecker(timeout=2, retries=0, interval=0, allow=[web["tls"].allow]).check([url])[url]
    assert result.state == "tls" and web["tls"].hits == []


def test_a_context_that_does_not_verify_is_not_taken():
    lax = ssl.create_default_context()
    lax.check_hostname = False
    lax.verify_mode = ssl.CERT_NONE
    with pytest.raises(ValueError):
        external.LinkChecker(tls=lax)


# --- the test setting ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, pairs", [
    ("127.0.0.1:8443", {("127.0.0.1", 8443)}),
    ("127.0.0.1:80, [::1]:8443", {("127.0.0.1", 80), ("::1", 8443)}),
    ("127.0.0.1", set()),  # no port: ignored
    ("localhost:80", set()),  # a name: ignored
    ("10.0.0.1:80,169.254.169.254:80,8.8.8.8:53", set()),  # not loopback: ignored
    ("[::ffff:127.0.0.1]:80", set()),
    ("", set()), ("::1", set()), (",,", set()), ("127.0.0.1:99x", set()),
])
def test_the_test_setting_names_loopback_address_and_port_pairs_only(value, pairs):
    assert fetch.allowed_from_env(value) == pairs


def test_check_online_reads_the_test_setting_only_without_an_allow_parameter(fresh_hits, tmp_path, monkeypatch,
                                                                              trusting):
    web = fresh_hits
    root = project(tmp_path / "p", [f"[ok]({web['plain'].url}/ok)"])
    hb = load(root)
    monkeypatch.setenv(external.TEST_ALLOW_ENV, web["plain"].allow)
    assert external.check_online(hb, timeout=2) == []
    assert [f.code for f in external.check_online(hb, timeout=2, allow=())] == ["url-private-host"]
    monkeypatch.setenv(external.TEST_ALLOW_ENV, "127.0.0.1")  # an address without its port lets nothing in
    assert [f.code for f in external.check_online(hb, timeout=2)] == ["url-private-host"]
    assert web["plain"].hits == ["/ok"]


# --- the findings, at file:line, through check_online on a small handbook ----------------------------

def test_check_online_reports_each_case_at_its_line(fresh_hits, tmp_path, trusting):
    web = fresh_hits
    plain, tls, wrong, inner = web["plain"], web["tls"], web["wrong"], web["inner"]
    root = project(tmp_path / "p", [
        f"[ok]({tls.url}/ok)",                           # 3
        f"[dead]({tls.url}/gone)",                       # 4
        f"[private]({inner.url}/secret)",                # 5
        f"[to private]({plain.url}/to-inner)",           # 6
        f"[to file]({tls.url}/to-file)",                 # 7
        f"[wrong name]({wrong.url}/ok)",                 # 8
        "[bad port](https://example.org:99999/)",        # 9
        f"[to http]({tls.url}/to-http)",                 # 10
    ])
    found = external.check_online(load(root), allow=[plain.allow, tls.allow, wrong.allow], tls=trusting,
                                  resolve=resolver({}), timeout=2)
    tls_problem = dict(next(f for f in found if f.code == "url-tls").params)["problem"]
    p = "docs/index.fi.md"
    assert texts(found, "en") == sorted([
        f"{p}:4: the address '{tls.url}/gone' is dead (404). Fix or remove the link.",
        f"{p}:5: the address '{inner.url}/secret' points to a private or local host (127.0.0.2) that readers cannot "
        "reach. Use a public address.",
        f"{p}:6: the address '{plain.url}/to-inner' redirects to a private or local host (127.0.0.2) that readers "
        "cannot reach. Fix or remove the link.",
        f"{p}:7: the address '{tls.url}/to-file' redirects to 'file:///etc/passwd' (file:), which is not a web "
        "address. Fix or remove the link.",
        f"{p}:8: the certificate of the address '{wrong.url}/ok' could not be verified ({tls_problem}). Check it in a "
        "browser; if the browser warns too, link to an address that works.",
        f"{p}:9: the address 'https://example.org:99999/' cannot be requested (Port out of range 0-65535). "
        "Fix the address.",
    ])
    assert f"{p}:9: osoitetta 'https://example.org:99999/' ei voi hakea (Port out of range 0-65535). Korjaa osoite." \
        in texts(found, "fi")
    assert {f.code: f.severity for f in found} == {
        "url-dead": "error", "url-private-host": "error", "url-redirect-private": "error",
        "url-redirect-scheme": "error", "url-tls": "warning", "url-malformed": "error"}
    assert inner.hits == []


# --- the cache cannot hide a link (the review's S16) -------------------------------------------------

def s16_project(root: Path, web) -> Path:
    """A handbook that links to the S16 file's two addresses and to a dead page of an allowed server,
    with the S16 file, and an entry of the same kind for the dead page, as its .cache/links.json."""
    dead = f"{web['plain'].url}/gone"
    project(root, [f"[metadata]({next(iter(S16))})", "", f"[s01]({list(S16)[1]})", "", f"[poissa]({dead})"])
    poisoned = {**S16, dead: {"url": dead, "state": "ok", "status": "200", "checked_at": 4102444800.0,
                              "final_url": ""}}
    (root / ".cache").mkdir()
    (root / ".cache" / "links.json").write_text(json.dumps(poisoned), encoding="utf-8")
    return root


def s16_expected(web, lang="en"):
    p = "docs/index.fi.md"
    return [
        f"{p}:3: the address 'http://169.254.169.254/latest/meta-data/' points to a private or local host "
        "(169.254.169.254) that readers cannot reach. Use a public address.",
        f"{p}:5: the address 'http://127.0.0.1:18081/s01' points to a private or local host (127.0.0.1) that readers "
        "cannot reach. Use a public address.",
        f"{p}:7: the address '{web['plain'].url}/gone' is dead (404). Fix or remove the link.",
    ]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args], cwd=root,
                   check=True, capture_output=True)


def test_a_committed_cache_is_not_read(fresh_hits, tmp_path):
    web = fresh_hits
    root = s16_project(tmp_path / "p", web)
    (root / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "add", "-f", ".cache/links.json")  # past a .gitignore, as a contributor could
    git(root, "commit", "-q", "-m", "poisoned cache")
    before = (root / ".cache" / "links.json").read_bytes()
    found = external.check_online(load(root), cache_path=root / ".cache" / "links.json", allow=[web["plain"].allow],
                                  timeout=2)
    tracked = [f for f in found if f.code == "url-cache-tracked"]
    assert [f.text("en") for f in tracked] == [
        ".cache/links.json:1: the link cache is in git, so the online check does not read it (a cache from the "
        "repository could hide links). Remove it from git with 'git rm --cached .cache/links.json'."]
    assert [f.text("fi") for f in tracked] == [
        ".cache/links.json:1: linkkivälimuisti on gitissä, joten verkkotarkistus ei lue sitä (tietovaraston "
        "välimuisti voisi piilottaa linkkejä). Poista se gitistä komennolla 'git rm --cached .cache/links.json'."]
    assert tracked[0].severity == "warning"
    assert texts([f for f in found if f not in tracked], "en") == s16_expected(web)
    assert (root / ".cache" / "links.json").read_bytes() == before  # nor written
    assert web["plain"].hits == ["/gone"]


def test_a_cache_outside_git_cannot_hide_a_link_either(fresh_hits, tmp_path):
    """The same S16 file where the check keeps its cache (outside the checkout, or untracked inside
    it): entries from the future are not fresh, and the guard refuses the private addresses again."""
    web = fresh_hits
    root = s16_project(tmp_path / "p", web)
    outside = tmp_path / "links.json"
    outside.write_bytes((root / ".cache" / "links.json").read_bytes())
    found = external.check_online(load(root), cache_path=outside, allow=[web["plain"].allow], timeout=2)
    assert texts(found, "en") == s16_expected(web)
    kept = json.loads(outside.read_text(encoding="utf-8"))
    assert kept[f"{web['plain'].url}/gone"]["state"] == "dead" and kept[f"{web['plain'].url}/gone"]["checked_at"] < 4e9


def test_a_fresh_cached_verdict_is_not_trusted_for_an_address_the_guard_refuses_now(fresh_hits, tmp_path):
    web = fresh_hits
    now = time.time() - 60
    url, moved = f"{web['plain'].url}/ok", "http://moved.test/ok"
    cache = tmp_path / "links.json"
    cache.write_text(json.dumps({
        **{u: {**e, "checked_at": now} for u, e in S16.items()},
        url: {"url": url, "state": "ok", "status": "200", "checked_at": now, "final_url": ""},
        moved: {"url": moved, "state": "ok", "status": "200", "checked_at": now, "final_url": ""},
    }), encoding="utf-8")
    names = {"moved.test": "10.1.2.3"}  # it has moved to a private address since it was checked
    allowed = external.LinkChecker(cache, timeout=2, retries=0, interval=0, allow=[web["plain"].allow],
                                   resolve=resolver(names)).check([*S16, url, moved])
    assert {u: r.state for u, r in allowed.items()} == {**{u: "blocked" for u in S16}, url: "ok", moved: "blocked"}
    assert web["plain"].hits == []  # the allowed server's ok stood: a cache still saves requests
    refused = external.LinkChecker(cache, timeout=2, retries=0, interval=0).check([url])
    assert refused[url].state == "blocked"  # once not allowed, its cached ok counts for nothing


@pytest.mark.parametrize("entry", [
    {"state": "ok", "status": "200", "checked_at": "soon", "final_url": ""},
    {"state": "ok", "status": "200", "checked_at": float("nan"), "final_url": ""},
    {"state": "blocked", "status": "x", "checked_at": 0.0, "final_url": ""},
    {"state": "ok", "status": 200, "checked_at": 0.0, "final_url": ""},
    {"state": "ok", "status": "200", "checked_at": 0.0},
    ["ok"], "ok", None,
])
def test_a_cache_entry_of_another_shape_is_ignored(tmp_path, entry):
    url = "https://example.org/"
    cache = tmp_path / "links.json"
    cache.write_text(json.dumps({url: {"url": url, **entry} if isinstance(entry, dict) else entry}), encoding="utf-8")
    assert linkcache.load(cache) == {}


def test_an_entry_is_fresh_only_when_checked_in_the_past_within_its_age():
    now, day = 1_000_000_000.0, 86400
    ok, unsure = Result("u", "ok", "200", now - day), Result("u", "unsure", "429", now - day)
    assert linkcache.fresh(ok, now, 7 * day) and not linkcache.fresh(ok, now, day)
    assert not linkcache.fresh(unsure, now, 7 * day)  # an unsure one a seventh of the age
    assert not linkcache.fresh(Result("u", "ok", "200", now + 1), now, 7 * day)
    assert not linkcache.fresh(Result("u", "ok", "200", 4102444800.0), now, 7 * day)


# --- the weekly workflow's command, run on a small project ---------------------------------------

def workflow_step(step_id: str) -> dict:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return next(step for job in jobs.values() for step in job["steps"] if step.get("id") == step_id)


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A workflow step's ``run:`` script as GitHub runs it on Linux (``bash -e``)."""
    (cwd / ".step.sh").write_text(script, encoding="utf-8")
    return subprocess.run(["bash", "-e", str(cwd / ".step.sh")], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_weekly_workflow_reports_the_dead_link_at_its_line(fresh_hits, tmp_path, ca):
    web = fresh_hits
    tls, plain = web["tls"], web["plain"]
    check = workflow_step("check")
    lines = check["run"].splitlines()
    assert lines[0] == "make setup" and any("handbook check --online --format text" in line for line in lines)
    script = "\n".join(lines[1:]) + "\n"  # the install is this test's environment
    root = project(tmp_path / "p", [f"[ok]({tls.url}/ok)", f"[kuollut]({tls.url}/gone)",
                                    f"[uudelleenohjaus]({tls.url}/to-http)", f"[http]({plain.url}/ok)"])
    (root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "GITHUB_OUTPUT": str(tmp_path / "output"), "RUNNER_TEMP": str(runner_temp),
           "SSL_CERT_FILE": str(tmp_path / "ca.pem"), external.TEST_ALLOW_ENV: f"{tls.allow},{plain.allow}"}

    result = run_step(script, root, env)
    assert result.returncode == 0, result.stdout + result.stderr  # the step goes on to the report
    report = (root / "link-report.txt").read_text(encoding="utf-8")
    assert (tmp_path / "output").read_text(encoding="utf-8") == "status=1\n", report
    assert f"docs/index.fi.md:4: error [url-dead] the address '{tls.url}/gone' is dead (404)." in report
    assert report.count("[url-dead]") == 1 and "error [" not in report.replace("error [url-dead]", "")
    assert "Traceback" not in report + (root / "link-errors.txt").read_text(encoding="utf-8")
    assert (runner_temp / "links.json").exists() and not (root / ".cache").exists()
    assert sorted(set(tls.hits)) == ["/gone", "/ok", "/to-http"] and "/ok" in plain.hits

    ran = workflow_step("ran")
    assert run_step(ran["run"], root, {**env, "STATUS": "1"}).returncode == 0  # findings: the report is posted
    (root / "link-errors.txt").write_text("Traceback (most recent call last):\n", encoding="utf-8")
    assert run_step(ran["run"], root, {**env, "STATUS": "1"}).returncode == 1  # a crash fails the job
    assert run_step(ran["run"], root, {**env, "STATUS": "2"}).returncode == 1

    (root / "docs" / "index.fi.md").write_text(f"# Etusivu\n\n[ok]({tls.url}/ok)\n", encoding="utf-8")
    (tmp_path / "output").unlink()
    result = run_step(script, root, env)
    assert result.returncode == 0 and (tmp_path / "output").read_text(encoding="utf-8") == "status=0\n", \
        (root / "link-report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(WORKFLOW.parent.glob("*.y*ml")), ids=lambda p: p.name)
def test_no_workflow_sets_the_test_settings(path):
    text = path.read_text(encoding="utf-8")
    assert external.TEST_ALLOW_ENV not in text and "SSL_CERT_FILE" not in text


# --- no traceback on any URL ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_checker(web, trusting):
    return checker(web, trusting, names={"handbook.test": "127.0.0.1", "localhost": "127.0.0.1"}, concurrency=1)


def fuzz_urls(web):
    plain, tls = web["plain"], web["tls"]
    hosts = st.sampled_from([
        plain.allow, tls.allow, f"handbook.test:{tls.port}", f"localhost:{plain.port}", "127.0.0.2", "127.0.0.1",
        "[::1]", "[::7f00:1]", "[64:ff9b::a9fe:a9fe]", "169.254.169.254", "0x7f000001", "unknown.test", "",
        "[", "[::1", "[fe80::1%25lo]", f"user:pw@{plain.allow}", f"{plain.allow}#@evil.test", "127.0.0.1:99999",
        "127.0.0.1:0", "127.0.0.1:x", "bücher.test", "ex ample.test", "a..b", "xn--", "." * 70, "a" * 300,
    ])
    schemes = st.sampled_from(["http", "https", "HTTPS", "ftp", "file", "javascript", "data", ""])
    rest = st.text(max_size=40)
    return st.one_of(
        st.builds(lambda s, h, r: f"{s}://{h}/{r}", schemes, hosts, rest),
        st.builds(lambda h, r: f"{plain.url}/{h}{r}", st.sampled_from(["ok", "to-file", "to-inner", "loop", ""]),
                  rest),
        st.text(max_size=60),
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_url_gets_a_finding_or_ok_never_an_exception(web, fuzz_checker, data):
    url = data.draw(fuzz_urls(web))
    result = fuzz_checker.check([url])[url]
    assert result.state in {"ok", "dead", "unsure", "tls", "redirect", "blocked", "invalid"}
    found = external.result_finding(result, "docs/x.fi.md", 2)
    assert (found is None) == (result.state == "ok")
    if found is not None:
        for lang in ("fi", "en"):
            assert found.text(lang).startswith("docs/x.fi.md:2: ") and found.code not in found.text(lang)
    assert web["inner"].hits == []


def test_a_link_found_on_a_page_is_checked_once_at_its_first_line(fresh_hits, tmp_path, trusting):
    web = fresh_hits

    class Page:
        rel = "docs/x.fi.md"
        links = [Link(kind="link", target=f"{web['tls'].url}/gone", text="a", line=7, image=False),
                 Link(kind="link", target=f"{web['tls'].url}/gone", text="b", line=9, image=False),
                 Link(kind="link", target="ftp://example.org/", text="c", line=11, image=False)]

    class Bib:
        entries: dict = {}

    class Handbook:
        root, pages, bib, cards = tmp_path, [Page()], Bib(), []

    found = external.check_online(Handbook(), allow=[web["tls"].allow], tls=trusting, timeout=2)
    assert [(f.path, f.line, f.code) for f in found] == [("docs/x.fi.md", 7, "url-dead")]
    assert web["tls"].hits == ["/gone"]
