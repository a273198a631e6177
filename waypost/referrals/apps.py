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
        # Referrals: who changed what and when; categories and dates kept, personal text masked.
        register_personal(
            models.Referral,
            keep=[
                "status", "received_at", "accepted_at", "assigned_to", "lead_agency",
                "first_contact_at", "closed_at", "closure_reason", "person", "pathway",
            ],
            skip=["version", "match_key"],
        )  # fmt: skip
        register_personal(
            models.Duty, keep=["kind", "started_on", "ends_on", "ended_on", "outcome"]
        )
        register_personal(
            models.Triage,
            keep=["eligibility", "local_connection", "public_funds", "route", "out_of_hours"],
        )
        register_personal(
            models.ReconnectionOffer,
            keep=["offered_on", "response", "follow_up_on", "followed_up_on", "follow_up_outcome"],
        )
        register_personal(
            models.Discharge,
            keep=[
                "expected_on", "accommodation_confirmed", "confirmed_accommodation",
                "confirmed_at", "discharged_on", "outcome",
            ],
            skip=["version"],
        )  # fmt: skip
        auditlog.register(models.OutOfHoursRoute)
        auditlog.register(models.DutyTarget)
        auditlog.register(models.AreaPostcodeDistrict)
        auditlog.register(models.AreaPlace)
