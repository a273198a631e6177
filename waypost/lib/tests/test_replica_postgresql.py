"""The replica router against a real second PostgreSQL database (PostgreSQL runs only).

"replica" is a test database of its own (waypost/test_settings.py), not a mirror of the
primary's: each test copies the primary's rows into it, as streaming replication would, then
writes more to the primary only, so the two differ as a lagging replica does. A report must
show the replica's figures; a person's record page, the primary's; writes made while reading
the replica, audit events included, must land on the primary; an unreachable replica must leave
reports on the primary.
"""

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

from waypost.audit.access import record_access
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.lib import replica
from waypost.lib.replica import REPLICA, ROUTER, replica_reads, replication_lag_seconds
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange
from waypost.people.models import Person
from waypost.reporting.bfz import bfz_month
from waypost.testing.people import make_person
from waypost.testing.returns import OCTOBER, at

ON_POSTGRESQL = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRESQL, reason="the replica is a second PostgreSQL database"),
    pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA] if ON_POSTGRESQL else None),
]

BFZ = reverse("reporting:return_bfz")
OCT = {"month_0": "10", "month_1": "2026"}


@pytest.fixture
def replica_router(settings):
    """The router installed as settings install it when DATABASE_REPLICA_URL is set."""
    primary, second = (connections[a].settings_dict["NAME"] for a in (DEFAULT_DB_ALIAS, REPLICA))
    assert "replica" in second and second != primary  # never write a test's rows elsewhere
    replica.health.forget()
    settings.DATABASE_ROUTERS = [ROUTER]
    yield
    replica.health.forget()


def replicate() -> None:
    """Make the replica a row-for-row copy of the primary, as streaming replication does."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    target = connections[REPLICA]
    # Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY DEFERRED), so
    # the order of the tables does not matter here.
    with target.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {target.ops.quote_name(model._meta.db_table)}")
    for model in models:
        rows = list(model._base_manager.using(DEFAULT_DB_ALIAS).all())
        model._base_manager.using(REPLICA).bulk_create(rows)
    with target.cursor() as cursor:
        for statement in target.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def on_the_list(world, name: str, when: datetime, status: str) -> Person:
    """`name` put on Coventry's by-name list at `when`, with `status`."""
    person = make_person(world.outreach, given_name=name)
    entry = ByNameEntry.objects.create(
        partnership=world.coventry, person=person, status=status, added_by_agency=world.outreach
    )
    StatusChange.objects.create(
        entry=entry,
        person=person,
        status=status,
        previous_status="",
        changed_at=when,
        recorded_by_agency=world.outreach,
    )
    return person


def _bfz_table(client) -> dict[str, str]:
    response = client.get(BFZ, OCT)
    assert response.status_code == 200
    return {row[0].text: row[1].text for row in response.context["table"].rows}


@pytest.fixture
def lagging(world):
    """Amy (sleeping rough since September) has reached the replica; Eli (newly identified in
    October) is on the primary only."""
    on_the_list(world, "Amy", at(2026, 9, 1), ListStatus.ROUGH_SLEEPING)
    replicate()
    return on_the_list(world, "Eli", at(2026, 10, 8), ListStatus.ROUGH_SLEEPING)


def test_a_report_reads_the_replica_and_a_record_page_the_primary(
    world, lagging, replica_router, settings, coordinator_client, outreach_client
):
    eli = lagging
    table = _bfz_table(coordinator_client)
    assert table["Inflow: newly identified"] == "0"  # Eli has not reached the replica
    assert table["Actively homeless at the end of the month"] == "1"
    assert bfz_month(world.coventry, OCTOBER).newly_identified == 0

    # The outreach worker who has just recorded Eli opens the record: from the primary.
    page = outreach_client.get(reverse("people:detail", args=[eli.pk]))
    assert page.status_code == 200 and "Eli" in page.content.decode()
    with replica_reads():
        assert not Person.objects.filter(pk=eli.pk).exists()

    settings.DATABASE_ROUTERS = []  # no DATABASE_REPLICA_URL: everything reads the primary
    table = _bfz_table(coordinator_client)
    assert table["Inflow: newly identified"] == "1"
    assert table["Actively homeless at the end of the month"] == "2"


def test_writes_while_reading_the_replica_land_on_the_primary(
    world, replica_router, coordinator_client
):
    amy = make_person(world.outreach, given_name="Amy")
    replicate()
    with replica_reads():
        read = Person.objects.get(pk=amy.pk)
        assert read._state.db == REPLICA
        event = record_access(
            None,
            channel=Channel.EXPORT,
            section=Section.IDENTITY,
            subject_type="person",
            subject_id=read.pk,
            person_id=read.pk,
        )
        read.given_name = "Amelia"
        read.save(update_fields=["given_name"])
    assert AccessEvent.objects.using(DEFAULT_DB_ALIAS).filter(pk=event.pk).exists()
    assert not AccessEvent.objects.using(REPLICA).filter(pk=event.pk).exists()
    assert Person.objects.using(DEFAULT_DB_ALIAS).get(pk=amy.pk).given_name == "Amelia"
    assert Person.objects.using(REPLICA).get(pk=amy.pk).given_name == "Amy"

    # A dashboard built from the replica records its view on the primary.
    assert coordinator_client.get(reverse("reporting:dashboard")).status_code == 200
    viewed = {"route": "reporting:dashboard", "subject_id": str(world.coventry.pk)}
    assert AccessEvent.objects.using(DEFAULT_DB_ALIAS).filter(**viewed).count() == 1
    assert not AccessEvent.objects.using(REPLICA).filter(**viewed).exists()


@contextmanager
def replica_unreachable() -> Iterator[None]:
    """The "replica" alias pointed at a port where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    working = connections[REPLICA]
    broken = working.__class__(
        {**working.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port}, REPLICA
    )
    connections[REPLICA] = broken
    try:
        yield
    finally:
        broken.close()
        connections[REPLICA] = working


def test_an_unreachable_replica_leaves_reports_on_the_primary(
    world, lagging, replica_router, coordinator_client, caplog
):
    with replica_unreachable(), caplog.at_level(logging.WARNING, logger="waypost.lib.replica"):
        table = _bfz_table(coordinator_client)
        assert bfz_month(world.coventry, OCTOBER).newly_identified == 1
    assert table["Inflow: newly identified"] == "1"  # the primary's figures, not none
    assert table["Actively homeless at the end of the month"] == "2"
    assert caplog.messages == [
        "The replica database cannot be reached (OperationalError): reports read the primary "
        f"for {replica.RETRY_SECONDS} s"
    ]


def test_the_lag_query_runs_and_finds_no_standby_here():
    # Neither test database is a standby (pg_is_in_recovery() is false): no lag to measure.
    assert replication_lag_seconds(connections[REPLICA]) is None
    assert replication_lag_seconds(connections[DEFAULT_DB_ALIAS]) is None
