"""The one way Samspill sends an HTTP request out (webhooks and chat).

The SSRF guard: only http and https; the host is resolved once, every address it resolves
to is checked, and the connection goes to a checked address, so a name cannot resolve to
a public address for the check and a private one for the request (DNS rebinding). Loopback,
link-local, private, shared, multicast and reserved addresses are refused unless the URL's
host, as written, is in WEBHOOK_INTERNAL_HOSTS. Redirects are followed by hand, at most
three, and every hop is checked the same way, so a public URL that redirects to
127.0.0.1 is refused. Every socket operation has the timeout; the response body is read
only up to 64 KB.

Tests replace nothing here: they post to a real receiver on loopback, named in
WEBHOOK_INTERNAL_HOSTS.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 3
MAX_BODY = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Refused(Exception):
    """The URL may not be reached (scheme, address range, too many redirects)."""


@dataclass(frozen=True)
class Response:
    status_code: int
    body: bytes
    duration_ms: int


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def resolve_checked(url: str, internal_hosts: list[str] | None = None) -> tuple[str, int, str]:
    """(host, port, address to connect to) for a URL the guard allows; else Refused."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise Refused(f"scheme {parts.scheme or '(none)'} is not allowed")
    host = parts.hostname
    if not host:
        raise Refused("the URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused("the port is not valid") from error
    allowed = internal_hosts if internal_hosts is not None else settings.WEBHOOK_INTERNAL_HOSTS
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OSError(f"{host} does not resolve") from error
    addresses = [info[4][0] for info in infos]
    if host.lower() not in {name.lower() for name in allowed}:
        for address in addresses:
            if _forbidden(ipaddress.ip_address(address.split("%")[0])):
                raise Refused(f"{host} resolves to {address}, an internal address")
    return host, port, addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float | None = None,
    internal_hosts: list[str] | None = None,
) -> Response:
    """POST `body` to `url`; Refused by the guard, OSError on network trouble."""
    timeout = timeout if timeout is not None else settings.WEBHOOK_TIMEOUT_SECONDS
    started = time.monotonic()
    for _hop in range(MAX_REDIRECTS + 1):
        host, port, address = resolve_checked(url, internal_hosts)
        parts = urlsplit(url)
        kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        connection = kind(host, port, address, timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST", target, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read(MAX_BODY)
            location = answer.getheader("Location")
        except (http.client.HTTPException, ssl.SSLError) as error:
            raise OSError(str(error)) from error
        finally:
            connection.close()
        if answer.status in REDIRECTS and location:
            url = urljoin(url, location)
            continue
        elapsed = int((time.monotonic() - started) * 1000)
        return Response(status_code=answer.status, body=content, duration_ms=elapsed)
    raise Refused("too many redirects")
