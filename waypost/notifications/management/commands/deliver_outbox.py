from typing import Any

from django.core.management.base import BaseCommand

from waypost.notifications.tasks import deliver_due


class Command(BaseCommand):
    help = "Deliver due outbox messages now"

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliver_due()
        self.stdout.write(f"Sent {sent} outbox message{'s' if sent != 1 else ''}.")
