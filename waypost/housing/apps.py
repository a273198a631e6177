from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "waypost.housing"
    label = "housing"
    verbose_name = "Accommodation, Housing First and tenancies"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit.changes import register_personal
        from waypost.housing import models

        # Who changed what and when; codes and dates kept, personal text masked
        # (see waypost/audit/changes.py).
        register_personal(
            models.Placement,
            keep=["person", "unit", "scheme", "started_on", "expected_end_on", "ended_on",
                  "end_reason"],
            skip=["version"],
        )  # fmt: skip
        register_personal(models.HousingNeeds, keep=["person"])
        register_personal(
            models.HousingFirstCase,
            keep=["person", "stage", "referred_on", "eligible", "panel_on", "panel_decision",
                  "property", "offered_on", "tenancy"],
            skip=["version"],
        )  # fmt: skip
        register_personal(
            models.Tenancy,
            keep=["person", "property", "landlord", "started_on", "ended_on", "end_reason",
                  "floating_support", "complex_needs_panel_on"],
            skip=["version"],
        )  # fmt: skip
        register_personal(
            models.TenancyRisk, keep=["person", "tenancy", "kind", "noted_on", "resolved_on"]
        )
        for model in (
            models.Provider,
            models.Scheme,
            models.Unit,
            models.Landlord,
            models.LandlordAgreement,
            models.Property,
            models.Incentive,
            models.HousingSettings,
        ):
            auditlog.register(model)
