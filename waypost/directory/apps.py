from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "waypost.directory"
    label = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.directory import models

        # Nothing here is about a person who uses services: the change log keeps values.
        for model in (
            models.Organization,
            models.Location,
            models.Service,
            models.ServiceAtLocation,
            models.Contact,
            models.Closure,
            models.Area,
            models.ToolkitChoice,
            models.BankHoliday,
        ):
            auditlog.register(model)
