"""Connections for the forecast feed that reach only public internet addresses (ASVS 1.3.6,
13.2.4, 15.3.2: no server-side request forgery through the feed address).

The feed's host is resolved once, every address it resolves to is checked, and the socket is
opened to a checked address without a second lookup, so a name that changes its answer between
the check and the connection (DNS rebinding) cannot reach inside. Only the socket is pinned:
the Host header and the TLS certificate check still use the host name. Each redirect opens a
new connection through the same check.

FORECAST_FEED_ALLOW_PRIVATE turns the check off, for the tests' feed server on 127.0.0.1.
"""

import http.client
import ipaddress
import socket
import ssl
import urllib.request
from typing import Any

from django.conf import settings

# NAT64 gateways (RFC 6052) reach the IPv4 address held in the last 32 bits.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressNotAllowed(Exception):  # noqa: N818  (reads as what happened, like FeedError)
    """The host is, or resolves to, an address that is not on the public internet."""


def is_public(address: str) -> bool:
    """Whether an IP address is globally routable: not loopback, private, link-local (cloud
    metadata at 169.254.169.254 included), shared, reserved, multicast or unspecified.
    IPv6 forms of an IPv4 address are judged by that IPv4 address."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    # Python counts multicast as global, so it is refused by name.
    return ip.is_global and not ip.is_multicast


def connect_checked(address: tuple[str, int], timeout: Any = None, *_: Any) -> socket.socket:
    """A connected socket to the host, opened only if every address it resolves to is allowed
    (the signature of socket.create_connection, which http.client calls)."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not getattr(settings, "FORECAST_FEED_ALLOW_PRIVATE", False):
        # Every answer, not just the first: a name that mixes public and private addresses
        # would otherwise reach inside whenever the private one is tried.
        if not found or not all(is_public(str(sockaddr[0])) for *_, sockaddr in found):
            raise AddressNotAllowed
    failure: OSError | None = None
    for family, kind, proto, _, sockaddr in found:
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, int | float):
                sock.settimeout(timeout)
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            failure = error
        else:
            return sock
    raise failure or OSError("no address to connect to")


class CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client opens its socket through this attribute (socket.create_connection).
        self._create_connection = connect_checked


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # HTTPSConnection wraps the socket opened here with TLS for self.host, the name.
        self._create_connection = connect_checked


def tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, with the host name checked."""
    return ssl.create_default_context()


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(CheckedHTTPConnection, req)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        self.tls = tls_context()
        super().__init__(context=self.tls)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(CheckedHTTPSConnection, req, context=self.tls)


def checked_handlers() -> list[urllib.request.BaseHandler]:
    """Handlers for urllib.request.build_opener: web connections through the address check,
    and no proxies from the environment (a proxy would resolve the name itself, unchecked)."""
    return [urllib.request.ProxyHandler({}), CheckedHTTPHandler(), CheckedHTTPSHandler()]
