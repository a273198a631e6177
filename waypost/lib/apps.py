from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "waypost.lib"
    label = "lib"
