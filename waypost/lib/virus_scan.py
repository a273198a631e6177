"""Virus scanning of uploaded files by ClamAV's clamd, before anything is stored (ASVS 5.4.3).

The client speaks clamd's INSTREAM command: `zINSTREAM\\0`, then the file in chunks, each
after its length as 4 bytes big-endian, then a zero length; clamd answers `stream: OK\\0` or
`stream: <signature> FOUND\\0`. CLAMD_ADDRESS says where clamd listens:
"tcp://127.0.0.1:3310" or "unix:///run/clamav/clamd.ctl". When it is set, an upload that cannot
be scanned is refused (fail closed). When it is empty nothing is scanned: accepted in demo
mode, and a deploy check warns anywhere else (waypost/pages/deploy_checks.py).
"""

import logging
import socket
import struct
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024  # well under clamd's default StreamMaxLength (25 MB) per chunk
MAX_REPLY_BYTES = 4096

INFECTED_MESSAGE = (
    "The file you chose has a virus in it. Waypost has not kept it. Delete the file, tell your "
    "IT support, and get a clean copy before you try again"
)
UNSCANNED_MESSAGE = (
    "The file could not be checked for viruses, so Waypost has not kept it. Try again in a few "
    "minutes. If this keeps happening, tell your Waypost administrator"
)


class Readable(Protocol):
    """An open file: an uploaded file, or anything else with read and seek."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...


class ScannerUnavailable(Exception):
    """clamd could not be reached, or did not give a clear answer."""


@dataclass(frozen=True)
class ScanResult:
    is_clean: bool
    signature: str = ""  # the name clamd gave the virus, such as "Eicar-Signature"


def parse_address(address: str) -> tuple[str, str | tuple[str, int]]:
    """("unix", path) or ("tcp", (host, port)) from a CLAMD_ADDRESS; ValueError if malformed."""
    parts = urlsplit(address)
    if parts.scheme == "unix" and parts.path and not parts.netloc:
        return "unix", parts.path
    if parts.scheme == "tcp" and parts.hostname and parts.port and parts.path in ("", "/"):
        return "tcp", (parts.hostname, parts.port)
    raise ValueError(
        'CLAMD_ADDRESS must look like "tcp://127.0.0.1:3310" or "unix:///run/clamav/clamd.ctl"'
    )


def _connect(address: str, timeout_seconds: float) -> socket.socket:
    kind, target = parse_address(address)
    if kind == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout_seconds)
        try:
            sock.connect(target)
        except BaseException:
            sock.close()
            raise
        return sock
    assert isinstance(target, tuple)
    return socket.create_connection(target, timeout=timeout_seconds)


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        data = sock.recv(1024)
        if not data:
            break
        reply += data
        if len(reply) > MAX_REPLY_BYTES:
            break
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan_stream(stream: Readable, *, address: str, timeout_seconds: float) -> ScanResult:
    """Send the stream, from where it is now to its end, to clamd. Raises ScannerUnavailable
    when clamd cannot be reached or answers anything but OK or FOUND."""
    try:
        with _connect(address, timeout_seconds) as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_BYTES):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = _read_reply(sock)
    except (OSError, ValueError) as error:
        # clamd closes the connection mid-stream when a file passes its StreamMaxLength.
        raise ScannerUnavailable(type(error).__name__) from error
    if reply == "stream: OK":
        return ScanResult(is_clean=True)
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return ScanResult(is_clean=False, signature=reply[len("stream: ") : -len(" FOUND")])
    raise ScannerUnavailable(f"unexpected reply {reply[:80]!r}")


def upload_problem(upload: File) -> str:
    """Why this upload must be refused ("" when it may be stored), after scanning it.

    Leaves the file at its start, ready to be stored. Logs the outcome with no file name (names
    of uploads are often people's names), only the signature or the kind of failure.
    """
    address: str = settings.CLAMD_ADDRESS
    if not address:
        if not settings.WAYPOST_DEMO:
            logger.warning("Upload accepted without a virus scan: CLAMD_ADDRESS is not set")
        return ""
    upload.seek(0)
    try:
        result = scan_stream(upload, address=address, timeout_seconds=settings.CLAMD_TIMEOUT)
    except ScannerUnavailable as error:
        logger.error("Upload refused: the virus scanner could not check it (%s)", error)
        return UNSCANNED_MESSAGE
    finally:
        upload.seek(0)
    if not result.is_clean:
        logger.warning("Upload refused: the virus scanner found %s", result.signature)
        return INFECTED_MESSAGE
    return ""
