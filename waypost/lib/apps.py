from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "waypost.lib"
    label = "lib"

    def ready(self) -> None:
        from waypost.lib import sign_in_log

        # Sign-in events go to the security log (ASVS 16.3.1).
        sign_in_log.connect()
