from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "waypost.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.reporting import measures, models

        measures.register_all()  # the strategy's success measures, computed from live data

        auditlog.register(models.MonthlyReturn, exclude_fields=["figures"])
        auditlog.register(models.PracticeNote)
