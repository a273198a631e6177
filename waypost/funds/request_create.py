"""Asking for money for a person, and telling people about decisions (plan P3.9, CP5).

A caseworker asks on the person's behalf, from a fund of the person's partnership; the fund's
budget holders are told that a request is waiting. When a request is approved, refused or
paid, the member of staff who asked is told. Notifications carry no personal data: an amount,
a purpose and a link to the request, whose page applies the access rules
(waypost.funds.request_access). The decisions themselves are waypost.funds.request_actions'.
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from waypost.accounts.models import Membership
from waypost.funds import ledger, request_actions, roles
from waypost.funds.models import (
    PERSON_PURPOSES,
    Fund,
    GrantRequest,
    PersonalBudget,
    Purpose,
    ReconnectionOffer,
    RequestStatus,
)
from waypost.lib.money import pounds
from waypost.notifications.actions import notify
from waypost.people.access import PersonWrite

if TYPE_CHECKING:
    from waypost.accounts.models import User

REASON_LIMIT = 2000
PAY_TO_LIMIT = 200


def request_link(request: GrantRequest) -> str:
    return reverse("funds:request", args=[request.pk])


def what_for(request: GrantRequest) -> str:
    """ "£40 for ID documents": the amount and purpose, and nothing about the person."""
    label = str(Purpose(request.purpose).label)
    if not label[:2].isupper():  # keep "ID documents" as it is
        label = label[0].lower() + label[1:]
    return f"{pounds(request.amount_pence)} for {label}"


def _errors(**messages: str) -> ValidationError:
    return ValidationError({name: [message] for name, message in messages.items()})


@transaction.atomic
def request_money(
    person_write: PersonWrite,
    *,
    fund: Fund,
    purpose: str,
    amount_pence: int,
    reason: str,
    pay_to: str,
    by: "User",
    reconnection: ReconnectionOffer | None = None,
    personal_budget: PersonalBudget | None = None,
) -> GrantRequest:
    """Ask `fund` for money for the person, as `by` acting for `person_write.agency`.

    Refused with ValidationError (keyed by fund, purpose, amount_pence, reason, pay_to,
    reconnection or personal_budget) for a fund of another partnership, grant funding (spent
    on its budget lines, never per person), a purpose not for a person, or more than the fund
    has available (the message says how much it has). PermissionDenied when `by` does not
    hold a requester role at the acting agency. The fund's budget holders are told.
    """
    person = person_write.person
    agency = person_write.agency
    if not (
        Membership.objects.active()
        .filter(user=by, agency=agency, role__in=roles.REQUESTER_ROLES)
        .exists()
    ):
        raise PermissionDenied
    reason = (reason or "").strip()
    pay_to = (pay_to or "").strip()
    errors: dict[str, str] = {}
    if fund.partnership_id != person.partnership_id:
        errors["fund"] = "Choose a fund of the person's partnership"
    elif fund.is_grant:
        errors["fund"] = (
            f"{fund.name} is grant funding, spent on its budget lines: choose another fund"
        )
    if purpose not in PERSON_PURPOSES:
        errors["purpose"] = "Choose what the money is for"
    if not reason:
        errors["reason"] = "Enter why they need the money"
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = f"Use {REASON_LIMIT} characters or fewer"
    if len(pay_to) > PAY_TO_LIMIT:
        errors["pay_to"] = f"Use {PAY_TO_LIMIT} characters or fewer"
    if amount_pence <= 0:
        errors["amount_pence"] = "Enter an amount more than £0"
    if reconnection is not None and reconnection.person_id != person.pk:
        errors["reconnection"] = "Choose one of the person's reconnection offers"
    if personal_budget is not None and (
        personal_budget.person_id != person.pk or personal_budget.fund_id != fund.pk
    ):
        errors["personal_budget"] = "Choose the person's personal budget from this fund"
    if "fund" not in errors and "amount_pence" not in errors:
        free = max(ledger.available(fund), 0)
        if amount_pence > free:
            errors["amount_pence"] = (
                f"{fund.name} has {pounds(free)} available: ask for {pounds(free)} or less, "
                "or choose another fund"
                if free
                else f"{fund.name} has no money available: choose another fund"
            )
        elif personal_budget is not None and "personal_budget" not in errors:
            left = request_actions.personal_budget_left(personal_budget)
            if amount_pence > left:
                errors["amount_pence"] = (
                    f"The personal budget has {pounds(max(left, 0))} left: "
                    f"ask for {pounds(max(left, 0))} or less"
                )
    if errors:
        raise _errors(**errors)
    request = GrantRequest.objects.create(
        fund=fund,
        person=person,
        recorded_by_agency=agency,
        requested_by=by,
        purpose=purpose,
        amount_pence=amount_pence,
        reason=reason,
        pay_to=pay_to,
        reconnection=reconnection,
        personal_budget=personal_budget,
    )
    _tell_holders(
        request,
        title="A request for money is waiting for approval",
        body=f"A request for {what_for(request)} is waiting for approval.",
        leave_out={by.pk},
    )
    return request


def _tell_holders(request: GrantRequest, *, title: str, body: str, leave_out: set[Any]) -> None:
    for holder in request.fund.budget_holders.exclude(pk__in=leave_out).order_by("pk"):
        notify(holder, title=title, body=body, link=request_link(request), email=True)


def _tell_requester(request: GrantRequest, *, by: "User", title: str, body: str) -> None:
    if request.requested_by_id != by.pk:
        notify(request.requested_by, title=title, body=body, link=request_link(request), email=True)


@transaction.atomic
def approve_and_tell(request_id: Any, *, by: "User", version: int | None = None) -> GrantRequest:
    """`request_actions.approve_request`, then: the requester is told when the request is
    approved; when it still needs a second approval, the other budget holders are told."""
    request = request_actions.approve_request(request_id, by=by, version=version)
    if request.status == RequestStatus.APPROVED:
        _tell_requester(
            request,
            by=by,
            title="Your request for money was approved",
            body=f"The request for {what_for(request)} was approved. "
            "A budget holder will record the payment.",
        )
    else:
        _tell_holders(
            request,
            title="A request for money needs a second approval",
            body=f"A request for {what_for(request)} has one approval and needs another.",
            leave_out={by.pk, request.requested_by_id},
        )
    return request


@transaction.atomic
def refuse_and_tell(
    request_id: Any, *, by: "User", reason: str, version: int | None = None
) -> GrantRequest:
    """`request_actions.refuse_request`, refusing without a reason (ValidationError), then
    the requester is told. The reason is on the request page, not in the notification: it is
    free text about the person's circumstances and notifications may go by email."""
    reason = (reason or "").strip()
    if not reason:
        raise _errors(reason="Enter why you are refusing the request")
    if len(reason) > REASON_LIMIT:
        raise _errors(reason=f"Use {REASON_LIMIT} characters or fewer")
    request = request_actions.refuse_request(request_id, by=by, reason=reason, version=version)
    _tell_requester(
        request,
        by=by,
        title="Your request for money was refused",
        body=f"The request for {what_for(request)} was refused. The request page says why.",
    )
    return request


@transaction.atomic
def pay_and_tell(
    request_id: Any, *, by: "User", paid_on: date, version: int | None = None
) -> GrantRequest:
    """`request_actions.pay_request`, then the requester is told."""
    request = request_actions.pay_request(request_id, by=by, paid_on=paid_on, version=version)
    _tell_requester(
        request,
        by=by,
        title="A request for money was paid",
        body=f"The payment of {what_for(request)} was recorded on {paid_on.strftime('%-d %B %Y')}.",
    )
    return request
