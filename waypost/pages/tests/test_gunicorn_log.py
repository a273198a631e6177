"""gunicorn's access log leaves out query strings, which can hold names typed into search, and
the secrets in invitation and password-reset links. The config is loaded as gunicorn loads it."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.app.base import Application

ROOT = Path(__file__).resolve().parents[3]
INVITATION_TOKEN = "Yq3pZ0dE-7rT_kLm2nVb8xWc4sHa"  # the shape Invitation.new_token() makes
RESET_KEY = "3b-cdw1ts-0f2e4d6c8a0b1c3d5e7f9a1b3c5d7e9f"


class _ConfiguredGunicorn(Application):
    """gunicorn reading our gunicorn.conf.py, as `gunicorn waypost.wsgi` does at start."""

    def load_config(self) -> None:
        self.load_config_from_file(str(ROOT / "gunicorn.conf.py"))

    def load(self) -> None:  # the WSGI app is not needed to format log lines
        return None


def _access_log_line(path: str, *, query: str = "", referer: str = "-") -> str:
    config = _ConfiguredGunicorn().cfg
    uri = f"{path}?{query}" if query else path
    request = SimpleNamespace(
        method="GET", path=path, query=query, uri=uri, version=(1, 1), headers=[]
    )  # fmt: skip
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "RAW_URI": uri,
        "QUERY_STRING": query,
        "HTTP_REFERER": referer,
    }
    logger = config.logger_class(config)
    atoms = logger.atoms(response, request, environ, timedelta(0))
    return config.access_log_format % atoms


def test_access_log_lines_carry_the_path_without_the_query_string():
    line = _access_log_line(
        "/people/", query="q=Rosalind+Okafor", referer="https://waypost.example/people/?q=Rosalind"
    )
    assert "/people/" in line
    assert "Rosalind" not in line and "q=" not in line


def test_access_log_lines_redact_the_invitation_token():
    line = _access_log_line(f"/invitations/{INVITATION_TOKEN}/")
    assert INVITATION_TOKEN not in line
    assert "/invitations/[redacted]/" in line


def test_access_log_lines_redact_the_password_reset_key():
    line = _access_log_line(f"/accounts/password/reset/key/{RESET_KEY}/")
    assert RESET_KEY not in line and "cdw1ts" not in line
    assert "/accounts/password/reset/key/[redacted]/" in line


def test_the_redacting_logger_also_cleans_the_request_line_and_referrer():
    config = _ConfiguredGunicorn().cfg
    environ = {
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/invitations/{INVITATION_TOKEN}/",
        "RAW_URI": f"/invitations/{INVITATION_TOKEN}/",
        "HTTP_REFERER": f"https://waypost.example/invitations/{INVITATION_TOKEN}/",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    atoms = config.logger_class(config).atoms(response, [], environ, timedelta(0))
    assert INVITATION_TOKEN not in atoms["r"]
    assert INVITATION_TOKEN not in atoms["f"]


def test_token_free_paths_are_logged_as_they_are():
    for path in (
        "/invitations/accept/",
        "/accounts/password/reset/",
        "/accounts/password/reset/key/done/",
        "/people/",
    ):
        assert f'"GET {path} HTTP/1.1"' in _access_log_line(path)
