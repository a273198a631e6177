from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "waypost.outreach"
    label = "outreach"
    verbose_name = "Street work and the by-name list"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit.changes import register_personal
        from waypost.outreach import models, sighting_months  # noqa: F401 (its receivers)

        # Who changed what and when; codes and dates kept, personal text masked
        # (see waypost/audit/changes.py).
        register_personal(
            models.StreetContact,
            keep=["person", "contacted_at", "place", "bedded_down", "identified_at"],
        )
        register_personal(
            models.ByNameEntry, keep=["status", "status_since", "tier"], skip=["version"]
        )
        register_personal(
            models.StreetCount, keep=["kind", "method", "night", "total", "submitted_at"]
        )
        register_personal(
            models.CountedPerson, keep=["count", "person", "place", "gender", "age", "nationality"]
        )
        auditlog.register(models.Place)
        auditlog.register(models.OutreachSettings)
