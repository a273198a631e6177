"""Recording what happened with one person on the sweep: offered, declined (a reason is
needed), not found, each a new record with the latest of the night counting; accepting a bed
places them in a suitable one (never a single-sex bed of the other sex; people with no
recourse to public funds are offered SWEP beds); a bed just taken keeps what was typed; and
who may record, for whom, and when."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import AccessEvent, Section
from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    HousingNeeds,
    Placement,
    UnitStatus,
)
from waypost.housing.suitability import PersonFacts
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Gender, PublicFunds
from waypost.swep import sweep_actions
from waypost.swep.models import ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.sweep_access import activation_nights, tonight
from waypost.swep.tests.test_sweep_helpers import card_titles, listed, make_activation, make_scheme
from waypost.testing.people import sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated


def _url(activation, person) -> str:
    return reverse("swep:sweep_person", args=[activation.pk, person.pk])


def _night(activation) -> str:
    return tonight(activation_nights(activation)).isoformat()


@pytest.fixture
def signed(world):
    sign_agreement_for(world.council, world.outreach, world.shelter)
    return world


@pytest.fixture
def activation(signed):
    return make_activation(signed.coventry)


@pytest.fixture
def beds(signed):
    """Free beds: SWEP for anyone, SWEP for men only, SWEP for women only, a night shelter."""
    shelter = signed.shelter
    return {
        "anyone": make_scheme(shelter, "Church hall SWEP", beds=1)[0],
        "men": make_scheme(shelter, "Men's SWEP", beds=1, gender_rule=GenderRule.MEN)[0],
        "women": make_scheme(shelter, "Women's SWEP", beds=1, gender_rule=GenderRule.WOMEN)[0],
        "shelter": make_scheme(
            shelter, "Night shelter", beds=1, kind=AccommodationKind.NIGHT_SHELTER
        )[0],
    }


def test_recording_offered_declined_and_not_found(
    signed, activation, outreach_client, outreach_user
):
    person = listed(signed.outreach, outreach_user, given_name="Sam", family_name="Street")
    night = _night(activation)
    url = _url(activation, person)

    for outcome, reason in (
        (SweepOutcome.NOT_FOUND, ""),
        (SweepOutcome.OFFERED, ""),
        (SweepOutcome.DECLINED, "Wants to stay with friends"),
    ):
        response = outreach_client.post(
            url, {"night": night, "outcome": outcome, "declined_reason": reason}
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"?night={night}")

    records = SweepRecord.objects.filter(person=person).order_by("recorded_at")
    assert [r.outcome for r in records] == ["not_found", "offered", "declined"]
    assert records.last().declined_reason == "Wants to stay with friends"
    assert records.last().recorded_by_agency == signed.outreach
    assert records.last().recorded_by == outreach_user
    assert {r.night.isoformat() for r in records} == {night}
    assert not records.first().declined_reason
    # The latest of the night counts on the list.
    page = outreach_client.get(reverse("swep:sweep", args=[activation.pk])).content.decode()
    assert "Declined" in page
    detail = outreach_client.get(url).content.decode()
    assert "Why: Wants to stay with friends" in detail
    shown = AccessEvent.objects.filter(
        route="swep:sweep_person", subject_type="sweep_record", person_id=person.pk
    )
    assert {e.section for e in shown} == {Section.HOUSING_HISTORY}
    assert {e.subject_id for e in shown} == {str(r.pk) for r in records}
    assert AccessEvent.objects.filter(
        route="swep:sweep_person", section=Section.IDENTITY, person_id=person.pk
    ).exists()


def test_declining_needs_a_reason_and_keeps_what_was_typed(
    signed, activation, outreach_client, outreach_user
):
    person = listed(signed.outreach, outreach_user)
    response = outreach_client.post(
        _url(activation, person),
        {"night": _night(activation), "outcome": "declined", "declined_reason": "  "},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter why they declined the bed" in page
    assert _checked(page, "declined")
    assert not SweepRecord.objects.exists()


def test_only_a_night_swep_was_on(signed, activation, outreach_client, outreach_user):
    person = listed(signed.outreach, outreach_user)
    response = outreach_client.post(
        _url(activation, person), {"night": "2001-01-01", "outcome": "offered"}
    )
    assert "Choose one of the nights SWEP was on" in response.content.decode()
    assert not SweepRecord.objects.exists()


def _checked(page: str, value: str) -> bool:
    """Whether the radio (or option) with this value is chosen on the page."""
    inputs = re.findall(rf'<input[^>]*value="{re.escape(value)}"[^>]*>', page)
    options = re.findall(rf'<option value="{re.escape(value)}"[^>]*>', page)
    return any("checked" in i for i in inputs) or any("selected" in o for o in options)


def _bed_labels(page: str) -> set[str]:
    found = re.findall(r'class="govuk-label govuk-radios__label" for="id_bed_\d+">([^<]+)<', page)
    return {html.unescape(label) for label in found}


def test_a_woman_is_never_shown_a_mens_bed(
    signed, activation, beds, outreach_client, outreach_user
):
    woman = listed(signed.outreach, outreach_user, gender=Gender.WOMAN)
    page = outreach_client.get(_url(activation, woman)).content.decode()
    assert _bed_labels(page) == {
        "Bed 1 at Church hall SWEP",
        "Bed 1 at Women's SWEP",
        "Bed 1 at Night shelter",
    }
    # SWEP beds first.
    assert page.index("Severe weather beds") < page.index("Other emergency beds")
    assert page.index("Women&#x27;s SWEP") < page.index("Night shelter")


def test_someone_whose_gender_is_hidden_is_offered_no_single_sex_bed(
    signed, activation, beds, coordinator_client, outreach_user
):
    # Recorded by outreach with no sharing permission: the council cannot see their gender.
    man = listed(signed.outreach, outreach_user, gender=Gender.MAN)
    page = coordinator_client.get(_url(activation, man)).content.decode()
    assert _bed_labels(page) == {"Bed 1 at Church hall SWEP", "Bed 1 at Night shelter"}
    assert "Gender and age are not shared with you" in page


def test_no_recourse_to_public_funds_does_not_stop_a_swep_bed(
    signed, activation, beds, outreach_client, outreach_user
):
    person = listed(
        signed.outreach,
        outreach_user,
        gender=Gender.MAN,
        public_funds=PublicFunds.NO_RECOURSE,
    )
    # None of these schemes accepts people with no recourse to public funds outside SWEP.
    page = outreach_client.get(_url(activation, person)).content.decode()
    assert "Bed 1 at Church hall SWEP" in _bed_labels(page)
    assert "Bed 1 at Men's SWEP" in _bed_labels(page)

    response = outreach_client.post(
        _url(activation, person),
        {"night": _night(activation), "outcome": "accepted", "bed": str(beds["men"].pk)},
    )
    assert response.status_code == 302
    assert Placement.objects.get(person=person).unit == beds["men"]


def test_housing_needs_rule_beds_out(signed, activation, beds, outreach_client, outreach_user):
    person = listed(signed.outreach, outreach_user, gender=Gender.WOMAN)
    HousingNeeds.objects.create(person=person, pet=True, recorded_by_agency=signed.outreach)
    pets = make_scheme(signed.shelter, "Dogs welcome SWEP", beds=1, pets=True)[0]
    page = outreach_client.get(_url(activation, person)).content.decode()
    assert _bed_labels(page) == {"Bed 1 at Dogs welcome SWEP"}
    assert "Takes pets" in page
    assert AccessEvent.objects.filter(
        route="swep:sweep_person", section=Section.SUPPORT, person_id=person.pk
    ).exists()
    assert pets.status == UnitStatus.FREE


def test_accepting_places_them_in_the_bed(signed, activation, beds, outreach_client, outreach_user):
    person = listed(
        signed.outreach, outreach_user, given_name="Ann", family_name="Bed", gender=Gender.WOMAN
    )
    night = _night(activation)
    response = outreach_client.post(
        _url(activation, person),
        {"night": night, "outcome": "accepted", "bed": str(beds["women"].pk)},
        follow=True,
    )
    page = response.content.decode()
    assert "Placed in Bed 1 at Women&#x27;s SWEP" in page
    record = SweepRecord.objects.get(person=person)
    placement = Placement.objects.get(person=person)
    assert record.outcome == SweepOutcome.ACCEPTED
    assert record.placement == placement
    assert placement.unit == beds["women"]
    assert placement.started_on.isoformat() == night
    assert placement.expected_end_on == timezone.localtime(activation.expected_end_at).date()
    assert placement.recorded_by_agency == signed.outreach
    beds["women"].refresh_from_db()
    assert beds["women"].status == UnitStatus.OCCUPIED
    assert ByNameEntry.objects.get(person=person).status == ListStatus.EMERGENCY
    # Off tonight's list (they have a bed), and the placement shows on their sweep page.
    assert "Ann Bed" not in card_titles(page)
    detail = outreach_client.get(_url(activation, person)).content.decode()
    assert "Bed: Bed 1 at Women&#x27;s SWEP" in detail


def test_accepting_needs_a_bed(signed, activation, beds, outreach_client, outreach_user):
    person = listed(signed.outreach, outreach_user)
    response = outreach_client.post(
        _url(activation, person), {"night": _night(activation), "outcome": "accepted"}
    )
    assert "Choose the bed they accepted" in response.content.decode()
    assert not Placement.objects.exists()


def test_a_bed_just_taken_shows_the_error_and_keeps_what_was_typed(
    signed, activation, beds, outreach_client, outreach_user
):
    person = listed(signed.outreach, outreach_user)
    someone = listed(signed.outreach, outreach_user, given_name="Quick")
    unit = beds["anyone"]
    night = _night(activation)
    page = outreach_client.get(_url(activation, person)).content.decode()
    assert "Bed 1 at Church hall SWEP" in _bed_labels(page)
    # Someone else fills the bed while the form is open (the board still says free).
    Placement.objects.create(
        person=someone,
        partnership=signed.coventry,
        unit=unit,
        scheme=unit.scheme,
        recorded_by_agency=signed.shelter,
    )
    response = outreach_client.post(
        _url(activation, person), {"night": night, "outcome": "accepted", "bed": str(unit.pk)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "That bed is no longer free. Choose another bed" in page
    assert _checked(page, "accepted")
    assert _checked(page, night)
    assert "Bed 1 at Church hall SWEP" not in _bed_labels(page)
    assert not SweepRecord.objects.exists()
    assert not Placement.objects.filter(person=person).exists()


def test_a_placement_refused_shows_why_and_keeps_what_was_typed(
    signed, activation, beds, outreach_client, outreach_user
):
    # Placed in a bed meanwhile by the housing team: place_person refuses a second one.
    person = listed(signed.outreach, outreach_user)
    unit = beds["shelter"]
    Placement.objects.create(
        person=person,
        partnership=signed.coventry,
        unit=beds["women"],
        scheme=beds["women"].scheme,
        recorded_by_agency=signed.shelter,
    )
    night = _night(activation)
    response = outreach_client.post(
        _url(activation, person), {"night": night, "outcome": "accepted", "bed": str(unit.pk)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This person already has a placement." in page
    assert _checked(page, "accepted")
    assert _checked(page, str(unit.pk))
    assert not SweepRecord.objects.exists()
    unit.refresh_from_db()
    assert unit.status == UnitStatus.FREE


def test_a_forged_bed_is_refused(signed, activation, beds, outreach_client, outreach_user):
    woman = listed(signed.outreach, outreach_user, gender=Gender.WOMAN)
    response = outreach_client.post(
        _url(activation, woman),
        {"night": _night(activation), "outcome": "accepted", "bed": str(beds["men"].pk)},
    )
    assert "That bed is no longer free" in response.content.decode()
    assert not Placement.objects.exists()


def test_the_action_refuses_an_unsuitable_or_non_emergency_bed(signed, activation, beds):
    woman = listed(signed.outreach, gender=Gender.WOMAN)
    night = tonight(activation_nights(activation))
    with pytest.raises(ValidationError, match="men only"):
        sweep_actions.accept_swep_bed(
            activation,
            woman,
            beds["men"],
            facts=PersonFacts(gender=Gender.WOMAN),
            night=night,
            agency=signed.outreach,
            by=None,
        )
    hostel_for_life = make_scheme(
        signed.shelter, "Supported flats", kind=AccommodationKind.SUPPORTED
    )[0]
    with pytest.raises(ValidationError, match="emergency bed"):
        sweep_actions.accept_swep_bed(
            activation,
            woman,
            hostel_for_life,
            facts=PersonFacts(gender=Gender.WOMAN),
            night=night,
            agency=signed.outreach,
            by=None,
        )
    assert not Placement.objects.exists()


def test_the_actions_refuse_other_partnerships_and_ended_swep(signed, activation, world):
    night = tonight(activation_nights(activation))
    brum = listed(world.brum_council)
    with pytest.raises(PermissionDenied):
        sweep_actions.record_sweep_outcome(
            activation, brum, outcome="offered", night=night, agency=world.outreach, by=None
        )
    person = listed(world.outreach)
    activation.status = ActivationStatus.ENDED
    activation.ended_at = timezone.now()
    activation.save()
    with pytest.raises(ValidationError, match="no longer on"):
        sweep_actions.record_sweep_outcome(
            activation, person, outcome="offered", night=night, agency=world.outreach, by=None
        )
    referrer = make_user("nurse@sweep.test", agency=world.hospital, role="referrer")
    activation.status = ActivationStatus.ACTIVE
    activation.save()
    with pytest.raises(PermissionDenied):
        sweep_actions.record_sweep_outcome(
            activation, person, outcome="offered", night=night, agency=world.hospital, by=referrer
        )


def test_an_ended_activation_is_read_only(signed, outreach_client, outreach_user):
    started = timezone.now() - timedelta(days=4)
    ended = make_activation(
        signed.coventry,
        status=ActivationStatus.ENDED,
        starts_at=started,
        ended_at=started + timedelta(days=2),
    )
    person = listed(signed.outreach, outreach_user)
    SweepRecord.objects.create(
        activation=ended,
        person=person,
        night=activation_nights(ended)[0],
        outcome=SweepOutcome.NOT_FOUND,
        recorded_by_agency=signed.outreach,
    )
    page = outreach_client.get(_url(ended, person)).content.decode()
    assert "Not found" in page
    assert '<form method="post" novalidate>' not in page
    response = outreach_client.post(
        _url(ended, person),
        {"night": activation_nights(ended)[0].isoformat(), "outcome": "offered"},
    )
    assert response.status_code == 403
    assert SweepRecord.objects.count() == 1


def test_who_may_record_for_whom(signed, activation, world, client, outreach_client):
    brum = listed(world.brum_council)
    assert outreach_client.get(_url(activation, brum)).status_code == 404
    restricted = listed(world.outreach)
    restricted.restricted_at = timezone.now()
    restricted.save()
    assert outreach_client.get(_url(activation, restricted)).status_code == 404
    # An agency that has not signed the agreement does not know of other agencies' people.
    unsigned = make_user("worker@unsigned.test", agency=world.hospital, role="outreach_worker")
    client.force_login(unsigned)
    mark_recently_authenticated(client, unsigned)
    councils = listed(world.council)
    assert client.get(_url(activation, councils)).status_code == 404
    # Roles outside the sweep.
    for role in ("referrer", "commissioner", "partnership_admin", "provider", "dpo"):
        user = make_user(f"{role}@roles.test", agency=world.council, role=role)
        client.force_login(user)
        mark_recently_authenticated(client, user)
        assert client.get(_url(activation, councils)).status_code == 403


def test_a_merged_record_sends_the_user_to_the_record_kept(
    signed, activation, outreach_client, outreach_user
):
    kept = listed(signed.outreach, outreach_user)
    merged = listed(signed.outreach, outreach_user, given_name="Old")
    merged.merged_into = kept
    merged.save()
    response = outreach_client.get(_url(activation, merged))
    assert response.status_code == 302
    assert response["Location"] == _url(activation, kept)


def test_the_person_page_query_count_does_not_grow(
    signed, activation, outreach_client, outreach_user, django_assert_max_num_queries
):
    person = listed(signed.outreach, outreach_user, gender=Gender.WOMAN)
    HousingNeeds.objects.create(person=person, recorded_by_agency=signed.outreach)
    make_scheme(signed.shelter, "Small SWEP", beds=1)
    sweep_actions.record_sweep_outcome(
        activation,
        person,
        outcome="offered",
        night=tonight(activation_nights(activation)),
        agency=signed.outreach,
        by=None,
    )
    with django_assert_max_num_queries(40) as few:
        outreach_client.get(_url(activation, person))
    make_scheme(signed.shelter, "Big SWEP", beds=12)
    make_scheme(signed.shelter, "Shelter", beds=6, kind=AccommodationKind.NIGHT_SHELTER)
    for _ in range(4):
        sweep_actions.record_sweep_outcome(
            activation,
            person,
            outcome="not_found",
            night=tonight(activation_nights(activation)),
            agency=signed.outreach,
            by=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = outreach_client.get(_url(activation, person)).content.decode()
    assert len(_bed_labels(page)) == 1 + 12 + 6
