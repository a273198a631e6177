"""Money for a person: request, approve or refuse, pay (plan P3.9 "distributed in a managed and
appropriate way").

A caseworker asks; a budget holder of the fund decides; the payment is then recorded against
the fund. Above the fund's limit two different budget holders must approve, and nobody
approves their own request. The last approval commits the money: it locks the fund and checks
what is available, so two approvals racing for the same money cannot both succeed
(see waypost.funds.ledger).
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from waypost.funds import ledger
from waypost.funds.models import (
    Approval,
    EntryKind,
    GrantRequest,
    PersonalBudget,
    RequestStatus,
)
from waypost.lib.money import pounds

if TYPE_CHECKING:
    from waypost.accounts.models import User


class RequestChanged(Exception):
    """Someone else changed the request since the page was loaded."""


class NotAllowed(Exception):
    """The user may not make this decision; the message says why."""


def _locked_request(request_id: Any, version: int | None) -> GrantRequest:
    """The request, with its fund locked first and then the request itself: every write
    here and in the ledger locks in that order, so two writers never wait on each other."""
    fund_id = GrantRequest.objects.values_list("fund_id", flat=True).get(pk=request_id)
    fund = ledger.lock_fund(fund_id)
    request = GrantRequest.objects.select_for_update().get(pk=request_id)
    request.fund = fund
    if version is not None and request.version != version:
        raise RequestChanged("Someone else changed this request. Check it again.")
    return request


def _save(request: GrantRequest, *fields: str) -> None:
    request.version = F("version") + 1
    request.save(update_fields=[*fields, "version"])
    request.refresh_from_db(fields=["version"])


def personal_budget_left(budget: PersonalBudget, *, excluding: Any = None) -> int:
    """What is left of a personal budget: its amount less requests approved or paid."""
    used = ledger._sum(
        GrantRequest.objects.filter(
            personal_budget=budget, status__in=[RequestStatus.APPROVED, RequestStatus.PAID]
        ).exclude(pk=excluding)
    )
    return budget.amount_pence - used


def approve_request(request_id: Any, *, by: "User", version: int | None = None) -> GrantRequest:
    """Add `by`'s approval. When it is the last one needed, commit the money.

    Raises NotAllowed (not a budget holder, their own request, approved already, not open),
    RequestChanged, or ledger.NotEnoughMoney (nothing is written then).
    """
    with transaction.atomic():
        request = _locked_request(request_id, version)
        fund = request.fund
        if request.status != RequestStatus.REQUESTED:
            raise NotAllowed(f"This request is {request.get_status_display().lower()} already")
        if not fund.budget_holders.filter(pk=by.pk).exists():
            raise NotAllowed(f"Only a budget holder of {fund.name} can approve requests")
        if request.requested_by_id == by.pk:
            raise NotAllowed("You cannot approve a request you made")
        if request.approvals.filter(approved_by=by).exists():
            raise NotAllowed("You have approved this request already")
        needed = 2 if request.amount_pence > fund.two_approver_limit_pence else 1
        final = request.approvals.count() + 1 >= needed
        if final:
            ledger.require_available(fund, request.amount_pence)
            if request.personal_budget_id is not None:
                left = personal_budget_left(request.personal_budget, excluding=request.pk)
                if request.amount_pence > left:
                    raise ledger.NotEnoughMoney(
                        f"The personal budget has {pounds(max(left, 0))} left, which is less "
                        f"than the {pounds(request.amount_pence)} asked for"
                    )
        Approval.objects.create(request=request, approved_by=by)
        if final:
            request.status = RequestStatus.APPROVED
            request.decided_at = timezone.now()
            _save(request, "status", "decided_at")
        return request


def refuse_request(
    request_id: Any, *, by: "User", reason: str, version: int | None = None
) -> GrantRequest:
    """A budget holder refuses, saying why (the caseworker sees the reason)."""
    with transaction.atomic():
        request = _locked_request(request_id, version)
        if request.status != RequestStatus.REQUESTED:
            raise NotAllowed(f"This request is {request.get_status_display().lower()} already")
        if not request.fund.budget_holders.filter(pk=by.pk).exists():
            raise NotAllowed(f"Only a budget holder of {request.fund.name} can refuse requests")
        request.status = RequestStatus.REFUSED
        request.refused_by = by
        request.refusal_reason = reason.strip()
        request.decided_at = timezone.now()
        _save(request, "status", "refused_by", "refusal_reason", "decided_at")
        return request


def withdraw_request(request_id: Any, *, by: "User", version: int | None = None) -> GrantRequest:
    """The request is no longer needed: open requests only (approved money is released)."""
    with transaction.atomic():
        request = _locked_request(request_id, version)
        if request.status not in (RequestStatus.REQUESTED, RequestStatus.APPROVED):
            raise NotAllowed(f"This request is {request.get_status_display().lower()} already")
        request.status = RequestStatus.WITHDRAWN
        request.decided_at = request.decided_at or timezone.now()
        _save(request, "status", "decided_at")
        return request


def pay_request(
    request_id: Any, *, by: "User", paid_on: date, version: int | None = None
) -> GrantRequest:
    """Record the payment of an approved request: a negative entry in the fund's ledger.

    The money was committed at approval, so the balance covers it; the check is kept anyway
    so that no sequence of writes can take a fund below zero.
    """
    with transaction.atomic():
        request = _locked_request(request_id, version)
        fund = request.fund
        if request.status != RequestStatus.APPROVED:
            raise NotAllowed("Only an approved request can be paid")
        if not fund.budget_holders.filter(pk=by.pk).exists():
            raise NotAllowed(f"Only a budget holder of {fund.name} can record payments")
        if ledger.balance(fund) < request.amount_pence:
            raise ledger.NotEnoughMoney(f"{fund.name} does not hold enough money to pay this")
        ledger.append(
            fund,
            kind=EntryKind.PAYMENT,
            amount_pence=-request.amount_pence,
            occurred_on=paid_on,
            by=by,
            purpose=request.purpose,
            grant_request=request,
            description=f"Payment: {request.get_purpose_display()}",
        )
        request.status = RequestStatus.PAID
        request.paid_at = timezone.now()
        _save(request, "status", "paid_at")
        return request
