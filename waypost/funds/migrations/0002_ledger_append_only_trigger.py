"""On PostgreSQL the database itself refuses to change or remove a ledger entry, whatever code
asks: the model refuses too, but raw SQL, the admin site or a future bug would not pass here.
(TRUNCATE, used only to empty test databases, is not a row change and is allowed.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION funds_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries cannot be changed or removed: add a correction instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER funds_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON funds_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION funds_ledger_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS funds_ledgerentry_append_only ON funds_ledgerentry;
DROP FUNCTION IF EXISTS funds_ledger_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
