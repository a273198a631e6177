from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "waypost.audit"
    label = "audit"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit import models

        # Who changed a retention period or a request's dates, and when. Free text stays out:
        # the change log can never be changed or removed.
        auditlog.register(models.RetentionRule)
        auditlog.register(
            models.SubjectAccessRequest,
            exclude_fields=["notes", "extension_reason", "refusal_reason", "export_file"],
        )
