"""The sweep list: exactly the people on the by-name list with nowhere to stay tonight; names
only where the access policy allows; tonight's outcome and its filters; pages of 25; a fixed
number of queries; every detail shown in the access log; and who may see it at all."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.housing.demand import without_accommodation
from waypost.housing.models import Placement
from waypost.outreach.contact_actions import record_street_contact
from waypost.outreach.entries import set_tier
from waypost.outreach.models import ListStatus
from waypost.outreach.tests.contact_helpers import make_place
from waypost.people.actions import set_lead_worker
from waypost.swep.models import ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.sweep_access import activation_nights, night_of, tonight
from waypost.swep.tests.test_sweep_helpers import (
    card_titles,
    cards,
    listed,
    make_activation,
    make_scheme,
)
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated


def _url(activation, **query) -> str:
    url = reverse("swep:sweep", args=[activation.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _record(activation, person, outcome, agency, *, night=None, reason="", at=None):
    night = night or tonight(activation_nights(activation))
    return SweepRecord.objects.create(
        activation=activation,
        person=person,
        night=night,
        outcome=outcome,
        declined_reason=reason,
        recorded_by_agency=agency,
        recorded_at=at or timezone.now(),
    )


def _seen(person, agency, by):
    record_street_contact(
        agency=agency, by=by, person=person, bedded_down=True, location_detail="Car park"
    )


@pytest.fixture
def signed(world):
    sign_agreement_for(world.council, world.outreach, world.hospital, world.shelter)
    return world


def test_the_list_is_exactly_those_without_accommodation(
    signed, coordinator_client, coordinator_user
):
    world = signed
    council = world.council
    wanted = {
        listed(council, given_name="Rough", family_name="Sleeper"),
        listed(council, given_name="At", family_name="Risk", status=ListStatus.AT_RISK),
    }
    for status in (
        ListStatus.EMERGENCY,
        ListStatus.SUPPORTED,
        ListStatus.HOUSED,
        ListStatus.HOSPITAL,
        ListStatus.CUSTODY,
        ListStatus.LEFT_AREA,
        ListStatus.DECEASED,
    ):
        listed(council, given_name="Status", family_name=status, status=status)
    # Placed, though the list still says sleeping rough (a placement made elsewhere).
    placed = listed(council, given_name="Already", family_name="Placed")
    unit = make_scheme(world.shelter, "Night shelter")[0]
    Placement.objects.create(
        person=placed,
        partnership=world.coventry,
        unit=unit,
        scheme=unit.scheme,
        recorded_by_agency=council,
    )
    restricted = listed(council, given_name="Restricted", family_name="Record")
    restricted.restricted_at = timezone.now()
    restricted.save()
    kept = listed(council, given_name="Kept", family_name="Record")
    wanted.add(kept)
    merged = listed(council, given_name="Merged", family_name="Away")
    merged.merged_into = kept
    merged.save()
    make_person(council, given_name="Not", family_name="Listed")
    listed(world.brum_council, given_name="Other", family_name="City")
    activation = make_activation(world.coventry)
    make_activation(world.birmingham)

    page = coordinator_client.get(_url(activation)).content.decode()

    assert sorted(card_titles(page)) == sorted(p.display_name for p in wanted)
    expected = set(without_accommodation(world.coventry.pk).values_list("person_id", flat=True))
    assert expected == {p.pk for p in wanted}
    assert "3 people" in page


def test_names_only_where_the_policy_allows(signed, coordinator_client, outreach_user):
    world = signed
    # Recorded by the outreach team; no sharing permission yet: the council sees no name.
    hidden = listed(world.outreach, outreach_user, given_name="Hidden", family_name="Person")
    set_lead_worker(hidden, lead_worker=outreach_user, by=outreach_user)
    shared = listed(world.outreach, outreach_user, given_name="Shared", family_name="Person")
    give_consent(shared, outreach_user, world.outreach)
    activation = make_activation(world.coventry)

    page = coordinator_client.get(_url(activation)).content.decode()

    titles = card_titles(page)
    assert "Shared Person" in titles
    assert "Hidden" not in page
    assert "Someone known to Coventry Outreach" in titles
    hidden_card = next(c for c in cards(page) if c.startswith("Someone known"))
    assert "Lead worker Outreach.Worker Coventry Outreach" in hidden_card
    assert "Last contact Not shared" in hidden_card
    assert "Tier Not shared" in hidden_card


def test_an_agency_that_has_not_signed_sees_only_its_own_people(world, outreach_client):
    sign_agreement_for(world.council)
    listed(world.council, given_name="Council", family_name="Person")
    listed(world.outreach, given_name="Outreach", family_name="Person")
    activation = make_activation(world.coventry)

    page = outreach_client.get(_url(activation)).content.decode()

    assert card_titles(page) == ["Outreach Person"]


def test_last_known_place_tier_and_outcome(signed, coordinator_client, coordinator_user):
    world = signed
    person = listed(world.council, given_name="Placed", family_name="Here")
    place = make_place(world.coventry, "Broadgate")
    record_street_contact(
        agency=world.council,
        by=coordinator_user,
        person=person,
        bedded_down=True,
        place=place,
        location_detail="Bank doorway",
        contacted_at=timezone.now() - timedelta(hours=3),
    )
    set_tier(person, 2)
    activation = make_activation(world.coventry)
    _record(activation, person, SweepOutcome.DECLINED, world.council, reason="Has a dog")

    card = cards(coordinator_client.get(_url(activation)).content.decode())[0]

    assert "Last known place Broadgate: Bank doorway" in card
    assert "Tier Tier 2" in card
    assert "Declined" in card


def test_tonights_latest_outcome_and_the_filters(signed, coordinator_client):
    world = signed
    council = world.council
    activation = make_activation(world.coventry)
    night = tonight(activation_nights(activation))
    people = {
        name: listed(council, given_name=name, family_name="Test")
        for name in ("Unseen", "Offered", "Accepted", "Declined", "Missing", "Yesterday")
    }
    earlier = timezone.now() - timedelta(minutes=30)
    _record(activation, people["Offered"], SweepOutcome.NOT_FOUND, council, at=earlier)
    _record(activation, people["Offered"], SweepOutcome.OFFERED, council)
    _record(activation, people["Accepted"], SweepOutcome.ACCEPTED, council)
    _record(activation, people["Declined"], SweepOutcome.DECLINED, council, reason="No")
    _record(activation, people["Missing"], SweepOutcome.NOT_FOUND, council)
    # Another night's outcome is not tonight's.
    _record(
        activation,
        people["Yesterday"],
        SweepOutcome.DECLINED,
        council,
        night=night - timedelta(days=1),
        reason="No",
    )

    def shown(show: str) -> set[str]:
        page = coordinator_client.get(_url(activation, show=show)).content.decode()
        return {t.split()[0] for t in card_titles(page)}

    assert shown("all") == set(people)
    assert shown("not_seen") == {"Unseen", "Yesterday"}
    assert shown("offered") == {"Offered"}
    assert shown("accepted") == {"Accepted"}
    assert shown("declined") == {"Declined"}
    assert shown("not_found") == {"Missing"}
    page = coordinator_client.get(_url(activation)).content.decode()
    # Not yet seen come first.
    assert [t.split()[0] for t in card_titles(page)][:2] in (
        ["Unseen", "Yesterday"],
        ["Yesterday", "Unseen"],
    )


def test_a_chosen_night_shows_that_nights_outcomes(signed, coordinator_client):
    world = signed
    activation = make_activation(
        world.coventry, starts_at=timezone.now() - timedelta(days=3), nights=5
    )
    nights = activation_nights(activation)
    person = listed(world.council, given_name="Night", family_name="Owl")
    _record(activation, person, SweepOutcome.NOT_FOUND, world.council, night=nights[0])

    first = coordinator_client.get(_url(activation, night=nights[0].isoformat()))
    latest = coordinator_client.get(_url(activation))
    outside = coordinator_client.get(_url(activation, night="2001-01-01"))

    assert "Not found" in cards(first.content.decode())[0]
    assert "Not yet seen" in cards(latest.content.decode())[0]
    # A night SWEP was not on falls back to tonight.
    assert "Not yet seen" in cards(outside.content.decode())[0]


def test_pages_of_25(signed, coordinator_client):
    world = signed
    for n in range(27):
        listed(world.council, given_name=f"Person{n:02d}", family_name="Many")
    activation = make_activation(world.coventry)

    first = coordinator_client.get(_url(activation)).content.decode()
    second = coordinator_client.get(_url(activation, page=2)).content.decode()

    assert len(card_titles(first)) == 25
    assert len(card_titles(second)) == 2
    assert "27 people" in first
    assert not set(card_titles(first)) & set(card_titles(second))


def test_the_query_count_does_not_grow_with_the_list(
    signed, coordinator_client, django_assert_max_num_queries, outreach_user
):
    world = signed
    activation = make_activation(world.coventry)
    for n in range(3):
        person = listed(world.outreach, outreach_user, given_name=f"P{n}", family_name="Few")
        set_lead_worker(person, lead_worker=outreach_user, by=outreach_user)
        give_consent(person, outreach_user, world.outreach)
        _seen(person, world.outreach, outreach_user)
    with django_assert_max_num_queries(16) as few:
        coordinator_client.get(_url(activation))
    for n in range(22):
        person = listed(world.outreach, outreach_user, given_name=f"Q{n}", family_name="More")
        set_lead_worker(person, lead_worker=outreach_user, by=outreach_user)
        give_consent(person, outreach_user, world.outreach)
        _seen(person, world.outreach, outreach_user)
        _record(activation, person, SweepOutcome.OFFERED, world.outreach)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = coordinator_client.get(_url(activation))
    assert len(card_titles(response.content.decode())) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_what_is_shown_is_in_the_access_log(signed, coordinator_client, outreach_user):
    world = signed
    mine = listed(world.council, given_name="Mine", family_name="Shown")
    theirs = listed(world.outreach, outreach_user, given_name="Theirs", family_name="Hidden")
    activation = make_activation(world.coventry)
    record = _record(activation, mine, SweepOutcome.OFFERED, world.council)

    coordinator_client.get(_url(activation))

    events = AccessEvent.objects.filter(route="swep:sweep")
    shown = {(e.person_id, e.section, e.subject_type) for e in events}
    assert (mine.pk, Section.IDENTITY, "person") in shown
    assert (mine.pk, Section.CONTACT, "by_name_entry") in shown
    assert (mine.pk, Section.HOUSING_HISTORY, "sweep_record") in shown
    assert events.get(section=Section.HOUSING_HISTORY).subject_id == str(record.pk)
    assert (theirs.pk, Section.IDENTITY, "person") not in shown
    assert all(e.agency_id == world.council.pk for e in events)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER])
def test_the_sweep_roles_may_see_it(signed, client, role):
    agency = signed.outreach if role == Role.OUTREACH_WORKER else signed.council
    user = make_user(f"{role}@sweep.test", agency=agency, role=role)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    activation = make_activation(signed.coventry)
    assert client.get(_url(activation)).status_code == 200


@pytest.mark.parametrize(
    "client_name",
    ["referrer_client", "commissioner_client", "admin_client", "dpo_client", "provider_client"],
)
def test_other_roles_are_refused(world, request, client_name):
    activation = make_activation(world.coventry)
    client = request.getfixturevalue(client_name)
    assert client.get(_url(activation)).status_code == 403


def test_another_partnership_and_proposals_are_not_found(world, coordinator_client, client):
    brum = make_activation(world.birmingham)
    proposed = make_activation(world.coventry, status=ActivationStatus.PROPOSED)
    not_activated = make_activation(world.coventry, status=ActivationStatus.NOT_ACTIVATED)
    for activation in (brum, proposed, not_activated):
        assert coordinator_client.get(_url(activation)).status_code == 404
    missing = reverse("swep:sweep", args=[world.coventry.pk])
    assert coordinator_client.get(missing).status_code == 404
    brum_worker = make_user(
        "outreach@brum.test", agency=world.brum_council, role=Role.OUTREACH_WORKER
    )
    client.force_login(brum_worker)
    mark_recently_authenticated(client, brum_worker)
    ended = make_activation(world.coventry, status=ActivationStatus.ENDED, ended_at=timezone.now())
    assert client.get(_url(ended)).status_code == 404
    assert client.get(_url(brum)).status_code == 200


def test_an_ended_activation_can_be_read_but_not_added_to(signed, coordinator_client):
    world = signed
    started = timezone.now() - timedelta(days=4)
    activation = make_activation(
        world.coventry,
        status=ActivationStatus.ENDED,
        starts_at=started,
        ended_at=started + timedelta(days=2),
    )
    person = listed(world.council, given_name="Was", family_name="Offered")
    _record(
        activation,
        person,
        SweepOutcome.OFFERED,
        world.council,
        night=activation_nights(activation)[-1],
    )

    page = coordinator_client.get(_url(activation)).content.decode()

    assert "SWEP has ended" in page
    assert "Record someone not on the list" not in page
    assert "Offered" in cards(page)[0]
    assert "What was recorded" in cards(page)[0]


def test_nights_turn_at_midday():
    london = timezone.get_default_timezone()

    assert night_of(datetime(2026, 1, 5, 23, 30, tzinfo=london)) == date(2026, 1, 5)
    assert night_of(datetime(2026, 1, 6, 2, 0, tzinfo=london)) == date(2026, 1, 5)
    assert night_of(datetime(2026, 1, 6, 12, 0, tzinfo=london)) == date(2026, 1, 6)
