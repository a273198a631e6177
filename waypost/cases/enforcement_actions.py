"""Recording enforcement under the charter of care (plans P2.7, CP2).

The charter (waypost.cases.charter) says support comes first: enforcement against someone on
the by-name list is recorded only once support offers are on record, or when a rough sleeper
coordinator overrides with a reason. Either way the support on record at that moment is kept
with the record, so a later review sees what the decision was made on.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.cases.charter import charter_for
from waypost.cases.enforcement_access import is_coordinator_in
from waypost.cases.models import EnforcementAction, EnforcementKind
from waypost.outreach.models import CLOSED_STATUSES, ByNameEntry
from waypost.people.models import Person

NOT_ON_LIST = "Enforcement is recorded here only for people on the by-name list"


class CharterNotMet(Exception):
    """Support offers are not on record; `missing` names what is missing, for the user."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("charter of care not met")
        self.missing = missing


@transaction.atomic
def record_enforcement(
    person: Person,
    *,
    kind: str,
    taken_on: date,
    details: str,
    agency: Agency,
    by: User,
    override_reason: str = "",
) -> EnforcementAction:
    """Record an enforcement action against someone on the by-name list.

    The caller has checked that `by` may record enforcement for `agency` and knows of the
    person (waypost.cases.enforcement_access). Raises ValidationError when the person is not
    (or no longer) on the list or the date is in the future; CharterNotMet when support offers
    are not on record on `taken_on` and there is no override; PermissionDenied when someone
    other than a coordinator of the person's partnership overrides. An override given when
    the charter is met is not kept: there was nothing to override.
    """
    if kind not in EnforcementKind.values:
        raise ValidationError({"kind": "Choose the kind of enforcement"})
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "The date of the enforcement must be today or earlier"})
    if agency.partnership_id != person.partnership_id:
        raise PermissionDenied
    entry = ByNameEntry.objects.filter(person=person).first()
    if entry is None or entry.status in CLOSED_STATUSES:
        raise ValidationError(NOT_ON_LIST)
    charter = charter_for(person, on=taken_on)
    override_reason = override_reason.strip()
    if charter.is_met:
        override_reason = ""
    elif not override_reason:
        raise CharterNotMet(charter.missing)
    elif not is_coordinator_in(by, person.partnership_id):
        raise PermissionDenied
    action = EnforcementAction.objects.create(
        person=person,
        recorded_by_agency=agency,
        recorded_by=by,
        kind=kind,
        taken_on=taken_on,
        details=details,
        support_on_record=charter.snapshot(),
        override_reason=override_reason,
        overridden_by=by if override_reason else None,
    )
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    return action
