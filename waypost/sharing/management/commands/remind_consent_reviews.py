from typing import Any

from django.core.management.base import BaseCommand

from waypost.sharing.tasks import remind_consent_reviews


class Command(BaseCommand):
    help = "Remind staff once about each sharing permission whose review date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_consent_reviews.call()
        self.stdout.write(f"Sent {sent} consent review reminder{'s' if sent != 1 else ''}.")
