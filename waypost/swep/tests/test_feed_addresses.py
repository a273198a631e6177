"""The forecast feed reaches only the public internet (waypost.swep.feed_connection, ASVS 1.3.6,
13.2.4, 15.3.2; gap G7): internal addresses, names that resolve to them and redirects to them
are refused before any connection is made, the socket goes to the address that was checked
(no second lookup for DNS rebinding to swap), and TLS is still verified for the host name."""

import json
import logging
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.urls import reverse

from waypost.swep import feed_connection
from waypost.swep.feed_connection import is_public
from waypost.swep.forecast_feed import NOT_ALLOWED, FeedError, fetch, poll_feed
from waypost.swep.models import ForecastSource, SwepSettings
from waypost.testing.servers import serving
from waypost.testing.worker import feed_server_fixture  # noqa: F401

JSON = ForecastSource.JSON_FEED
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104
        "192.0.2.1",  # documentation
        "240.0.0.1",  # reserved
        "224.0.0.1",  # multicast
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00:ec2::254",  # cloud metadata over IPv6
        "fc00::1",
        "ff02::1",  # multicast
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
    ],
)
def test_internal_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "151.101.0.81", "2001:4860:4860::8888", "::ffff:8.8.8.8"]
)
def test_internet_addresses_are_public(address):
    assert is_public(address)


# --- Refused before connecting -----------------------------------------------------------------


class FakeDns:
    """socket.getaddrinfo with made-up answers for some names; each answer is a list of
    addresses, given out in turn (the last one again once the others are used)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in self.answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        self.lookups.append(host)
        queue = self.answers[host]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return [info for ip in answer for info in REAL_GETADDRINFO(ip, port, *args, **kwargs)]


@pytest.fixture
def dns(monkeypatch) -> FakeDns:
    return FakeDns(monkeypatch)


@pytest.fixture
def connections(monkeypatch) -> list[Any]:
    """Every address a socket tries to connect to during the test (none gets through)."""
    attempts: list[Any] = []

    def connect(sock: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/feed.json",
        "https://10.0.0.1/feed.json",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]:8443/feed.json",
        "https://[::ffff:10.0.0.1]/feed.json",
        "http://[fe80::1]/feed.json",
    ],
)
def test_an_internal_address_is_refused_without_connecting(url, connections):
    with pytest.raises(FeedError) as refused:
        fetch(url, source=JSON)

    assert str(refused.value) == NOT_ALLOWED
    assert connections == []


def test_a_name_that_resolves_inside_is_refused_without_connecting(dns, connections):
    dns.answers["feeds.example"] = [["127.0.0.1"]]
    dns.answers["mixed.example"] = [["151.101.0.81", "10.0.0.1"]]

    for url in ("https://feeds.example/feed.json", "https://mixed.example/feed.json"):
        with pytest.raises(FeedError, match="^The forecast address is not allowed"):
            fetch(url, source=JSON)

    assert dns.lookups == ["feeds.example", "mixed.example"]
    assert connections == []


def test_the_local_feed_server_is_refused_and_never_asked(feed_server):
    feed_server.body = json.dumps({"forecasts": []}).encode()

    with pytest.raises(FeedError, match="^The forecast address is not allowed"):
        fetch(feed_server.url(), source=JSON)

    assert feed_server.requests == 0


def test_the_setting_lets_the_tests_reach_a_local_feed(feed_server, settings):
    settings.FORECAST_FEED_ALLOW_PRIVATE = True
    feed_server.body = json.dumps({"forecasts": []}).encode()

    assert fetch(feed_server.url(), source=JSON) == feed_server.body


# --- Redirects ---------------------------------------------------------------------------------


@pytest.fixture
def loopback_is_public(monkeypatch) -> None:
    """127.0.0.1 plays a public feed host, so the local servers stand in for the internet
    while every other internal address is still refused."""
    monkeypatch.setattr(
        feed_connection, "is_public", lambda address: address == "127.0.0.1" or is_public(address)
    )


@pytest.mark.usefixtures("loopback_is_public")
def test_a_redirect_to_an_internal_address_is_refused(feed_server, dns, monkeypatch):
    dns.answers["metadata.example"] = [["169.254.169.254"]]
    feed_server.body = b'{"secret": "from inside"}'
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        attempts.append(address[0])
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)

    for location in (
        "https://metadata.example/latest/meta-data/",
        "https://10.0.0.1/feed.json",
        "https://[::1]/feed.json",
    ):
        feed_server.status, feed_server.headers = 302, {"Location": location}
        with pytest.raises(FeedError) as refused:
            fetch(feed_server.url(), source=JSON)
        assert str(refused.value) == NOT_ALLOWED

    assert feed_server.requests == 3
    assert set(attempts) == {"127.0.0.1"}  # only the feed itself, never the redirect target


@pytest.mark.usefixtures("loopback_is_public")
def test_a_redirect_must_stay_on_https(feed_server, dns):
    dns.answers["feeds.example"] = [["151.101.0.81"]]
    feed_server.status, feed_server.headers = 301, {"Location": "http://feeds.example/f.json"}

    with pytest.raises(FeedError, match="redirected to an address that does not start with https"):
        fetch(feed_server.url(), source=JSON)

    assert dns.lookups == []


# --- Pinned to the checked address, TLS for the name -------------------------------------------


def _certificate(
    name: str, key: Any, *, issuer: x509.Certificate | None = None, issuer_key: Any = None
) -> x509.Certificate:
    """A certificate authority for `name` (no issuer), or a server certificate for the host
    `name` signed by the issuer."""
    now = datetime.now(UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if issuer is None:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=None), critical=True
        ).add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False
        ).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key or key, hashes.SHA256())


class _TlsFeed(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802
        self.server.hosts.append(self.headers["Host"])
        body = json.dumps({"forecasts": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def tls_feed(tmp_path, monkeypatch) -> Iterator[ThreadingHTTPServer]:
    """An https feed on 127.0.0.1 whose certificate is for feeds.example only, from a
    certificate authority the fetcher is made to trust."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Waypost test CA", ca_key)
    certificate = _certificate("feeds.example", key, issuer=ca, issuer_key=ca_key)
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    ca_pem = ca.public_bytes(serialization.Encoding.PEM).decode()
    # The system's defaults (host name checked), trusting only the test authority.
    monkeypatch.setattr(
        feed_connection, "tls_context", lambda: ssl.create_default_context(cadata=ca_pem)
    )

    server = ThreadingHTTPServer(("127.0.0.1", 0), _TlsFeed)
    server.daemon_threads = True
    server.socket = server_tls.wrap_socket(server.socket, server_side=True)
    server.hosts = []  # type: ignore[attr-defined]
    with serving(server):
        yield server


