from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.lib.backup import BackupError, back_up, configured_target, default_backup_path


class Command(BaseCommand):
    help = "Back up the database to one file (mode 0600) with a manifest to check restores."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the backup (default: var/backups/waypost-<UTC time>.<ext>)",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        output = output or default_backup_path(configured_target().engine)
        try:
            manifest = back_up(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables, {rows} rows "
            f"({manifest['engine']}, {manifest['backup_bytes']} bytes, "
            f"{manifest['seconds']} s) to {output}\n"
            f"Manifest: {output}.manifest.json\n"
            "Both files hold personal data: keep them encrypted and readable by you only."
        )
