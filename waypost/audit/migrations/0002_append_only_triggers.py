"""PostgreSQL refuses UPDATE and DELETE on the access log and django-auditlog's change log.

The application already refuses (AccessEventQuerySet, AccessEvent.save/delete); these triggers
also stop raw SQL, a shell session or a bug in a library. TRUNCATE is deliberately left
possible: the test runner empties tables with TRUNCATE between transactional tests, and only
the database owner can truncate (the application role need not be the owner in production).

django-auditlog updates or deletes its own rows only when an actor or content type is
deleted (SET_NULL / CASCADE) and in its `auditlogflush` command. Staff users are never deleted
(memberships PROTECT them), so the trigger does not get in its way; flushing the change log
must be a deliberate act by the database owner.

SQLite has no such triggers here: the embedded default relies on the application checks.
"""

from django.db import migrations

TABLES = ("audit_accessevent", "auditlog_logentry")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION waypost_refuse_log_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'waypost: % on % is not allowed; the log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
CREATE_TRIGGER = """
CREATE TRIGGER {table}_append_only
BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION waypost_refuse_log_change();
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS waypost_refuse_log_change();"


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(DROP_TRIGGER.format(table=table))
        schema_editor.execute(CREATE_TRIGGER.format(table=table))


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(DROP_TRIGGER.format(table=table))
    schema_editor.execute(DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
