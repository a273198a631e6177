"""Reconnection and personal budget pages (plan CP5): offer a reconnection, its page with the
outcome and follow-up forms, the follow-ups due, agree a personal budget and its page, and the
reconnection outcomes report for fund managers. Thin views: access → form → action →
redirect. Who may see what is in waypost.funds.reconnection_access."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.funds import reconnection_actions as actions
from waypost.funds.models import Fund, FundKind, OfferStatus
from waypost.funds.reconnection_access import (
    REPORT_COLUMNS,
    SECTION,
    SUPPORT_ROLES,
    budget_positions,
    current_financial_year,
    follow_up_agencies,
    follow_ups_due,
    get_budget_for_user,
    get_offer_for_user,
    reconnection_report,
    record_follow_ups_shown,
    record_shown,
    visible_requests,
)
from waypost.funds.reconnection_forms import BudgetForm, FollowUpForm, OfferForm, OutcomeForm
from waypost.funds.roles import FUND_MANAGER_ROLES, managed_partnership_ids
from waypost.lib.form_errors import show_refusal
from waypost.lib.money import pounds
from waypost.people.access import get_person_for_section_write, name_for_write
from waypost.people.views import follows_merges

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return request.memberships  # type: ignore[attr-defined,no-any-return]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


# --- Reconnection offers -------------------------------------------------------------------------
@role_required(*SUPPORT_ROLES)
@follows_merges
def reconnection_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Record an offer of reconnection for the person."""
    memberships = _memberships(request)
    write = get_person_for_section_write(_user(request), person_id, SECTION, memberships)
    person = write.person
    form = OfferForm(request.POST or None, partnership_id=person.partnership_id)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            offer = actions.offer_reconnection(
                write,
                destination=data["destination"],
                connection=data["connection"],
                details=data["details"],
                offered_on=data["offered_on"],
                fund=data.get("fund"),
                by=_user(request),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Reconnection offer recorded.")
            return redirect("funds:reconnection", offer_id=offer.pk)
    return render(
        request,
        "funds/reconnection_new.html",
        {
            "form": form,
            "person": person,
            "name": name_for_write(_user(request), write, route=_route(request)),
            "agency": write.agency,
        },
    )


@role_required(*SUPPORT_ROLES)
@follows_merges
def reconnection(request: HttpRequest, offer_id: UUID) -> HttpResponse:
    """One offer: what was offered, what happened, the follow-up, and the money asked for."""
    user, memberships = _user(request), _memberships(request)
    is_post = request.method == "POST"
    read = get_offer_for_user(user, offer_id, memberships, write=is_post, route=_route(request))
    offer = read.record
    which = request.POST.get("form") if is_post else None
    outcome_form = OutcomeForm(
        request.POST if which == "outcome" else None,
        prefix="outcome",
        initial={
            "version": offer.version,
            "status": offer.status if offer.status != OfferStatus.OFFERED else None,
            "travelled_on": offer.travelled_on,
        },
    )
    follow_up_form = FollowUpForm(
        request.POST if which == "follow_up" else None,
        prefix="follow",
        initial={"version": offer.version},
    )
    if which == "outcome" and outcome_form.is_valid():
        data = outcome_form.cleaned_data
        try:
            actions.record_outcome(
                offer.pk,
                status=data["status"],
                travelled_on=data.get("travelled_on"),
                version=data["version"],
                by=user,
            )
        except ValidationError as error:
            show_refusal(outcome_form, error)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect("funds:reconnection", offer_id=offer.pk)
    elif which == "follow_up" and follow_up_form.is_valid():
        data = follow_up_form.cleaned_data
        try:
            actions.record_follow_up(
                offer.pk,
                outcome=data["outcome"],
                followed_up_on=data["followed_up_on"],
                notes=data["notes"],
                version=data["version"],
                by=user,
            )
        except ValidationError as error:
            show_refusal(follow_up_form, error)
        else:
            messages.success(request, "Follow-up recorded.")
            return redirect("funds:reconnection", offer_id=offer.pk)
    requests = visible_requests(read, reconnection=offer)
    record_shown(
        user, requests, subject_type="grant_request", agency=read.agency, route=_route(request)
    )
    return render(
        request,
        "funds/reconnection_detail.html",
        {
            "read": read,
            "offer": offer,
            "person": read.person,
            "name": read.person.display_name if read.shows_name else "",
            "outcome_form": outcome_form,
            "follow_up_form": follow_up_form,
            "may_record_outcome": read.may_write and not offer.follow_up,
            "may_follow_up": read.may_write and offer.status == OfferStatus.TRAVELLED,
            "requests": [(r, pounds(r.amount_pence)) for r in requests],
            "today": timezone.localdate(),
        },
    )


@role_required(*SUPPORT_ROLES)
def follow_ups(request: HttpRequest) -> HttpResponse:
    """Reconnections made by the user's agencies that are waiting for a follow-up."""
    user, memberships = _user(request), _memberships(request)
    page = Paginator(follow_ups_due(user, memberships), PER_PAGE).get_page(request.GET.get("page"))
    offers = list(page.object_list)
    record_follow_ups_shown(user, offers, memberships, _route(request))
    return render(
        request,
        "funds/follow_ups.html",
        {
            "page_obj": page,
            "offers": offers,
            "agencies": follow_up_agencies(memberships),
            "today": timezone.localdate(),
        },
    )


# --- Personal budgets ----------------------------------------------------------------------------
@role_required(*SUPPORT_ROLES)
@follows_merges
def budget_new(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Agree a personal budget for the person from a personal budgets fund."""
    memberships = _memberships(request)
    write = get_person_for_section_write(_user(request), person_id, SECTION, memberships)
    person = write.person
    funds = Fund.objects.filter(
        partnership_id=person.partnership_id, kind=FundKind.PERSONAL_BUDGETS
    )
    free = {fund.pk: actions.unallocated(fund) for fund in funds}
    form = BudgetForm(request.POST or None, partnership_id=person.partnership_id, unallocated=free)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            budget = actions.agree_personal_budget(
                write,
                fund=data["fund"],
                amount_pence=data["amount"],
                agreed_on=data["agreed_on"],
                ends_on=data["ends_on"],
                notes=data["notes"],
                by=_user(request),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Personal budget of {pounds(budget.amount_pence)} agreed.")
            return redirect("funds:budget", budget_id=budget.pk)
    return render(
        request,
        "funds/budget_new.html",
        {
            "form": form,
            "person": person,
            "name": name_for_write(_user(request), write, route=_route(request)),
            "agency": write.agency,
            "has_funds": bool(free),
        },
    )


@role_required(*SUPPORT_ROLES)
@follows_merges
def budget(request: HttpRequest, budget_id: UUID) -> HttpResponse:
    """One personal budget: amount, spent, committed, left, and the requests against it."""
    user = _user(request)
    read = get_budget_for_user(user, budget_id, _memberships(request), route=_route(request))
    position = budget_positions([read.record])[read.record.pk]
    requests = visible_requests(read, personal_budget=read.record)
    record_shown(
        user, requests, subject_type="grant_request", agency=read.agency, route=_route(request)
    )
    return render(
        request,
        "funds/budget_detail.html",
        {
            "read": read,
            "budget": read.record,
            "person": read.person,
            "name": read.person.display_name if read.shows_name else "",
            "position": position,
            "figures": {
                "amount": pounds(position.amount),
                "spent": pounds(position.spent),
                "committed": pounds(position.committed),
                "left": pounds(position.left),
            },
            "requests": [(r, pounds(r.amount_pence)) for r in requests],
            "has_ended": read.record.ends_on is not None
            and read.record.ends_on < timezone.localdate(),
        },
    )


# --- The outcomes report -------------------------------------------------------------------------
@role_required(*FUND_MANAGER_ROLES)
def reconnection_report_page(request: HttpRequest) -> HttpResponse:
    """Reconnection outcomes per quarter of a financial year: aggregates only."""
    current = current_financial_year()
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    if not 2000 <= year <= current:
        year = current
    rows = reconnection_report(managed_partnership_ids(_memberships(request)), year)
    return render(
        request,
        "funds/reconnection_report.html",
        {
            "rows": [(row, [c.text for c in row.cells], pounds(row.spend_pence)) for row in rows],
            "columns": [label for _, label in REPORT_COLUMNS],
            "year": year,
            "year_label": f"{year}/{str(year + 1)[-2:]}",
            "years": [
                (y, f"{y}/{str(y + 1)[-2:]}") for y in range(current, max(current - 5, 1999), -1)
            ],
        },
    )
