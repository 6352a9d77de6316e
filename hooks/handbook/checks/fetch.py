"""One request of the online link check, through the guard that keeps it on the public internet.

:class:`Guard` resolves a host once and checks every address it resolves to
(:func:`handbook.checks.addresses.public`) before connecting; the connection goes to an address
that was checked, never to a second lookup's (no DNS rebinding). Plain http and https (TLS with
the certificate and the host name verified, SNI sent) both connect through it. :func:`fetch`
follows redirects itself, each hop through the same guard, and refuses a redirect to any scheme
but http and https. No proxy is used and nothing but http and https is ever opened.

A socket's timeout bounds each read, not the request: a server that sends a byte a second would hold
it for ever. So each link has a :class:`Deadline` too, its redirects and retries included; when it
passes, the connection is shut and the request ends as a timeout.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from handbook.checks.addresses import public

#: the statuses whose ``Location`` is followed
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10
SCHEMES = ("http", "https")
#: what a host name may be made of once in ASCII (IDNA), IPv6 literals and their scope included
_HOST = re.compile(r"^[A-Za-z0-9._~:%-]+$")
#: characters left as they are in the request target (everything else is percent-encoded)
_SAFE = "!#$%&'()*+,/:;=?@[]~"

#: (address family, socket address) for each address a host resolves to
Addresses = Sequence[tuple[int, tuple[Any, ...]]]
#: host, port → the addresses to connect to (a test hands in its own; the default asks the system)
Resolver = Callable[[str, int], Addresses]
#: (address, port) that may be connected to although not public; port None: any port
Allowed = frozenset[tuple[str, int | None]]


class Blocked(OSError):
    """A host that resolves to an address off the public internet (nothing was sent to it)."""

    def __init__(self, host: str, address: str, url: str = "") -> None:
        super().__init__(f"{host} resolves to {address}, which is not on the public internet")
        self.host, self.address, self.url = host, address, url


class Invalid(ValueError):
    """An address that cannot be requested (not http or https, no host, a bad port …)."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{url}: {problem}")
        self.url, self.problem = url, problem


class Refused(Exception):
    """A redirect to a scheme other than http and https (not followed)."""

    def __init__(self, target: str, scheme: str) -> None:
        super().__init__(f"redirect to {target} ({scheme}:)")
        self.target, self.scheme = target, scheme


class TooManyRedirects(Exception):
    """More than :data:`MAX_REDIRECTS` redirects, or a loop."""


