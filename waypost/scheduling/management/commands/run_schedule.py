import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypost.scheduling.scheduler import enqueue_due


class Command(BaseCommand):
    help = "Enqueue scheduled jobs (nightly dedupe, retention, reminders) as they fall due"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            for name in enqueue_due():
                self.stdout.write(f"Enqueued {name}")
            if once:
                return
            time.sleep(interval)
