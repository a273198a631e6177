"""manage.py import_people FILE.csv: people from another system, idempotently."""

import time
from pathlib import Path
from typing import Any
from uuid import UUID

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.people.imports import (
    KNOWN_COLUMNS,
    ImportFileError,
    ImportSummary,
    check_importer,
    import_people,
    read_csv,
)

DEMO_PARTNERSHIP = "coventry"
# Without a terminal, a progress line this often (a terminal gets a bar that redraws).
PROGRESS_EVERY_ROWS = 5000
BAR_WIDTH = 30


def default_agency() -> Agency:
    """The demo partnership's agency where its rough sleeper coordinator works, so the demo
    coordinator sees the imported people (an agency always sees what it recorded). With several
    coordinators, the first agency by name."""
    membership = (
        Membership.objects.active()
        .filter(agency__partnership__slug=DEMO_PARTNERSHIP, role=Role.COORDINATOR)
        .select_related("agency")
        .order_by("agency__name", "agency_id")
        .first()
    )
    if membership is None:
        raise CommandError(
            f"There is no demo partnership (“{DEMO_PARTNERSHIP}”, made by seed_demo) with a "
            "coordinator. Pass --agency with the id of the agency recording these people."
        )
    return membership.agency


class Progress:
    """Progress on stderr: a redrawn bar on a terminal, otherwise a line now and then."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.is_terminal = bool(getattr(out, "isatty", lambda: False)())
        self.last_drawn = 0.0
        self.last_line = 0

    def __call__(self, done: int, total: int) -> None:
        if self.is_terminal:
            now = time.monotonic()
            if done < total and now - self.last_drawn < 0.1:
                return
            self.last_drawn = now
            filled = BAR_WIDTH * done // max(total, 1)
            bar = "#" * filled + " " * (BAR_WIDTH - filled)
            self.out.write(f"\r[{bar}] {done}/{total} rows", ending="")
            if done >= total:
                self.out.write("")
            self.out.flush()
        elif done - self.last_line >= PROGRESS_EVERY_ROWS or (done >= total and self.last_line):
            self.last_line = done
            self.out.write(f"{done}/{total} rows")


class Command(BaseCommand):
    help = (
        "Import people from a CSV file, idempotently: a person is found again by the file's "
        "source and source_id, so running a file twice changes only what changed. Columns: "
        + ", ".join(KNOWN_COLUMNS)
        + " (source and source_id required). Without --agency, people are recorded by the "
        "demo Coventry partnership's agency where its rough sleeper coordinator works (City "
        "Council Housing Options after seed_demo), so coordinator@coventry.example sees them. "
        "Exits with status 1 when any row was rejected; the good rows are still imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, first line: columns)")
        parser.add_argument(
            "--agency", type=UUID, help="Id of the agency recording these people (default: above)"
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="The member of staff importing, who must work at the agency (default: the "
            "system itself)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, save nothing"
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        agency: UUID | None = None,
        by: str | None = None,
        dry_run: bool = False,
        **options: Any,
    ) -> None:
        chosen = self._agency(agency)
        user = self._user(by, chosen)
        try:
            csv_file = read_csv(file)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        ignored = [c for c in csv_file.columns if c not in KNOWN_COLUMNS]
        if ignored:
            self.stderr.write(
                f"Ignoring columns this command does not know: {', '.join(ignored)}. "
                f"Known columns: {', '.join(KNOWN_COLUMNS)}."
            )
        started = time.monotonic()
        with set_actor(user):
            summary = import_people(
                csv_file, agency=chosen, by=user, dry_run=dry_run, progress=Progress(self.stderr)
            )
        self._report(summary, file, chosen, dry_run, time.monotonic() - started)

    def _agency(self, agency_id: UUID | None) -> Agency:
        if agency_id is None:
            return default_agency()
        agency = Agency.objects.filter(pk=agency_id).select_related("partnership").first()
        if agency is None:
            raise CommandError(f"There is no agency with id {agency_id}.")
        if not agency.is_active:
            raise CommandError(f"{agency.name} is no longer active: choose another agency.")
        return agency

    def _user(self, email: str | None, agency: Agency) -> User | None:
        if email is None:
            return None
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active member of staff with the email {email}.")
        try:
            check_importer(user, agency)
        except PermissionDenied as error:
            raise CommandError(
                f"{email} has no role at {agency.name} that may record people's details."
            ) from error
        return user

    def _report(
        self, summary: ImportSummary, file: Path, agency: Agency, dry_run: bool, seconds: float
    ) -> None:
        for problem in summary.rejected:
            self.stderr.write(str(problem))
        verb = "Checked (dry run, nothing saved)" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {file.name} for {agency.name} in {seconds:.1f}s: "
            f"{summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {len(summary.rejected)} rejected."
        )
        if summary.rejected:
            raise CommandError(
                f"{len(summary.rejected)} row{'s were' if len(summary.rejected) != 1 else ' was'} "
                "rejected (listed above). Fix them and run the command again: people already "
                "imported are found by source and source_id, so nothing is duplicated."
            )
