"""Writes to contracts, KPIs and quarterly returns (business data, not people's).
django-auditlog records each change (waypost/commissioning/apps.py).

The return's workflow: the provider's staff save it as often as they like, then submit it,
which locks it; the commissioning side (coordinators, partnership admins) accepts it or sends
it back with a reason, which opens it again. Each write carries the version the user's form
showed: when someone else saved meanwhile the write is refused (StaleReturn) and the page
shows the user's own typing again with a message, never silently overwriting.

`by=None` is the system itself (the demo).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.commissioning.contract_access import MANAGE_ROLES
from waypost.commissioning.kpi_sources import SOURCES, compute
from waypost.commissioning.models import (
    Contract,
    Kpi,
    KpiValue,
    QuarterlyReturn,
    ReturnStatus,
    Source,
)
from waypost.lib.quarters import Quarter
from waypost.notifications.actions import notify

STALE = (
    "Someone else changed this return while you were working on it. What you typed is shown "
    "below: check the return as it is now and save your changes again."
)
LOCKED = "This return has been submitted, so it cannot be changed unless it is sent back."
CONTRACT_FIELDS = (
    "provider",
    "name",
    "service_description",
    "starts_on",
    "ends_on",
    "value_pence",
    "manager",
)
KPI_FIELDS = (
    "name",
    "definition",
    "unit",
    "target",
    "direction",
    "tolerance_percent",
    "source",
    "computation",
    "position",
)


class StaleReturn(Exception):
    """The return changed since the user's form was made."""


@dataclass(frozen=True)
class Entry:
    """What the provider typed for one KPI."""

    count: int | None = None
    out_of: int | None = None
    comment: str = ""


def _may_manage(by: User | None, contract: Contract) -> bool:
    if by is None:
        return True
    return (
        Membership.objects.active()
        .filter(user=by, agency__partnership_id=contract.partnership_id, role__in=MANAGE_ROLES)
        .exists()
    )


def _is_provider_staff(by: User | None, contract: Contract) -> bool:
    if by is None:
        return True
    return Membership.objects.active().filter(user=by, agency_id=contract.provider_id).exists()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Contracts and KPIs ------------------------------------------------------------------------
def _check_contract(contract: Contract) -> None:
    if contract.provider.partnership_id != contract.partnership_id:
        raise ValidationError({"provider": "Choose an agency in the contract’s partnership"})
    if contract.ends_on < contract.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    taken = Contract.objects.filter(
        partnership_id=contract.partnership_id, name__iexact=contract.name
    ).exclude(pk=contract.pk)
    if taken.exists():
        raise ValidationError(
            {"name": "The partnership already has a contract with this name: choose another"}
        )


@transaction.atomic
def save_contract(contract: Contract, *, version: int | None, by: User | None) -> Contract:
    """Create or change a contract (the commissioning side only); `version` is the one the
    form showed, None for a new contract."""
    _require(_may_manage(by, contract))
    _check_contract(contract)
    if contract._state.adding:
        contract.version = 1
        contract.save()
        return contract
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.version != version:
        raise ValidationError(
            "Someone else changed this contract while you were editing it. "
            "Check the details below and make your change again."
        )
    contract.version = current.version + 1
    contract.save()
    return contract


@transaction.atomic
def save_kpi(kpi: Kpi, *, by: User | None) -> Kpi:
    """Add or change a KPI on a contract (the commissioning side only). A computed KPI takes
    its unit and definition from the registry (kpi_sources), so they always match what is
    counted."""
    _require(_may_manage(by, kpi.contract))
    if kpi.source == Source.COMPUTED:
        source = SOURCES.get(kpi.computation)
        if source is None:
            raise ValidationError({"computation": "Choose what Waypost should compute"})
        kpi.unit = source.unit
        kpi.definition = kpi.definition or source.definition
    else:
        kpi.computation = ""
    kpi.save()
    return kpi


# --- Returns -----------------------------------------------------------------------------------
def find_return(contract: Contract, quarter: Quarter) -> QuarterlyReturn | None:
    return QuarterlyReturn.objects.filter(
        contract=contract, year=quarter.year, quarter=quarter.number
    ).first()


def _locked_return(contract: Contract, quarter: Quarter, version: int) -> QuarterlyReturn:
    """The return, locked for the rest of the transaction, after checking it is the version
    the user saw (0: they saw none)."""
    found = (
        QuarterlyReturn.objects.select_for_update()
        .filter(contract=contract, year=quarter.year, quarter=quarter.number)
        .first()
    )
    if found is None:
        if version != 0:
            raise StaleReturn
        return QuarterlyReturn.objects.create(
            contract=contract, year=quarter.year, quarter=quarter.number, version=0
        )
    if found.version != version:
        raise StaleReturn
    return found


