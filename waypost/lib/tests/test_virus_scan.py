"""The clamd client: the INSTREAM protocol over TCP and Unix sockets, and failing closed."""

import io
import os
from pathlib import Path

import pytest

from waypost.lib.tests.fake_clamd import EICAR, closed_port_address, running_fake_clamd
from waypost.lib.virus_scan import (
    CHUNK_BYTES,
    ScannerUnavailable,
    parse_address,
    scan_stream,
)


@pytest.mark.parametrize("kind", ["tcp", "unix"])
def test_a_clean_stream_is_ok_over_tcp_and_unix_sockets(kind):
    with running_fake_clamd(kind) as clamd:
        result = scan_stream(io.BytesIO(b"hello"), address=clamd.address, timeout_seconds=5)
    assert result.is_clean
    assert clamd.scanned == [b"hello"]


def test_the_eicar_test_file_is_found_and_named():
    with running_fake_clamd() as clamd:
        result = scan_stream(io.BytesIO(EICAR), address=clamd.address, timeout_seconds=5)
    assert not result.is_clean
    assert result.signature == "Eicar-Signature"


def test_a_large_file_goes_in_chunks_and_arrives_whole():
    # The test string straddles a chunk boundary: the scanner must see the stream as one.
    data = b"A" * (CHUNK_BYTES - 10) + EICAR + os.urandom(3 * CHUNK_BYTES)
    with running_fake_clamd() as clamd:
        result = scan_stream(io.BytesIO(data), address=clamd.address, timeout_seconds=5)
    assert not result.is_clean
    assert clamd.scanned == [data]
    assert max(clamd.chunk_sizes) == CHUNK_BYTES
    assert len(clamd.chunk_sizes) == 5


def test_a_scanner_that_is_down_raises():
    with pytest.raises(ScannerUnavailable):
        scan_stream(io.BytesIO(b"x"), address=closed_port_address(), timeout_seconds=5)


def test_a_missing_unix_socket_raises(tmp_path: Path):
    with pytest.raises(ScannerUnavailable):
        scan_stream(io.BytesIO(b"x"), address=f"unix://{tmp_path}/none.ctl", timeout_seconds=5)


def test_a_scanner_that_never_answers_times_out():
    with running_fake_clamd(silent=True) as clamd:
        with pytest.raises(ScannerUnavailable):
            scan_stream(io.BytesIO(b"x"), address=clamd.address, timeout_seconds=0.5)


def test_an_error_reply_is_not_taken_for_clean():
    with running_fake_clamd(max_stream_bytes=10) as clamd:
        with pytest.raises(ScannerUnavailable):
            scan_stream(io.BytesIO(b"x" * 100), address=clamd.address, timeout_seconds=5)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("tcp://127.0.0.1:3310", ("tcp", ("127.0.0.1", 3310))),
        ("tcp://[::1]:3310", ("tcp", ("::1", 3310))),
        ("unix:///run/clamav/clamd.ctl", ("unix", "/run/clamav/clamd.ctl")),
    ],
)
def test_addresses_are_read(address, expected):
    assert parse_address(address) == expected


@pytest.mark.parametrize(
    "address", ["127.0.0.1:3310", "tcp://127.0.0.1", "http://clamd:3310", "unix://", "/run/x"]
)
def test_malformed_addresses_are_refused(address):
    with pytest.raises(ValueError):
        parse_address(address)


# ClamAV is not installed here; where it is, the same client is checked against the real clamd.
REAL_CLAMD = os.environ.get("REAL_CLAMD_ADDRESS", "unix:///run/clamav/clamd.ctl")


@pytest.mark.skipif(
    not REAL_CLAMD.startswith("tcp://") and not Path(REAL_CLAMD[len("unix://") :]).exists(),
    reason="no clamd running (set REAL_CLAMD_ADDRESS or start clamav-daemon)",
)
def test_the_real_clamd_finds_eicar_and_passes_clean_files():
    assert scan_stream(io.BytesIO(b"clean"), address=REAL_CLAMD, timeout_seconds=30).is_clean
    assert not scan_stream(io.BytesIO(EICAR), address=REAL_CLAMD, timeout_seconds=30).is_clean
