"""A stand-in for ClamAV's clamd, for tests on machines without ClamAV (this one has none).

It speaks the real protocol over TCP or a Unix socket: a command ending in NUL (`zINSTREAM`,
`zPING`) or newline (`nINSTREAM`), then for INSTREAM chunks each after its length as 4 bytes
big-endian, ended by a zero length. It answers as clamd does: `stream: OK`, `stream:
Eicar-Signature FOUND` when the stream holds the EICAR test string anywhere, or
`INSTREAM size limit exceeded. ERROR` (and closes) past its stream limit. `silent=True` makes a
scanner that takes the file and never answers.
"""

import socketserver
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from waypost.testing.servers import serving

# The EICAR anti-virus test file: harmless, and every scanner reports it as a virus.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass
class FakeClamd:
    address: str
    scanned: list[bytes] = field(default_factory=list)  # every stream it was sent, in order
    chunk_sizes: list[int] = field(default_factory=list)


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) != size:
        raise ConnectionError("the client hung up mid-stream")
    return data


def _read_command(stream) -> tuple[str, bytes]:
    """The command and its terminator: clamd takes "z" commands ending NUL, "n" ending LF."""
    first = _read_exactly(stream, 1)
    end = b"\0" if first == b"z" else b"\n"
    command = b""
    while (byte := _read_exactly(stream, 1)) != end:
        command += byte
    return command.decode(), end


def _handler(fake: FakeClamd, *, silent: bool, max_stream_bytes: int):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            try:
                command, end = _read_command(self.rfile)
                if command == "PING":
                    self.wfile.write(b"PONG" + end)
                elif command == "INSTREAM":
                    self._instream(end)
                else:
                    self.wfile.write(b"UNKNOWN COMMAND" + end)
            except ConnectionError:
                return

        def _instream(self, end: bytes) -> None:
            data = b""
            while size := struct.unpack("!L", _read_exactly(self.rfile, 4))[0]:
                fake.chunk_sizes.append(size)
                data += _read_exactly(self.rfile, size)
                if len(data) > max_stream_bytes:
                    self.wfile.write(b"INSTREAM size limit exceeded. ERROR" + end)
                    return
            fake.scanned.append(data)
            if silent:
                self.rfile.read()  # waits until the client gives up and closes
                return
            found = EICAR in data
            self.wfile.write(b"stream: Eicar-Signature FOUND" if found else b"stream: OK")
            self.wfile.write(end)

    return Handler


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


@contextmanager
def running_fake_clamd(
    kind: str = "tcp", *, silent: bool = False, max_stream_bytes: int = 25 * 1024 * 1024
) -> Iterator[FakeClamd]:
    """A fake clamd on 127.0.0.1 (a free port) or on a Unix socket in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        fake = FakeClamd(address="")
        handler = _handler(fake, silent=silent, max_stream_bytes=max_stream_bytes)
        if kind == "unix":
            path = str(Path(folder) / "clamd.ctl")
            server: socketserver.BaseServer = _UnixServer(path, handler)
            fake.address = f"unix://{path}"
        else:
            server = _TCPServer(("127.0.0.1", 0), handler)
            fake.address = f"tcp://127.0.0.1:{server.server_address[1]}"
        with serving(server):
            yield fake


def closed_port_address() -> str:
    """A TCP address where nothing listens: a scanner that is down."""
    with socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler) as probe:
        port = probe.server_address[1]
    return f"tcp://127.0.0.1:{port}"
