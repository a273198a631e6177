from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "waypost.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from waypost.pages import checks, deploy_checks  # noqa: F401  (registers system checks)
