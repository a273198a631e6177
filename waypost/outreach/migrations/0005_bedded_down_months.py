import django.db.models.deletion
from django.db import migrations, models


def fill_from_contacts(apps, schema_editor):
    """The months of every record seen so far, from the street contacts already stored."""
    from waypost.outreach.sighting_months import rebuild

    rebuild(
        contact_model=apps.get_model("outreach", "StreetContact"),
        month_model=apps.get_model("outreach", "BeddedDownMonth"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_encrypt_mfa_secrets"),
        ("outreach", "0004_street_contact_sightings_indexes"),
        ("people", "0004_match_key_no_single_column_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="BeddedDownMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="First day of the month, UK time")),
                ("nights", models.BigIntegerField()),
                ("months_before", models.BigIntegerField()),
                (
                    "partnership",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.partnership",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["partnership", "month", "person", "nights", "months_before"],
                        name="bedded_down_month_return",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "month", "partnership"), name="bedded_down_month_once"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_from_contacts, migrations.RunPython.noop, elidable=True),
    ]
