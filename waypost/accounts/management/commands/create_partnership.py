from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify

from waypost.accounts.actions import invite_user
from waypost.accounts.models import Agency, AgencyType, Partnership, Role


class Command(BaseCommand):
    help = "Create a partnership with its first agency, and invite its first partnership admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help='The partnership, for example "Coventry"')
        parser.add_argument("--region", default="", help="Combined authority or region")
        parser.add_argument("--agency", required=True, help="The admin's agency")
        parser.add_argument(
            "--agency-type", default=AgencyType.HOUSING_OPTIONS, choices=AgencyType.values
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)

    @transaction.atomic
    def handle(self, *args: object, **options: str) -> None:
        base_url = settings.WAYPOST_BASE_URL
        if not base_url:
            raise CommandError("Set WAYPOST_BASE_URL so the invitation link points at this site.")
        name = options["name"].strip()
        if Partnership.objects.filter(name__iexact=name).exists():
            raise CommandError(f"A partnership called {name!r} already exists.")
        partnership = Partnership.objects.create(
            name=name, slug=slugify(name)[:60], region=options["region"]
        )
        agency = Agency.objects.create(
            partnership=partnership, name=options["agency"].strip(), type=options["agency_type"]
        )
        _, link = invite_user(
            email=options["admin_email"],
            full_name=options["admin_name"],
            agency=agency,
            role=Role.PARTNERSHIP_ADMIN,
            by=None,
            base_url=base_url,
        )
        self.stdout.write(f"Created {partnership} with {agency}. Invitation emailed; link:\n{link}")
