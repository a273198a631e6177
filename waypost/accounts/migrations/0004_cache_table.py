"""The database cache's table: rate-limit counts shared by every web process (see CACHES)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Uses the migration's connection; does nothing when the table exists or CACHES is Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_idempotencykey")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
