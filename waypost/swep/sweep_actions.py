"""Writes of the SWEP sweep: recording what happened when outreach looked for someone on a
night of an activation, placing someone who accepts into a bed, and adding someone found who
was not known before.

Each save is a new SweepRecord (the latest of a night counts), so nothing typed before is
overwritten and there is no stale edit to refuse. Each function is one transaction; it checks
again that SWEP is still on, that the night is one of the activation's, that `by` works the
sweep for `agency`, and that the person, the agency and any bed are in the activation's
partnership, so a mistake in a caller cannot write across partnerships. django-auditlog records
each record (swep/apps.py masks the reason someone declined).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership
from waypost.housing.models import EMERGENCY_KINDS, Unit
from waypost.housing.placement_actions import place_person
from waypost.housing.suitability import PersonFacts, unsuitable_because
from waypost.outreach.contact_actions import record_street_contact
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ListStatus, Place
from waypost.people.actions import register_person
from waypost.people.models import Person
from waypost.swep.models import Activation, ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.sweep_access import SWEEP_ROLES, activation_nights

if TYPE_CHECKING:
    from waypost.accounts.models import User

NOT_ACTIVE = "SWEP is no longer on for this activation, so outcomes can no longer be recorded."
NIGHT_OUTSIDE = "Choose one of the nights SWEP was on"
NEEDS_REASON = "Enter why they declined the bed"
REASON_MAX = 2000
NOT_AN_EMERGENCY_BED = "Choose a severe weather or other emergency bed"


def _check(
    activation: Activation,
    person: Person,
    *,
    night: date,
    agency: Agency,
    by: "User | None",
    now: datetime | None,
) -> Activation:
    """The activation, locked and still active, with the night one of its nights."""
    if by is not None:
        roles = set(
            Membership.objects.active()
            .filter(user=by, agency=agency)
            .values_list("role", flat=True)
        )
        if not roles & set(SWEEP_ROLES):
            raise PermissionDenied
    if (
        person.partnership_id != activation.partnership_id
        or agency.partnership_id != activation.partnership_id
    ):
        raise PermissionDenied
    current = Activation.objects.select_for_update().get(pk=activation.pk)
    if current.status != ActivationStatus.ACTIVE:
        raise ValidationError(NOT_ACTIVE)
    if night not in activation_nights(current, now=now):
        raise ValidationError({"night": NIGHT_OUTSIDE})
    return current


def _touch(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())


@transaction.atomic
def record_sweep_outcome(
    activation: Activation,
    person: Person,
    *,
    outcome: str,
    night: date,
    agency: Agency,
    by: "User | None",
    declined_reason: str = "",
    found_new: bool = False,
    now: datetime | None = None,
) -> SweepRecord:
    """Record that the person was offered a bed (not yet decided), declined it (with the
    reason they gave, required) or was not found, on `night`. Accepting a bed is
    `accept_swep_bed`, which places them too."""
    if outcome not in (SweepOutcome.OFFERED, SweepOutcome.DECLINED, SweepOutcome.NOT_FOUND):
        raise ValidationError({"outcome": "Choose what happened"})
    reason = declined_reason.strip() if outcome == SweepOutcome.DECLINED else ""
    if outcome == SweepOutcome.DECLINED and not reason:
        raise ValidationError({"declined_reason": NEEDS_REASON})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"declined_reason": f"The reason must be {REASON_MAX:,} characters or fewer"}
        )
    _check(activation, person, night=night, agency=agency, by=by, now=now)
    record = SweepRecord.objects.create(
        activation=activation,
        person=person,
        night=night,
        outcome=outcome,
        declined_reason=reason,
        found_new=found_new,
        recorded_at=timezone.now(),
        recorded_by_agency=agency,
        recorded_by=by,
    )
    _touch(person)
    return record


@transaction.atomic
def accept_swep_bed(
    activation: Activation,
    person: Person,
    unit: Unit,
    *,
    facts: PersonFacts,
    night: date,
    agency: Agency,
    by: "User | None",
    found_new: bool = False,
    now: datetime | None = None,
) -> SweepRecord:
    """The person accepted a bed: place them in `unit` from `night` until the activation is
    expected to end, and record the acceptance with the placement, all or nothing.

    `facts` are what the user could see of the person (sweep_access.person_facts): the unit
    must suit them by SWEP's rules, so a forged form cannot put a woman in a men-only bed.
    Raises ValidationError with a plain message when the bed does not suit, is not an
    emergency bed, or place_person refuses it (just taken, out of use, already placed)."""
    current = _check(activation, person, night=night, agency=agency, by=by, now=now)
    unit = Unit.objects.select_related("scheme").get(pk=unit.pk)
    scheme = unit.scheme
    if scheme.partnership_id != activation.partnership_id:
        raise PermissionDenied
    if scheme.kind not in EMERGENCY_KINDS:
        raise ValidationError({"bed": NOT_AN_EMERGENCY_BED})
    why_not = unsuitable_because(facts, unit, swep=True)
    if why_not:
        raise ValidationError(
            {"bed": f"{unit.label} at {scheme.name} does not suit them ({why_not.lower()})."}
        )
    ends_on = max(timezone.localtime(current.expected_end_at).date(), night)
    placement = place_person(
        person, unit, agency=agency, by=by, started_on=night, expected_end_on=ends_on
    )
    record = SweepRecord.objects.create(
        activation=activation,
        person=person,
        night=night,
        outcome=SweepOutcome.ACCEPTED,
        placement=placement,
        found_new=found_new,
        recorded_at=timezone.now(),
        recorded_by_agency=agency,
        recorded_by=by,
    )
    _touch(person)
    return record


@dataclass(frozen=True)
class Found:
    """Where and how someone was found on the sweep (a street contact is recorded too)."""

    bedded_down: bool
    place: Place | None = None
    location_detail: str = ""
    description: str = ""


@transaction.atomic
def record_person_found(
    activation: Activation,
    person: Person,
    *,
    found: Found,
    outcome: str,
    night: date,
    agency: Agency,
    by: "User | None",
    declined_reason: str = "",
    found_new: bool = False,
    now: datetime | None = None,
) -> SweepRecord:
    """Someone met on the sweep who was not on the anticipated list: a street contact where
    they were found (which puts them on the by-name list, or back to sleeping rough when
    bedded down), and the outcome. Someone who accepts a bed is recorded as offered one: the
    bed is chosen next, on their sweep page, which records the acceptance."""
    if outcome == SweepOutcome.ACCEPTED:
        outcome = SweepOutcome.OFFERED
    _check(activation, person, night=night, agency=agency, by=by, now=now)
    record_street_contact(
        agency=agency,
        by=by,
        person=person,
        bedded_down=found.bedded_down,
        place=found.place,
        location_detail=found.location_detail,
        notes=found.description,
    )
    return record_sweep_outcome(
        activation,
        person,
        outcome=outcome,
        night=night,
        agency=agency,
        by=by,
        declined_reason=declined_reason,
        found_new=found_new,
        now=now,
    )


@transaction.atomic
def record_new_person_found(
    activation: Activation,
    *,
    person_fields: dict[str, Any],
    found: Found,
    outcome: str,
    night: date,
    agency: Agency,
    by: "User | None",
    declined_reason: str = "",
    now: datetime | None = None,
) -> SweepRecord:
    """Someone found on the sweep with no record yet (the caller has run the possible
    existing person step): a new person record owned by `agency`, put on the by-name list as
    sleeping rough, the street contact and the outcome, with `found_new` set."""
    if agency.partnership_id != activation.partnership_id:
        raise PermissionDenied
    person = register_person(agency=agency, by=by, **person_fields)
    put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=agency, by=by)
    return record_person_found(
        activation,
        person,
        found=found,
        outcome=outcome,
        night=night,
        agency=agency,
        by=by,
        declined_reason=declined_reason,
        found_new=True,
        now=now,
    )