def system_resolver(host: str, port: int) -> Addresses:
    """The system's answer for ``host`` (one lookup), stream sockets only."""
    return [(info[0], info[4]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def allowed(entries: Iterable[str]) -> Allowed:
    """``address`` or ``address:port`` (``[v6]:port`` for IPv6) entries as :data:`Allowed` pairs.
    Raises :class:`ValueError` on an entry that is neither."""
    out: set[tuple[str, int | None]] = set()
    for entry in entries:
        text = entry.strip()
        host, port = text, None
        match = re.fullmatch(r"\[([^\]]+)\]:(\d+)|([^:\[\]]+):(\d+)", text)
        if match:
            host = match.group(1) or match.group(3)
            port = int(match.group(2) or match.group(4))
        else:
            host = text.strip("[]")
        out.add((str(ipaddress.ip_address(host)), port))
    return frozenset(out)


def allowed_from_env(value: str) -> Allowed:
    """The test setting ``HANDBOOK_TEST_ALLOW_HOSTS``: comma-separated ``address:port`` pairs
    (``127.0.0.1:8443``, ``[::1]:8443``), each a loopback address with a port. Any other entry
    (a host name, a private or public address, an address without a port) is ignored."""
    out: set[tuple[str, int | None]] = set()
    for entry in value.split(","):
        try:
            pairs = allowed([entry])
        except ValueError:
            continue
        out.update((address, port) for address, port in pairs
                   if port is not None and ipaddress.ip_address(address).is_loopback)
    return frozenset(out)


@dataclass(frozen=True)
class Guard:
    """Connects only to addresses on the public internet, or to those in ``allow`` (a test's own server)."""

    allow: Allowed = frozenset()
    resolve: Resolver = field(default=system_resolver)

    def permits(self, address: str, port: int) -> bool:
        """Whether a connection to ``address`` on ``port`` may be made."""
        if public(address):
            return True
        try:
            name = str(ipaddress.ip_address(address.split("%", 1)[0]))
        except ValueError:
            return False
        return (name, port) in self.allow or (name, None) in self.allow

    def vet(self, host: str, port: int) -> Addresses:
        """Every address ``host`` resolves to (one lookup), each checked; raises :class:`Blocked` if any is
        refused (an unknown host raises :class:`socket.gaierror`)."""
        addresses = self.resolve(host, port)
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
        for family, sockaddr in addresses:
            address = str(sockaddr[0])
            if family not in (socket.AF_INET, socket.AF_INET6) or not self.permits(address, port):
                raise Blocked(host, address)
        return addresses

    def connect(self, host: str, port: int, timeout: float, deadline: Deadline | None = None) -> socket.socket:
        """A stream socket connected to one of ``host``'s checked addresses (tried in order), shut when
        ``deadline`` passes."""
        failure: OSError = OSError(f"{host}: no address to connect to")
        for family, sockaddr in self.vet(host, port):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            if deadline is not None:
                deadline.watch(sock)
            try:
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                failure = exc
                continue
            return sock
        raise failure


class Deadline:
    """The time one link may take in all (every connection, read, redirect and retry): when it passes,
    the connection in use is shut down, so that the read waiting on it ends (:meth:`expire`)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def remaining(self) -> float:
        """Seconds left (0 once it has passed)."""
        return max(0.0, self.end - time.monotonic())

    def watch(self, sock: socket.socket | None) -> None:
        """Shut ``sock`` when the deadline passes (at once if it has passed); None: watch nothing."""
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                _shut(sock)

    def expire(self) -> None:
        """The deadline has passed: the connection in use is shut down."""
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)

    def check(self) -> None:
        """Raise :class:`TimeoutError` if the deadline has passed."""
        if self.expired or self.remaining() <= 0:
            self.expired = True
            raise TimeoutError("the link took longer than its deadline")


def _shut(sock: socket.socket) -> None:
    """Shut the connection of ``sock`` down (for TLS too: the socket's own, not TLS's, shutdown), so that a
    read waiting on it in another thread returns."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _HTTP(http.client.HTTPConnection):
    """Plain http over :meth:`Guard.connect`."""

    def __init__(self, host: str, port: int, timeout: float, guard: Guard, deadline: Deadline | None = None) -> None:
        super().__init__(host, port, timeout=timeout)
        self.guard, self.seconds, self.deadline = guard, timeout, deadline

    def connect(self) -> None:
        self.sock = self.guard.connect(self.host, self.port, self.seconds, self.deadline)


class _HTTPS(http.client.HTTPSConnection):
    """https over :meth:`Guard.connect`: TLS on the checked socket, certificate and host name verified."""

    def __init__(self, host: str, port: int, timeout: float, guard: Guard, tls: ssl.SSLContext,
                 deadline: Deadline | None = None) -> None:
        super().__init__(host, port, timeout=timeout, context=tls)
        self.guard, self.tls, self.seconds, self.deadline = guard, tls, timeout, deadline

    def connect(self) -> None:
        sock = self.guard.connect(self.host, self.port, self.seconds, self.deadline)
        try:
            wrapped = self.tls.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        except BaseException:
            sock.close()
            raise
        try:
            if self.deadline is not None:  # the TLS socket now holds the connection: the handshake is watched too
                self.deadline.watch(wrapped)
            wrapped.do_handshake()
        except BaseException:
            wrapped.close()
            raise
        self.sock = wrapped


def verifying(context: ssl.SSLContext | None) -> ssl.SSLContext:
    """``context`` (a test's, trusting its own CA), or the system's default; either must verify the
    certificate and the host name."""
    tls = context or ssl.create_default_context()
    if tls.verify_mode != ssl.CERT_REQUIRED or not tls.check_hostname:
        raise ValueError("the link check verifies certificates and host names")
    return tls


@dataclass(frozen=True)
class Target:
    """Where one request goes: scheme, host (ASCII), port and the request target (path and query)."""

    scheme: str
    host: str
    port: int
    path: str


def target(url: str) -> Target:
    """The request that ``url`` means; raises :class:`Invalid` if it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
    except ValueError as exc:  # a bad IPv6 literal or port
        raise Invalid(url, str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Invalid(url, "not an http or https address")
    if not host:
        raise Invalid(url, "no host")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise Invalid(url, "a host name that is not valid") from None
    if not _HOST.match(host):
        raise Invalid(url, "a host name that is not valid")
    if port == 0:
        raise Invalid(url, "port 0")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        path = quote(path, safe=_SAFE, encoding="utf-8", errors="strict")
    except UnicodeError:  # a lone surrogate
        raise Invalid(url, "characters that are not text") from None
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


@dataclass(frozen=True)
class Response:
    """What the last hop answered: its status, its URL and its headers (names in lower case)."""

    status: int
    url: str
    headers: dict[str, str]


def fetch(url: str, method: str, guard: Guard, tls: ssl.SSLContext, timeout: float,
          headers: dict[str, str], deadline: Deadline | None = None) -> Response:
    """``method`` on ``url``, redirects followed (each hop through ``guard``), within ``deadline``
    (by default ``timeout`` × 3 in all).

    Raises :class:`Invalid`, :class:`Refused`, :class:`TooManyRedirects`, :class:`Blocked` (its
    ``url`` the hop refused), :class:`TimeoutError` (also when the deadline passes), :class:`OSError`
    (network and TLS) or :class:`http.client.HTTPException`.
    """
    deadline = deadline or Deadline(3 * timeout)
    deadline.check()
    timer = threading.Timer(deadline.remaining(), deadline.expire)
    timer.daemon = True
    timer.start()
    try:
        response = _follow(url, method, guard, tls, timeout, headers, deadline)
        if deadline.expired:  # the answer was cut short when the connection was shut: it is no answer
            raise TimeoutError("the link took longer than its deadline")
        return response
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired and not isinstance(exc, Blocked):
            raise TimeoutError("the link took longer than its deadline") from None
        raise
    finally:
        timer.cancel()
        deadline.watch(None)


def _follow(url: str, method: str, guard: Guard, tls: ssl.SSLContext, timeout: float,
            headers: dict[str, str], deadline: Deadline) -> Response:
    """:func:`fetch`'s requests, one per hop."""
    current, seen = url, set()
    for _ in range(MAX_REDIRECTS + 1):
        seen.add(current)
        where = target(current)
        deadline.check()
        connection: http.client.HTTPConnection = (
            _HTTPS(where.host, where.port, timeout, guard, tls, deadline) if where.scheme == "https"
            else _HTTP(where.host, where.port, timeout, guard, deadline))
        try:
            connection.request(method, where.path, headers=headers)
            response = connection.getresponse()
            if method != "HEAD":
                response.read(1024)
            status, answer = response.status, {k.lower(): v for k, v in response.getheaders()}
            location = response.getheader("Location")
        except Blocked as exc:
            raise Blocked(exc.host, exc.address, current) from None
        finally:
            connection.close()
        if status not in REDIRECTS or not location:
            return Response(status, current, answer)
        try:
            following = urljoin(current, location.strip())
            scheme = urlsplit(following).scheme.lower()
        except ValueError as exc:
            raise Invalid(location, str(exc)) from None
        if scheme not in SCHEMES:
            raise Refused(following, scheme)
        if following in seen:
            raise TooManyRedirects(following)
        if status == 303 and method != "HEAD":
            method = "GET"
        current = following
    raise TooManyRedirects(current)
