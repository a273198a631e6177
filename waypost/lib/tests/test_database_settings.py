"""PostgreSQL connections run with JIT off (it cost the by-name list 120 ms a request), unless
the database URL sets its own server options."""

from waypost.lib.tests.test_replica_settings import PRIMARY, _settings


def test_postgresql_connections_turn_jit_off(monkeypatch):
    found = _settings(monkeypatch, DATABASE_URL=PRIMARY)
    assert found["DATABASES"]["default"]["OPTIONS"]["options"] == "-c jit=off"


def test_options_in_the_url_win(monkeypatch):
    found = _settings(monkeypatch, DATABASE_URL=f"{PRIMARY}?options=-c%20work_mem%3D64MB")
    assert found["DATABASES"]["default"]["OPTIONS"]["options"] == "-c work_mem=64MB"


def test_sqlite_gets_no_server_options(monkeypatch):
    found = _settings(monkeypatch, DATABASE_URL="sqlite:////tmp/waypost-settings-test.sqlite3")
    assert "options" not in found["DATABASES"]["default"]["OPTIONS"]
