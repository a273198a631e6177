from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "waypost.cases"
    label = "cases"
    verbose_name = "Case management"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit.changes import register_personal
        from waypost.cases import models

        # Who changed what and when; codes and dates kept, personal text masked
        # (see waypost/audit/changes.py).
        register_personal(models.Assessment, keep=["assessed_on"])
        register_personal(models.Goal, keep=["status", "closed_at"])
        register_personal(
            models.PlanAction,
            keep=["owner_agency", "owner", "due_on", "status", "completed_at", "meeting"],
            skip=["version", "reminded_on"],
        )
        register_personal(models.Minute, keep=["meeting", "kind"])
        register_personal(models.EnforcementAction, keep=["kind", "taken_on", "overridden_by"])
        register_personal(models.DeathNotification, keep=["died_on"])
        register_personal(
            models.DeathReview,
            keep=[
                "status",
                "sar_referred",
                "sar_referred_on",
                "summary_published_at",
                "completed_at",
            ],
            skip=["version"],
        )
        auditlog.register(models.ThresholdModel)
        auditlog.register(models.MeetingSeries)
        auditlog.register(models.Meeting)
        # The removal reason is typed by a coordinator: masked like other free text.
        register_personal(
            models.AgendaItem, keep=["meeting", "person", "reasons", "position", "removed_at"]
        )
        auditlog.register(models.Attendance)
