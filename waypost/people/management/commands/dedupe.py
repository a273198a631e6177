from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.models import Partnership
from waypost.people.matching.batch import REVIEW_THRESHOLD, dedupe_partnership


class Command(BaseCommand):
    help = (
        "Find likely duplicate people (Splink on DuckDB or Spark) and add them to the review queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", help="The partnership's slug (default: every one)")
        parser.add_argument(
            "--threshold",
            type=float,
            default=REVIEW_THRESHOLD,
            help=f"Lowest match probability to queue (default {REVIEW_THRESHOLD})",
        )
        parser.add_argument(
            "--backend",
            choices=["duckdb", "spark"],
            default="duckdb",
            help="Where Splink runs: DuckDB here (default) or Spark (settings.SPARK_MASTER)",
        )

    def handle(
        self,
        *args: object,
        partnership: str | None,
        threshold: float,
        backend: str,
        **options: object,
    ) -> None:
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1, like 0.5.")
        partnerships = Partnership.objects.order_by("name")
        if partnership:
            partnerships = partnerships.filter(slug=partnership)
            if not partnerships:
                raise CommandError(f"No partnership has the slug {partnership!r}.")
        db_api = None
        if backend == "spark":
            from waypost.people.matching.spark import SparkUnavailable, spark_api

            try:
                db_api = spark_api()
            except SparkUnavailable as error:
                raise CommandError(f"The Spark backend cannot run here: {error}") from error
        for p in partnerships:
            result = dedupe_partnership(p.pk, threshold=threshold, db_api=db_api)
            self.stdout.write(
                f"{p.name}: {result.records} names compared, {result.pairs_found} likely "
                f"pairs, {result.pairs_added} new in the review queue, "
                f"{result.pairs_updated} waiting pairs rescored."
            )
