from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "waypost.sharing"
    label = "sharing"
    verbose_name = "Sharing"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit.changes import register_personal
        from waypost.sharing import models

        # Who changed an agreement, a person's sharing decision or a break-glass review, and
        # when, is part of the accountability record (UK GDPR Art 5(2)).
        auditlog.register(models.SharingAgreement)
        auditlog.register(models.AgreementSignature)
        # Free text about the person is masked (see waypost/audit/changes.py): the log is
        # append-only, so retention could never remove it. The row keeps it until retention.
        register_personal(
            models.SharingPermission,
            keep=["status", "all_agencies", "obtained_how", "gateway", "review_on", "is_current"],
        )
        register_personal(
            models.LawfulBasis,
            keep=["article_6", "article_9", "article_10", "schedule_1", "is_current"],
        )
        register_personal(
            models.BreakGlass, keep=["started_at", "expires_at", "ended_at", "reviewed_at"]
        )

        from django.db.models.signals import post_save

        from waypost.accounts.models import Membership
        from waypost.sharing.leavers import end_break_glass_with_membership

        post_save.connect(
            end_break_glass_with_membership, sender=Membership, dispatch_uid="break-glass-leaver"
        )
