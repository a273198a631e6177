"""manage.py import_hsds FILE --partnership SLUG [--dry-run]: an HSDS 3 dataset, idempotently."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.models import Partnership
from waypost.directory.hsds_import import ImportFileError, import_hsds, read_hsds_file


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS 3 dataset (JSON: an organisation, service, service at "
        "location, location, taxonomy or taxonomy term, a list of them, or an API page) into a "
        "partnership's service directory. Records are found again by their HSDS id, so "
        "running a file twice changes nothing the second time. Lists what could not be used, "
        "with the JSON path of each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The JSON file (UTF-8)")
        parser.add_argument(
            "--partnership", required=True, help="The partnership's short name, like coventry"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, save nothing"
        )

    def handle(
        self, *args: Any, file: Path, partnership: str, dry_run: bool = False, **options: Any
    ) -> None:
        chosen = Partnership.objects.filter(slug=partnership).first()
        if chosen is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No partnership is called {partnership!r} (there are: {known}).")
        try:
            data = read_hsds_file(file)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        report = import_hsds(data, partnership=chosen, dry_run=dry_run)
        if report.problems:
            self.stderr.write(f"Not used as it came ({len(report.problems)}):")
            for problem in report.problems:
                self.stderr.write(f"  {problem}")
        verb = "Checked (dry run, nothing saved)" if dry_run else "Imported"
        self.stdout.write(f"{verb} {file.name} into {chosen.name}:")
        for line in report.summary().splitlines():
            self.stdout.write(f"  {line}")
