from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "waypost.referrals"
    label = "referrals"
    verbose_name = "Referrals and alerts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit.changes import register_personal
        from waypost.referrals import models

        # Who changed an alert and when, never the values: they are about a person
        # (see waypost/audit/changes.py). Area changes decide routing, so they are logged too.
        register_personal(
            models.Alert,
            keep=["status", "outcome", "due_on", "received_at", "closed_at", "feedback_sent_at"],
            skip=["version"],
        )
        register_personal(models.AlertVisit, keep=["visited_at", "outcome", "recorded_at"])
        auditlog.register(models.AreaPostcodeDistrict)
        auditlog.register(models.AreaPlace)
