"""Settings: without DATABASE_REPLICA_URL there is one database and no router; with it, a
"replica" alias with the default database's options and the router. The settings module is run
afresh here with the environment each case sets (the running test settings are not touched)."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from waypost.lib.replica import ROUTER, replica_database

SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"
PRIMARY = "postgres://waypost@db.internal:5432/waypost"


def _settings(monkeypatch, **env: str) -> dict:
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "DATABASE_REPLICA_MAX_LAG_SECONDS"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    monkeypatch.setenv("SECRET_KEY", "settings-test-key-0123456789abcdefghijklmnopqrstuvwxyz")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_without_a_replica_url_there_is_no_replica_and_no_router(monkeypatch):
    for env in (
        {},
        {"DATABASE_URL": PRIMARY},
        {"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": ""},
    ):
        found = _settings(monkeypatch, **env)
        assert found["DATABASE_ROUTERS"] == []
        assert list(found["DATABASES"]) == ["default"]


def test_a_replica_url_adds_the_replica_with_the_primarys_options_and_the_router(monkeypatch):
    found = _settings(
        monkeypatch,
        DATABASE_URL=PRIMARY,
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.internal:6432/waypost?sslmode=require",
        DATABASE_REPLICA_MAX_LAG_SECONDS="60",
    )
    default, replica = found["DATABASES"]["default"], found["DATABASES"]["replica"]
    assert found["DATABASE_ROUTERS"] == [ROUTER]
    assert found["DATABASE_REPLICA_MAX_LAG_SECONDS"] == 60
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == (
        "replica.internal",
        6432,
        "reader",
    )
    assert replica["PASSWORD"] == "secret"
    for key in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        assert replica[key] == default[key], key
    assert replica["OPTIONS"] == {
        "sslmode": "require",
        "connect_timeout": 5,
        "options": "-c jit=off",
    }
    # `manage.py test` on a machine with a replica: the replica alias reads the test database.
    assert replica["TEST"] == {"MIRROR": "default"}


def test_the_replica_keeps_a_connect_timeout_given_in_its_url():
    default = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"sslmode": "prefer"}}
    replica = replica_database("postgres://r@h/w?connect_timeout=2", default)
    assert replica["OPTIONS"] == {"sslmode": "prefer", "connect_timeout": 2}


def test_a_replica_of_another_kind_of_database_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="same kind of database"):
        _settings(monkeypatch, DATABASE_REPLICA_URL="postgres://reader@replica.internal/waypost")
