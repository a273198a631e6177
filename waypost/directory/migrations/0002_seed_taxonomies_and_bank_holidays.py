"""Waypost's service categories and eligibility terms, and England and Wales bank holidays."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from waypost.directory.bank_holidays import seed_bank_holidays
    from waypost.directory.terms import sync_waypost_taxonomies

    sync_waypost_taxonomies(apps)
    seed_bank_holidays(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
