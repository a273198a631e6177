"""The Housing First figures, number by number, on fixed dates: the time at each stage of one
case (London calendar days, "so far" for the current stage), the target and how many are
housed (ever, and still), the open cases at each stage with their median and longest waits,
and the median days from referral to tenancy."""

from datetime import UTC, date, datetime

from django.utils import timezone

from waypost.housing import housing_first_actions as actions
from waypost.housing.housing_first_figures import (
    days_between,
    days_text,
    housing_first_figures,
    pipeline_steps,
    stage_times,
)
from waypost.housing.models import (
    EndReason,
    HousingFirstStage,
    HousingSettings,
    PanelDecision,
)
from waypost.housing.tenancy_actions import end_tenancy
from waypost.housing.tests.test_housing_first_helpers import home
from waypost.people.models import Person
from waypost.testing.people import make_person

S = HousingFirstStage


def london(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))


# --- Days and one case's stages ----------------------------------------------------------------


def test_days_are_calendar_days_in_london():
    # 23:30 GMT on 29 March 2025 to 00:30 GMT on the 30th: one hour, but the next day.
    assert (
        days_between(
            datetime(2025, 3, 29, 23, 30, tzinfo=UTC), datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
        )
        == 1
    )  # noqa: E501
    # In summer time 22:00 and 23:30 UTC on 1 June are 23:00 on the 1st and 00:30 on the 2nd.
    assert (
        days_between(datetime(2025, 6, 1, 22, tzinfo=UTC), datetime(2025, 6, 1, 23, 30, tzinfo=UTC))
        == 1
    )  # noqa: E501
    assert days_between(london(2025, 6, 1, 8), london(2025, 6, 1, 20)) == 0
    assert days_between(london(2025, 3, 3, 9), london(2025, 3, 10, 8)) == 7


def test_each_stage_lasts_until_the_next_and_the_current_one_until_now():
    changes = [  # out of order on purpose
        (S.ELIGIBILITY, london(2025, 3, 10, 9)),
        (S.REFERRED, london(2025, 3, 3, 15)),
        (S.PANEL, london(2025, 3, 24, 12)),
    ]
    times = stage_times(changes, now=london(2025, 4, 4, 8))
    assert [(t.stage, t.days, t.is_current) for t in times] == [
        (S.REFERRED, 7, False),
        (S.ELIGIBILITY, 14, False),
        (S.PANEL, 11, True),  # so far
    ]
    assert times[0].left_at == london(2025, 3, 10, 9)
    assert times[2].left_at is None


def test_a_tenancy_or_a_closing_ends_the_journey_and_has_no_days():
    housed = stage_times(
        [(S.REFERRED, london(2025, 1, 1, 9)), (S.TENANCY, london(2025, 2, 1, 9))],
        now=london(2025, 6, 1, 9),
    )
    assert [(t.days, t.is_current) for t in housed] == [(31, False), (None, False)]
    steps = pipeline_steps(housed, closed=False)
    assert [s.state for s in steps] == [
        "done",
        "not_reached",
        "not_reached",
        "not_reached",
        "housed",
    ]  # noqa: E501

    closed = stage_times(
        [
            (S.REFERRED, london(2025, 1, 1, 9)),
            (S.ELIGIBILITY, london(2025, 1, 5, 9)),
            (S.CLOSED, london(2025, 1, 20, 9)),
        ],
        now=london(2025, 6, 1, 9),
    )
    assert [t.days for t in closed] == [4, 15, None]
    steps = pipeline_steps(closed, closed=True)
    assert [(s.stage, s.state) for s in steps] == [
        (S.REFERRED, "done"),
        (S.ELIGIBILITY, "done"),
        (S.PANEL, "not_reached"),
        (S.OFFER, "not_reached"),
        (S.TENANCY, "not_reached"),
        (S.CLOSED, "closed"),
    ]
    assert steps[-1].time is not None and steps[-1].time.entered_at == london(2025, 1, 20, 9)


def test_a_current_stage_shows_as_current():
    times = stage_times([(S.REFERRED, london(2025, 1, 1, 9))], now=london(2025, 1, 4, 9))
    steps = pipeline_steps(times, closed=False)
    assert steps[0].state == "current"
    assert steps[0].time is not None and steps[0].time.days == 3


def test_days_text():
    assert days_text(None) == "–"
    assert days_text(1) == "1 day"
    assert days_text(1.0) == "1 day"
    assert days_text(12.0) == "12 days"
    assert days_text(2.5) == "2.5 days"
    assert days_text(0) == "0 days"


# --- The partnership's figures -------------------------------------------------------------------


def _referred(person: Person, agency, day: date, hour: int = 10):
    return actions.refer_to_housing_first(
        person,
        reason="Rough sleeping",
        referred_on=day,
        agency=agency,
        by=None,
        at=london(day.year, day.month, day.day, hour),
    )


