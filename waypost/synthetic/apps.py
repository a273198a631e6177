from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "waypost.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic populations for demos and benchmarks"
