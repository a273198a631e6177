from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "waypost.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from waypost.accounts import checks, models  # noqa: F401  (checks registers itself)

        # Changes to staff accounts and their access are personal data and are audited.
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.Membership)
        auditlog.register(models.Invitation, exclude_fields=["token_hash"])
        auditlog.register(models.ApiToken, exclude_fields=["token_hash", "last_used_at"])

        from waypost.accounts import sessions

        # A change to the second factor signs the user's other devices out (ASVS 7.4.3).
        sessions.connect_signals()
