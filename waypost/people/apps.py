from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "waypost.people"
    label = "people"
    verbose_name = "People"
