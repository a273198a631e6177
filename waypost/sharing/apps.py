from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "waypost.sharing"
    label = "sharing"
    verbose_name = "Sharing"
