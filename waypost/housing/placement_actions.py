"""Placing someone in a unit, ending a placement, and recording what a place must offer them
(housing needs): the writes the vacancy board, the suitable-beds page, the SWEP sweep and
Housing First share.

A placement marks its unit occupied (a couple's room once both places are taken) and moves the
person's by-name list status to match the kind of accommodation; ending it frees the unit and
moves the status on by the reason it ended. Each function is one transaction and locks the unit,
so two staff cannot fill the last place twice.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.housing.models import (
    AccommodationKind,
    EndReason,
    HousingNeeds,
    Placement,
    SupportLevel,
    Unit,
    UnitStatus,
)
from waypost.outreach.entries import change_status
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Person

if TYPE_CHECKING:
    from waypost.accounts.models import Agency, User

# The by-name list status a placement of each kind means.
STATUS_FOR_KIND = {
    AccommodationKind.EMERGENCY: ListStatus.EMERGENCY,
    AccommodationKind.NIGHT_SHELTER: ListStatus.EMERGENCY,
    AccommodationKind.SWEP: ListStatus.EMERGENCY,
    AccommodationKind.HOSTEL: ListStatus.EMERGENCY,
    AccommodationKind.TEMPORARY: ListStatus.EMERGENCY,
    AccommodationKind.SUPPORTED: ListStatus.SUPPORTED,
    AccommodationKind.HOUSING_FIRST: ListStatus.HOUSED,
    AccommodationKind.PRIVATE_TENANCY: ListStatus.HOUSED,
    AccommodationKind.SOCIAL_TENANCY: ListStatus.HOUSED,
}
# And what the end of one means (a planned move on is followed by the next placement).
STATUS_FOR_END = {
    EndReason.EVICTION: ListStatus.ROUGH_SLEEPING,
    EndReason.ABANDONMENT: ListStatus.ROUGH_SLEEPING,
    EndReason.CUSTODY: ListStatus.CUSTODY,
    EndReason.HOSPITAL: ListStatus.HOSPITAL,
    EndReason.DEATH: ListStatus.DECEASED,
}


def place_person(
    person: "Person",
    unit: Unit,
    *,
    agency: "Agency",
    by: "User | None",
    started_on: date | None = None,
    expected_end_on: date | None = None,
    notes: str = "",
) -> Placement:
    """Place the person in the unit from `started_on` (today by default).

    Refused with a ValidationError (whose message says why, in plain words) when the unit is
    out of use, held, or full, when it is in another partnership, when the person already
    has a placement that has not ended, or when the record was merged away or anonymised.
    Whether the unit suits the person is the caller's check (waypost.housing.suitability).
    """
    started_on = started_on or timezone.localdate()
    if person.merged_into_id is not None or person.anonymised_at is not None:
        raise ValidationError("This record can no longer be changed.")
    if expected_end_on is not None and expected_end_on < started_on:
        raise ValidationError(
            {"expected_end_on": "The expected end date must be on or after the start date."}
        )
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("scheme").get(pk=unit.pk)
        scheme = unit.scheme
        if scheme.partnership_id != person.partnership_id:
            raise ValidationError("That bed belongs to another partnership.")
        if not (unit.is_active and scheme.is_active):
            raise ValidationError(f"{unit.label} at {scheme.name} is no longer in use.")
        if unit.status in (UnitStatus.OUT_OF_USE, UnitStatus.HELD):
            raise ValidationError(
                f"{unit.label} at {scheme.name} is {unit.get_status_display().lower()}."
            )
        occupants = Placement.objects.filter(unit=unit, ended_on__isnull=True).count()
        if occupants >= unit.sleeps:
            raise ValidationError(f"{unit.label} at {scheme.name} is already taken.")
        if Placement.objects.filter(person=person, ended_on__isnull=True).exists():
            raise ValidationError(
                "This person already has a placement. End it before placing them somewhere else."
            )
        placement = Placement.objects.create(
            person=person,
            partnership_id=person.partnership_id,
            unit=unit,
            scheme=scheme,
            started_on=started_on,
            expected_end_on=expected_end_on,
            notes=notes,
            recorded_by_agency=agency,
            recorded_by=by,
        )
        if occupants + 1 >= unit.sleeps:
            _set_unit_status(unit, UnitStatus.OCCUPIED)
        entry = ByNameEntry.objects.select_for_update().filter(person=person).first()
        if entry is not None:
            change_status(entry, STATUS_FOR_KIND[scheme.kind], agency=agency, by=by)
        _touch(person.pk)
    return placement


def end_placement(
    placement: Placement,
    *,
    ended_on: date,
    reason: str,
    agency: "Agency",
    by: "User | None",
    notes: str = "",
    version: int | None = None,
) -> Placement:
    """End the placement on `ended_on` for `reason` (an EndReason), free its unit, and move
    the person's by-name list status on. `version`, when given, must match (a stale form is
    refused rather than overwriting someone else's change)."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": "Choose why the placement ended."})
    if ended_on > timezone.localdate():
        # The unit is freed at once: a planned end belongs in the expected end date.
        raise ValidationError({"ended_on": "The end date must be today or in the past."})
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if version is not None and placement.version != version:
            raise ValidationError(
                "Someone else changed this placement while you were looking at it. "
                "Check it again before ending it."
            )
        if placement.ended_on is not None:
            raise ValidationError("This placement has already ended.")
        if ended_on < placement.started_on:
            raise ValidationError({"ended_on": "The end date must be on or after the start date."})
        placement.ended_on = ended_on
        placement.end_reason = reason
        placement.end_notes = notes
        placement.version += 1
        placement.save(update_fields=["ended_on", "end_reason", "end_notes", "version"])
        unit = Unit.objects.select_for_update().get(pk=placement.unit_id)
        if unit.status == UnitStatus.OCCUPIED:
            _set_unit_status(unit, UnitStatus.FREE)
        status = STATUS_FOR_END.get(reason)
        entry = ByNameEntry.objects.select_for_update().filter(person_id=placement.person_id)
        entry = entry.first()
        if status is not None and entry is not None:
            change_status(entry, status, agency=agency, by=by)
        _touch(placement.person_id)
    return placement


