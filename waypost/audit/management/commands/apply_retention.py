from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.models import Partnership
from waypost.audit.retention.report import as_text
from waypost.audit.tasks import run_retention


class Command(BaseCommand):
    help = "Report what is past its retention period, then anonymise or remove it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Store and print the report; change nothing"
        )
        parser.add_argument("--partnership", help="A partnership's slug (default: all)")

    def handle(self, *args: Any, dry_run: bool, partnership: str | None, **options: Any) -> None:
        partnerships = None
        if partnership:
            found = Partnership.objects.filter(slug=partnership).first()
            if found is None:
                raise CommandError(f"No partnership with the slug {partnership!r}.")
            partnerships = [found]
        for run in run_retention(dry_run=dry_run, partnerships=partnerships):
            self.stdout.write("\n".join(as_text(run)))
