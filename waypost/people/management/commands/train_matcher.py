from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.models import Partnership
from waypost.people.matching.training import NotEnoughData, train


class Command(BaseCommand):
    help = "Retrain the person-matching weights (Splink) from the records and review decisions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--partnership", help="Train on one partnership's slug (default: all of them)"
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed for sampling")

    def handle(self, *args: object, partnership: str | None, seed: int, **options: object) -> None:
        partnerships = Partnership.objects.all()
        if partnership:
            partnerships = partnerships.filter(slug=partnership)
            if not partnerships:
                raise CommandError(f"No partnership has the slug {partnership!r}.")
        try:
            result = train(list(partnerships.values_list("id", flat=True)), seed=seed)
        except NotEnoughData as problem:
            raise CommandError(f"{problem} The current weights stay in use.") from problem
        self.stdout.write(
            f"Trained on {result.records} names and {result.same_pairs + result.different_pairs} "
            f"reviewed pairs; weights {result.weights.id} are now in use."
        )
        for note in result.notes:
            self.stdout.write(note)
        if result.same_pairs or result.different_pairs:
            self.stdout.write(
                f"The new weights agree with {result.agrees_same} of {result.same_pairs} "
                f"'same person' and {result.agrees_different} of {result.different_pairs} "
                "'different people' decisions."
            )
