from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_encrypt_mfa_secrets"),
        ("outreach", "0005_bedded_down_months"),
        ("people", "0004_match_key_no_single_column_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="statuschange",
            index=models.Index(
                condition=models.Q(
                    ("previous_status", "hospital"), ("previous_status", "custody"), _connector="OR"
                ),
                fields=["changed_at"],
                name="status_change_left_institution",
            ),
        ),
    ]
