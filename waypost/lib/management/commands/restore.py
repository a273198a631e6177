from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from waypost.lib.backup import BackupError, restore, target_from_url


class Command(BaseCommand):
    help = "Restore a backup made by `backup`, then check every table against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file (its manifest beside it)")
        parser.add_argument(
            "--into",
            metavar="DATABASE_URL",
            help="Restore into this database instead of the configured one",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already has tables",
        )

    def handle(self, *args: Any, path: Path, into: str | None, force: bool, **options: Any) -> None:
        try:
            target = target_from_url(into) if into else None
            if target is None:
                # Our own connection must not hold the database while it is replaced.
                connections.close_all()
            restored = restore(path, into=target, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if restored.differences:
            raise CommandError(
                f"Restored into {restored.target.label}, but it differs from the backup:\n"
                + "\n".join(f"- {line}" for line in restored.differences)
            )
        self.stdout.write(
            f"Restored {restored.tables} tables, {restored.rows} rows into "
            f"{restored.target.label} in {restored.seconds} s; every table matches the manifest."
        )
