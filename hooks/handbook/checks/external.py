"""External links, checked online (``handbook check --online``).

Each unique URL is requested once, with bounded concurrency and at most two
requests at a time per host, spaced by a minimum interval. HEAD first, GET if
HEAD is refused. Timeouts, 429 and 503 are retried with backoff, honouring
``Retry-After``. Results are kept in a cache file with an expiry, so a re-run
requests only what is stale. A URL in the allow-list's ``ignore_urls`` (each
with a reason) is not requested. Only *dead* links (404, 410, a host that does
not exist) fail; *unsure* ones (401, 403, 429, 5xx, timeouts, resets) are
reported as warnings, because sites block bots and have bad days.

The check stays on the public internet (:mod:`handbook.checks.fetch`, :mod:`handbook.checks.addresses`):
every host is resolved once, and if any of its addresses is loopback, private, link-local (cloud
metadata services live there), shared, reserved or an IPv6 form of one of these, nothing is requested;
the connection goes to the address that was checked (no second lookup), and so does each redirect
hop. Such a link is reported as ``url-private-host`` (``url-redirect-private`` when a redirect leads
there). https is verified (certificate and host name); a certificate that does not verify is
``url-tls``. A redirect to a scheme other than http and https is not followed: ``url-redirect-scheme``.
A cache can only save requests, never hide a link (:mod:`handbook.checks.linkcache`).

Only a test may let the check reach its own local server: the ``allow`` parameter of
:class:`LinkChecker` and :func:`check_online` (the command line never sets it), or, for a test that
runs the ``handbook`` command in a process of its own, the environment variable
``HANDBOOK_TEST_ALLOW_HOSTS`` (:data:`TEST_ALLOW_ENV`): comma-separated ``address:port`` pairs, each
a loopback address with its port (``127.0.0.1:8443,[::1]:8443``); anything else in it is ignored.
Nothing in the content can set either.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

from handbook.checks import linkcache
from handbook.checks.fetch import (Allowed, Blocked, Deadline, Guard, Invalid, Refused, Resolver, Response, TooManyRedirects,
                                   allowed, allowed_from_env, fetch, system_resolver, target, verifying)
from handbook.checks.linkcache import Result, fresh
from handbook.content.handbook import Handbook
from handbook.findings import Finding, finding

USER_AGENT = "handbook-link-checker/1.0 (+https://github.com/; checks links of an open handbook)"
DEAD = frozenset({404, 410})
#: a test's local servers: ``address:port`` pairs allowed although not public (never set outside the tests)
TEST_ALLOW_ENV = "HANDBOOK_TEST_ALLOW_HOSTS"
#: the host lookup's answers that mean the host does not exist (others, such as a DNS outage, are unsure)
NO_SUCH_HOST = frozenset(code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None)


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


def _blocked(url: str, exc: Blocked, hop: str) -> Result:
    """The result for a link whose host, or that of the redirect hop ``hop``, the guard refused."""
    where = exc.address if exc.host == exc.address else f"{exc.host}: {exc.address}"
    return Result(url, "blocked", where, time.time(), hop)


class LinkChecker:
    """Checks URLs online; see the module docstring for the policy."""

    def __init__(self, cache_path: Path | None = None, max_age_days: float = 7, timeout: float = 10,
                 concurrency: int = 8, per_host: int = 2, interval: float = 0.2, retries: int = 2,
                 backoff: float = 0.5, max_retry_after: float = 30,
                 allow: Iterable[str | tuple[str, int | None]] = (), tls: ssl.SSLContext | None = None,
                 resolve: Resolver = system_resolver, total: float | None = None) -> None:
        """``timeout``: seconds for one read; ``total``: seconds for one link in all, its redirects and
        retries included (by default ``timeout`` × 3: a server that answers a byte at a time cannot
        hold the check). ``allow``: addresses (``127.0.0.1``: any port) or ``address:port`` pairs that may be requested
        although not public (a test's own server); ``tls``: the context that verifies https (a test's,
        trusting its own CA; by default the system's); ``resolve``: the host lookup (a test's, that
        knows its own names; by default the system's)."""
        entries = list(allow)
        pairs: Allowed = frozenset(e for e in entries if isinstance(e, tuple))
        self.guard = Guard(pairs | allowed(e for e in entries if isinstance(e, str)), resolve)
        self.tls = verifying(tls)
        self.cache_path = cache_path
        self.max_age = max_age_days * 86400
        self.timeout, self.concurrency, self.retries = timeout, concurrency, retries
        self.total = total if total is not None else 3 * timeout
        self.backoff, self.max_retry_after = backoff, max_retry_after
        self.limit = HostLimiter(per_host, interval)
        self.requests = 0
        self._count_lock = threading.Lock()
        #: URL → its last :class:`Result` that a request gave (the cache file's well-formed entries at first)
        self.cache: dict[str, Result] = linkcache.load(cache_path)

    def _request(self, url: str, method: str, deadline: Deadline) -> Response:
        with self._count_lock:
            self.requests += 1
        return fetch(url, method, self.guard, self.tls, self.timeout, {"User-Agent": USER_AGENT, "Accept": "*/*"},
                     deadline)

    def _cached(self, url: str) -> Result | None:
        """The cache's fresh result for ``url`` if the guard still accepts where it goes (a ``blocked``
        result if it refuses it now); None when the link must be requested."""
        cached = self.cache.get(url)
        if cached is None or not fresh(cached, time.time(), self.max_age):
            return None
        hops = [url] + ([cached.final_url] if cached.final_url not in ("", url) and cached.state != "redirect" else [])
        for hop in hops:
            try:
                where = target(hop)
                self.guard.vet(where.host, where.port)
            except Blocked as exc:
                return _blocked(url, exc, hop)
            except (Invalid, OSError):  # not a cache entry to go by: ask again
                return None
        return cached

    def check_one(self, url: str) -> Result:
        """The result for one URL, any string (never raises for what the URL is or how its host answers)."""
        try:
            host = target(url).host
        except Invalid as exc:
            return Result(url, "invalid", exc.problem, time.time())
        cached = self._cached(url)
        if cached is not None:
            return cached
        status, final = "", url
        deadline = Deadline(self.total)  # for every attempt together
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2 ** attempt
            try:
                with self.limit(host):
                    response = self._request(url, "HEAD", deadline)
                    if response.status in (400, 403, 405, 501):  # many servers refuse HEAD: ask with GET
                        response = self._request(url, "GET", deadline)
            except Invalid as exc:  # a redirect to an address that cannot be requested
                return Result(url, "invalid", f"{exc.url}: {exc.problem}", time.time())
            except Refused as exc:
                return Result(url, "redirect", exc.scheme, time.time(), exc.target)
            except TooManyRedirects as exc:
                return Result(url, "unsure", "too many redirects", time.time(), str(exc))
            except Blocked as exc:
                return _blocked(url, exc, exc.url)
            except ssl.SSLCertVerificationError as exc:
                return Result(url, "tls", str(exc.verify_message or exc.reason or exc).rstrip("."), time.time())
            except socket.gaierror as exc:
                if exc.errno in NO_SUCH_HOST:
                    return Result(url, "dead", f"host not found ({exc.strerror or exc})", time.time())
                return Result(url, "unsure", f"host lookup failed ({exc.strerror or exc})", time.time())
            except TimeoutError:
                status = "timeout"
            except ConnectionRefusedError as exc:
                status = f"connection failed ({exc})"
            except (ConnectionResetError, ConnectionAbortedError, http.client.HTTPException) as exc:
                status = f"connection reset ({type(exc).__name__})"
            except ssl.SSLError as exc:
                return Result(url, "unsure", f"TLS failed ({exc.reason or exc})", time.time())
            except OSError as exc:
                return Result(url, "unsure", f"connection failed ({exc})", time.time())
            else:
                code, final = response.status, response.url
                if 200 <= code < 400:
                    return Result(url, "ok", str(code), time.time(), final)
                if code in DEAD:
                    return Result(url, "dead", str(code), time.time(), final)
                status = str(code)
                if code in (429, 503):
                    after = _retry_after(response.headers.get("retry-after"), self.max_retry_after)
                    wait = after if after is not None else wait
                else:
                    return Result(url, "unsure", status, time.time(), final)
            if attempt < self.retries:
                if deadline.remaining() <= wait:
                    break
                time.sleep(wait)
        return Result(url, "unsure", status, time.time(), final)

    def check(self, urls: list[str]) -> dict[str, Result]:
        """Results for ``urls`` (each once); fresh cache entries are not requested again."""
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            results = {result.url: result for result in pool.map(self.check_one, dict.fromkeys(urls))}
        self.cache.update((url, r) for url, r in results.items() if r.state in linkcache.CACHED_STATES)
        if self.cache_path:
            linkcache.save(self.cache_path, self.cache)
        return results


def result_finding(result: Result, path: str, line: int) -> Finding | None:
    """The finding at ``path:line`` for a link's result (None for an ok one)."""
    url = result.url
    if result.state == "ok":
        return None
    if result.state == "blocked":
        redirected = result.final_url not in ("", url)
        code = "url-redirect-private" if redirected else "url-private-host"
        return finding(path, line, code, code, url=url, host=result.status)
    if result.state == "dead":
        return finding(path, line, "url-dead", "url-dead", url=url, status=result.status)
    if result.state == "tls":
        return finding(path, line, "url-tls", "url-tls", severity="warning", url=url, problem=result.status)
    if result.state == "redirect":
        return finding(path, line, "url-redirect-scheme", "url-redirect-scheme", url=url, target=result.final_url,
                       scheme=result.status)
    if result.state == "invalid":
        return finding(path, line, "url-malformed", "url-malformed", url=url, problem=result.status)
    return finding(path, line, "url-unsure", "url-unsure", severity="warning", url=url, status=result.status)


def check_online(hb: Handbook, cache_path: Path | None = None, max_age_days: float = 7, timeout: float = 10,
                 concurrency: int = 8, checker: LinkChecker | None = None,
                 allow: Iterable[str | tuple[str, int | None]] | None = None, tls: ssl.SSLContext | None = None,
                 resolve: Resolver = system_resolver, total: float | None = None) -> list[Finding]:
    """Dead links as errors and unsure ones as warnings, each at its first place in the content.

    Only http and https addresses are requested (the offline checks report the others). A cache file
    inside the project that git tracks is not used (``url-cache-tracked``). ``allow``, ``tls`` and
    ``resolve``: a test's own servers, CA and names (see :class:`LinkChecker`); without ``allow``, the
    test setting :data:`TEST_ALLOW_ENV` is read.
    """
    from handbook.checks.allow import load, url_allowed, url_prefix
    from handbook.checks.links import external_urls

    entries, _ = load(hb.root)
    ignored = [prefix for e in entries if e.get("url") and (prefix := url_prefix(e["url"]))]
    first: dict[str, tuple[str, int]] = {}
    for url, path, line in external_urls(hb):
        if not re.match(r"^https?://", url, re.I) or url_allowed(url, ignored):
            continue
        first.setdefault(url, (path, line))
    out = []
    if checker is None:
        if cache_path is not None and linkcache.tracked(hb.root, cache_path):
            rel = cache_path.resolve().relative_to(hb.root.resolve()).as_posix()
            out.append(finding(rel, 1, "url-cache-tracked", "url-cache-tracked", severity="warning", file=rel))
            cache_path = None
        if allow is None:
            allow = allowed_from_env(os.environ.get(TEST_ALLOW_ENV, ""))
        checker = LinkChecker(cache_path, max_age_days, timeout, concurrency, allow=allow, tls=tls, resolve=resolve,
                              total=total)
    for url, result in checker.check(list(first)).items():
        path, line = first[url]
        found = result_finding(result, path, line)
        if found is not None:
            out.append(found)
    return out
