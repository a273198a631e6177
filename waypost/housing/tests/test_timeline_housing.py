"""Accommodation on a person's timeline: placements (started, ended with the reason),
tenancies (started, ended) and Housing First stage changes, as housing history. Shown to the
agency that recorded them and to others only with sharing permission, on the page and in the
API; what is hidden is neither sent nor counted; the filter and the API know the new kind."""

from datetime import timedelta

from django.utils import timezone

from waypost.accounts.actions import create_api_token
from waypost.audit.models import AccessEvent, Section
from waypost.cases.timeline import Kind, read_timeline
from waypost.housing.models import (
    EndReason,
    HousingFirstCase,
    HousingFirstStage,
    HousingFirstStageChange,
    Landlord,
    LandlordKind,
    Property,
)
from waypost.housing.placement_actions import end_placement, place_person
from waypost.housing.tenancy_actions import end_tenancy, start_tenancy
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.sharing.policy import PERSON_SECTIONS, access_for
from waypost.testing.people import give_consent, sign_agreement_for

TITLES = [
    "Placed at Sisters Rest",
    "Left Sisters Rest: eviction",
    "Tenancy started",
    "Tenancy ended: abandonment",
    "Housing First: panel decision",
]


def _housed(world, by):
    """Placed by the council at the shelter, evicted, then a tenancy that ended, and a Housing
    First case at panel. Every agency signed the agreement; no consent yet."""
    sign_agreement_for(world.council, world.outreach)
    person = person_on_list(world.council, by)
    today = timezone.localdate()
    placement = place_person(
        person,
        make_unit(make_scheme(world.shelter, "Sisters Rest"), "Room 9"),
        agency=world.council,
        by=by,
        started_on=today - timedelta(days=30),
        expected_end_on=today - timedelta(days=2),
        notes="Arrived late",
    )
    end_placement(
        placement,
        ended_on=today - timedelta(days=20),
        reason=EndReason.EVICTION,
        agency=world.council,
        by=by,
        notes="Fighting",
    )
    landlord = Landlord.objects.create(
        partnership=world.coventry, name="Orbit Homes", kind=LandlordKind.REGISTERED_PROVIDER
    )
    home = Property.objects.create(
        partnership=world.coventry, landlord=landlord, address="1 Secret Street", area="Foleshill"
    )
    tenancy = start_tenancy(
        person, home, agency=world.council, by=by, started_on=today - timedelta(days=10)
    )
    end_tenancy(
        tenancy,
        ended_on=today - timedelta(days=1),
        reason=EndReason.ABANDONMENT,
        agency=world.council,
        by=by,
    )
    case = HousingFirstCase.objects.create(
        person=person,
        partnership=world.coventry,
        stage=HousingFirstStage.PANEL,
        recorded_by_agency=world.council,
    )
    HousingFirstStageChange.objects.create(
        case=case,
        person=person,
        stage=HousingFirstStage.PANEL,
        previous_stage=HousingFirstStage.ELIGIBILITY,
        recorded_by_agency=world.council,
        recorded_by=by,
    )
    return person


def _titles(events) -> list[str]:
    return [e.title for e in events]


def test_the_recording_agency_sees_accommodation_on_the_timeline(
    world, caseworker_user, caseworker_client
):
    person = _housed(world, caseworker_user)
    page = caseworker_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    for title in TITLES:
        assert title in page
    assert "Where: Room 9, Sisters Rest" in page and "Fighting" in page
    assert "Landlord: Orbit Homes" in page and "Area: Foleshill" in page
    assert "1 Secret Street" not in page  # where they live is not on the timeline
    assert "Before: eligibility checked" in page
    events = AccessEvent.objects.filter(user=caseworker_user, route="cases:timeline")
    assert Section.HOUSING_HISTORY in {e.section for e in events}


def test_the_end_sorts_after_the_start_and_says_it_is_a_date(world, caseworker_user):
    person = _housed(world, caseworker_user)
    read = read_timeline(person, access_for(caseworker_user, person), kinds=[Kind.PLACEMENTS])
    ended = next(e for e in read.events if e.title == "Left Sisters Rest: eviction")
    assert ended.date_only and timezone.localtime(ended.at).strftime("%H:%M") == "23:59"
    assert timezone.localtime(ended.at).date() == timezone.localdate() - timedelta(days=20)
    # Newest first, ends by their date: the tenancy ended yesterday, the placement 20 days ago.
    titles = _titles(read.events)
    assert set(titles) == set(TITLES)
    assert titles.index("Tenancy ended: abandonment") < titles.index("Left Sisters Rest: eviction")


def test_another_agency_without_permission_sees_none_of_it(
    world, caseworker_user, outreach_client, outreach_user
):
    person = _housed(world, caseworker_user)
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    for title in TITLES:
        assert title not in page
    assert "Sisters Rest" not in page and "Orbit Homes" not in page
    assert "Some entries are hidden by sharing rules" in page
    read = read_timeline(person, access_for(outreach_user, person), kinds=[Kind.PLACEMENTS])
    assert read.events == [] and read.page.paginator.count == 0 and read.hidden
    shown = AccessEvent.objects.filter(user=outreach_user, route="cases:timeline")
    assert Section.HOUSING_HISTORY not in {e.section for e in shown}


def test_with_housing_history_permission_the_other_agency_sees_it(
    world, caseworker_user, outreach_client
):
    person = _housed(world, caseworker_user)
    give_consent(
        person,
        caseworker_user,
        world.council,
        sections=[s for s in PERSON_SECTIONS if s != Section.HOUSING_HISTORY],
    )
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    assert "Placed at Sisters Rest" not in page  # consent that leaves out housing history
    give_consent(person, caseworker_user, world.council)
    page = outreach_client.get(f"/cases/people/{person.pk}/timeline/").content.decode()
    for title in TITLES:
        assert title in page


def test_the_filter_and_the_api_know_accommodation(world, caseworker_user, caseworker_client):
    person = _housed(world, caseworker_user)
    page = caseworker_client.get(
        f"/cases/people/{person.pk}/timeline/?kind=placements"
    ).content.decode()
    assert "Accommodation" in page and "5 entries of the kinds you chose" in page
    _, raw = create_api_token(user=caseworker_user, name="Partner system", by=caseworker_user)
    response = caseworker_client.get(
        f"/api/v1/people/{person.pk}/timeline/?kind=placements",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    body = response.json()
    assert response.status_code == 200 and body["count"] == 5
    assert {e["kind"] for e in body["results"]} == {"placements"}
    assert {e["section"] for e in body["results"]} == {Section.HOUSING_HISTORY}
    assert set(_titles_of(body)) == set(TITLES)


def _titles_of(body) -> list[str]:
    return [e["title"] for e in body["results"]]