@pytest.mark.usefixtures("loopback_is_public")
def test_it_connects_to_the_address_it_checked_and_verifies_tls_for_the_name(tls_feed, dns):
    port = tls_feed.server_address[1]
    # A rebinding name: the first answer passes the check, later ones point inside.
    dns.answers["feeds.example"] = [["127.0.0.1"], ["10.0.0.1"]]

    body = fetch(f"https://feeds.example:{port}/feed.json", source=JSON)

    assert json.loads(body) == {"forecasts": []}
    assert dns.lookups == ["feeds.example"]  # resolved once, connected to that answer
    assert tls_feed.hosts == [f"feeds.example:{port}"]  # the Host header is still the name


@pytest.mark.usefixtures("loopback_is_public")
def test_a_certificate_for_another_name_is_refused(tls_feed, dns):
    port = tls_feed.server_address[1]
    dns.answers["other.example"] = [["127.0.0.1"]]

    with pytest.raises(FeedError, match="could not be reached"):
        fetch(f"https://other.example:{port}/feed.json", source=JSON)

    assert tls_feed.hosts == []


# --- What the coordinator and the log see ------------------------------------------------------


def test_the_settings_page_says_plainly_why_the_feed_was_not_read(
    world, coordinator_client, caplog
):
    swep_settings = SwepSettings.objects.create(
        partnership=world.coventry, source=JSON, feed_url="https://169.254.169.254/latest/"
    )

    with caplog.at_level(logging.WARNING, logger="waypost.swep.forecast_feed"):
        report = poll_feed(swep_settings)

    assert report.failure == NOT_ALLOWED
    page = coordinator_client.get(reverse("swep:settings")).content.decode()
    assert (
        "could not be used: The forecast address is not allowed: it points inside a private "
        "network." in page
    )
    assert "169.254" not in caplog.text
