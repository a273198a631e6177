"""manage.py load_action_plan FILE.json --partnership SLUG: an action plan, idempotently."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.accounts.models import Partnership
from waypost.strategy.loading import PlanDataError, load_plan, read_plan_file
from waypost.strategy.models import Action, ReviewNote


class Command(BaseCommand):
    help = (
        "Load an action plan from its structured JSON (the format is described in "
        "waypost/strategy/plans/README.md) into a partnership's strategies. The plan is found "
        "again by its title, so loading a file twice updates it in place and keeps the "
        "statuses people have set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The plan's JSON file (UTF-8)")
        parser.add_argument(
            "--partnership", required=True, help="The partnership's short name, like coventry"
        )

    def handle(self, *args: Any, file: Path, partnership: str, **options: Any) -> None:
        chosen = Partnership.objects.filter(slug=partnership).first()
        if chosen is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No partnership is called {partnership!r} (there are: {known}).")
        try:
            strategy = load_plan(chosen, read_plan_file(file))
        except PlanDataError as error:
            raise CommandError(f"{file.name}: {error}") from error
        themes = strategy.themes.count()
        actions = Action.objects.filter(commitment__theme__strategy=strategy).count()
        commitments = strategy.themes.values("commitments").exclude(commitments=None).count()
        notes = ReviewNote.objects.filter(review__strategy=strategy).count()
        self.stdout.write(
            f"Loaded {strategy.title!r} into {chosen.name}: {themes} themes, "
            f"{commitments} commitments, {actions} actions, "
            f"{strategy.reviews.count()} review rounds with {notes} notes."
        )
