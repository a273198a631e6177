from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "waypost.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"
