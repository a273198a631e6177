from django.apps import AppConfig


class SwepConfig(AppConfig):
    name = "waypost.swep"
    label = "swep"
    verbose_name = "Severe Weather Emergency Protocol"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.audit.changes import register_personal
        from waypost.swep import models

        register_personal(
            models.SweepRecord,
            keep=["activation", "person", "night", "outcome", "placement", "found_new"],
        )
        for model in (models.SwepSettings, models.Activation, models.Subscription,
                      models.RotaMember):  # fmt: skip
            auditlog.register(model)
