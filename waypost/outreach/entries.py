"""Keeping the by-name list up to date as things happen elsewhere: a street contact, a status
change, a new tier. Callers hold the transaction; each function writes one person's entry.

Being seen bedded down is the verified definition of sleeping rough, so a contact like that puts
the person on the list (or back to "sleeping rough") unless they have died.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange

if TYPE_CHECKING:
    from waypost.accounts.models import Agency, User
    from waypost.people.models import Person


def change_status(
    entry: ByNameEntry,
    status: str,
    *,
    agency: "Agency",
    by: "User | None",
    at: datetime | None = None,
) -> ByNameEntry:
    """Move the entry to `status`, keeping the change in its history. No change, no row."""
    if entry.status == status:
        return entry
    at = at or timezone.now()
    StatusChange.objects.create(
        entry=entry,
        person_id=entry.person_id,
        status=status,
        previous_status=entry.status,
        changed_at=at,
        recorded_by_agency=agency,
        recorded_by=by,
    )
    entry.status = status
    entry.status_since = at
    entry.version += 1
    entry.save(update_fields=["status", "status_since", "version"])
    return entry


def put_on_list(
    person: "Person",
    status: str,
    *,
    agency: "Agency",
    by: "User | None",
    at: datetime | None = None,
) -> ByNameEntry:
    """The person's entry, made with `status` if they are not on the list yet."""
    entry = ByNameEntry.objects.select_for_update().filter(person=person).first()
    if entry is not None:
        return entry
    at = at or timezone.now()
    entry = ByNameEntry.objects.create(
        partnership_id=person.partnership_id,
        person=person,
        status=status,
        status_since=at,
        added_at=at,
        added_by_agency=agency,
    )
    StatusChange.objects.create(
        entry=entry,
        person=person,
        status=status,
        changed_at=at,
        recorded_by_agency=agency,
        recorded_by=by,
    )
    return entry


def record_contact_on_list(
    person: "Person",
    *,
    at: datetime,
    bedded_down: bool,
    agency: "Agency",
    by: "User | None",
) -> ByNameEntry:
    """A street contact with `person` at `at`: the list shows it as their last contact, and
    someone seen bedded down is (again) sleeping rough."""
    status = ListStatus.ROUGH_SLEEPING if bedded_down else ListStatus.AT_RISK
    entry = put_on_list(person, status, agency=agency, by=by, at=at)
    if entry.last_contact_at is None or at > entry.last_contact_at:
        entry.last_contact_at = at
        entry.save(update_fields=["last_contact_at"])
    # An older contact (identified later) does not undo a newer status.
    newer = at >= entry.status_since
    if (
        bedded_down
        and newer
        and entry.status not in (ListStatus.ROUGH_SLEEPING, ListStatus.DECEASED)
    ):
        change_status(entry, ListStatus.ROUGH_SLEEPING, agency=agency, by=by, at=at)
    return entry


def set_tier(person: "Person", tier: int | None) -> None:
    """Show the person's current tier on the list (the cases app works it out)."""
    ByNameEntry.objects.filter(person=person).update(tier=tier)
