"""Changes to the by-name list made by staff: a person's status, putting someone on the list,
and the partnership's "no contact" setting. Each is one transaction; the change log
(django-auditlog, registered in apps.py) records the entry and setting saves, and each status
change is kept in the entry's history (StatusChange).
"""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Partnership, User
from waypost.outreach.entries import change_status, put_on_list
from waypost.outreach.models import ByNameEntry, OutreachSettings
from waypost.people.models import Person


class StaleEntry(Exception):
    """Someone else changed the entry since the user loaded the form."""


class AlreadyOnList(Exception):
    """The person was put on the list meanwhile (by someone else, or a street contact)."""


def moment_on(day: date, *, not_before: datetime | None = None) -> datetime:
    """When a change typed as a date happened: now for today, midday (London) for an earlier
    day; never before `not_before` (the current status's time), so the history stays in order."""
    now = timezone.now()
    if day >= timezone.localdate(now):
        moment = now
    else:
        moment = timezone.make_aware(datetime.combine(day, time(12)))
    if not_before is not None and moment <= not_before:
        moment = not_before + timedelta(seconds=1)
    return moment


@transaction.atomic
def change_list_status(
    person: Person, *, status: str, changed_on: date, version: int, agency: Agency, by: User
) -> ByNameEntry:
    """Move the person's entry to `status` as of `changed_on`, keeping the history.

    Raises ByNameEntry.DoesNotExist when they are not on the list, and StaleEntry when the
    entry changed since the user saw version `version` (nothing is saved).
    """
    entry = ByNameEntry.objects.select_for_update().get(person=person)
    if entry.version != version:
        raise StaleEntry
    return change_status(
        entry,
        status,
        agency=agency,
        by=by,
        at=moment_on(changed_on, not_before=entry.status_since),
    )


@transaction.atomic
def add_to_list(
    person: Person, *, status: str, since: date, agency: Agency, by: User
) -> ByNameEntry:
    """Put the person on their partnership's list with `status` since `since`, for `agency`.

    Raises AlreadyOnList when they are on it already (nothing is changed).
    """
    if ByNameEntry.objects.select_for_update().filter(person=person).exists():
        raise AlreadyOnList
    try:
        with transaction.atomic():
            return put_on_list(person, status, agency=agency, by=by, at=moment_on(since))
    except IntegrityError:  # put on the list at the same moment by someone else
        raise AlreadyOnList from None


@transaction.atomic
def set_no_contact_days(partnership: Partnership, days: int, *, by: User) -> OutreachSettings:
    """Set after how many days without contact someone shows as "no contact". `by` is
    recorded by the change log's request actor."""
    settings, _ = OutreachSettings.objects.select_for_update().get_or_create(
        partnership=partnership
    )
    if settings.no_contact_days != days:
        settings.no_contact_days = days
        settings.save(update_fields=["no_contact_days"])
    return settings
