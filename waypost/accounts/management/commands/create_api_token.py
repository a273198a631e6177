from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.actions import create_api_token
from waypost.accounts.api_auth import lacks_required_totp
from waypost.accounts.models import Membership, User


class Command(BaseCommand):
    help = "Print a new API token for the user with this email address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="Created on the command line")
        parser.add_argument("--days", type=int, default=None, help="Days until it expires")

    def handle(
        self, *args: object, email: str, name: str, days: int | None, **options: object
    ) -> None:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the email address {email!r}.")
        if not Membership.objects.active().filter(user=user).exists():
            raise CommandError(f"{email} has no active role, so a token would reach nothing.")
        if lacks_required_totp(user):
            raise CommandError(
                f"{email} has not set up two-factor authentication, so a token would be "
                "refused. They should sign in and set it up first."
            )
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        token, raw = create_api_token(user=user, name=name, days=days, by=user)
        self.stderr.write(f"Token {token.prefix}… expires {token.expires_at:%Y-%m-%d}.")
        self.stdout.write(raw)
