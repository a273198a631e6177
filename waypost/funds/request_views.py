"""Money for a person: their money page, asking for money, a request's page (approve, refuse,
record the payment, withdraw) and the budget holder's approvals queue.

Each page: access (waypost.funds.request_access, or people.access for a write) → form →
action (request_create, which calls request_actions) → back to the request.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import User
from waypost.accounts.roles import role_required
from waypost.audit.models import Section
from waypost.funds import ledger, request_access, request_create, roles
from waypost.funds.models import (
    EntryKind,
    Fund,
    FundKind,
    PersonalBudget,
    Purpose,
    ReconnectionOffer,
)
from waypost.funds.reconnection_access import person_money_extra
from waypost.funds.request_actions import (
    NotAllowed,
    RequestChanged,
    personal_budget_left,
    withdraw_request,
)
from waypost.funds.request_forms import PayForm, RefuseForm, RequestForm, VersionForm
from waypost.lib.form_errors import show_refusal
from waypost.lib.money import pounds
from waypost.people.section_rows import by_section
from waypost.people.views import follows_merges, name_for_heading, writer_for
from waypost.sharing.policy import FRONTLINE_ROLES

CHANGED = "Someone else changed this request while you were looking at it. Check it again."


def _memberships(request: HttpRequest) -> Any:
    return request.memberships  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@role_required(*FRONTLINE_ROLES)
@follows_merges
def person_money(request: HttpRequest, person_id: UUID) -> HttpResponse:
    read = request_access.read_person_money(
        _user(request), person_id, memberships=_memberships(request), route="funds:person_money"
    )
    return render(
        request,
        "funds/person_money.html",
        {
            "read": read,
            "person": read.person,
            "rows": [{"request": r, "amount": pounds(r.amount_pence)} for r in read.requests],
            "paid": [{"label": t.label, "amount": pounds(t.paid_pence)} for t in read.paid],
            "paid_total": pounds(read.paid_total),
            "extra": person_money_extra(
                _user(request),
                read.person,
                read.access,
                _memberships(request),
                route="funds:person_money",
            ),
        },
    )


def _linked(request: HttpRequest, write: Any) -> tuple[Any, Any]:
    """The reconnection offer or personal budget the request is for (`?reconnection=` or
    `?budget=`, kept on POST), when it is the person's and the policy lets the user see it."""
    source = request.POST if request.method == "POST" else request.GET
    visible = by_section(write.access, Section.SUPPORT)

    def find(model: Any, key: str) -> Any:
        try:
            pk = UUID(source.get(key, ""))
        except ValueError:
            return None
        return model.objects.filter(visible, pk=pk, person=write.person).first()

    return find(ReconnectionOffer, "reconnection"), find(PersonalBudget, "budget")


