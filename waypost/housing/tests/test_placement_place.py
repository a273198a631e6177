"""Placing someone through the confirmation page and ending a placement: what is stored (the
unit's status and the by-name list status move with it), the clear refusals (a bed out of use,
taken, or that does not suit them, checked again on saving), a stale form refused, and what
was typed kept."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.housing.models import (
    AccommodationKind,
    EndReason,
    GenderRule,
    Placement,
    UnitStatus,
)
from waypost.housing.placement_actions import end_placement, place_person
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.outreach.models import ByNameEntry, ListStatus


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _place_form(started: date, expected: date | None = None, notes: str = "") -> dict[str, str]:
    data = {**_date("started_on", started), "notes": notes}
    if expected:
        data.update(_date("expected_end_on", expected))
    return data


def test_a_caseworker_places_someone_in_a_suitable_bed(world, caseworker_user, caseworker_client):
    person = person_on_list(world.council, caseworker_user, gender="woman")
    scheme = make_scheme(world.shelter, "Harnall Lane Shelter", max_stay_days=28)
    bed = make_unit(scheme, "Bed 4")
    url = f"/housing/people/{person.pk}/place/{bed.pk}/"
    page = caseworker_client.get(url).content.decode()
    assert "Place Jo Bloggs in Bed 4 at Harnall Lane Shelter" in page
    assert "Based on: woman, aged" in page
    today = timezone.localdate()
    assert f'value="{(today + timedelta(days=28)).day}"' in page  # the longest stay, filled in

    response = caseworker_client.post(
        url, _place_form(today, today + timedelta(days=14), "Arrives after 7pm")
    )
    assert response.status_code == 302
    assert response.url == f"/housing/people/{person.pk}/placements/"
    placement = Placement.objects.get(person=person)
    assert (placement.unit, placement.scheme, placement.started_on) == (bed, scheme, today)
    assert placement.expected_end_on == today + timedelta(days=14)
    assert (placement.recorded_by_agency, placement.notes) == (world.council, "Arrives after 7pm")
    bed.refresh_from_db()
    assert bed.status == UnitStatus.OCCUPIED
    assert ByNameEntry.objects.get(person=person).status == ListStatus.EMERGENCY
    page = caseworker_client.get(response.url).content.decode()
    assert "Placed at Harnall Lane Shelter, Bed 4." in page


def test_a_bed_out_of_use_is_refused_with_a_clear_error(world, caseworker_user, caseworker_client):
    person = person_on_list(world.council, caseworker_user)
    bed = make_unit(make_scheme(world.shelter), "Bed 2", status=UnitStatus.OUT_OF_USE)
    url = f"/housing/people/{person.pk}/place/{bed.pk}/"
    page = caseworker_client.get(url).content.decode()
    assert "You cannot place them here. Bed 2 at Harnall Lane Shelter is out of use." in page
    assert '<form method="post"' not in page
    response = caseworker_client.post(url, _place_form(timezone.localdate()))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "is out of use" in response.content.decode()
    assert not Placement.objects.exists()


def test_a_full_bed_is_refused(world, caseworker_user, caseworker_client):
    first = person_on_list(world.council, caseworker_user, given_name="Ann")
    second = person_on_list(world.council, caseworker_user, given_name="Bea")
    bed = make_unit(make_scheme(world.shelter), "Bed 1")
    place_person(first, bed, agency=world.council, by=caseworker_user)
    response = caseworker_client.post(
        f"/housing/people/{second.pk}/place/{bed.pk}/", _place_form(timezone.localdate())
    )
    assert "Bed 1 at Harnall Lane Shelter is occupied." in response.content.decode()
    # The action refuses it too, even when the unit's status says free.
    bed.refresh_from_db()
    bed.status = UnitStatus.FREE
    bed.save()
    try:
        place_person(second, bed, agency=world.council, by=caseworker_user)
    except ValidationError as error:
        assert error.messages == ["Bed 1 at Harnall Lane Shelter is already taken."]
    else:
        raise AssertionError("a full bed was filled twice")
    assert Placement.objects.filter(person=second).count() == 0


def test_suitability_is_checked_again_on_saving(world, caseworker_user, caseworker_client):
    person = person_on_list(world.council, caseworker_user, gender="woman")
    scheme = make_scheme(world.shelter, "Grove House")
    bed = make_unit(scheme, "Room 3")
    url = f"/housing/people/{person.pk}/place/{bed.pk}/"
    assert "Place Jo Bloggs here" in caseworker_client.get(url).content.decode()
    scheme.gender_rule = GenderRule.MEN  # changed while the form was open
    scheme.save()
    response = caseworker_client.post(url, _place_form(timezone.localdate()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Room 3 at Grove House does not suit them: men only." in page
    assert not Placement.objects.exists()


def test_someone_already_placed_is_told_to_end_it_first(world, caseworker_user, caseworker_client):
    person = person_on_list(world.council, caseworker_user)
    scheme = make_scheme(world.shelter)
    place_person(person, make_unit(scheme, "Bed 1"), agency=world.council, by=caseworker_user)
    other = make_unit(scheme, "Bed 2")
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert "They are staying at Harnall Lane Shelter (Bed 1)" in page
    response = caseworker_client.post(
        f"/housing/people/{person.pk}/place/{other.pk}/", _place_form(timezone.localdate())
    )
    assert "End it before placing them somewhere else" in response.content.decode()
    assert Placement.objects.filter(person=person).count() == 1


def test_bad_dates_are_explained_and_what_was_typed_is_kept(
    world, caseworker_user, caseworker_client
):
    person = person_on_list(world.council, caseworker_user)
    bed = make_unit(make_scheme(world.shelter))
    today = timezone.localdate()
    response = caseworker_client.post(
        f"/housing/people/{person.pk}/place/{bed.pk}/",
        _place_form(today, today - timedelta(days=1), "Keep this note"),
    )
    page = response.content.decode()
    assert "must be on or after the date they move in" in page
    assert "Keep this note" in page
    response = caseworker_client.post(
        f"/housing/people/{person.pk}/place/{bed.pk}/", _place_form(today + timedelta(days=60))
    )
    assert "within 28 days from today" in response.content.decode()
    assert not Placement.objects.exists()


def _placed(world, caseworker_user, kind=AccommodationKind.EMERGENCY, days_ago=5):
    person = person_on_list(world.council, caseworker_user)
    bed = make_unit(make_scheme(world.shelter, kind=kind))
    started = timezone.localdate() - timedelta(days=days_ago)
    placement = place_person(
        person, bed, agency=world.council, by=caseworker_user, started_on=started
    )
    return person, bed, placement


def _end_form(day: date, reason: str, version: int, notes: str = "") -> dict[str, str]:
    return {**_date("ended_on", day), "reason": reason, "version": str(version), "notes": notes}


def test_ending_a_placement_frees_the_bed_and_moves_the_list_status(
    world, caseworker_user, caseworker_client
):
    person, bed, placement = _placed(world, caseworker_user)
    url = f"/housing/placements/{placement.pk}/end/"
    page = caseworker_client.get(url).content.decode()
    assert "End a placement" in page and "Eviction" in page and "Custody" in page
    response = caseworker_client.post(
        url, _end_form(timezone.localdate(), EndReason.EVICTION, placement.version, "Fighting")
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    bed.refresh_from_db()
    assert (placement.ended_on, placement.end_reason) == (timezone.localdate(), "eviction")
    assert placement.end_notes == "Fighting" and placement.version == 2
    assert bed.status == UnitStatus.FREE
    assert ByNameEntry.objects.get(person=person).status == ListStatus.ROUGH_SLEEPING
    page = caseworker_client.get(url).content.decode()
    assert "This placement ended on" in page and "End the placement" not in page


def test_a_planned_move_on_leaves_the_status_for_the_next_placement(world, caseworker_user):
    person, bed, placement = _placed(world, caseworker_user, AccommodationKind.HOSTEL)
    end_placement(
        placement,
        ended_on=timezone.localdate(),
        reason=EndReason.MOVE_ON,
        agency=world.council,
        by=caseworker_user,
    )
    assert ByNameEntry.objects.get(person=person).status == ListStatus.EMERGENCY
    bed.refresh_from_db()
    assert bed.status == UnitStatus.FREE


def test_a_stale_end_is_refused_and_nothing_changes(world, caseworker_user, caseworker_client):
    person, bed, placement = _placed(world, caseworker_user)
    stale = placement.version
    Placement.objects.filter(pk=placement.pk).update(version=stale + 1)  # someone else saved
    response = caseworker_client.post(
        f"/housing/placements/{placement.pk}/end/",
        _end_form(timezone.localdate(), EndReason.ABANDONMENT, stale, "Left their things"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this placement while you were looking at it" in page
    assert "Left their things" in page and f'value="{stale + 1}"' in page
    placement.refresh_from_db()
    assert placement.ended_on is None
    bed.refresh_from_db()
    assert bed.status == UnitStatus.OCCUPIED


def test_an_end_date_in_the_future_or_before_the_start_is_refused(
    world, caseworker_user, caseworker_client
):
    _, _, placement = _placed(world, caseworker_user, days_ago=2)
    url = f"/housing/placements/{placement.pk}/end/"
    today = timezone.localdate()
    page = caseworker_client.post(
        url, _end_form(today + timedelta(days=1), EndReason.MOVE_ON, placement.version)
    ).content.decode()
    assert "The date it ended must be today or in the past" in page
    page = caseworker_client.post(
        url, _end_form(today - timedelta(days=3), EndReason.MOVE_ON, placement.version)
    ).content.decode()
    assert "when it started" in page
    page = caseworker_client.post(url, _end_form(today, "", placement.version)).content.decode()
    assert "Choose why the placement ended" in page
    placement.refresh_from_db()
    assert placement.ended_on is None
    try:
        end_placement(
            placement,
            ended_on=today + timedelta(days=1),
            reason=EndReason.MOVE_ON,
            agency=world.council,
            by=caseworker_user,
        )
    except ValidationError as error:
        assert "today or in the past" in str(error)
    else:
        raise AssertionError("a future end was accepted")
