from typing import Any

from django.core.management.base import BaseCommand

from waypost.referrals.tasks import remind_overdue_alerts


class Command(BaseCommand):
    help = "Tell outreach and coordinators how many alerts are overdue or waiting to forward."

    def handle(self, *args: Any, **options: Any) -> None:
        told = remind_overdue_alerts.call()
        self.stdout.write(f"Told {told} member{'s' if told != 1 else ''} of staff.")
