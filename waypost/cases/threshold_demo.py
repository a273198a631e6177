"""Demo assessments and tiers for `seed_demo` (everyone in them is fictional): the partnership's
default threshold model, and an assessment for about half of the demo people, recorded by the
charity's caseworker, with their tiers worked out.

Idempotent: a partnership whose people already have assessments is left as it is.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.cases.assessment_actions import AnswerInput, record_assessment
from waypost.cases.models import Assessment, Domain, Level
from waypost.cases.threshold_actions import current_model
from waypost.people.models import Person

SUMMARIES = [
    "Wants to get back into work; sleeping in a doorway near the station most nights.",
    "Recently out of hospital; needs a GP and help with a benefits claim.",
    "Long history of sleeping rough; engages with outreach but refuses hostels.",
    "New to the city; lost a private tenancy after a relationship ended.",
]


@transaction.atomic
def seed_threshold_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """The default model, and assessments (with tiers) for every other demo person."""
    current_model(partnership)
    if Assessment.objects.filter(person__partnership=partnership).exists():
        return
    agency, assessor = agencies[AgencyType.CHARITY], users[Role.CASEWORKER]
    rng = random.Random(f"threshold-{partnership.slug}")
    people = list(
        Person.objects.filter(partnership=partnership)
        .live()
        .unrestricted()
        .order_by("created_at", "pk")
    )
    today = timezone.localdate()
    for number, person in enumerate(people[::2]):
        # A few with many high needs (tier 1), more with some (tier 2), the rest lower.
        heavy = number % 5 == 0
        answers = {}
        for domain in Domain:
            if rng.random() < 0.15:
                continue  # not assessed
            weights = [1, 2, 3, 4] if heavy else [4, 3, 2, 1]
            level = rng.choices(list(Level), weights=weights)[0]
            answers[domain.value] = AnswerInput(
                level=level.value,
                uses_nps=domain == Domain.DRUGS_ALCOHOL and level >= Level.MEDIUM and heavy,
            )
        if not answers:
            continue
        record_assessment(
            person,
            answers=answers,
            assessed_on=today - timedelta(days=rng.randrange(60)),
            summary=SUMMARIES[number % len(SUMMARIES)],
            by=assessor,
            agency=agency,
        )
