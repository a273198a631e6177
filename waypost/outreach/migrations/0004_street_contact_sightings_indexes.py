from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_by_name_last_seen_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="streetcontact",
            index=models.Index(
                condition=models.Q(("bedded_down", True), ("person__isnull", False)),
                fields=["partnership", "contacted_at", "person"],
                name="street_contact_sightings",
            ),
        ),
        migrations.AddIndex(
            model_name="streetcontact",
            index=models.Index(
                condition=models.Q(("bedded_down", True)),
                fields=["person", "contacted_at", "partnership"],
                name="street_contact_person_seen",
            ),
        ),
    ]