def _store_values(
    quarterly_return: QuarterlyReturn, quarter: Quarter, entries: dict[Any, Entry]
) -> None:
    contract = quarterly_return.contract
    existing = {v.kpi_id: v for v in quarterly_return.values.all()}
    for kpi in contract.kpis.all():
        entry = entries.get(kpi.pk, Entry())
        if kpi.is_computed:
            count, out_of = compute(kpi.computation, contract, quarter)
        else:
            count, out_of = entry.count, entry.out_of if kpi.is_percent else None
        value = existing.get(kpi.pk) or KpiValue(quarterly_return=quarterly_return, kpi=kpi)
        value.count, value.out_of = count, out_of
        value.comment = entry.comment.strip()
        value.is_computed = kpi.is_computed
        value.save()


@transaction.atomic
def save_return(
    contract: Contract,
    quarter: Quarter,
    *,
    entries: dict[Any, Entry],
    version: int,
    submit: bool,
    by: User | None,
) -> QuarterlyReturn:
    """The provider saves its figures and comments for the quarter, and when `submit`,
    submits them, which locks the return. Computed KPIs are counted afresh from Waypost's data
    each time, so a submitted return holds the figures as they were on submission."""
    _require(_is_provider_staff(by, contract))
    quarterly_return = _locked_return(contract, quarter, version)
    if quarterly_return.is_locked:
        raise ValidationError(LOCKED)
    if submit:
        missing = [
            kpi.name
            for kpi in contract.kpis.all()
            if not kpi.is_computed
            and (
                entries.get(kpi.pk, Entry()).count is None
                or (kpi.is_percent and entries.get(kpi.pk, Entry()).out_of is None)
            )
        ]
        if missing:
            raise ValidationError(
                "Enter a figure for every KPI before you submit: " + ", ".join(missing)
            )
    _store_values(quarterly_return, quarter, entries)
    quarterly_return.version += 1
    quarterly_return.updated_at = timezone.now()
    if submit:
        quarterly_return.status = ReturnStatus.SUBMITTED
        quarterly_return.submitted_at = timezone.now()
        quarterly_return.submitted_by = by
        if contract.manager_id:
            notify(
                contract.manager,
                title=f"Quarterly return submitted: {contract.name}",
                body=f"{contract.provider.name} submitted its return for {quarter.label}.",
                link=reverse("commissioning:return", args=[contract.pk, quarter.slug]),
            )
    quarterly_return.save()
    return quarterly_return


def _decidable(quarterly_return: QuarterlyReturn, version: int) -> QuarterlyReturn:
    current = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    if current.version != version:
        raise StaleReturn
    return current


@transaction.atomic
def accept_return(
    quarterly_return: QuarterlyReturn, *, version: int, by: User | None
) -> QuarterlyReturn:
    """The commissioning side accepts a submitted return: its figures go into the forum
    report."""
    _require(_may_manage(by, quarterly_return.contract))
    current = _decidable(quarterly_return, version)
    if current.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be accepted.")
    current.status = ReturnStatus.ACCEPTED
    current.decided_at = timezone.now()
    current.decided_by = by
    current.sent_back_reason = ""
    current.version += 1
    current.updated_at = timezone.now()
    current.save()
    return current


@transaction.atomic
def send_back_return(
    quarterly_return: QuarterlyReturn, *, reason: str, version: int, by: User | None
) -> QuarterlyReturn:
    """The commissioning side sends a submitted (or accepted) return back to the provider with
    a reason; the provider can change it and submit it again."""
    contract = quarterly_return.contract
    _require(_may_manage(by, contract))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the return is being sent back"})
    current = _decidable(quarterly_return, version)
    if current.status not in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        raise ValidationError("Only a submitted or accepted return can be sent back.")
    current.status = ReturnStatus.SENT_BACK
    current.sent_back_reason = reason
    current.decided_at = timezone.now()
    current.decided_by = by
    current.version += 1
    current.updated_at = timezone.now()
    current.save()
    quarter = Quarter(current.year, current.quarter)
    if current.submitted_by_id and current.submitted_by_id != getattr(by, "pk", None):
        notify(
            current.submitted_by,
            title=f"Quarterly return sent back: {contract.name}",
            body=f"The return for {quarter.label} was sent back. The reason is on the return.",
            link=reverse("commissioning:return", args=[contract.pk, quarter.slug]),
        )
    return current