@role_required(*roles.REQUESTER_ROLES)
@follows_merges
def request_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SUPPORT)
    person = write.person
    funds = list(
        Fund.objects.filter(partnership_id=person.partnership_id)
        .exclude(kind=FundKind.GRANT)
        .order_by("name")
    )
    positions = ledger.positions([f.pk for f in funds])
    offer, budget = _linked(request, write)
    initial: dict[str, Any] = {}
    if budget is not None:
        initial["fund"] = str(budget.fund_id)
    elif offer is not None:
        initial["purpose"] = Purpose.RECONNECTION
        if offer.fund_id:
            initial["fund"] = str(offer.fund_id)
    form = RequestForm(_posted(request), funds=funds, positions=positions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = request_create.request_money(
                write,
                fund=data["fund"],
                purpose=data["purpose"],
                amount_pence=data["amount"],
                reason=data["reason"],
                pay_to=data["pay_to"],
                by=_user(request),
                reconnection=offer,
                personal_budget=budget,
            )
        except ValidationError as error:
            show_refusal(form, error, {"amount_pence": "amount"})
        else:
            messages.success(request, "Request sent. The fund's budget holders have been told.")
            return redirect("funds:request", request_id=made.pk)
    return render(
        request,
        "funds/request_new.html",
        {
            "form": form,
            "person": person,
            "name": name_for_heading(request, write),
            "has_funds": bool(funds),
            "offer": offer,
            "budget": budget,
            "budget_left": pounds(max(personal_budget_left(budget), 0)) if budget else "",
        },
    )


def _decide(request: HttpRequest, read: request_access.RequestRead) -> Any:
    """Carry out the button pressed. Returns a redirect when done, else the bound forms and
    the problem to show (nothing the user typed is lost)."""
    user = _user(request)
    action = request.POST.get("action", "")
    grant = read.request
    refuse = RefuseForm(request.POST if action == "refuse" else None, prefix="refuse")
    pay = PayForm(request.POST if action == "pay" else None, prefix="pay")
    plain = VersionForm(request.POST if action in ("approve", "withdraw") else None)
    forms = {"refuse": refuse, "pay": pay, "plain": plain}
    form = {"refuse": refuse, "pay": pay}.get(action, plain)
    allowed = {
        "approve": read.can_approve,
        "refuse": read.can_refuse,
        "pay": read.can_pay,
        "withdraw": read.can_withdraw,
    }
    if not allowed.get(action):
        plain.is_valid()
        plain.add_error(None, "You cannot do that to this request now. Check it again.")
        return forms, plain
    if not form.is_valid():
        return forms, form
    version = form.cleaned_data.get("version")
    try:
        if action == "approve":
            done = request_create.approve_and_tell(grant.pk, by=user, version=version)
            message = (
                "Request approved. The money is set aside until the payment is recorded."
                if done.status == "approved"
                else "Your approval is recorded. A second budget holder must approve it too."
            )
        elif action == "refuse":
            request_create.refuse_and_tell(
                grant.pk, by=user, reason=refuse.cleaned_data["refusal_reason"], version=version
            )
            message = "Request refused. The person who asked has been told."
        elif action == "pay":
            request_create.pay_and_tell(
                grant.pk, by=user, paid_on=pay.cleaned_data["paid_on"], version=version
            )
            message = "Payment recorded."
        else:
            withdraw_request(grant.pk, by=user, version=version)
            message = "Request withdrawn."
    except ValidationError as error:
        show_refusal(form, error, {"reason": "refusal_reason"})
        return forms, form
    except RequestChanged:
        form.add_error(None, CHANGED)
        return forms, form
    except (NotAllowed, ledger.NotEnoughMoney) as error:
        form.add_error(None, str(error))
        return forms, form
    messages.success(request, message)
    return redirect("funds:request", request_id=grant.pk), None


@login_required
def request_detail(request: HttpRequest, request_id: UUID) -> HttpResponse:
    read = request_access.get_request_for_user(
        _user(request), request_id, memberships=_memberships(request), route="funds:request"
    )
    problem = None
    if request.method == "POST":
        outcome, problem = _decide(request, read)
        if problem is None:
            return outcome  # type: ignore[no-any-return]
        forms = outcome
    else:
        version = {"version": read.request.version}
        forms = {
            "refuse": RefuseForm(prefix="refuse", initial=version),
            "pay": PayForm(prefix="pay", initial={**version, "paid_on": timezone.localdate()}),
            "plain": VersionForm(initial=version),
        }
    return render(
        request,
        "funds/request_detail.html",
        {
            "read": read,
            "grant": read.request,
            "person": read.person,
            "what_for": request_create.what_for(read.request),
            "amount": pounds(read.request.amount_pence),
            "limit": pounds(read.request.fund.two_approver_limit_pence),
            "refuse_form": forms["refuse"],
            "pay_form": forms["pay"],
            "plain_form": forms["plain"],
            "problem": problem,
            "version": read.request.version,
            "paid_on": _paid_on(read.request),
        },
    )


def _paid_on(grant: Any) -> Any:
    """The payment's date in the ledger (it may be earlier than the day it was recorded)."""
    if grant.paid_at is None:
        return None
    return (
        grant.entries.filter(kind=EntryKind.PAYMENT, reversed_by__isnull=True)
        .order_by("-recorded_at")
        .values_list("occurred_on", flat=True)
        .first()
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    user, memberships = _user(request), _memberships(request)
    queue = request_access.approvals_queue(user, memberships)
    page = Paginator(queue, request_access.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.amount_text = pounds(row.amount_pence)  # type: ignore[attr-defined]
    request_access.record_queue_shown(user, rows, memberships, route="funds:approvals")
    return render(
        request,
        "funds/approvals.html",
        {
            "page_obj": page,
            "rows": rows,
            "holds_funds": bool(rows) or bool(request_access.held_fund_ids(user, memberships)),
        },
    )
