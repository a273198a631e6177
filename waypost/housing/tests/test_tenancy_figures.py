"""The sustainment figures, number by number: of the tenancies that started at least 6 (12)
months ago, how many had not ended 6 (12) months after they started; current tenancies; and
open risk flags on current tenancies by kind. Restricted records and other partnerships'
tenancies are left out."""

from datetime import date

from django.utils import timezone

from waypost.housing.models import RiskKind, Tenancy
from waypost.housing.sustainment import Milestone, sustained_at, sustainment_figures
from waypost.housing.tenancy_actions import flag_risk, resolve_risk
from waypost.housing.tests.test_tenancy_helpers import house
from waypost.people.models import Person
from waypost.testing.people import make_person

TODAY = date(2026, 1, 31)


def _tenancy(world, name, started_on, ended_on=None, partnership_agency=None):
    agency = partnership_agency or world.council
    tenancy = house(make_person(agency, given_name=name), agency, started_on=started_on)
    if ended_on is not None:
        Tenancy.objects.filter(pk=tenancy.pk).update(ended_on=ended_on, end_reason="eviction")
        tenancy.refresh_from_db()
    return tenancy


def test_the_figures_number_by_number(world):
    a = _tenancy(world, "A", date(2025, 7, 31))  # exactly 6 months today: sustained at 6
    _tenancy(world, "B", date(2025, 8, 1))  # 6 months tomorrow: not counted yet
    c = _tenancy(world, "C", date(2024, 12, 15), date(2025, 5, 1))  # ended at 4 months
    _tenancy(world, "D", date(2024, 11, 30), date(2025, 5, 30))  # ended on its 6-month date
    e = _tenancy(world, "E", date(2025, 1, 31))  # 12 months today
    _tenancy(world, "F", date(2025, 2, 1))  # 12 months tomorrow
    restricted = _tenancy(world, "G", date(2024, 1, 1), date(2024, 2, 1))
    Person.objects.filter(pk=restricted.person_id).update(restricted_at=timezone.now())
    _tenancy(world, "H", date(2024, 1, 1), date(2024, 2, 1), world.brum_council)

    flag_risk(a, kind=RiskKind.RENT_ARREARS, agency=world.council, by=None, noted_on=TODAY)
    missed = flag_risk(
        a, kind=RiskKind.MISSED_VISITS, agency=world.council, by=None, noted_on=TODAY
    )
    resolve_risk(missed.risk, resolved_on=TODAY, agency=world.council, by=None)
    flag_risk(e, kind=RiskKind.BENEFIT_SANCTION, agency=world.council, by=None, noted_on=TODAY)
    flag_risk(e, kind=RiskKind.RENT_ARREARS, agency=world.council, by=None, noted_on=TODAY)
    Tenancy.objects.filter(pk=c.pk).update(ended_on=None)  # flag an open risk on C, then end it
    flag_risk(c, kind=RiskKind.ANTI_SOCIAL, agency=world.council, by=None, noted_on=TODAY)
    Tenancy.objects.filter(pk=c.pk).update(ended_on=date(2025, 5, 1))

    figures = sustainment_figures(world.coventry.pk, today=TODAY)
    six, twelve = figures.milestones
    assert six == Milestone(months=6, started=5, sustained=4)  # A, C, D, E, F; C failed
    assert six.text == "4 of 5 (80%)"
    assert twelve == Milestone(months=12, started=3, sustained=1)  # C, D, E; only E lasted
    assert twelve.text == "1 of 3 (33%)"
    assert figures.current == 4  # A, B, E, F
    assert figures.open_flags == [
        ("Rent arrears", 2),
        ("Anti-social behaviour", 0),
        ("Benefit sanction (notified by DWP)", 1),
        ("Missed support visits", 0),
    ]


def test_no_tenancies_old_enough():
    assert sustained_at([], 6, TODAY) == Milestone(months=6, started=0, sustained=0)
    assert Milestone(months=6, started=0, sustained=0).text == "No tenancies started that long ago"
    assert Milestone(months=6, started=0, sustained=0).percent is None


def test_month_ends_and_leap_years_in_the_milestones():
    rows = [
        (date(2023, 8, 31), date(2024, 2, 29)),  # 6 months after 31 August 2023 is 29 February
        (date(2023, 8, 31), date(2024, 2, 28)),  # a day short
        (date(2024, 2, 29), date(2025, 2, 28)),  # 12 months after a leap day is 28 February
        (date(2024, 2, 29), None),
    ]
    six = sustained_at(rows, 6, date(2025, 3, 1))
    assert (six.started, six.sustained) == (4, 3)
    twelve = sustained_at(rows, 12, date(2025, 2, 28))
    assert (twelve.started, twelve.sustained) == (4, 2)  # the two from the leap day
