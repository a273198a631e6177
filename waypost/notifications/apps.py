from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "waypost.notifications"
    label = "notifications"
