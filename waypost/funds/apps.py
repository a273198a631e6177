from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "waypost.funds"
    verbose_name = "Funds"
    default_auto_field = "django.db.models.BigAutoField"
