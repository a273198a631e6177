"""`manage.py generate_synthetic --people N --seed S`: a synthetic partnership for demos and
benchmarks (waypost.synthetic.generate). Everyone in it is fictional."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.synthetic.generate import PartnershipExists, default_truth_path, generate
from waypost.synthetic.removal import CannotRemove, NotSynthetic


class Command(BaseCommand):
    help = "Build a realistic synthetic population (people, duplicates, contacts, casework)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="Distinct true people")
        parser.add_argument("--seed", type=int, required=True, help="Same seed, same data")
        parser.add_argument("--contacts-per-person", type=float, default=20.0)
        parser.add_argument(
            "--duplicate-rate",
            type=float,
            default=0.1,
            help="Share of people with one or more duplicate records (0 to 1)",
        )
        parser.add_argument("--years", type=int, default=4, help="Years of history up to today")
        parser.add_argument("--slug", default="synthetic", help="The partnership's slug")
        parser.add_argument(
            "--truth", type=Path, help="Where to write person_id,true_id (default var/synthetic)"
        )
        parser.add_argument(
            "--replace", action="store_true", help="Remove a synthetic partnership of this slug"
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even without WAYPOST_DEMO or DEBUG"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Fictional people do not belong in a live system: demo and development only.
        if not (settings.DEBUG or settings.WAYPOST_DEMO or options["force"]):
            raise CommandError(
                "generate_synthetic makes fictional people: it runs only with WAYPOST_DEMO=1 "
                "(or DEBUG), or with --force on a database you mean to fill with them."
            )
        slug = options["slug"]
        truth = options["truth"] or default_truth_path(slug)
        try:
            result = generate(
                people=options["people"],
                seed=options["seed"],
                contacts_per_person=options["contacts_per_person"],
                duplicate_rate=options["duplicate_rate"],
                years=options["years"],
                slug=slug,
                truth_path=truth,
                progress=self._progress if options["verbosity"] > 0 else None,
                replace=options["replace"],
            )
        except PartnershipExists:
            raise CommandError(
                f"A partnership with the slug {slug!r} exists. Use --replace to remove it and "
                "build it again, or choose another --slug."
            ) from None
        except NotSynthetic:
            raise CommandError(
                f"The partnership {slug!r} was not made by generate_synthetic, so it is never "
                "replaced. Choose another --slug."
            ) from None
        except CannotRemove as error:
            raise CommandError(
                f"The partnership {slug!r} cannot be removed: {error}. Nothing was changed. "
                "Choose another --slug, or use a fresh database."
            ) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Partnership {slug!r}: {result.people:,} people in {result.records:,} records, "
            f"{result.contacts:,} street contacts, {result.referrals:,} referrals, "
            f"{result.placements:,} placements, {result.assessments:,} assessments, "
            f"{result.notes:,} notes: {result.rows:,} rows in {result.seconds:.1f} s "
            f"({result.rows / max(result.seconds, 1e-9):,.0f} rows a second).\n"
            f"Truth (person_id,true_id): {result.truth_path}"
        )

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
