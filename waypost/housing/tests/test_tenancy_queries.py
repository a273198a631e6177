"""The tenancy page and a person's tenancies read in a fixed number of queries, however many
risk flags and tenancies there are."""

from django.utils import timezone

from waypost.housing.models import RiskKind, Tenancy
from waypost.housing.tenancy_actions import flag_risk, resolve_risk
from waypost.housing.tests.test_tenancy_helpers import house, make_home, make_landlord, months_ago
from waypost.testing.people import make_person


def test_the_tenancy_page(caseworker_client, world, django_assert_max_num_queries):
    tenancy = house(make_person(world.council), world.council, floating_support=True)
    for number in range(20):
        flagged = flag_risk(tenancy, kind=list(RiskKind)[number % 4], agency=world.council, by=None)
        if number % 2:
            resolve_risk(
                flagged.risk, resolved_on=timezone.localdate(), agency=world.council, by=None
            )
    with django_assert_max_num_queries(15):
        response = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/")
    assert len(response.context["open_risks"]) == 10
    assert len(response.context["resolved_risks"]) == 10


def test_a_persons_tenancies(caseworker_client, world, django_assert_max_num_queries):
    person = make_person(world.council)
    landlord = make_landlord(world.coventry)
    for number in range(8):
        tenancy = house(
            person,
            world.council,
            home=make_home(landlord, address=f"{number} Short Street"),
            started_on=months_ago(30 - 3 * number),
        )
        flag_risk(tenancy, kind=RiskKind.MISSED_VISITS, agency=world.council, by=None)
        Tenancy.objects.filter(pk=tenancy.pk).update(
            ended_on=months_ago(29 - 3 * number), end_reason="move_on"
        )
    with django_assert_max_num_queries(15):
        response = caseworker_client.get(f"/housing/people/{person.pk}/tenancies/")
    rows = response.context["rows"]
    assert len(rows) == 8
    assert all(len(t.open_risks) == 1 for t, _ in rows)
    starts = [t.started_on for t, _ in rows]
    assert starts == sorted(starts, reverse=True)
