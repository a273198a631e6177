"""Writes to the monthly return: a coordinator signs it off (its figures are frozen then, so
what was sent stays what was sent), and each export is recorded."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Partnership, User
from waypost.reporting.indicators import frozen_figures, monthly_indicators
from waypost.reporting.models import MonthlyReturn, ReturnStatus


class AlreadySignedOff(Exception):
    def __init__(self, monthly_return: MonthlyReturn) -> None:
        super().__init__("This return was already signed off.")
        self.monthly_return = monthly_return


class MonthNotOver(Exception):
    """A month cannot be signed off before it has ended."""


@transaction.atomic
def sign_off_return(
    partnership: Partnership,
    month: date,
    *,
    notes: str = "",
    by: User,
    now: datetime | None = None,
) -> MonthlyReturn:
    """Freeze the month's figures as they are now and mark the return signed off by `by`.
    Refused when it was already signed off (`AlreadySignedOff`) or the month is not over."""
    now = now or timezone.now()
    month = month.replace(day=1)
    if timezone.localtime(now).date().replace(day=1) <= month:
        raise MonthNotOver
    MonthlyReturn.objects.get_or_create(partnership=partnership, month=month)
    current = MonthlyReturn.objects.select_for_update().get(partnership=partnership, month=month)
    if current.status == ReturnStatus.SIGNED_OFF:
        raise AlreadySignedOff(current)
    current.figures = frozen_figures(monthly_indicators(partnership, month))
    current.status = ReturnStatus.SIGNED_OFF
    current.notes = notes
    current.signed_off_by = by
    current.signed_off_at = now
    current.version += 1
    current.save()
    return current


@transaction.atomic
def record_return_export(
    monthly_return: MonthlyReturn, *, by: User, now: datetime | None = None
) -> MonthlyReturn:
    """Note when the signed-off return was last exported (`by` is kept for the signature's
    symmetry with the other actions; the access log records who downloaded it)."""
    monthly_return.exported_at = now or timezone.now()
    monthly_return.save(update_fields=["exported_at"])
    return monthly_return