def _housed(world, person, *, referred: date, started: date, address: str):
    council = world.council
    case = _referred(person, council, referred)
    case = actions.record_eligibility(
        case, version=case.version, eligible=True, notes="", agency=council, by=None,
        at=london(referred.year, referred.month, referred.day, 15),
    )  # fmt: skip
    case = actions.record_panel_decision(
        case, version=case.version, panel_on=referred, decision=PanelDecision.APPROVED,
        agency=council, by=None, at=london(referred.year, referred.month, referred.day, 16),
    )  # fmt: skip
    case = actions.offer_property(
        case, version=case.version, home=home(world, address), offered_on=referred,
        agency=council, by=None, at=london(referred.year, referred.month, referred.day, 17),
    )  # fmt: skip
    return actions.start_housing_first_tenancy(
        case, version=case.version, started_on=started, floating_support=False,
        floating_support_agency=None, agency=council, by=None,
        at=london(started.year, started.month, started.day, 11),
    )  # fmt: skip


def _build(world):
    council = world.council
    person = lambda name: make_person(council, given_name=name)  # noqa: E731
    _referred(person("Ann"), council, date(2025, 3, 1))  # referred 20 days before "now"
    _referred(person("Ben"), council, date(2025, 3, 11))  # 10 days
    checked = _referred(person("Cas"), council, date(2025, 2, 1))
    actions.record_eligibility(
        checked, version=checked.version, eligible=True, notes="", agency=council, by=None,
        at=london(2025, 2, 15, 9),
    )  # fmt: skip
    _housed(world, person("Dee"), referred=date(2025, 1, 1), started=date(2025, 2, 10),
            address="1 Oak Street")  # fmt: skip  # 40 days to a tenancy, still going
    ended = _housed(world, person("Eve"), referred=date(2025, 1, 5), started=date(2025, 3, 1),
                    address="2 Oak Street")  # fmt: skip  # 55 days, tenancy ended since
    end_tenancy(
        ended.tenancy, ended_on=date(2025, 3, 10), reason=EndReason.ABANDONMENT,
        agency=council, by=None,
    )  # fmt: skip
    closing = _referred(person("Fin"), council, date(2025, 2, 1))
    actions.close_case(closing, version=closing.version, reason="Moved away", agency=council,
                       by=None, at=london(2025, 2, 2, 9))  # fmt: skip
    hidden = _referred(person("Gus"), council, date(2025, 1, 1))  # restricted: in no report
    Person.objects.filter(pk=hidden.person_id).update(restricted_at=timezone.now())
    _referred(make_person(world.brum_council), world.brum_council, date(2025, 1, 1))


NOW = london(2025, 3, 21, 9)


def test_the_figures_number_by_number(world):
    _build(world)
    figures = housing_first_figures(world.coventry.pk, now=NOW)
    assert figures.target == 109  # the default until someone sets it
    assert figures.housed == 2  # Dee and Eve: Eve's tenancy ended but she was housed
    assert figures.tenancies_going == 1
    assert figures.tenancies_ended == 1
    assert figures.remaining == 107
    assert figures.percent == 1  # 2 of 109, in whole percent
    by_stage = {s.stage: (s.cases, s.median_days, s.longest_days) for s in figures.stages}
    assert by_stage == {
        S.REFERRED: (2, 15.0, 20),  # Ann 20 days, Ben 10 (Gus is restricted)
        S.ELIGIBILITY: (1, 34.0, 34),  # Cas since 15 February
        S.PANEL: (0, None, None),
        S.OFFER: (0, None, None),
    }
    assert figures.open_cases == 3
    assert figures.closed == 1
    assert figures.median_days_to_tenancy == 47.5  # 40 and 55 days


def test_the_target_follows_the_settings_and_caps_the_progress(world):
    _build(world)
    HousingSettings.objects.create(partnership=world.coventry, housing_first_target=2)
    figures = housing_first_figures(world.coventry.pk, now=NOW)
    assert (figures.target, figures.housed, figures.remaining, figures.percent) == (2, 2, 0, 100)
    HousingSettings.objects.filter(partnership=world.coventry).update(housing_first_target=1)
    figures = housing_first_figures(world.coventry.pk, now=NOW)
    assert (figures.remaining, figures.percent) == (0, 100)


def test_another_partnership_counts_only_its_own(world):
    _build(world)
    figures = housing_first_figures(world.birmingham.pk, now=NOW)
    assert (figures.housed, figures.open_cases, figures.closed) == (0, 1, 0)
    assert figures.median_days_to_tenancy is None


def test_an_empty_pipeline(world):
    figures = housing_first_figures(world.coventry.pk, now=NOW)
    assert (figures.housed, figures.tenancies_going, figures.open_cases) == (0, 0, 0)
    assert all(s.median_days is None and s.longest_days is None for s in figures.stages)


def test_the_figures_take_four_queries(world, django_assert_num_queries):
    _build(world)
    with django_assert_num_queries(4):
        housing_first_figures(world.coventry.pk, now=NOW)
