from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "waypost.audit"
    label = "audit"
