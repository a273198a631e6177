import pytest
from django.db import DatabaseError, connection, transaction

from waypost.accounts.models import Membership, Role
from waypost.audit.models import AccessEvent, AuditLogIsAppendOnly

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only triggers exist on PostgreSQL only; SQLite relies on the ORM checks",
)


def test_it_cannot_update_events_through_the_orm(dpo_user, make_event):
    event = make_event(dpo_user, reason="first")

    with pytest.raises(AuditLogIsAppendOnly):
        AccessEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(AuditLogIsAppendOnly):
        AccessEvent.objects.all().update(reason="changed")
    event.reason = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()

    event.refresh_from_db()
    assert event.reason == "first"


def test_it_cannot_delete_events_through_the_orm(dpo_user, make_event):
    event = make_event(dpo_user)

    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AccessEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AccessEvent.objects.all().delete()

    assert AccessEvent.objects.filter(pk=event.pk).exists()


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accessevent SET reason = 'changed'",
        "DELETE FROM audit_accessevent",
    ],
)
def test_the_database_refuses_raw_sql_changes(dpo_user, make_event, sql):
    make_event(dpo_user, reason="first")

    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)

    assert AccessEvent.objects.get().reason == "first"


@postgres_only
def test_the_database_refuses_changes_to_the_change_log_and_auditlog_still_works(dpo_user, world):
    from auditlog.models import LogEntry

    # Creating, changing and ending a membership all write change-log rows as before.
    membership = Membership.objects.create(user=dpo_user, agency=world.outreach, role=Role.DPO)
    membership.role = Role.CASEWORKER
    membership.save()
    membership_pk = str(membership.pk)
    membership.delete()
    entries = LogEntry.objects.filter(object_pk=membership_pk)
    assert entries.count() == 3

    for sql in ("UPDATE auditlog_logentry SET changes_text = 'x'", "DELETE FROM auditlog_logentry"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert entries.count() == 3
