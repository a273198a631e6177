from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "waypost.commissioning"
    label = "commissioning"
    verbose_name = "Commissioned services"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.commissioning import models

        # Who changed a contract, a KPI or a return, and when (business data, not personal).
        for model in (models.Contract, models.Kpi, models.QuarterlyReturn, models.KpiValue):
            auditlog.register(model)
