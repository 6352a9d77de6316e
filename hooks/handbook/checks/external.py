"""External links, checked online (``handbook check --online``).

Each unique URL is requested once, with bounded concurrency and at most two
requests at a time per host, spaced by a minimum interval. HEAD first, GET if
HEAD is refused. Timeouts, 429 and 503 are retried with backoff, honouring
``Retry-After``. Results are kept in a cache file with an expiry, so a re-run
requests only what is stale. A URL in the allow-list's ``ignore_urls`` (each
with a reason) is not requested. Only *dead* links (404, 410, a host that does
not exist) fail; *unsure* ones (401, 403, 429, 5xx, timeouts, resets) are
reported as warnings, because sites block bots and have bad days.

The check stays on the public internet: every host is resolved, and if any of its addresses
is loopback, private, link-local (cloud metadata services live there), shared or reserved,
nothing is requested; the connection goes to the address that was checked (no second lookup),
and so does each redirect hop. Such a link is reported as ``url-private-host``. Only a test
may allow its own local server (``allow`` of :class:`LinkChecker`).
"""

from __future__ import annotations

import email.utils
import functools
import http.client
import ipaddress
import json
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from handbook.content.handbook import Handbook
from handbook.findings import Finding, finding

USER_AGENT = "handbook-link-checker/1.0 (+https://github.com/; checks links of an open handbook)"
DEAD = {404, 410}
#: cloud metadata services (also covered by the link-local and private ranges; listed to be plain)
METADATA = {ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200",
                                              "fd00:ec2::254")}
#: a test's local server: addresses allowed although not public (never set outside the tests)
TEST_ALLOW_ENV = "HANDBOOK_TEST_ALLOW_HOSTS"


def public(address: str) -> bool:
    """Whether an IP address is on the public internet (IPv4-mapped IPv6 judged as IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and ip not in METADATA


class Blocked(OSError):
    """A host that resolves to an address off the public internet."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not on the public internet")
        self.host, self.address = host, address


class _GuardedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a vetted address: the host is resolved once, every address checked."""

    def __init__(self, *args: Any, allow: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow = allow

    def connect(self) -> None:
        infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM)
        for info in infos:
            address = str(info[4][0])  # an IPv4 or IPv6 address (a stream socket's)
            if not public(address) and address not in self.allow and self.host not in self.allow:
                raise Blocked(self.host, address)
        family, kind, proto, _, sockaddr = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.settimeout(self.timeout)
        try:
            sock.connect(sockaddr)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class _GuardedHTTPS(http.client.HTTPSConnection, _GuardedHTTP):
    """HTTPS over :class:`_GuardedHTTP`'s vetted connection (TLS still checks the host name)."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow: frozenset[str]) -> None:
        super().__init__()
        self.allow = allow

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_GuardedHTTP, allow=self.allow), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow: frozenset[str]) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.allow = allow

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_GuardedHTTPS, allow=self.allow), req, context=self.context)


def opener(allow: frozenset[str] = frozenset()) -> urllib.request.OpenerDirector:
    """http and https only (no file:, ftp:, data: or proxies), redirects followed through the same guard."""
    director = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(allow), _HTTPSHandler(allow), urllib.request.HTTPRedirectHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        director.add_handler(handler)
    return director


@dataclass
class Result:
    """The outcome for one URL."""

    url: str
    state: str  # ok | dead | unsure | blocked (not on the public internet: not requested)
    status: str  # HTTP status or what went wrong
    checked_at: float
    final_url: str = ""


class HostLimiter:
    """At most ``per_host`` requests at once per host, ``interval`` seconds apart."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host, self.interval = per_host, interval
        self.lock = threading.Lock()
        self.slots: dict[str, threading.Semaphore] = {}
        self.last: dict[str, float] = {}

    def __call__(self, host: str) -> AbstractContextManager[None]:
        with self.lock:
            slot = self.slots.setdefault(host, threading.Semaphore(self.per_host))
        limiter = self

        class _Slot:
            def __enter__(self) -> None:
                slot.acquire()
                with limiter.lock:
                    wait = limiter.last.get(host, 0) + limiter.interval - time.monotonic()
                    limiter.last[host] = max(time.monotonic(), limiter.last.get(host, 0) + limiter.interval)
                if wait > 0:
                    time.sleep(wait)

            def __exit__(self, *exc: object) -> None:
                slot.release()

        return _Slot()


def _retry_after(value: str | None, cap: float) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (a number or an HTTP date), at most ``cap``;
    None when there is none or it is neither (the backoff's wait stands)."""
    if not value:
        return None
    try:
        return min(float(value), cap)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):  # Python 3.10+ raises on what is no date
        return None
    return min(max(parsed.timestamp() - time.time(), 0), cap)


