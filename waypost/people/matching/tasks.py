"""Scheduled matching work, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task

from waypost.people.matching.batch import dedupe_all


@task
def dedupe_nightly() -> dict[str, int]:
    """Batch duplicate detection for every partnership into the review queue. Takes no
    arguments (nothing personal in task arguments); returns counts only."""
    results = dedupe_all()
    return {
        "partnerships": len(results),
        "pairs_added": sum(r.pairs_added for r in results.values()),
    }
