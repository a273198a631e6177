"""gunicorn's access log leaves out query strings, which can hold names typed into search."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[3]


def test_access_log_lines_carry_the_path_without_the_query_string():
    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own config file
    config = Config()
    config.set("access_log_format", namespace["access_log_format"])
    request = SimpleNamespace(
        method="GET", path="/people/", query="q=Rosalind+Okafor", uri="/people/?q=Rosalind+Okafor",
        version=(1, 1), headers=[],
    )  # fmt: skip
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": request.path,
        "RAW_URI": request.uri,
        "QUERY_STRING": request.query,
        "HTTP_REFERER": "https://waypost.example/people/?q=Rosalind",
    }
    atoms = Logger(config).atoms(response, request, environ, timedelta(0))
    line = namespace["access_log_format"] % atoms
    assert "/people/" in line
    assert "Rosalind" not in line and "q=" not in line