def record_housing_needs(
    person: Person,
    *,
    agency: "Agency",
    by: "User | None",
    couple: bool = False,
    partner: Person | None = None,
    pet: bool = False,
    step_free: bool = False,
    wheelchair: bool = False,
    support_level: str = SupportLevel.NONE,
    harm_reduction: bool = False,
    avoid_city_centre: bool = False,
    notes: str = "",
) -> HousingNeeds:
    """Record what a place to stay must offer the person. Each call adds a new row: the latest
    one a user may see is the one that counts, and earlier ones stay as history. A partner is
    recorded only for a couple, and must be someone else in the same partnership."""
    if support_level not in SupportLevel.values:
        raise ValidationError({"support_level": "Choose the support they need."})
    if partner is not None:
        if not couple:
            raise ValidationError(
                {"partner": "A partner is recorded only when they need a place as a couple."}
            )
        if partner.pk == person.pk or partner.partnership_id != person.partnership_id:
            raise ValidationError({"partner": "Choose someone else known to this partnership."})
    with transaction.atomic():
        needs = HousingNeeds.objects.create(
            person=person,
            couple=couple,
            partner=partner,
            pet=pet,
            step_free=step_free or wheelchair,
            wheelchair=wheelchair,
            support_level=support_level,
            harm_reduction=harm_reduction,
            avoid_city_centre=avoid_city_centre,
            notes=notes,
            recorded_by_agency=agency,
            recorded_by=by,
        )
        _touch(person.pk)
    return needs


def _touch(person_id: object) -> None:
    """Something was recorded about the person (retention counts from the last activity)."""
    Person.objects.filter(pk=person_id).update(last_activity_at=timezone.now())


def _set_unit_status(unit: Unit, status: str) -> None:
    unit.status = status
    unit.status_changed_at = timezone.now()
    unit.save(update_fields=["status", "status_changed_at"])
