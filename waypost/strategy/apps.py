from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "waypost.strategy"
    label = "strategy"
    verbose_name = "Strategy and action plans"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.strategy import models

        # Plans and impact checks hold no personal data: the change log keeps values.
        for model in (
            models.Strategy,
            models.Commitment,
            models.Action,
            models.ReviewRound,
            models.ReviewNote,
            models.PolicyImpactCheck,
            models.PolicyImpactAnswer,
        ):
            auditlog.register(model)
