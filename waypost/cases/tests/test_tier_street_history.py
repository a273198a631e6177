"""Time rough sleeping and returns, from street work: months with a bedded-down sighting in the
last 24 calendar months, and moves back to sleeping rough from somewhere with a roof."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from waypost.cases.threshold_actions import lookback_start, street_history
from waypost.outreach.entries import change_status, put_on_list
from waypost.outreach.models import ListStatus, StreetContact
from waypost.testing.people import make_person


def _at(day: date, hour: int = 22) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _seen(world, person, when, bedded_down=True):
    StreetContact.objects.create(
        partnership=world.coventry,
        person=person,
        contacted_at=when,
        bedded_down=bedded_down,
        recorded_by_agency=world.outreach,
    )


def test_the_look_back_starts_on_the_first_of_the_month_23_months_ago():
    start = lookback_start(date(2026, 3, 15))
    assert timezone.localtime(start).date() == date(2024, 4, 1)
    assert lookback_start(date(2026, 1, 1)).date() <= date(2024, 2, 1)


def test_months_count_each_calendar_month_once(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    _seen(world, person, _at(this_month))
    _seen(world, person, _at(this_month, 23))  # the same month again
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    _seen(world, person, _at(last_month))
    _seen(world, person, _at(last_month - timedelta(days=40)), bedded_down=False)  # not bedded
    _seen(world, person, _at(today - timedelta(days=26 * 31)))  # too long ago
    assert street_history([person.pk]) == {person.pk: (2, 0)}


def test_returns_are_moves_back_to_the_street_from_somewhere_with_a_roof(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    entry = put_on_list(person, ListStatus.AT_RISK, agency=world.council, by=caseworker_user)
    now = timezone.now()
    steps = [
        (ListStatus.ROUGH_SLEEPING, 300),  # from at risk: becoming homeless, not a return
        (ListStatus.EMERGENCY, 250),
        (ListStatus.ROUGH_SLEEPING, 200),  # a return
        (ListStatus.HOSPITAL, 150),
        (ListStatus.ROUGH_SLEEPING, 100),  # a return
        (ListStatus.LEFT_AREA, 60),
        (ListStatus.ROUGH_SLEEPING, 30),  # came back to the area: not from a roof
    ]
    for status, days_ago in steps:
        change_status(
            entry,
            status,
            agency=world.council,
            by=caseworker_user,
            at=now - timedelta(days=days_ago),
        )
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    assert street_history([person.pk, other.pk]) == {person.pk: (0, 2), other.pk: (0, 0)}


def test_returns_before_the_look_back_do_not_count(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    entry = put_on_list(person, ListStatus.HOUSED, agency=world.council, by=caseworker_user)
    change_status(
        entry,
        ListStatus.ROUGH_SLEEPING,
        agency=world.council,
        by=caseworker_user,
        at=timezone.now() - timedelta(days=800),
    )
    assert street_history([person.pk]) == {person.pk: (0, 0)}
