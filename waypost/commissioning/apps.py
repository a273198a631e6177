from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "waypost.commissioning"
    label = "commissioning"
    verbose_name = "Commissioned services"
