"""The demo street counts: last autumn's submitted snapshot with the people counted, and a
figure for each of the last 12 months; seeding twice adds nothing."""

import pytest
from django.utils import timezone

from waypost.accounts.models import AgencyType, Role
from waypost.outreach.count_demo import seed_counts_demo
from waypost.outreach.count_figures import figures_for, last_months, monthly_figures
from waypost.outreach.models import CountKind, StreetCount
from waypost.testing.people import make_person

pytestmark = pytest.mark.django_db


def test_the_demo_counts(world, outreach_user, coordinator_user):
    for number in range(3):
        make_person(world.outreach, given_name=f"Demo{number}", nationality="Polish")
    agencies = {AgencyType.OUTREACH: world.outreach, AgencyType.HOUSING_OPTIONS: world.council}
    users = {Role.OUTREACH_WORKER: outreach_user, Role.COORDINATOR: coordinator_user}
    seed_counts_demo(world.coventry, agencies, users)
    seed_counts_demo(world.coventry, agencies, users)

    annual = StreetCount.objects.get(kind=CountKind.ANNUAL)
    today = timezone.localdate()
    assert annual.submitted_at is not None
    assert annual.night.month == 11 and annual.night.weekday() == 3  # a Thursday in November
    assert annual.night < today
    assert annual.people.count() == 3 + 4
    assert annual.people.filter(person__isnull=False, nationality="eu").count() == 3
    figures = figures_for(annual, now=timezone.now())
    assert figures.is_ready and figures.total == 7

    months = last_months(today)
    recorded = monthly_figures(world.coventry.pk, months)
    assert len(recorded) == 12
    assert all(count.night <= today for count in recorded.values())
    assert all(0 <= count.new_to_rough_sleeping <= count.total for count in recorded.values())
    assert StreetCount.objects.count() == 13