class LinkChecker:
    """Checks URLs online; see the module docstring for the policy."""

    def __init__(self, cache_path: Path | None = None, max_age_days: float = 7, timeout: float = 10,
                 concurrency: int = 8, per_host: int = 2, interval: float = 0.2, retries: int = 2,
                 backoff: float = 0.5, max_retry_after: float = 30, allow: frozenset[str] = frozenset()) -> None:
        """``allow``: addresses or hosts that may be requested although not public (a test's own server)."""
        self.cache_path = cache_path
        self.opener = opener(frozenset(allow))
        self.max_age = max_age_days * 86400
        self.timeout, self.concurrency, self.retries = timeout, concurrency, retries
        self.backoff, self.max_retry_after = backoff, max_retry_after
        self.limit = HostLimiter(per_host, interval)
        self.requests = 0
        self._count_lock = threading.Lock()
        #: URL → its last :class:`Result` (as :func:`dataclasses.asdict` writes it)
        self.cache: dict[str, dict[str, Any]] = {}
        if cache_path and cache_path.exists():
            try:
                self.cache = json.loads(cache_path.read_text(encoding="utf-8"))
            except ValueError:
                self.cache = {}

    def fresh(self, url: str, now: float) -> Result | None:
        entry = self.cache.get(url)
        if not entry:
            return None
        age_limit = self.max_age if entry["state"] != "unsure" else self.max_age / 7
        return Result(**entry) if now - entry["checked_at"] < age_limit else None

    def _request(self, url: str, method: str) -> tuple[int, str, dict[str, str]]:
        with self._count_lock:
            self.requests += 1
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with self.opener.open(request, timeout=self.timeout) as resp:
                if method == "GET":
                    resp.read(1024)
                return resp.status, resp.geturl(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl() or url, dict(exc.headers or {})

    def check_one(self, url: str) -> Result:
        host = urlsplit(url).hostname or ""
        status, final = "", url
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2 ** attempt
            try:
                with self.limit(host):
                    code, final, headers = self._request(url, "HEAD")
                    if code in (400, 403, 405, 501):  # many servers refuse HEAD: ask with GET
                        code, final, headers = self._request(url, "GET")
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, Blocked):
                    return Result(url, "blocked", f"{reason.host}: {reason.address}", time.time())
                if isinstance(reason, socket.gaierror):
                    return Result(url, "dead", f"host not found ({reason.strerror or reason})", time.time())
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    status = "timeout"
                else:
                    status = f"connection failed ({reason})"
                    if not isinstance(reason, (ConnectionResetError, ConnectionRefusedError)):
                        return Result(url, "unsure", status, time.time())
            except (TimeoutError, socket.timeout):
                status = "timeout"
            except (ConnectionResetError, ConnectionAbortedError, http.client.HTTPException) as exc:
                status = f"connection reset ({type(exc).__name__})"
            else:
                if 200 <= code < 400:
                    return Result(url, "ok", str(code), time.time(), final)
                if code in DEAD:
                    return Result(url, "dead", str(code), time.time(), final)
                status = str(code)
                if code in (429, 503):
                    after = _retry_after(headers.get("Retry-After"), self.max_retry_after)
                    wait = after if after is not None else wait
                else:
                    return Result(url, "unsure", status, time.time(), final)
            if attempt < self.retries:
                time.sleep(wait)
        return Result(url, "unsure", status, time.time(), final)

    def check(self, urls: list[str]) -> dict[str, Result]:
        """Results for ``urls`` (each once); fresh cache entries are not requested again."""
        now = time.time()
        results: dict[str, Result] = {}
        todo = []
        for url in dict.fromkeys(urls):
            cached = self.fresh(url, now)
            if cached:
                results[url] = cached
            else:
                todo.append(url)
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            for result in pool.map(self.check_one, todo):
                results[result.url] = result
                self.cache[result.url] = asdict(result)
        if self.cache_path:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            self.cache_path.write_text(json.dumps(self.cache, indent=1, sort_keys=True), encoding="utf-8")
        return results


def check_online(hb: Handbook, cache_path: Path | None = None, max_age_days: float = 7, timeout: float = 10,
                 concurrency: int = 8, checker: LinkChecker | None = None) -> list[Finding]:
    """Dead links as errors and unsure ones as warnings, each at its first place in the content."""
    from handbook.checks.allow import load
    from handbook.checks.links import external_urls

    entries, _ = load(hb.root)
    ignored = [e for e in entries if e.get("url")]
    first: dict[str, tuple[str, int]] = {}
    for url, path, line in external_urls(hb):
        if any(url.startswith(str(e["url"])) for e in ignored):
            continue
        first.setdefault(url, (path, line))
    allow = frozenset(filter(None, os.environ.get(TEST_ALLOW_ENV, "").split(",")))
    checker = checker or LinkChecker(cache_path, max_age_days, timeout, concurrency, allow=allow)
    out = []
    for url, result in checker.check(list(first)).items():
        path, line = first[url]
        if result.state == "blocked":
            out.append(finding(path, line, "url-private-host", "url-private-host", url=url,
                               host=result.status))
        elif result.state == "dead":
            out.append(finding(path, line, "url-dead", "url-dead", url=url, status=result.status))
        elif result.state == "unsure":
            out.append(finding(path, line, "url-unsure", "url-unsure", severity="warning", url=url,
                               status=result.status))
    return out
