import time

from django.core.management.base import BaseCommand
from django.db import transaction

from waypost.outreach.sighting_months import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the bedded-down months the monthly return and the flows read, from every street "
        "contact. They are kept in step as contacts are written; this repairs them after data "
        "was loaded around the app (SQL, a restore of one table)."
    )

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            written = rebuild()
        self.stdout.write(
            f"Rebuilt {written:,} bedded-down months in {time.perf_counter() - started:.0f} s."
        )
