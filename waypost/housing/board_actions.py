"""Updating the vacancy board: a provider's staff say which of a scheme's beds are free.

A save records when and by whom the board was last checked even when nothing changed (a
"nothing has changed" save tells everyone the board is current at 9pm). Only units whose
status changes get a new `status_changed_at`. The scheme's version guards the save, so two
people updating the same scheme cannot overwrite each other unseen.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import User
from waypost.housing.board_access import placed_counts
from waypost.housing.models import Scheme, Unit, UnitStatus
from waypost.housing.register_access import user_may_update_vacancies
from waypost.housing.register_actions import OCCUPIED, StaleScheme

STALE_VACANCIES = (
    "Someone else updated this scheme while you were looking at it. The statuses below are "
    "what you chose; check them against the board and save again."
)
UNIT_GONE = "A room or bed on this page is no longer in use: reload the page and try again"
CHOOSE_STATUS = "Choose whether {label} is free, occupied, held or out of use"


@transaction.atomic
def update_vacancies(
    scheme: Scheme, statuses: dict[Any, str], *, version: int, by: User | None
) -> Scheme:
    """Set the status of the scheme's units (`statuses`: unit id -> UnitStatus) and record
    that the board was checked now by `by`, even when nothing changed.

    Refused with StaleScheme when the scheme changed since `version` was read; PermissionDenied
    when `by` is not staff of the scheme's provider; ValidationError (keyed by unit id, each
    message naming the unit) when a status is not one of UnitStatus, when a unit is not one of
    the scheme's units in use, or when a unit with someone placed in it would be set out of use,
    or free while it is full. Placements are ended on their own page, which frees the unit.
    """
    current = (
        Scheme.objects.select_for_update(of=("self",)).select_related("provider").get(pk=scheme.pk)
    )
    if by is not None and not user_may_update_vacancies(by, current):
        raise PermissionDenied
    if current.version != version:
        raise StaleScheme
    units = {
        str(u.pk): u
        for u in Unit.objects.select_for_update().filter(scheme=current, is_active=True)
    }
    wanted = {str(unit_id): status for unit_id, status in statuses.items()}
    if set(wanted) - set(units):
        raise ValidationError(UNIT_GONE)
    placed = placed_counts([u.pk for u in units.values()])
    errors: dict[str, str] = {}
    changed: list[Unit] = []
    for key, status in wanted.items():
        unit = units[key]
        if status not in UnitStatus.values:
            errors[key] = CHOOSE_STATUS.format(label=unit.label)
            continue
        if status == unit.status:
            continue
        people = placed.get(unit.pk, 0)
        if (status == UnitStatus.OUT_OF_USE and people) or (
            status == UnitStatus.FREE and people >= unit.sleeps
        ):
            errors[key] = OCCUPIED.format(label=unit.label)
            continue
        unit.status = status
        changed.append(unit)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for unit in changed:
        unit.status_changed_at = now
        unit.save(update_fields=["status", "status_changed_at"])
    current.vacancies_updated_at = now
    current.vacancies_updated_by = by
    current.version += 1
    current.save(update_fields=["vacancies_updated_at", "vacancies_updated_by", "version"])
    return current
