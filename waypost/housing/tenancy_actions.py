"""Starting and ending tenancies (shared by the tenancies pages and Housing First)."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.housing.models import EndReason, Property, Tenancy
from waypost.outreach.entries import change_status
from waypost.outreach.models import ByNameEntry, ListStatus

if TYPE_CHECKING:
    from waypost.accounts.models import Agency, User
    from waypost.people.models import Person


def start_tenancy(
    person: "Person",
    home: Property,
    *,
    agency: "Agency",
    by: "User | None",
    started_on: date | None = None,
    floating_support: bool = False,
    floating_support_agency: "Agency | None" = None,
    notes: str = "",
) -> Tenancy:
    """The person's tenancy of `home` from `started_on` (today by default). The home is no
    longer free to offer, and the person shows as housed on the by-name list."""
    started_on = started_on or timezone.localdate()
    with transaction.atomic():
        home = Property.objects.select_for_update().get(pk=home.pk)
        if home.partnership_id != person.partnership_id:
            raise ValidationError("That home belongs to another partnership.")
        if Tenancy.objects.filter(property=home, ended_on__isnull=True).exists():
            raise ValidationError("Someone already holds a tenancy of that home.")
        tenancy = Tenancy.objects.create(
            person=person,
            partnership_id=person.partnership_id,
            property=home,
            landlord_id=home.landlord_id,
            started_on=started_on,
            floating_support=floating_support,
            floating_support_agency=floating_support_agency,
            notes=notes,
            recorded_by_agency=agency,
            recorded_by=by,
        )
        if home.is_available:
            home.is_available = False
            home.save(update_fields=["is_available"])
        entry = ByNameEntry.objects.select_for_update().filter(person=person).first()
        if entry is not None:
            change_status(entry, ListStatus.HOUSED, agency=agency, by=by)
    return tenancy


def end_tenancy(
    tenancy: Tenancy,
    *,
    ended_on: date,
    reason: str,
    agency: "Agency",
    by: "User | None",
    version: int | None = None,
) -> Tenancy:
    """End the tenancy; an eviction or abandonment puts the person back on the list as at
    risk (outreach confirms whether they are sleeping rough)."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": "Choose why the tenancy ended."})
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
        if version is not None and tenancy.version != version:
            raise ValidationError(
                "Someone else changed this tenancy while you were looking at it. "
                "Check it again before ending it."
            )
        if tenancy.ended_on is not None:
            raise ValidationError("This tenancy has already ended.")
        if ended_on < tenancy.started_on:
            raise ValidationError({"ended_on": "The end date must be on or after the start date."})
        tenancy.ended_on = ended_on
        tenancy.end_reason = reason
        tenancy.version += 1
        tenancy.save(update_fields=["ended_on", "end_reason", "version"])
        if reason in (EndReason.EVICTION, EndReason.ABANDONMENT):
            entry = ByNameEntry.objects.select_for_update().filter(person_id=tenancy.person_id)
            entry = entry.first()
            if entry is not None:
                change_status(entry, ListStatus.AT_RISK, agency=agency, by=by)
    return tenancy
